import { type ASTVisitor, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Caps how many times one operation may resolve an expensive field (e.g. `series`, which runs range
 * queries against Prometheus). Fragments are expanded where they are spread, so reusing a fragment
 * does not slip past the cap.
 */
export function expensiveFieldLimitRule(
  field: string,
  max: number,
): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d.selectionSet]),
    );
    const count = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number => {
      if (!set) return 0;
      let n = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          n += (selection.name.value === field ? 1 : 0) + count(selection.selectionSet, seen);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          n += count(selection.selectionSet, seen);
        } else if (!seen.has(selection.name.value)) {
          n += count(fragments.get(selection.name.value), new Set([...seen, selection.name.value]));
        }
        if (n > max) return n; // enough to decide; stops fragment fan-out early
      }
      return n;
    };
    return {
      OperationDefinition(node) {
        if (count(node.selectionSet, new Set()) > max) {
          context.reportError(
            new GraphQLError(`at most ${max} "${field}" selections per request`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_EXPENSIVE' },
            }),
          );
        }
      },
    };
  };
}
