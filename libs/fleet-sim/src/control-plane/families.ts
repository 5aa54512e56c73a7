import {
  type Distribution,
  ETCD_DISK_BUCKETS,
  ETCD_PEER_RTT_BUCKETS,
  REQUEST_DURATION_BUCKETS,
  REQUEST_SLI_DURATION_BUCKETS,
  SCHEDULER_ATTEMPT_BUCKETS,
  timeoutObservation,
  WATCH_CACHE_READ_WAIT_BUCKETS,
  WEBHOOK_DURATION_BUCKETS,
  WORKQUEUE_DURATION_BUCKETS,
} from './distribution.ts';
import type { ControlPlaneSpec, RequestClass, WebhookOperation } from './spec.ts';

/**
 * What each scrape target exposes, as rates (counters, histograms) and levels (gauges) derived from a
 * scenario. Names, labels and buckets are the real ones (Kubernetes 1.34, etcd 3.5).
 */

export type Labels = Record<string, string>;

export interface CounterSeries {
  labels: Labels;
  perSecond: number;
  /** Value the counter already had when the process started counting (e.g. etcd's first election). */
  base?: number;
}
export interface GaugeSeries {
  labels: Labels;
  value: number;
}
export interface HistogramSeries {
  labels: Labels;
  perSecond: number;
  dist: Distribution;
}

export type Family =
  | { type: 'counter'; name: string; help: string; series: CounterSeries[] }
  | { type: 'gauge'; name: string; help: string; series: GaugeSeries[] }
  | { type: 'histogram'; name: string; help: string; buckets: readonly number[]; series: HistogramSeries[] };

export type Target = 'apiserver' | 'etcd' | 'scheduler' | 'controller-manager';

export interface FamilyContext {
  /** Seconds since the scenario's incident began (gauges that drift with time use it). */
  elapsedSeconds: number;
  /** etcd member index, for the etcd target. */
  member: number;
  /** Stored objects per resource type, for apiserver_resource_objects. */
  objectCounts: () => { group: string; resource: string; count: number }[];
}

/** Sortable etcd member ids, like the hex ids etcd prints. */
export function etcdMemberId(index: number): string {
  const ids = [
    '8e9e05c52164694d',
    '91bc3c398fb3c146',
    'fd422379fda50e48',
    '2c3d4e5f60718293',
    'a1b2c3d4e5f60718',
  ];
  return ids[index] ?? (0x1000 + index).toString(16);
}

export function etcdMemberName(index: number): string {
  return `etcd-${index}`;
}

function requestLabels(c: RequestClass): Labels {
  return {
    component: 'apiserver',
    group: c.group,
    resource: c.resource,
    scope: c.scope,
    subresource: c.subresource ?? '',
    verb: c.verb,
    version: c.version,
  };
}

function okCode(c: RequestClass): string {
  return c.verb === 'POST' ? '201' : '200';
}

function apiserverFamilies(spec: ControlPlaneSpec, ctx: FamilyContext): Family[] {
  const totals: CounterSeries[] = [];
  const durations: HistogramSeries[] = [];
  const sli: HistogramSeries[] = [];
  for (const c of spec.requests) {
    const labels = requestLabels(c);
    const dryRun = c.dryRun ?? '';
    const errorShare = c.errorShare ?? 0;
    const throttled = c.throttledShare ?? 0;
    const ok = Math.max(0, 1 - errorShare - throttled);
    const codes: [string, number][] = [
      [okCode(c), ok],
      [String(c.errorCode ?? 500), errorShare],
      ['429', throttled],
    ];
    for (const [code, share] of codes) {
      if (share > 0)
        totals.push({ labels: { ...labels, code, dry_run: dryRun }, perSecond: c.perSecond * share });
    }
    // Long-running WATCH requests are observed when they end, minutes later: left out of both histograms.
    if (c.verb === 'WATCH') continue;
    durations.push({ labels: { ...labels, dry_run: dryRun }, perSecond: c.perSecond, dist: c.latency });
    if (!c.dryRun) sli.push({ labels, perSecond: c.perSecond, dist: c.sliLatency ?? c.latency });
  }

  const rejected: CounterSeries[] = [];
  for (const level of spec.priorityLevels) {
    for (const [reason, perSecond] of Object.entries(level.rejectedPerSecond ?? {})) {
      if (perSecond && perSecond > 0)
        rejected.push({
          labels: { flow_schema: level.flowSchema, priority_level: level.priorityLevel, reason },
          perSecond,
        });
    }
  }

  const webhookDurations: HistogramSeries[] = [];
  const rejections: CounterSeries[] = [];
  const failOpen: CounterSeries[] = [];
  for (const hook of spec.webhooks) {
    // The metric's type label says "admit" for mutating webhooks, as the API server does.
    const type = hook.type === 'validating' ? 'validating' : 'admit';
    const timedOut = Math.min(1, Math.max(0, hook.timeoutShare));
    let openPerSecond = 0;
    for (const [op, calls] of Object.entries(hook.callsPerSecond) as [WebhookOperation, number][]) {
      if (!(calls > 0)) continue;
      const labels = { name: hook.name, operation: op, type };
      if (timedOut < 1)
        webhookDurations.push({
          labels: { ...labels, rejected: 'false' },
          perSecond: calls * (1 - timedOut),
          dist: hook.latency,
        });
      if (timedOut > 0) {
        const at = timeoutObservation(hook.timeoutSeconds);
        const failed = hook.failurePolicy === 'Fail';
        webhookDurations.push({
          labels: { ...labels, rejected: failed ? 'true' : 'false' },
          perSecond: calls * timedOut,
          dist: { p50: at, p99: at },
        });
        if (failed)
          rejections.push({
            labels: { ...labels, error_type: 'calling_webhook_error', rejection_code: '0' },
            perSecond: calls * timedOut,
          });
        else openPerSecond += calls * timedOut;
      }
    }
    if (openPerSecond > 0) failOpen.push({ labels: { name: hook.name, type }, perSecond: openPerSecond });
  }

  const inflight = { mutating: 0, readOnly: 0 };
  for (const c of spec.requests) {
    if (c.verb === 'WATCH') continue;
    const concurrent =
      c.perSecond * (c.latency.p50 + (c.latency.tail?.share ?? 0) * (c.latency.tail?.seconds ?? 0));
    if (c.verb === 'GET' || c.verb === 'LIST') inflight.readOnly += concurrent;
    else inflight.mutating += concurrent;
  }

  const dbSize = spec.etcd.dbSizeBytes + spec.etcd.dbGrowthBytesPerSecond * ctx.elapsedSeconds;
  return [
    {
      type: 'counter',
      name: 'apiserver_request_total',
      help: '[STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      series: totals,
    },
    {
      type: 'histogram',
      name: 'apiserver_request_duration_seconds',
      help: '[STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      buckets: REQUEST_DURATION_BUCKETS,
      series: durations,
    },
    {
      type: 'histogram',
      name: 'apiserver_request_sli_duration_seconds',
      help: '[ALPHA] Response latency distribution (not counting webhook duration and priority & fairness queue wait times) in seconds for each verb, group, version, resource, subresource, scope and component.',
      buckets: REQUEST_SLI_DURATION_BUCKETS,
      series: sli,
    },
    {
      type: 'gauge',
      name: 'apiserver_current_inflight_requests',
      help: '[STABLE] Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
      series: [
        { labels: { request_kind: 'mutating' }, value: Math.round(inflight.mutating) },
        { labels: { request_kind: 'readOnly' }, value: Math.round(inflight.readOnly) },
      ],
    },
    {
      type: 'counter',
      name: 'apiserver_flowcontrol_rejected_requests_total',
      help: '[BETA] Number of requests rejected by API Priority and Fairness subsystem',
      series: rejected,
    },
    {
      type: 'gauge',
      name: 'apiserver_flowcontrol_current_inqueue_requests',
      help: '[BETA] Number of requests currently pending in queues of the API Priority and Fairness subsystem',
      series: spec.priorityLevels.map((l) => ({
        labels: { flow_schema: l.flowSchema, priority_level: l.priorityLevel },
        value: l.inqueue,
      })),
    },
    {
      type: 'gauge',
      name: 'apiserver_flowcontrol_current_executing_seats',
      help: '[BETA] Concurrency (number of seats) occupied by the currently executing (initial stage for a WATCH, any stage otherwise) requests in the API Priority and Fairness subsystem',
      series: spec.priorityLevels.map((l) => ({
        labels: { flow_schema: l.flowSchema, priority_level: l.priorityLevel },
        value: l.executingSeats,
      })),
    },
    {
      type: 'gauge',
      name: 'apiserver_flowcontrol_nominal_limit_seats',
      help: '[BETA] Nominal number of execution seats configured for each priority level',
      series: spec.priorityLevels.map((l) => ({
        labels: { priority_level: l.priorityLevel },
        value: l.nominalSeats,
      })),
    },
    {
      type: 'counter',
      name: 'apiserver_request_terminations_total',
      help: '[ALPHA] Number of requests which apiserver terminated in self-defense.',
      series: spec.terminations.map((t) => ({
        labels: {
          code: String(t.code),
          component: 'apiserver',
          group: t.group,
          resource: t.resource,
          scope: t.scope,
          subresource: '',
          verb: t.verb,
          version: t.version,
        },
        perSecond: t.perSecond,
      })),
    },
    {
      type: 'histogram',
      name: 'apiserver_admission_webhook_admission_duration_seconds',
      help: '[STABLE] Admission webhook latency histogram in seconds, identified by name and broken out for each operation and API resource and type (validate or admit).',
      buckets: spec.webhookDurationBuckets ?? WEBHOOK_DURATION_BUCKETS,
      series: webhookDurations,
    },
    {
      type: 'counter',
      name: 'apiserver_admission_webhook_rejection_count',
      help: '[ALPHA] Admission webhook rejection count, identified by name and broken out for each admission type (validating or admit) and operation. Additional labels specify an error type (calling_webhook_error or apiserver_internal_error if an error occurred; no_error otherwise) and optionally a non-zero rejection code if the webhook rejects the request with an HTTP status code (honored by the apiserver when the code is greater or equal to 400). Codes greater than 600 are truncated to 600, to keep the metrics cardinality bounded.',
      series: rejections,
    },
    {
      type: 'counter',
      name: 'apiserver_admission_webhook_fail_open_count',
      help: '[ALPHA] Admission webhook fail open count, identified by name and broken out for each admission type (validating or admit).',
      series: failOpen,
    },
    {
      type: 'gauge',
      name: 'apiserver_longrunning_requests',
      help: '[STABLE] Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
      series: spec.watch.longrunning.map((w) => ({
        labels: {
          component: 'apiserver',
          group: w.group,
          resource: w.resource,
          scope: w.scope,
          subresource: '',
          verb: 'WATCH',
          version: w.version,
        },
        value: w.count,
      })),
    },
    {
      type: 'counter',
      name: 'apiserver_terminated_watchers_total',
      help: '[ALPHA] Counter of watchers closed due to unresponsiveness broken by resource type.',
      series: spec.watch.terminatedPerSecond
        .filter((t) => t.perSecond > 0)
        .map((t) => ({ labels: { group: t.group, resource: t.resource }, perSecond: t.perSecond })),
    },
    {
      type: 'histogram',
      name: 'apiserver_watch_cache_read_wait_seconds',
      help: '[ALPHA] Histogram of time spent waiting for a watch cache to become fresh.',
      buckets: WATCH_CACHE_READ_WAIT_BUCKETS,
      series: [
        {
          labels: { group: '', resource: 'pods' },
          perSecond: spec.watch.cacheReadsPerSecond,
          dist: spec.watch.cacheReadWait,
        },
      ],
    },
    {
      type: 'gauge',
      name: 'apiserver_storage_size_bytes',
      help: '[STABLE] Size of the storage database file physically allocated in bytes.',
      series: [{ labels: { storage_cluster_id: 'etcd-0' }, value: Math.round(dbSize) }],
    },
    {
      type: 'gauge',
      name: 'apiserver_resource_objects',
      help: '[ALPHA] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.',
      series: ctx
        .objectCounts()
        .map((o) => ({ labels: { group: o.group, resource: o.resource }, value: o.count })),
    },
  ];
}

function etcdFamilies(spec: ControlPlaneSpec, ctx: FamilyContext): Family[] {
  const etcd = spec.etcd;
  const peers: HistogramSeries[] = [];
  for (let peer = 0; peer < etcd.up; peer++) {
    if (peer === ctx.member) continue;
    // Raft heartbeats probe each reachable peer a few times per second.
    peers.push({ labels: { To: etcdMemberId(peer) }, perSecond: 0.2, dist: etcd.peerRtt });
  }
  const isLeader = etcd.hasLeader && ctx.member === 0;
  const dbSize = etcd.dbSizeBytes + etcd.dbGrowthBytesPerSecond * ctx.elapsedSeconds;
  const inUse = etcd.dbInUseBytes + etcd.dbGrowthBytesPerSecond * ctx.elapsedSeconds;
  return [
    {
      type: 'gauge',
      name: 'etcd_server_has_leader',
      help: 'Whether or not a leader exists. 1 is existence, 0 is not.',
      series: [{ labels: {}, value: etcd.hasLeader ? 1 : 0 }],
    },
    {
      type: 'gauge',
      name: 'etcd_server_is_leader',
      help: 'Whether or not this member is a leader. 1 if is, 0 otherwise.',
      series: [{ labels: {}, value: isLeader ? 1 : 0 }],
    },
    {
      type: 'counter',
      name: 'etcd_server_leader_changes_seen_total',
      help: 'The number of leader changes seen.',
      series: [{ labels: {}, perSecond: etcd.leaderChangesPerHour / 3600, base: 1 }],
    },
    {
      type: 'counter',
      name: 'etcd_server_proposals_failed_total',
      help: 'The total number of failed proposals seen.',
      series: [{ labels: {}, perSecond: etcd.proposalsFailedPerSecond }],
    },
    {
      type: 'counter',
      name: 'etcd_server_proposals_committed_total',
      help: 'The total number of consensus proposals committed.',
      series: [{ labels: {}, perSecond: etcd.hasLeader ? etcd.fsyncsPerSecond : 0 }],
    },
    {
      type: 'histogram',
      name: 'etcd_disk_wal_fsync_duration_seconds',
      help: 'The latency distributions of fsync called by WAL.',
      buckets: ETCD_DISK_BUCKETS,
      series: [{ labels: {}, perSecond: etcd.fsyncsPerSecond, dist: etcd.walFsync }],
    },
    {
      type: 'histogram',
      name: 'etcd_disk_backend_commit_duration_seconds',
      help: 'The latency distributions of commit called by backend.',
      buckets: ETCD_DISK_BUCKETS,
      // The backend batches commits (every 100 ms by default).
      series: [{ labels: {}, perSecond: Math.min(10, etcd.fsyncsPerSecond), dist: etcd.backendCommit }],
    },
    {
      type: 'histogram',
      name: 'etcd_network_peer_round_trip_time_seconds',
      help: 'Round-Trip-Time histogram between peers',
      buckets: ETCD_PEER_RTT_BUCKETS,
      series: peers,
    },
    {
      type: 'gauge',
      name: 'etcd_mvcc_db_total_size_in_bytes',
      help: 'Total size of the underlying database physically allocated in bytes.',
      series: [{ labels: {}, value: Math.round(dbSize) }],
    },
    {
      type: 'gauge',
      name: 'etcd_mvcc_db_total_size_in_use_in_bytes',
      help: 'Total size of the underlying database logically in use in bytes.',
      series: [{ labels: {}, value: Math.round(Math.min(inUse, dbSize)) }],
    },
    {
      type: 'gauge',
      name: 'etcd_server_quota_backend_bytes',
      help: 'Current backend storage quota size in bytes.',
      series: [{ labels: {}, value: etcd.quotaBytes }],
    },
  ];
}

function schedulerFamilies(spec: ControlPlaneSpec, ctx: FamilyContext): Family[] {
  const s = spec.scheduler;
  const pending = {
    ...s.pending,
    active: Math.floor(s.pending.active + s.activeGrowthPerSecond * ctx.elapsedSeconds),
  };
  const results = Object.entries(s.attemptsPerSecond).filter(([, r]) => r > 0);
  return [
    {
      type: 'gauge',
      name: 'scheduler_pending_pods',
      help: "[STABLE] Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
      series: Object.entries(pending).map(([queue, value]) => ({ labels: { queue }, value })),
    },
    {
      type: 'counter',
      name: 'scheduler_schedule_attempts_total',
      help: "[STABLE] Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.",
      series: results.map(([result, perSecond]) => ({
        labels: { profile: 'default-scheduler', result },
        perSecond,
      })),
    },
    {
      type: 'histogram',
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: '[STABLE] Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      buckets: SCHEDULER_ATTEMPT_BUCKETS,
      series: results.map(([result, perSecond]) => ({
        labels: { profile: 'default-scheduler', result },
        perSecond,
        dist: s.attemptDuration,
      })),
    },
  ];
}

function controllerManagerFamilies(spec: ControlPlaneSpec, ctx: FamilyContext): Family[] {
  const queues = spec.workqueues;
  return [
    {
      type: 'gauge',
      name: 'workqueue_depth',
      help: '[ALPHA] Current depth of workqueue',
      series: queues.map((q) => ({
        labels: { name: q.name },
        value: Math.floor(Math.min(q.maxDepth, q.depth + q.depthGrowthPerSecond * ctx.elapsedSeconds)),
      })),
    },
    {
      type: 'counter',
      name: 'workqueue_adds_total',
      help: '[ALPHA] Total number of adds handled by workqueue',
      series: queues.map((q) => ({ labels: { name: q.name }, perSecond: q.addsPerSecond })),
    },
    {
      type: 'histogram',
      name: 'workqueue_queue_duration_seconds',
      help: '[ALPHA] How long in seconds an item stays in workqueue before being requested.',
      buckets: WORKQUEUE_DURATION_BUCKETS,
      series: queues.map((q) => ({
        labels: { name: q.name },
        perSecond: q.addsPerSecond,
        dist: q.queueDuration,
      })),
    },
    {
      type: 'histogram',
      name: 'workqueue_work_duration_seconds',
      help: '[ALPHA] How long in seconds processing an item from workqueue takes.',
      buckets: WORKQUEUE_DURATION_BUCKETS,
      series: queues.map((q) => ({
        labels: { name: q.name },
        perSecond: q.addsPerSecond,
        dist: q.workDuration,
      })),
    },
  ];
}

/** The metric families a target exposes under a scenario. */
export function familiesFor(target: Target, spec: ControlPlaneSpec, ctx: FamilyContext): Family[] {
  switch (target) {
    case 'apiserver':
      return apiserverFamilies(spec, ctx);
    case 'etcd':
      return etcdFamilies(spec, ctx);
    case 'scheduler':
      return schedulerFamilies(spec, ctx);
    case 'controller-manager':
      return controllerManagerFamilies(spec, ctx);
  }
}
