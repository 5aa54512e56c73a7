import {
  SIGNAL_NAMES,
  type Signal,
  type SignalName,
  type SignalSample,
  type SignalSet,
} from '@fleetscope/types';
import { type Bucket, histogramQuantile } from './distribution.ts';
import { etcdMemberName, type Labels, type Target } from './families.ts';
import type { ControlPlaneState, Sample } from './state.ts';

/**
 * Named signals computed straight from the simulated control plane: the numbers a Prometheus scraping
 * the `/sim/metrics/*` endpoints would compute with the usual PromQL (rate over 5m, histogram_quantile
 * over bucket rates, sums by label). The demo's metrics source uses this instead of a Prometheus.
 */

const WINDOW_MS = 5 * 60_000;
const WINDOW = '5m';
const SOURCE = 'simulator';
const READ_VERBS = new Set(['GET', 'LIST']);
const WRITE_VERBS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY']);
const STREAMING = new Set(['proxy', 'attach', 'log', 'exec', 'portforward']);

/** Samples of one scrape, by sample name. */
type Scrape = Map<string, Sample[]>;

function scrape(state: ControlPlaneState, target: Target, member: number, at: number): Scrape | undefined {
  const families = state.evaluate(target, member, at);
  if (!families) return undefined;
  const out: Scrape = new Map();
  for (const f of families) {
    for (const s of f.samples) {
      const list = out.get(s.name) ?? [];
      list.push(s);
      out.set(s.name, list);
    }
  }
  return out;
}

function key(labels: Labels, by?: readonly string[]): string {
  const names = by ?? Object.keys(labels).sort();
  return names.map((n) => `${n}=${labels[n] ?? ''}`).join(',');
}

function pick(labels: Labels, by: readonly string[]): Labels {
  return Object.fromEntries(by.map((n) => [n, labels[n] ?? '']));
}

type Filter = (labels: Labels) => boolean;
const all: Filter = () => true;

/** A scrape now and one a window earlier: what rate() and increase() look at. */
interface Window {
  now: Scrape;
  before: Scrape | undefined;
  seconds: number;
}

/** sum by (by) (increase(name{filter}[window])) — a series new in the window counts from 0. */
function increase(
  w: Window,
  name: string,
  filter: Filter,
  by: readonly string[],
): Map<string, { labels: Labels; value: number }> {
  const before = new Map((w.before?.get(name) ?? []).map((s) => [key(s.labels), s.value]));
  const out = new Map<string, { labels: Labels; value: number }>();
  for (const s of w.now.get(name) ?? []) {
    if (!filter(s.labels)) continue;
    const delta = Math.max(0, s.value - (before.get(key(s.labels)) ?? 0));
    const k = key(s.labels, by);
    const acc = out.get(k) ?? { labels: pick(s.labels, by), value: 0 };
    acc.value += delta;
    out.set(k, acc);
  }
  return out;
}

function rate(w: Window, name: string, filter: Filter, by: readonly string[]): SignalSample[] {
  return [...increase(w, name, filter, by).values()].map((r) => ({
    labels: r.labels,
    value: r.value / w.seconds,
  }));
}

function total(w: Window, name: string, filter: Filter): number {
  let sum = 0;
  for (const r of increase(w, name, filter, []).values()) sum += r.value;
  return sum;
}

/**
 * histogram_quantile(q, sum by (le, by) (rate(name_bucket{filter}[window]))). When the rank falls in
 * +Inf, Prometheus answers the top finite bound; the sample then says so (`saturated`, with the
 * mean from _sum/_count over the window), as a source must: that number is a floor, not a latency.
 */
function quantile(w: Window, q: number, name: string, filter: Filter, by: readonly string[]): SignalSample[] {
  const buckets = increase(w, `${name}_bucket`, filter, [...by, 'le']);
  const sums = increase(w, `${name}_sum`, filter, by);
  const counts = increase(w, `${name}_count`, filter, by);
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const b of buckets.values()) {
    const labels = pick(b.labels, by);
    const k = key(labels, by);
    const g = groups.get(k) ?? { labels, buckets: [] };
    const le = b.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels.le);
    g.buckets.push({ le, count: b.value / w.seconds });
    groups.set(k, g);
  }
  return [...groups.entries()].map(([k, g]) => {
    const sample: SignalSample = { labels: g.labels, value: histogramQuantile(q, g.buckets) };
    const sorted = [...g.buckets].sort((a, b) => a.le - b.le);
    const inf = sorted[sorted.length - 1]?.count ?? 0;
    const top = sorted.filter((b) => Number.isFinite(b.le)).pop();
    if (top !== undefined && inf > 0 && top.count < q * inf) {
      const count = counts.get(k)?.value ?? 0;
      const sum = sums.get(k)?.value ?? 0;
      sample.saturated = { mean: count > 0 ? sum / count : null, shareAbove: (inf - top.count) / inf };
    }
    return sample;
  });
}

/** sum by (name) (rate(rejections{calling_webhook_error})) / sum by (name) (rate(webhook calls)). */
function callingErrorRatio(w: Window): SignalSample[] {
  const calls = increase(w, 'apiserver_admission_webhook_admission_duration_seconds_count', all, ['name']);
  const failed = increase(
    w,
    'apiserver_admission_webhook_rejection_count',
    (l) => l.error_type === 'calling_webhook_error',
    ['name'],
  );
  const out: SignalSample[] = [];
  for (const [k, c] of calls) {
    if (c.value > 0)
      out.push({ labels: c.labels, value: Math.min(1, (failed.get(k)?.value ?? 0) / c.value) });
  }
  return out;
}

/** Cumulative count at bucket `le` summed over the matching series, in the window. */
function bucketIncrease(w: Window, name: string, filter: Filter, le: string): number {
  return total(w, `${name}_bucket`, (l) => l.le === le && filter(l));
}

function gauge(s: Scrape, name: string, filter: Filter, by: readonly string[]): SignalSample[] {
  const out = new Map<string, SignalSample>();
  for (const sample of s.get(name) ?? []) {
    if (!filter(sample.labels)) continue;
    const k = key(sample.labels, by);
    const acc = out.get(k) ?? { labels: pick(sample.labels, by), value: 0 };
    acc.value += sample.value;
    out.set(k, acc);
  }
  return [...out.values()];
}

function withLabels(samples: SignalSample[], extra: Labels): SignalSample[] {
  return samples.map((s) => ({ ...s, labels: { ...s.labels, ...extra } }));
}

/** Latency bound of the read SLI by scope (sig-scalability SLO: 1 s resource, 30 s namespace/cluster). */
function readBound(scope: string): string {
  return scope === 'namespace' || scope === 'cluster' ? '30' : '1';
}

/** (requests − requests within their bound + 5xx) / requests, as the kubernetes-mixin SLI. */
function errorRatio(w: Window, verbs: Set<string>, bound: (scope: string) => string): SignalSample[] {
  const slo: Filter = (l) => verbs.has(l.verb ?? '') && !STREAMING.has(l.subresource ?? '');
  const requests = total(w, 'apiserver_request_total', slo);
  if (requests <= 0) return [];
  const errors = total(w, 'apiserver_request_total', (l) => slo(l) && /^5/.test(l.code ?? ''));
  const sliCount = total(w, 'apiserver_request_sli_duration_seconds_count', slo);
  let within = 0;
  for (const scope of ['resource', 'namespace', 'cluster', '']) {
    within += bucketIncrease(
      w,
      'apiserver_request_sli_duration_seconds',
      (l) => slo(l) && l.scope === scope,
      bound(scope),
    );
  }
  // Requests the SLI histogram does not see (dry runs) count as within their bound.
  const unseen = Math.max(0, requests - sliCount);
  const ratio = (requests - within - unseen + errors) / requests;
  return [{ labels: {}, value: Math.min(1, Math.max(0, ratio)) }];
}

class SignalBuilder {
  readonly signals: Partial<Record<SignalName, Signal>> = {};
  private readonly observedAt: number;

  constructor(observedAt: number) {
    this.observedAt = observedAt;
  }

  add(name: SignalName, samples: SignalSample[], window: string): void {
    const finite = samples.filter((s) => Number.isFinite(s.value));
    const existing = this.signals[name];
    if (existing) {
      existing.samples.push(...finite);
      return;
    }
    this.signals[name] = {
      name,
      samples: finite,
      window,
      source: SOURCE,
      observedAt: this.observedAt,
      error: null,
    };
  }
}

function apiserverSignals(b: SignalBuilder, w: Window): void {
  const read: Filter = (l) => READ_VERBS.has(l.verb ?? '') && !STREAMING.has(l.subresource ?? '');
  const write: Filter = (l) => WRITE_VERBS.has(l.verb ?? '') && !STREAMING.has(l.subresource ?? '');
  b.add(
    'read_p99_seconds',
    quantile(w, 0.99, 'apiserver_request_sli_duration_seconds', read, ['scope']),
    WINDOW,
  );
  b.add('read_error_ratio', errorRatio(w, READ_VERBS, readBound), WINDOW);
  b.add('read_requests_per_second', rate(w, 'apiserver_request_total', read, []), WINDOW);
  b.add('write_p99_seconds', quantile(w, 0.99, 'apiserver_request_sli_duration_seconds', write, []), WINDOW);
  b.add(
    'write_error_ratio',
    errorRatio(w, WRITE_VERBS, () => '1'),
    WINDOW,
  );
  b.add('write_requests_per_second', rate(w, 'apiserver_request_total', write, []), WINDOW);
  b.add(
    'apf_rejected_per_second',
    rate(w, 'apiserver_flowcontrol_rejected_requests_total', all, ['priority_level', 'reason']),
    WINDOW,
  );
  b.add(
    'apf_inqueue_requests',
    gauge(w.now, 'apiserver_flowcontrol_current_inqueue_requests', all, ['priority_level']),
    '',
  );
  const requests = total(w, 'apiserver_request_total', all);
  const terminations = total(w, 'apiserver_request_terminations_total', all);
  b.add(
    'request_terminations_ratio',
    requests > 0 ? [{ labels: {}, value: terminations / requests }] : [],
    WINDOW,
  );

  const webhook = 'apiserver_admission_webhook_admission_duration_seconds';
  b.add('admission_webhook_p99_seconds', quantile(w, 0.99, webhook, all, ['name', 'type']), WINDOW);
  b.add(
    'admission_webhook_rejections_per_second',
    rate(w, 'apiserver_admission_webhook_rejection_count', all, ['name', 'error_type']),
    WINDOW,
  );
  b.add(
    'admission_webhook_fail_open_per_second',
    rate(w, 'apiserver_admission_webhook_fail_open_count', all, ['name']),
    WINDOW,
  );
  b.add('admission_webhook_calling_error_ratio', callingErrorRatio(w), WINDOW);
  const names = new Set((w.now.get(`${webhook}_count`) ?? []).map((s) => s.labels.name));
  b.add('admission_webhooks_configured', [{ labels: {}, value: names.size }], WINDOW);

  b.add(
    'watch_terminated_watchers_per_second',
    rate(w, 'apiserver_terminated_watchers_total', all, ['resource']),
    WINDOW,
  );
  b.add(
    'watch_longrunning',
    gauge(w.now, 'apiserver_longrunning_requests', (l) => l.verb === 'WATCH', []),
    '',
  );
  b.add(
    'watch_cache_read_wait_p99_seconds',
    quantile(w, 0.99, 'apiserver_watch_cache_read_wait_seconds', all, []),
    WINDOW,
  );
  b.add('apiserver_storage_size_bytes', gauge(w.now, 'apiserver_storage_size_bytes', all, []), '');
}

function etcdSignals(b: SignalBuilder, state: ControlPlaneState, at: number, members: number): void {
  let up = 0;
  for (let m = 0; m < members; m++) {
    const now = scrape(state, 'etcd', m, at);
    if (!now) continue;
    up++;
    const instance = { instance: etcdMemberName(m) };
    const w: Window = { now, before: scrape(state, 'etcd', m, at - WINDOW_MS), seconds: WINDOW_MS / 1000 };
    const w15: Window = {
      now,
      before: scrape(state, 'etcd', m, at - 3 * WINDOW_MS),
      seconds: (3 * WINDOW_MS) / 1000,
    };
    b.add('etcd_has_leader', withLabels(gauge(now, 'etcd_server_has_leader', all, []), instance), '');
    b.add(
      'etcd_leader_changes_15m',
      [...increase(w15, 'etcd_server_leader_changes_seen_total', all, []).values()].map((r) => ({
        labels: instance,
        value: r.value,
      })),
      '15m',
    );
    const p99 = (name: string): SignalSample[] => withLabels(quantile(w, 0.99, name, all, []), instance);
    b.add('etcd_wal_fsync_p99_seconds', p99('etcd_disk_wal_fsync_duration_seconds'), WINDOW);
    b.add('etcd_backend_commit_p99_seconds', p99('etcd_disk_backend_commit_duration_seconds'), WINDOW);
    b.add('etcd_peer_rtt_p99_seconds', p99('etcd_network_peer_round_trip_time_seconds'), WINDOW);
    b.add(
      'etcd_proposals_failed_per_second',
      withLabels(rate(w, 'etcd_server_proposals_failed_total', all, []), instance),
      WINDOW,
    );
    b.add(
      'etcd_db_size_bytes',
      withLabels(gauge(now, 'etcd_mvcc_db_total_size_in_bytes', all, []), instance),
      '',
    );
    b.add(
      'etcd_db_in_use_bytes',
      withLabels(gauge(now, 'etcd_mvcc_db_total_size_in_use_in_bytes', all, []), instance),
      '',
    );
    b.add(
      'etcd_quota_bytes',
      withLabels(gauge(now, 'etcd_server_quota_backend_bytes', all, []), instance),
      '',
    );
  }
  b.add('etcd_members_up', [{ labels: {}, value: up }], '');
  b.add('etcd_members_total', [{ labels: {}, value: members }], '');
}

function schedulerSignals(b: SignalBuilder, w: Window): void {
  b.add('scheduler_pending_pods', gauge(w.now, 'scheduler_pending_pods', all, ['queue']), '');
  b.add(
    'scheduler_attempts_per_second',
    rate(w, 'scheduler_schedule_attempts_total', all, ['result']),
    WINDOW,
  );
  b.add(
    'scheduler_attempt_p99_seconds',
    quantile(w, 0.99, 'scheduler_scheduling_attempt_duration_seconds', all, []),
    WINDOW,
  );
}

function controllerSignals(b: SignalBuilder, w: Window): void {
  const depth = gauge(w.now, 'workqueue_depth', all, ['name']);
  b.add('workqueue_depth', depth, '');
  b.add(
    'workqueue_queue_p99_seconds',
    quantile(w, 0.99, 'workqueue_queue_duration_seconds', all, ['name']),
    WINDOW,
  );
  const before = new Map(
    (w.before ? gauge(w.before, 'workqueue_depth', all, ['name']) : []).map((s) => [s.labels.name, s.value]),
  );
  b.add(
    'workqueue_depth_growth_per_second',
    depth.map((d) => ({
      labels: d.labels,
      value: (d.value - (before.get(d.labels.name) ?? d.value)) / w.seconds,
    })),
    WINDOW,
  );
}

/** A windowed value as rules compare it: a saturated quantile by the larger of its floor and its mean. */
function estimate(s: SignalSample): number {
  return s.saturated ? Math.max(s.value, s.saturated.mean ?? s.value) : s.value;
}

/**
 * When each windowed API-server signal last showed what it shows: a 5-minute rate keeps holding a
 * failure for five minutes after it ended. The simulator knows when the scenario changed: when that
 * was within the window and the signal computed over the time since (the current scenario alone)
 * is at most half of the windowed value, the failure belongs to the previous scenario and was last
 * seen when it ended; otherwise it is still seen now. What a Prometheus could answer with a subquery.
 */
function addFailureHistory(b: SignalBuilder, state: ControlPlaneState, now: number): void {
  const since = state.segmentStart(now);
  const changedInWindow = since > now - WINDOW_MS && now - since >= 1_000;
  let regime: SignalBuilder | null = null;
  if (changedInWindow) {
    const current = scrape(state, 'apiserver', 0, now);
    const before = scrape(state, 'apiserver', 0, since);
    if (current && before) {
      regime = new SignalBuilder(now);
      apiserverSignals(regime, { now: current, before, seconds: (now - since) / 1000 });
    }
  }
  for (const signal of Object.values(b.signals)) {
    if (!signal || signal.window !== WINDOW) continue;
    const showing = signal.samples.filter((x) => estimate(x) > 0);
    if (showing.length === 0) continue;
    const later = regime?.signals[signal.name]?.samples ?? [];
    const past =
      regime !== null &&
      showing.every((x) => {
        const same = later.find((y) => key(y.labels) === key(x.labels));
        return same === undefined || estimate(same) <= 0.5 * estimate(x);
      });
    signal.history = { failedUntil: past ? since : now, passingSince: null };
  }
}

/** Signal names a Prometheus-backed source would fill (synthetic probes are measured elsewhere). */
const METRIC_SIGNALS: readonly SignalName[] = SIGNAL_NAMES.filter((n) => !n.startsWith('probe_'));

/**
 * Every metric-based signal for one cluster at `now`, from its simulated control plane, with
 * `source: 'simulator'` and 5-minute windows. Managed clusters get no etcd/scheduler/controller signals
 * (and `observable` says so); the `prometheus-unreachable` scenario gets every signal with an error.
 */
export function signalsFromState(cluster: string, state: ControlPlaneState, now: number): SignalSet {
  const spec = state.spec(now);
  const observable = { etcd: !spec.managed, scheduler: !spec.managed, controllers: !spec.managed };
  if (!spec.prometheusReachable) {
    const signals: Partial<Record<SignalName, Signal>> = {};
    for (const name of METRIC_SIGNALS) {
      signals[name] = {
        name,
        samples: [],
        window: '',
        source: SOURCE,
        observedAt: null,
        error: 'Prometheus unreachable (simulated: scenario prometheus-unreachable)',
      };
    }
    return { cluster, signals, observable };
  }
  const b = new SignalBuilder(now);
  const window = (target: Target): Window | undefined => {
    const current = scrape(state, target, 0, now);
    if (!current) return undefined;
    return { now: current, before: scrape(state, target, 0, now - WINDOW_MS), seconds: WINDOW_MS / 1000 };
  };
  const up: SignalSample[] = [{ labels: { job: 'apiserver', instance: 'apiserver' }, value: 1 }];
  const apiserver = window('apiserver');
  if (apiserver) {
    apiserverSignals(b, apiserver);
    addFailureHistory(b, state, now);
  }
  if (!spec.managed) {
    for (let m = 0; m < spec.etcd.members; m++) {
      up.push({
        labels: { job: 'etcd', instance: etcdMemberName(m) },
        value: state.scrapeable('etcd', m, now) ? 1 : 0,
      });
    }
    etcdSignals(b, state, now, spec.etcd.members);
    const scheduler = window('scheduler');
    up.push({ labels: { job: 'scheduler', instance: 'scheduler' }, value: scheduler ? 1 : 0 });
    if (scheduler) schedulerSignals(b, scheduler);
    const controllers = window('controller-manager');
    up.push({
      labels: { job: 'controller-manager', instance: 'controller-manager' },
      value: controllers ? 1 : 0,
    });
    if (controllers) controllerSignals(b, controllers);
  }
  b.add('target_up', up, '');
  return { cluster, signals: b.signals, observable };
}
