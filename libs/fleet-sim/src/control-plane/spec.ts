import type { Distribution } from './distribution.ts';

/**
 * A control-plane scenario is data: the traffic the API server serves and how fast, what APF rejects,
 * which admission webhooks run, how watches and etcd behave, the scheduler and the controller-manager
 * queues. `ControlPlaneState` turns it into counters that grow with (simulated) time.
 */

export const API_VERBS = ['GET', 'LIST', 'WATCH', 'POST', 'PUT', 'PATCH', 'DELETE', 'APPLY'] as const;
export type ApiVerb = (typeof API_VERBS)[number];

export type RequestScope = 'resource' | 'namespace' | 'cluster' | '';

/** One class of API requests: a verb on a resource at a scope, its rate, latency and error share. */
export interface RequestClass {
  verb: ApiVerb;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  scope: RequestScope;
  /** `All` for dry-run requests (never in the SLI metric). */
  dryRun?: 'All';
  perSecond: number;
  /** Total latency as the client feels it (apiserver_request_duration_seconds). */
  latency: Distribution;
  /** Latency minus webhook time and APF queue wait (apiserver_request_sli_duration_seconds); default `latency`. */
  sliLatency?: Distribution;
  /** Share (0..1) answered with a 5xx code. */
  errorShare?: number;
  /** The 5xx code; default 500. */
  errorCode?: number;
  /** Share (0..1) rejected by APF with 429. */
  throttledShare?: number;
}

export interface PriorityLevelSpec {
  priorityLevel: string;
  flowSchema: string;
  nominalSeats: number;
  executingSeats: number;
  inqueue: number;
  /** Rejections per second by reason (queue-full | concurrency-limit | time-out); absent = never rejected. */
  rejectedPerSecond?: Partial<Record<'queue-full' | 'concurrency-limit' | 'time-out', number>>;
}

/** Requests the API server ended in self-defense (apiserver_request_terminations_total). */
export interface TerminationSpec {
  verb: ApiVerb;
  group: string;
  version: string;
  resource: string;
  scope: RequestScope;
  code: number;
  perSecond: number;
}

export type WebhookOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface WebhookSpec {
  name: string;
  type: 'validating' | 'mutating';
  failurePolicy: 'Fail' | 'Ignore';
  timeoutSeconds: number;
  /** Service URL, as quoted in "failed calling webhook" errors. */
  url: string;
  /** Which requests it intercepts (resources by plural name; `*` for all). */
  rules: { operations: WebhookOperation[]; resources: string[] };
  /** Namespaces its namespaceSelector leaves out (system namespaces, usually). */
  excludedNamespaces: string[];
  /** Calls per second by operation, for the metrics. */
  callsPerSecond: Partial<Record<WebhookOperation, number>>;
  /** Latency of calls that answer in time. */
  latency: Distribution;
  /** Share (0..1) of calls that time out. */
  timeoutShare: number;
}

export interface WatchSpec {
  /** Open WATCH requests per resource. */
  longrunning: { group: string; version: string; resource: string; scope: RequestScope; count: number }[];
  /** Watchers closed for being unresponsive, per second, per resource. */
  terminatedPerSecond: { group: string; resource: string; perSecond: number }[];
  /** Wait for the watch cache to be fresh enough for a read. */
  cacheReadWait: Distribution;
  cacheReadsPerSecond: number;
  /** Extra delay before live events reach watch streams on the simulated server (ms). */
  deliveryDelayMs: number;
}

export interface EtcdSpec {
  members: number;
  /** The first `up` members answer; the rest are down (their scrape fails). */
  up: number;
  hasLeader: boolean;
  leaderChangesPerHour: number;
  walFsync: Distribution;
  backendCommit: Distribution;
  peerRtt: Distribution;
  /** WAL fsyncs (≈ committed proposals) per second per member. */
  fsyncsPerSecond: number;
  proposalsFailedPerSecond: number;
  dbSizeBytes: number;
  dbInUseBytes: number;
  /** Growth of the db file per second (time advances it). */
  dbGrowthBytesPerSecond: number;
  quotaBytes: number;
}

export interface SchedulerSpec {
  pending: Record<'active' | 'backoff' | 'unschedulable' | 'gated', number>;
  /** Growth per second of the active queue (time advances it). */
  activeGrowthPerSecond: number;
  attemptsPerSecond: Record<'scheduled' | 'unschedulable' | 'error', number>;
  attemptDuration: Distribution;
}

export interface WorkqueueSpec {
  name: string;
  depth: number;
  /** Depth growth per second (time advances it), up to `maxDepth`. */
  depthGrowthPerSecond: number;
  maxDepth: number;
  addsPerSecond: number;
  queueDuration: Distribution;
  workDuration: Distribution;
}

/** How the simulated HTTP server itself behaves (synthetic probes measure this). */
export interface ServingSpec {
  readyzMs: number;
  livezMs: number;
  /** Extra latency of GET and LIST. */
  readMs: number;
  /** Extra latency of persisted writes (the etcd round trip). */
  writeMs: number;
  /** When set, persisted writes fail with this etcd error (500) after `writeFailAfterMs`. */
  writeError?: 'etcdserver: request timed out' | 'etcdserver: no leader';
  writeFailAfterMs: number;
}

export interface ControlPlaneSpec {
  name: string;
  /** Managed control plane: etcd, scheduler and controller-manager metrics are not observable. */
  managed: boolean;
  /** False in the `prometheus-unreachable` scenario: metric-based signals are unavailable. */
  prometheusReachable: boolean;
  requests: RequestClass[];
  priorityLevels: PriorityLevelSpec[];
  terminations: TerminationSpec[];
  webhooks: WebhookSpec[];
  /**
   * Bucket layout of the webhook admission histogram, as the simulated API server version has it
   * (default: the current one, up to 25 s). A cluster keeps the layout it started with when its
   * scenario changes: a server's version does not change with an incident.
   */
  webhookDurationBuckets?: readonly number[];
  watch: WatchSpec;
  etcd: EtcdSpec;
  scheduler: SchedulerSpec;
  workqueues: WorkqueueSpec[];
  serving: ServingSpec;
}

/** Quorum: a majority of members up and a leader elected. */
export function hasQuorum(etcd: EtcdSpec): boolean {
  return etcd.hasLeader && etcd.up >= Math.floor(etcd.members / 2) + 1;
}
