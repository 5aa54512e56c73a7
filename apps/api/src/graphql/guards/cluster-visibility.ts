import {
  GraphQLError,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Viewer } from '../../auth/authenticator.ts';
import { MAX_FINDINGS_FIRST } from '../findings/dto/findings.args.ts';
import type { FindingsChange } from '../findings/models/finding.model.ts';
import type { Fleet } from '../fleet/models/cluster.model.ts';
import { visibleFleet } from '../fleet/visible-fleet.ts';
import { ERROR_CODES } from './error-codes.ts';

type Field = Pick<GraphQLFieldConfig<unknown, unknown>, 'resolve' | 'subscribe'>;
type Args = Record<string, unknown>;

/** The clusters the operation's viewer may see; null: every cluster (any mode but a restricted RBAC user). */
export function visibleClustersOf(context: unknown): ReadonlySet<string> | null {
  return (context as { viewer?: Viewer } | undefined)?.viewer?.clusters ?? null;
}

const notWatched = (cluster: string): GraphQLError =>
  // The same answer as for a cluster that is not watched: a hidden cluster's existence is not told.
  new GraphQLError(`cluster "${cluster}" is not watched`, { extensions: { code: ERROR_CODES.NOT_FOUND } });

const needsEveryCluster = (field: string): GraphQLError =>
  new GraphQLError(
    `${field} over the whole fleet needs access to every cluster; name a cluster you may see`,
    { extensions: { code: ERROR_CODES.FORBIDDEN } },
  );

/**
 * How each root field (and the one fleet field that reads beyond its parent) honours a viewer's
 * visible clusters. Everything under a Cluster reads its parent, so filtering the roots filters all.
 * A root field missing here is refused to restricted viewers (fail closed): add it when adding a root.
 */
interface Rule {
  /** The argument naming a cluster; a hidden one answers as an unwatched one. */
  clusterArg?: string;
  /** What a hidden cluster argument yields: null (queries whose answer is nullable), or NOT_FOUND. */
  hidden?: 'null' | 'not-found';
  /** When the cluster argument is absent (fleet-wide): refuse unless every cluster is visible. */
  fleetWideNeedsAll?: boolean;
  /** Restricts the resolved value. */
  restrict?: (value: unknown, visible: ReadonlySet<string>, args: Args) => unknown;
}

export const VISIBILITY_RULES: Record<'Query' | 'Subscription' | 'Fleet', Record<string, Rule>> = {
  Query: {
    fleet: { restrict: (v, visible) => visibleFleet(v as Fleet, visible) },
    cluster: { clusterArg: 'name', hidden: 'null' },
    clusterSeries: { clusterArg: 'cluster', hidden: 'null' },
    gpuUsageHistory: { clusterArg: 'cluster', hidden: 'not-found', fleetWideNeedsAll: true },
  },
  Subscription: {
    fleetChanged: { restrict: (v, visible) => visibleFleet(v as Fleet, visible) },
    clusterChanged: { clusterArg: 'name', hidden: 'not-found' },
    findingsChanged: {
      clusterArg: 'cluster',
      hidden: 'not-found',
      // The diff is per finding, so the visible part of a diff is the diff of the visible findings.
      restrict: (v, visible) => {
        const change = v as FindingsChange;
        const keep = (list: FindingsChange['opened']) => list.filter((f) => visible.has(f.cluster));
        return {
          ...change,
          opened: keep(change.opened),
          changed: keep(change.changed),
          resolved: keep(change.resolved),
        };
      },
    },
  },
  Fleet: {
    // Parent-derived (clusters, findings, gpu, the verdicts) is already restricted by the root rule;
    // resolvedFindings reads the history of every cluster.
    resolvedFindings: {},
  },
};

/**
 * Per-cluster visibility (Kubernetes RBAC mode) applied at one choke point: the root fields' resolvers
 * (and subscribe functions) are wrapped once when the schema is built, for HTTP and the websocket
 * alike. Viewers who see every cluster (every other mode) go straight to the original resolver.
 */
export function restrictToVisibleClusters(schema: GraphQLSchema): GraphQLSchema {
  wrapType(schema.getQueryType(), VISIBILITY_RULES.Query, true);
  wrapType(schema.getSubscriptionType(), VISIBILITY_RULES.Subscription, true);
  const fleet = schema.getType('Fleet') as GraphQLObjectType | undefined;
  const resolved = fleet?.getFields().resolvedFindings;
  if (resolved) resolved.resolve = restrictResolvedFindings(resolved.resolve);
  return schema;
}

function wrapType(
  type: GraphQLObjectType | null | undefined,
  rules: Record<string, Rule>,
  root: boolean,
): void {
  if (!type) return;
  for (const [name, field] of Object.entries(type.getFields()) as [string, Field][]) {
    const rule = rules[name];
    if (!rule) {
      if (root) refuseWhenRestricted(type.name, name, field);
      continue;
    }
    const check = (args: Args, visible: ReadonlySet<string>): 'hidden' | null => {
      const cluster = rule.clusterArg ? args[rule.clusterArg] : undefined;
      if (typeof cluster === 'string') {
        if (visible.has(cluster)) return null;
        if (rule.hidden === 'null') return 'hidden';
        throw notWatched(cluster);
      }
      if (rule.fleetWideNeedsAll) throw needsEveryCluster(`${type.name}.${name}`);
      return null;
    };
    if (field.subscribe) {
      const subscribe = field.subscribe;
      field.subscribe = (source, args, context, info) => {
        const visible = visibleClustersOf(context);
        if (visible) check(args as Args, visible);
        return subscribe(source, args, context, info);
      };
    }
    const resolve = field.resolve;
    field.resolve = (source, args, context, info) => {
      const visible = visibleClustersOf(context);
      const original = resolve ?? ((s: unknown) => (s as Args | undefined)?.[name]);
      if (!visible) return original(source, args, context, info);
      // A subscription's arguments were checked when it was opened.
      if (!field.subscribe && check(args as Args, visible) === 'hidden') return null;
      const value = original(source, args, context, info);
      if (!rule.restrict) return value;
      const restrict = rule.restrict;
      return value instanceof Promise
        ? value.then((v) => (v === null ? v : restrict(v, visible, args as Args)))
        : value === null || value === undefined
          ? value
          : restrict(value, visible, args as Args);
    };
  }
}

/** A root field no rule covers: answered only to viewers who see every cluster. */
function refuseWhenRestricted(typeName: string, name: string, field: Field): void {
  const refuse = (context: unknown): void => {
    if (visibleClustersOf(context)) {
      throw new GraphQLError(`${typeName}.${name} is not available to a user who may not see every cluster`, {
        extensions: { code: ERROR_CODES.FORBIDDEN },
      });
    }
  };
  if (field.subscribe) {
    const subscribe = field.subscribe;
    field.subscribe = (source, args, context, info) => {
      refuse(context);
      return subscribe(source, args, context, info);
    };
  }
  const resolve = field.resolve;
  field.resolve = (source, args, context, info) => {
    refuse(context);
    return resolve ? resolve(source, args, context, info) : (source as Args | undefined)?.[name];
  };
}

/** Fleet.resolvedFindings over the visible clusters: fetched at the cap, filtered, then cut to `first`. */
function restrictResolvedFindings(
  resolve: GraphQLFieldResolver<unknown, unknown> | undefined,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const visible = visibleClustersOf(context);
    if (!resolve) return null;
    const first = (args as Args).first;
    // Out-of-range `first` is the original's error to give.
    if (
      !visible ||
      typeof first !== 'number' ||
      !Number.isInteger(first) ||
      first < 1 ||
      first > MAX_FINDINGS_FIRST
    ) {
      return resolve(source, args, context, info);
    }
    const all = resolve(source, { ...(args as Args), first: MAX_FINDINGS_FIRST }, context, info) as Array<{
      finding: { cluster: string };
    }>;
    return all.filter((r) => visible.has(r.finding.cluster)).slice(0, first);
  };
}
