import type { Signal, SignalName, SignalSample, SignalSet } from '@fleetscope/types';
import { type HistogramSeries, histogramQuantile, histogramSeries, mergeBuckets } from './histogram.ts';
import type { MetricFamily } from './parse.ts';
import { withSaturation } from './saturation.ts';

/** Window of every histogram-derived signal: one snapshot holds lifetime distributions only. */
export const LIFETIME_WINDOW = 'since process start';

export interface ExpositionSignals {
  /** A signal set (cluster as given); only signals with a source family in the exposition are present. */
  signals: SignalSet;
  /**
   * Verdict inputs of the components seen that need rates over time (two scrapes or Prometheus):
   * error ratios, rejection rates, terminated watchers, leader changes, scheduling attempts …
   */
  needsRates: SignalName[];
}

const READ_VERBS = new Set(['GET', 'LIST']);
const WRITE_VERBS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY']);
/** Streaming subresources are excluded from latency SLIs. */
const STREAMING = new Set(['proxy', 'attach', 'log', 'exec', 'portforward']);

/** Rate-based inputs by the component whose counters they come from. */
const RATE_INPUTS: Record<'apiserver' | 'etcd' | 'scheduler' | 'controllers', SignalName[]> = {
  apiserver: [
    'read_error_ratio',
    'read_requests_per_second',
    'write_error_ratio',
    'write_requests_per_second',
    'apf_rejected_per_second',
    'request_terminations_ratio',
    'admission_webhook_rejections_per_second',
    'admission_webhook_fail_open_per_second',
    'watch_terminated_watchers_per_second',
  ],
  etcd: ['etcd_leader_changes_15m', 'etcd_proposals_failed_per_second'],
  scheduler: ['scheduler_attempts_per_second'],
  controllers: ['workqueue_depth_growth_per_second'],
};

/** Workqueues only the kube-controller-manager runs (the API server has workqueues too). */
const CONTROLLER_QUEUES = new Set([
  'deployment',
  'replicaset',
  'endpointslice',
  'endpoint',
  'node_lifecycle_controller',
  'statefulset',
  'daemonset',
  'job',
  'garbage_collector_attempt_to_delete',
]);

function plainLabels(
  labels: Readonly<Record<string, string>>,
  keep: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keep) {
    const value = labels[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function keyOf(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}

/**
 * Named signals from ONE exposition snapshot: gauges as they are, histograms as lifetime
 * distributions (p99 from cumulative buckets, window "since process start"; a p99 in +Inf
 * flagged `saturated` with the mean), `target_up` for each component whose metrics are present
 * (it answered; the others are not given, hence unknown), and the list of inputs that need rates. Non-finite values are dropped; a family with only non-finite values gives an error.
 */
export function signalsFromExposition(
  families: readonly MetricFamily[],
  source: string,
  observedAt: number,
  cluster = '',
): ExpositionSignals {
  const byName = new Map(families.map((f) => [f.name, f]));
  const signals: Partial<Record<SignalName, Signal>> = {};

  const put = (name: SignalName, samples: SignalSample[], window: string, hadInput: boolean): void => {
    const finite = samples.filter((s) => Number.isFinite(s.value));
    const error = finite.length === 0 && hadInput && samples.length > 0 ? 'no finite sample value' : null;
    signals[name] = { name, samples: finite, window, source, observedAt, error };
  };

  /** Gauge family → signal, summing samples that share the kept labels. */
  const gauge = (
    name: SignalName,
    metrics: readonly string[],
    keep: readonly string[],
    filter = (_l: Record<string, string>): boolean => true,
  ): void => {
    const family = metrics.map((m) => byName.get(m)).find((f) => f !== undefined);
    if (family === undefined) return;
    const sums = new Map<string, SignalSample>();
    for (const s of family.samples) {
      if (s.name !== family.name || !filter(s.labels)) continue;
      const labels = plainLabels(s.labels, keep);
      const key = keyOf(labels);
      const existing = sums.get(key);
      if (existing === undefined) sums.set(key, { labels, value: s.value });
      else existing.value += s.value;
    }
    put(name, [...sums.values()], '', true);
  };

  /** Histogram family → lifetime p99 per kept-label group. */
  const p99 = (
    name: SignalName,
    metrics: readonly string[],
    keep: readonly string[],
    filter = (_l: Record<string, string>): boolean => true,
    relabel = (l: Record<string, string>): Record<string, string> => l,
  ): void => {
    const family = metrics.map((m) => byName.get(m)).find((f) => f !== undefined && f.type === 'histogram');
    if (family === undefined) return;
    const groups = new Map<string, { labels: Record<string, string>; series: HistogramSeries[] }>();
    for (const series of histogramSeries(family)) {
      if (!filter(series.labels)) continue;
      const labels = relabel(plainLabels(series.labels, keep));
      const key = keyOf(labels);
      const group = groups.get(key) ?? { labels, series: [] };
      group.series.push(series);
      groups.set(key, group);
    }
    const samples: SignalSample[] = [];
    const total = (series: readonly HistogramSeries[], field: 'sum' | 'count'): number | null =>
      series.every((s) => s[field] !== null) ? series.reduce((n, s) => n + (s[field] ?? 0), 0) : null;
    for (const group of groups.values()) {
      const buckets = mergeBuckets(group.series);
      const value = histogramQuantile(0.99, buckets);
      // NaN: no observations since start (no traffic) — no sample, not a latency.
      if (Number.isNaN(value)) continue;
      // In +Inf the quantile is only a floor: say so, with the mean from _sum/_count.
      const sum = total(group.series, 'sum');
      const count = total(group.series, 'count');
      const mean = sum !== null && count !== null && count > 0 ? sum / count : null;
      samples.push(withSaturation({ labels: group.labels, value }, 0.99, buckets, mean));
    }
    signals[name] = { name, samples, window: LIFETIME_WINDOW, source, observedAt, error: null };
  };

  /**
   * Per webhook, the share of its calls since process start that failed with calling_webhook_error
   * (the webhook could not be reached or timed out). A ratio of two lifetime counters needs no rate:
   * 16 failures in 16 calls says every call failed, which one snapshot can tell.
   */
  const callingErrorRatio = (): void => {
    const calls = byName.get('apiserver_admission_webhook_admission_duration_seconds');
    if (calls === undefined || calls.type !== 'histogram') return;
    const rejections = byName.get('apiserver_admission_webhook_rejection_count');
    // No rejection family at all proves nothing (client_golang omits a vector that never counted).
    if (rejections === undefined) return;
    const failed = new Map<string, number>();
    for (const s of rejections.samples) {
      if (s.labels.error_type !== 'calling_webhook_error' || !Number.isFinite(s.value)) continue;
      const name = s.labels.name ?? '';
      failed.set(name, (failed.get(name) ?? 0) + s.value);
    }
    const counted = new Map<string, number>();
    for (const series of histogramSeries(calls)) {
      const name = series.labels.name ?? '';
      if (series.count !== null) counted.set(name, (counted.get(name) ?? 0) + series.count);
    }
    const samples: SignalSample[] = [];
    for (const [name, count] of counted) {
      if (count > 0) samples.push({ labels: { name }, value: Math.min(1, (failed.get(name) ?? 0) / count) });
    }
    signals.admission_webhook_calling_error_ratio = {
      name: 'admission_webhook_calling_error_ratio',
      samples,
      window: LIFETIME_WINDOW,
      source,
      observedAt,
      error: null,
    };
  };

  const requestMetrics = ['apiserver_request_sli_duration_seconds', 'apiserver_request_duration_seconds'];
  const notDryRunNotStreaming = (l: Record<string, string>): boolean =>
    (l.dry_run ?? '') === '' && !STREAMING.has(l.subresource ?? '');
  p99(
    'read_p99_seconds',
    requestMetrics,
    ['scope'],
    (l) => READ_VERBS.has(l.verb ?? '') && notDryRunNotStreaming(l),
    (l) => ({ scope: l.scope === undefined || l.scope === '' ? 'resource' : l.scope }),
  );
  p99(
    'write_p99_seconds',
    requestMetrics,
    [],
    (l) => WRITE_VERBS.has(l.verb ?? '') && notDryRunNotStreaming(l),
  );
  p99(
    'admission_webhook_p99_seconds',
    ['apiserver_admission_webhook_admission_duration_seconds'],
    ['name', 'type'],
  );
  p99('watch_cache_read_wait_p99_seconds', ['apiserver_watch_cache_read_wait_seconds'], ['resource']);
  p99('etcd_wal_fsync_p99_seconds', ['etcd_disk_wal_fsync_duration_seconds'], []);
  p99('etcd_backend_commit_p99_seconds', ['etcd_disk_backend_commit_duration_seconds'], []);
  p99('etcd_peer_rtt_p99_seconds', ['etcd_network_peer_round_trip_time_seconds'], ['To']);
  p99('scheduler_attempt_p99_seconds', ['scheduler_scheduling_attempt_duration_seconds'], []);
  p99('workqueue_queue_p99_seconds', ['workqueue_queue_duration_seconds'], ['name']);

  gauge('etcd_has_leader', ['etcd_server_has_leader'], []);
  gauge('etcd_db_size_bytes', ['etcd_mvcc_db_total_size_in_bytes'], []);
  gauge('etcd_db_in_use_bytes', ['etcd_mvcc_db_total_size_in_use_in_bytes'], []);
  gauge('etcd_quota_bytes', ['etcd_server_quota_backend_bytes'], []);
  gauge('apiserver_storage_size_bytes', ['apiserver_storage_size_bytes'], ['storage_cluster_id']);
  gauge('scheduler_pending_pods', ['scheduler_pending_pods'], ['queue']);
  gauge('workqueue_depth', ['workqueue_depth'], ['name']);
  gauge(
    'watch_longrunning',
    ['apiserver_longrunning_requests', 'apiserver_longrunning_gauge'],
    [],
    (l) => l.verb === 'WATCH',
  );
  gauge('apf_inqueue_requests', ['apiserver_flowcontrol_current_inqueue_requests'], ['priority_level']);

  callingErrorRatio();

  // Webhooks seen in any webhook metric; none seen proves nothing (configured but never called).
  const webhookNames = new Set<string>();
  for (const f of families) {
    if (!f.name.startsWith('apiserver_admission_webhook_')) continue;
    for (const s of f.samples) if (s.labels.name !== undefined) webhookNames.add(s.labels.name);
  }
  if (webhookNames.size > 0)
    put('admission_webhooks_configured', [{ labels: {}, value: webhookNames.size }], '', true);

  const has = (prefixes: readonly string[]): boolean =>
    families.some((f) => prefixes.some((p) => f.name.startsWith(p)));
  const seen = {
    apiserver: has(['apiserver_']),
    etcd: has(['etcd_server_', 'etcd_disk_', 'etcd_mvcc_', 'etcd_network_']),
    scheduler: has(['scheduler_']),
    controllers:
      byName.get('workqueue_depth')?.samples.some((s) => CONTROLLER_QUEUES.has(s.labels.name ?? '')) ?? false,
  };
  const jobs: [keyof typeof seen, string][] = [
    ['apiserver', 'apiserver'],
    ['etcd', 'etcd'],
    ['scheduler', 'scheduler'],
    ['controllers', 'controller-manager'],
  ];
  const up = jobs.filter(([k]) => seen[k]).map(([, job]) => ({ labels: { job }, value: 1 }));
  put('target_up', up, '', false);

  const needsRates = jobs.filter(([k]) => seen[k]).flatMap(([k]) => RATE_INPUTS[k]);
  return {
    signals: {
      cluster,
      signals,
      // A snapshot proves nothing about what it does not hold: a component whose metrics are not in
      // the file is not given (UNKNOWN, through target_up), never "not observable here".
      observable: { etcd: true, scheduler: true, controllers: true },
    },
    needsRates,
  };
}
