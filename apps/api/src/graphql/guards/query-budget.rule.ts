import { type ArgumentNode, type ASTVisitor, GraphQLError, Kind, type ValidationContext } from 'graphql';
import { ERROR_CODES } from './error-codes.ts';
import {
  DEFAULT_LIST_SIZE,
  FIRST_BOUNDED_LISTS,
  INTROSPECTION_FIELDS,
  IO_FIELDS,
  LIST_SIZES,
  type QueryLimits,
} from './query-limits.ts';
import { QueryMeter } from './query-measure.ts';

/**
 * One validation rule for depth, aliases, response size and I/O, measured in one linear walk
 * (see QueryMeter). `clusterCount` sizes `Fleet.clusters` from what is watched now, so the cost of a
 * fleet-wide selection grows with the fleet.
 *
 * Why not graphql-query-complexity or graphql-armor: measured on the doubling-fragment document of
 * issue 11, graphql-query-complexity 2.0.0 re-walks each spread until its node cap and then throws an
 * error without `extensions.code` out of validate(); graphql-armor's max-depth 2.4.2 also throws, and
 * counts fragment spreads as depth. Neither multiplies by our list sizes without an estimator of our
 * own. This rule reports (never throws) with the documented codes.
 *
 * Apollo caches documents that passed validation, so a document is sized by the fleet of the first
 * time it was seen; the other limits do not depend on the fleet.
 */
export function queryBudgetRule(
  limits: QueryLimits,
  clusterCount: () => number,
  ioFields: ReadonlySet<string> = IO_FIELDS,
): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    let meter: QueryMeter | undefined;
    return {
      OperationDefinition(node) {
        meter ??= new QueryMeter(context.getSchema(), context.getDocument(), {
          listSize: (parent, field, args) =>
            parent === 'Fleet' && field === 'clusters'
              ? Math.max(1, clusterCount())
              : listSize(`${parent}.${field}`, args),
          ioFields,
          introspectionFields: INTROSPECTION_FIELDS,
        });
        const measure = meter.operation(node);
        const report = (message: string, code: string) =>
          context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code } }));
        if (measure.depth > limits.maxDepth) {
          report(
            `query depth ${measure.depth} exceeds the limit of ${limits.maxDepth}`,
            ERROR_CODES.QUERY_TOO_DEEP,
          );
        }
        if (measure.aliases > limits.maxAliases) {
          report(
            `${measure.aliases} aliased fields exceed the limit of ${limits.maxAliases}`,
            ERROR_CODES.QUERY_TOO_EXPENSIVE,
          );
        }
        if (measure.fields > limits.maxFields) {
          report(
            `the query would resolve about ${formatCount(measure.fields)} fields (lists counted at their size), over the limit of ${limits.maxFields}`,
            ERROR_CODES.QUERY_TOO_EXPENSIVE,
          );
        }
        if (node.operation === 'subscription' && measure.io > 0) {
          report(
            'history (series) is not served in subscriptions: every push would repeat its range queries; query clusterSeries instead',
            ERROR_CODES.QUERY_TOO_EXPENSIVE,
          );
        } else if (measure.io > limits.maxIo) {
          report(
            `the query would run ${formatCount(measure.io)} history (series) lookups (lists counted at their size), over the limit of ${limits.maxIo}`,
            ERROR_CODES.QUERY_TOO_EXPENSIVE,
          );
        }
      },
    };
  };
}

/** The expected size of a list field: its `first` when it has one (see FIRST_BOUNDED_LISTS), else a table. */
function listSize(coordinate: string, args: readonly ArgumentNode[]): number {
  const bounded = FIRST_BOUNDED_LISTS[coordinate];
  if (!bounded) return LIST_SIZES[coordinate] ?? DEFAULT_LIST_SIZE;
  const first = args.find((a) => a.name.value === 'first')?.value;
  if (first === undefined) return bounded.default;
  if (first.kind !== Kind.INT) return bounded.max;
  return Math.max(1, Math.min(bounded.max, Number(first.value)));
}

function formatCount(n: number): string {
  return n < 1e9 ? String(Math.round(n)) : n.toExponential(1);
}
