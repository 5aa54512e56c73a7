/**
 * Runtime checks on API answers, only where the schema cannot vouch for a value. GraphQL already
 * guarantees that an accepted document is answered with every field it selects, typed as the schema says
 * (a server without a field refuses the document: an error, not a hole); what it cannot guarantee is
 *
 * - that an enum value is one this build knows: a newer API may add one. An unknown `HealthStatus` reads
 *   as UNKNOWN (never anything green) and an unknown `WatchState` as CONNECTING (not synced);
 * - that the answer is GraphQL at all (a proxy page, a half-deployed API): `transport.ts` refuses what is
 *   not a GraphQL response, and `rootOf` refuses data without the field asked for.
 *
 * Nullable counts (`nodes`, `pods`, `gpus`) stay null — unknown, shown as "—" — as the schema types them.
 * `test/boundary.test.ts` checks against the schema that every enum our documents select is listed here.
 */
import type {
  GpuAllocationSource,
  GpuDefragOutcome,
  GpuDraState,
  GpuHistoryGroupBy,
  GpuHistoryGroupKind,
  GpuHistoryUnavailable,
  GpuOperatorState,
  GpuUsageSource,
  HealthStatus,
  KueueWorkloadState,
  OptionalApiServed,
  Plane,
  RolloutStage,
  RolloutState,
  Scope,
  Severity,
  WatchState,
} from './generated/graphql.ts';

/** Data that does not have the shape this page asked for; `path` says where. */
export class UnreadableAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAnswerError';
  }
}

// Records, not arrays: regenerating after the API adds a value fails the typecheck until it is listed here.
const HEALTH_STATUSES: Record<HealthStatus, true> = {
  HEALTHY: true,
  DEGRADED: true,
  DOWN: true,
  UNKNOWN: true,
  NOT_APPLICABLE: true,
};
const WATCH_STATES: Record<WatchState, true> = {
  CONNECTING: true,
  SYNCED: true,
  RETRYING: true,
  FORBIDDEN: true,
};
const SCOPES: Record<Scope, true> = { POD: true, NODE: true, POOL: true, CLUSTER: true, GLOBAL: true };
const PLANES: Record<Plane, true> = { CONTROL: true, DATA: true };
const SEVERITIES: Record<Severity, true> = { INFO: true, WARNING: true, CRITICAL: true };
const GROUP_BYS: Record<GpuHistoryGroupBy, true> = { CLUSTER: true, POOL: true, NAMESPACE: true, TEAM: true };
const GROUP_KINDS: Record<GpuHistoryGroupKind, true> = {
  GROUP: true,
  NOT_ATTRIBUTED: true,
  UNKNOWN_POOL: true,
  OTHERS: true,
};
const UNAVAILABLE: Record<GpuHistoryUnavailable, true> = { NO_PROMETHEUS: true, PROMETHEUS_ERROR: true };
const ALLOCATION_SOURCES: Record<GpuAllocationSource, true> = {
  KUBE_STATE_METRICS: true,
  FLEETSCOPE: true,
  NONE: true,
};
const DEFRAG_OUTCOMES: Record<GpuDefragOutcome, true> = {
  FITS: true,
  CAPACITY: true,
  MOVES: true,
  NO_SOLUTION: true,
  NOT_COMPUTED: true,
};
const USAGE_SOURCES: Record<GpuUsageSource, true> = {
  PROF_GR_ENGINE_ACTIVE: true,
  DEV_GPU_UTIL: true,
  MIXED: true,
  NONE: true,
};
const OPERATOR_STATES: Record<GpuOperatorState, true> = {
  NOT_APPLICABLE: true,
  UNKNOWN: true,
  NO_POLICY: true,
  READY: true,
  NOT_READY: true,
  IGNORED: true,
};
const DRA_STATES: Record<GpuDraState, true> = { NOT_APPLICABLE: true, UNKNOWN: true, COUNTED: true };
const API_SERVED: Record<OptionalApiServed, true> = { SERVED: true, NOT_SERVED: true, UNKNOWN: true };
const KUEUE_WORKLOAD_STATES: Record<KueueWorkloadState, true> = { PENDING: true, EVICTED: true };
const ROLLOUT_STATES: Record<RolloutState, true> = { STUCK: true, PROGRESSING: true };
const ROLLOUT_STAGES: Record<RolloutStage, true> = {
  SPEC_NOT_OBSERVED: true,
  DEADLINE_EXCEEDED: true,
  UPDATING: true,
  OLD_TERMINATING: true,
  WAITING_AVAILABLE: true,
  WAITING_READY: true,
  COMPLETE: true,
};

/** Enum-typed fields in our documents, by response key: the values this build knows and the cautious fallback. */
export const ENUM_FIELDS: Readonly<Record<string, { type: string; known: object; fallback: string }>> = {
  status: { type: 'HealthStatus', known: HEALTH_STATUSES, fallback: 'UNKNOWN' satisfies HealthStatus },
  state: { type: 'WatchState', known: WATCH_STATES, fallback: 'CONNECTING' satisfies WatchState },
  // A scope this build does not know is shown as the widest, a severity as the worst: never played down.
  scope: { type: 'Scope', known: SCOPES, fallback: 'GLOBAL' satisfies Scope },
  plane: { type: 'Plane', known: PLANES, fallback: 'DATA' satisfies Plane },
  severity: { type: 'Severity', known: SEVERITIES, fallback: 'CRITICAL' satisfies Severity },
  // GPU usage history (Manager view): an unknown reason for no history still means no history; an
  // unknown group kind is not shown as a named group; an unknown source is no source we can name.
  groupBy: { type: 'GpuHistoryGroupBy', known: GROUP_BYS, fallback: 'CLUSTER' satisfies GpuHistoryGroupBy },
  groupKind: {
    type: 'GpuHistoryGroupKind',
    known: GROUP_KINDS,
    fallback: 'OTHERS' satisfies GpuHistoryGroupKind,
  },
  unavailable: {
    type: 'GpuHistoryUnavailable',
    known: UNAVAILABLE,
    fallback: 'PROMETHEUS_ERROR' satisfies GpuHistoryUnavailable,
  },
  allocationSource: {
    type: 'GpuAllocationSource',
    known: ALLOCATION_SOURCES,
    fallback: 'NONE' satisfies GpuAllocationSource,
  },
  // A defragmentation outcome this build does not know proposes nothing it could show.
  outcome: {
    type: 'GpuDefragOutcome',
    known: DEFRAG_OUTCOMES,
    fallback: 'NOT_COMPUTED' satisfies GpuDefragOutcome,
  },
  historyUsageSource: {
    type: 'GpuUsageSource',
    known: USAGE_SOURCES,
    fallback: 'NONE' satisfies GpuUsageSource,
  },
  // A GPU Operator or DRA state this build does not know is unknown, never ready or counted.
  operatorState: {
    type: 'GpuOperatorState',
    known: OPERATOR_STATES,
    fallback: 'UNKNOWN' satisfies GpuOperatorState,
  },
  draState: { type: 'GpuDraState', known: DRA_STATES, fallback: 'UNKNOWN' satisfies GpuDraState },
  // A rollout state this build does not know is shown as stuck; an unknown stage as still updating.
  rolloutState: { type: 'RolloutState', known: ROLLOUT_STATES, fallback: 'STUCK' satisfies RolloutState },
  stage: { type: 'RolloutStage', known: ROLLOUT_STAGES, fallback: 'UPDATING' satisfies RolloutStage },
  // Whether an optional API is served: a value this build does not know is unknown, never "not applicable".
  served: { type: 'OptionalApiServed', known: API_SERVED, fallback: 'UNKNOWN' satisfies OptionalApiServed },
  // A Kueue workload state this build does not know is shown as the worse one.
  workloadState: {
    type: 'KueueWorkloadState',
    known: KUEUE_WORKLOAD_STATES,
    fallback: 'EVICTED' satisfies KueueWorkloadState,
  },
};

/**
 * Walks the answer once, in place. It runs on every push over the whole payload (2,000 rollouts, 40,000
 * heatmap cells), so it allocates nothing per object (no `Object.entries`) and does not recurse into
 * numbers and strings.
 */
function normalize(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) normalize(item);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (typeof field === 'string') {
      const rule = Object.hasOwn(ENUM_FIELDS, key) ? ENUM_FIELDS[key] : undefined;
      if (rule !== undefined && !Object.hasOwn(rule.known, field)) record[key] = rule.fallback;
    } else if (typeof field === 'object' && field !== null) {
      normalize(field);
    }
  }
}

/**
 * The root field `key` of an answer's `data`, with enum values this build does not know replaced by their
 * cautious fallback (in place: the payload was parsed for us alone). `nullable` roots may be null.
 */
export function rootOf<T>(data: unknown, key: string, nullable = false): T {
  if (typeof data !== 'object' || data === null) throw new UnreadableAnswerError('the answer has no data');
  const root = (data as Record<string, unknown>)[key];
  if (root === null && nullable) return root as T;
  if (typeof root !== 'object' || root === null) {
    throw new UnreadableAnswerError(
      `${key}: expected an object, got ${root === null ? 'null' : typeof root}`,
    );
  }
  normalize(root);
  return root as T;
}

/** An answer with several root fields (aliases), each checked like `rootOf`. */
export function rootsOf<T>(data: unknown, keys: readonly string[], nullable = false): T {
  if (typeof data !== 'object' || data === null) throw new UnreadableAnswerError('the answer has no data');
  for (const key of keys) rootOf(data, key, nullable);
  return data as T;
}
