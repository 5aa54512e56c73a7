import type { SignalName } from '@fleetscope/types';

/**
 * The signal catalog: for every Prometheus-backed signal, a default PromQL template.
 *
 * Templates use placeholders, replaced by {@link renderQuery}:
 * - `{apiserver}`, `{etcd}`, `{scheduler}`, `{controller_manager}`: the matchers selecting that job
 *   (and the cluster, on a shared Prometheus), e.g. `job="apiserver",cluster="prod"`. Use them as the
 *   first matchers of a selector: `up{{etcd}}`, `metric{{apiserver},verb="GET"}`.
 * - `{cluster}`: the cluster matcher alone (`cluster="prod"`) or nothing; put it after another matcher
 *   and a comma (`metric{job="x",{cluster}}`; PromQL accepts a trailing comma).
 * - `{window}`: the rate window (default 5m).
 * Overrides from configuration are templates too.
 *
 * Facts and thresholds: /work/shared/reference/control-plane-signals.md (kubernetes-mixin, etcd mixin).
 */

/** Logical control-plane jobs; the real `job` label values are configurable. */
export const JOB_KEYS = ['apiserver', 'etcd', 'scheduler', 'controllerManager'] as const;
export type JobKey = (typeof JOB_KEYS)[number];
export type PrometheusJobs = Record<JobKey, string>;

export const DEFAULT_JOBS: PrometheusJobs = {
  apiserver: 'apiserver',
  etcd: 'etcd',
  scheduler: 'kube-scheduler',
  controllerManager: 'kube-controller-manager',
};

/** The `job` label value a `target_up` sample carries for each logical job (signals.ts contract). */
export const TARGET_UP_JOB_LABEL: Record<JobKey, string> = {
  apiserver: 'apiserver',
  etcd: 'etcd',
  scheduler: 'scheduler',
  controllerManager: 'controller-manager',
};

export const DEFAULT_WINDOW = '5m';

export interface CatalogEntry {
  name: SignalName;
  template: string;
  /** 'rate' = the configured window; '' = an instant gauge; anything else a fixed window (e.g. '15m'). */
  window: 'rate' | '' | string;
  /** Labels kept on samples; everything else (job, cluster, instance noise) is dropped. */
  labels: readonly string[];
  /**
   * For a quantile: the histogram it is computed from, queried alongside so that a quantile whose
   * rank fell in +Inf (histogram_quantile then answers the top finite bound) is flagged as such.
   * `buckets` is the bucket rates by the kept labels and `le`; `mean` is rate(_sum)/rate(_count).
   */
  histogram?: HistogramQueries;
}

/** The two companion queries of a quantile signal (see {@link CatalogEntry.histogram}). */
export interface HistogramQueries {
  buckets: string;
  mean: string;
}

// Selectors shared by the API-server SLIs (kubernetes-mixin, with the fixes the reference calls for).
const READ = 'verb=~"LIST|GET"';
/** Server-side apply is its own verb; the mixin forgets it. */
const WRITE = 'verb=~"POST|PUT|PATCH|DELETE|APPLY"';
/** Streaming requests last as long as the client wants: never part of a latency SLI. */
const NOT_STREAMING = 'subresource!~"proxy|attach|log|exec|portforward"';
/** Dry-run requests are never in the SLI metric; keep them out of the fallback too (our own probe sends them). */
const NOT_DRY_RUN = 'dry_run=""';
/** Prometheus 3 normalises `le="1"` to `le="1.0"`: match both so any compatible backend answers. */
const le = (bound: number): string => `le=~"${bound}(\\\\.0)?"`;

const SLI = 'apiserver_request_sli_duration_seconds';
const FULL = 'apiserver_request_duration_seconds';

/**
 * `(expr over the SLI metric) or (expr over the full-latency metric)`: the SLI metric (webhook and
 * APF wait excluded) is the right one for "is the API server slow", but only exists from 1.26.
 */
function sliOrFallback(build: (metric: string, extra: string) => string): string {
  return `(${build(SLI, '')}) or (${build(FULL, `,${NOT_DRY_RUN}`)})`;
}

const sumBy = (by: readonly string[], expr: string): string =>
  by.length === 0 ? `sum(${expr})` : `sum by (${by.join(', ')}) (${expr})`;

/**
 * A histogram's bucket rates by `by` and `le`, and its mean (rate of _sum over rate of _count) by
 * `by`. `wrap` rewrites each rate (e.g. a label_replace) before it is summed.
 */
function histogram(
  metric: string,
  matchers: string,
  by: readonly string[],
  wrap: (rate: string) => string = (r) => r,
): HistogramQueries {
  const rate = (suffix: string): string => wrap(`rate(${metric}_${suffix}{${matchers}}[{window}])`);
  return {
    buckets: sumBy([...by, 'le'], rate('bucket')),
    mean: `${sumBy(by, rate('sum'))} / ${sumBy(by, rate('count'))}`,
  };
}

const quantile99 = (h: HistogramQueries): string => `histogram_quantile(0.99, ${h.buckets})`;

/** `(a) or (b)` for both companion queries. */
const eitherHistogram = (a: HistogramQueries, b: HistogramQueries): HistogramQueries => ({
  buckets: `(${a.buckets}) or (${b.buckets})`,
  mean: `(${a.mean}) or (${b.mean})`,
});

/** A quantile entry: the PromQL p99 and the histogram companions it is checked against. */
function p99Entry(
  name: SignalName,
  h: HistogramQueries,
  labels: readonly string[],
): Pick<CatalogEntry, 'name' | 'template' | 'window' | 'labels' | 'histogram'> {
  return { name, template: quantile99(h), window: 'rate', labels, histogram: h };
}

/** Empty scope is resource scope for SLO purposes (mixin: `scope=~"resource|"`). */
const readHistogram = (metric: string, extra: string): HistogramQueries =>
  histogram(
    metric,
    `{apiserver},${READ},${NOT_STREAMING}${extra}`,
    ['scope'],
    (rate) => `label_replace(${rate}, "scope", "resource", "scope", "")`,
  );

const writeHistogram = (metric: string, extra: string): HistogramQueries =>
  histogram(metric, `{apiserver},${WRITE},${NOT_STREAMING}${extra}`, []);

/** The SLI histogram (1.26+) or the full-latency one, for the p99 and for its companions alike. */
function sliOrFallbackHistogram(
  name: SignalName,
  build: (metric: string, extra: string) => HistogramQueries,
  labels: readonly string[],
): CatalogEntry {
  const sli = build(SLI, '');
  const full = build(FULL, `,${NOT_DRY_RUN}`);
  return {
    name,
    template: `(${quantile99(sli)}) or (${quantile99(full)})`,
    window: 'rate',
    labels,
    histogram: eitherHistogram(sli, full),
  };
}

const rateSum = (selector: string): string => `sum(rate(${selector}[{window}]))`;
const orZero = (expr: string): string => `(${expr} or vector(0))`;

/**
 * The mixin's error-ratio SLI: (requests − requests within their scope's bound + 5xx) / requests.
 * Every addend is `or vector(0)` so a scope without traffic or a cluster without 5xx does not empty the
 * whole expression; only a missing request count does, which is what lets the fallback take over.
 * Bounds: reads 1 s for resource scope, 30 s for namespace (the 2022 SLO, not the mixin's 5 s) and
 * cluster; writes 1 s.
 */
const readErrorRatio = (metric: string, extra: string): string => {
  const base = `{apiserver},${READ},${NOT_STREAMING}${extra}`;
  const within = [
    orZero(rateSum(`${metric}_bucket{${base},scope=~"resource|",${le(1)}}`)),
    orZero(rateSum(`${metric}_bucket{${base},scope="namespace",${le(30)}}`)),
    orZero(rateSum(`${metric}_bucket{${base},scope="cluster",${le(30)}}`)),
  ].join(' + ');
  const totals = `{apiserver},${READ},${NOT_STREAMING}`;
  return (
    `((${rateSum(`${metric}_count{${base}}`)} - (${within})) + ` +
    `${orZero(rateSum(`apiserver_request_total{${totals},code=~"5.."}`))}) / ` +
    rateSum(`apiserver_request_total{${totals}}`)
  );
};

const writeErrorRatio = (metric: string, extra: string): string => {
  const base = `{apiserver},${WRITE},${NOT_STREAMING}${extra}`;
  const totals = `{apiserver},${WRITE},${NOT_STREAMING},${NOT_DRY_RUN}`;
  return (
    `((${rateSum(`${metric}_count{${base}}`)} - ${orZero(rateSum(`${metric}_bucket{${base},${le(1)}}`))}) + ` +
    `${orZero(rateSum(`apiserver_request_total{${totals},code=~"5.."}`))}) / ` +
    rateSum(`apiserver_request_total{${totals}}`)
  );
};

/** `max(up)` per logical job, relabelled to the contract's job names so diagnostics never see real job names. */
const targetUp = JOB_KEYS.map(
  (key) => `label_replace(max(up{{${placeholderFor(key)}}}), "job", "${TARGET_UP_JOB_LABEL[key]}", "", "")`,
).join(' or ');

export const SIGNAL_CATALOG: readonly CatalogEntry[] = [
  { name: 'target_up', template: targetUp, window: '', labels: ['job'] },

  // Read path
  sliOrFallbackHistogram('read_p99_seconds', readHistogram, ['scope']),
  { name: 'read_error_ratio', template: sliOrFallback(readErrorRatio), window: 'rate', labels: [] },
  {
    name: 'read_requests_per_second',
    template: rateSum(`apiserver_request_total{{apiserver},${READ}}`),
    window: 'rate',
    labels: [],
  },

  // Write path
  sliOrFallbackHistogram('write_p99_seconds', writeHistogram, []),
  { name: 'write_error_ratio', template: sliOrFallback(writeErrorRatio), window: 'rate', labels: [] },
  {
    name: 'write_requests_per_second',
    template: rateSum(`apiserver_request_total{{apiserver},${WRITE}}`),
    window: 'rate',
    labels: [],
  },

  // API Priority and Fairness. No rejection ever ⇒ no series ⇒ samples [] (0 when apiserver is up).
  {
    name: 'apf_rejected_per_second',
    template:
      'sum by (priority_level, reason) (rate(apiserver_flowcontrol_rejected_requests_total{{apiserver}}[{window}]))',
    window: 'rate',
    labels: ['priority_level', 'reason'],
  },
  {
    name: 'apf_inqueue_requests',
    template: 'sum by (priority_level) (apiserver_flowcontrol_current_inqueue_requests{{apiserver}})',
    window: '',
    labels: ['priority_level'],
  },
  {
    name: 'request_terminations_ratio',
    template: `${orZero(rateSum('apiserver_request_terminations_total{{apiserver}}'))} / ${rateSum('apiserver_request_total{{apiserver}}')}`,
    window: 'rate',
    labels: [],
  },

  // Admission
  // v1.24 buckets end at 2.5 s: a webhook timing out at 10 s saturates it (the companions tell).
  p99Entry(
    'admission_webhook_p99_seconds',
    histogram('apiserver_admission_webhook_admission_duration_seconds', '{apiserver}', ['name', 'type']),
    ['name', 'type'],
  ),
  {
    name: 'admission_webhook_rejections_per_second',
    template:
      'sum by (name, error_type) (rate(apiserver_admission_webhook_rejection_count{{apiserver}}[{window}]))',
    window: 'rate',
    labels: ['name', 'error_type'],
  },
  {
    // Share of each webhook's calls failing with calling_webhook_error; 0 (not absent) for a webhook
    // called without such failures.
    name: 'admission_webhook_calling_error_ratio',
    template:
      '(sum by (name) (rate(apiserver_admission_webhook_rejection_count{{apiserver},error_type="calling_webhook_error"}[{window}]))' +
      ' or (0 * sum by (name) (rate(apiserver_admission_webhook_admission_duration_seconds_count{{apiserver}}[{window}]))))' +
      ' / sum by (name) (rate(apiserver_admission_webhook_admission_duration_seconds_count{{apiserver}}[{window}]))',
    window: 'rate',
    labels: ['name'],
  },
  {
    name: 'admission_webhook_fail_open_per_second',
    template: 'sum by (name) (rate(apiserver_admission_webhook_fail_open_count{{apiserver}}[{window}]))',
    window: 'rate',
    labels: ['name'],
  },
  {
    // Webhooks the API server has called since it started. 0 only while the API server is scraped:
    // "no webhooks" must never be claimed about an API server we cannot see.
    name: 'admission_webhooks_configured',
    template:
      '(count(count by (name) (apiserver_admission_webhook_admission_duration_seconds_count{{apiserver}})) or vector(0))' +
      ' and on() (max(up{{apiserver}}) == 1)',
    window: '',
    labels: [],
  },

  // Watch
  {
    // `resource` is a label in 1.33 and (with `group`) from 1.34: aggregating by it works on both.
    name: 'watch_terminated_watchers_per_second',
    template: 'sum by (resource) (rate(apiserver_terminated_watchers_total{{apiserver}}[{window}]))',
    window: 'rate',
    labels: ['resource'],
  },
  {
    name: 'watch_longrunning',
    template:
      'sum(apiserver_longrunning_requests{{apiserver},verb="WATCH"}) or sum(apiserver_longrunning_gauge{{apiserver},verb="WATCH"})',
    window: '',
    labels: [],
  },
  p99Entry(
    'watch_cache_read_wait_p99_seconds',
    histogram('apiserver_watch_cache_read_wait_seconds', '{apiserver}', []),
    [],
  ),

  // etcd (its own metrics; etcd mixin)
  {
    name: 'etcd_has_leader',
    template: 'max by (instance) (etcd_server_has_leader{{etcd}})',
    window: '',
    labels: ['instance'],
  },
  { name: 'etcd_members_up', template: 'sum(up{{etcd}})', window: '', labels: [] },
  { name: 'etcd_members_total', template: 'count(up{{etcd}})', window: '', labels: [] },
  {
    name: 'etcd_leader_changes_15m',
    template: 'max(increase(etcd_server_leader_changes_seen_total{{etcd}}[15m]))',
    window: '15m',
    labels: [],
  },
  p99Entry(
    'etcd_wal_fsync_p99_seconds',
    histogram('etcd_disk_wal_fsync_duration_seconds', '{etcd}', ['instance']),
    ['instance'],
  ),
  p99Entry(
    'etcd_backend_commit_p99_seconds',
    histogram('etcd_disk_backend_commit_duration_seconds', '{etcd}', ['instance']),
    ['instance'],
  ),
  {
    // A single-member etcd has no peers and so no series.
    ...p99Entry(
      'etcd_peer_rtt_p99_seconds',
      histogram('etcd_network_peer_round_trip_time_seconds', '{etcd}', ['instance', 'To']),
      ['instance', 'To'],
    ),
  },
  {
    name: 'etcd_proposals_failed_per_second',
    template: rateSum('etcd_server_proposals_failed_total{{etcd}}'),
    window: 'rate',
    labels: [],
  },
  {
    name: 'etcd_db_size_bytes',
    template: 'max by (instance) (etcd_mvcc_db_total_size_in_bytes{{etcd}})',
    window: '',
    labels: ['instance'],
  },
  {
    name: 'etcd_db_in_use_bytes',
    template: 'max by (instance) (etcd_mvcc_db_total_size_in_use_in_bytes{{etcd}})',
    window: '',
    labels: ['instance'],
  },
  {
    name: 'etcd_quota_bytes',
    template: 'max by (instance) (etcd_server_quota_backend_bytes{{etcd}})',
    window: '',
    labels: ['instance'],
  },
  {
    // Every API server reports the same etcd: max per storage cluster, summed over (e.g. a separate events etcd).
    // Before 1.28 the metric was apiserver_storage_db_total_size_in_bytes.
    name: 'apiserver_storage_size_bytes',
    template:
      'sum(max by (storage_cluster_id) (apiserver_storage_size_bytes{{apiserver}})) or ' +
      'sum(max by (endpoint) (apiserver_storage_db_total_size_in_bytes{{apiserver}}))',
    window: '',
    labels: [],
  },

  // Scheduler
  {
    name: 'scheduler_pending_pods',
    template: 'sum by (queue) (scheduler_pending_pods{{scheduler}})',
    window: '',
    labels: ['queue'],
  },
  {
    name: 'scheduler_attempts_per_second',
    template: 'sum by (result) (rate(scheduler_schedule_attempts_total{{scheduler}}[{window}]))',
    window: 'rate',
    labels: ['result'],
  },
  {
    // scheduler_e2e_scheduling_duration_seconds is the pre-1.23 name.
    name: 'scheduler_attempt_p99_seconds',
    template:
      `(${quantile99(histogram('scheduler_scheduling_attempt_duration_seconds', '{scheduler}', []))}) or ` +
      `(${quantile99(histogram('scheduler_e2e_scheduling_duration_seconds', '{scheduler}', []))})`,
    window: 'rate',
    labels: [],
    histogram: eitherHistogram(
      histogram('scheduler_scheduling_attempt_duration_seconds', '{scheduler}', []),
      histogram('scheduler_e2e_scheduling_duration_seconds', '{scheduler}', []),
    ),
  },

  // Controller manager
  {
    name: 'workqueue_depth',
    template: 'sum by (name) (workqueue_depth{{controller_manager}})',
    window: '',
    labels: ['name'],
  },
  p99Entry(
    'workqueue_queue_p99_seconds',
    histogram('workqueue_queue_duration_seconds', '{controller_manager}', ['name']),
    ['name'],
  ),
  {
    name: 'workqueue_depth_growth_per_second',
    template: 'sum by (name) (deriv(workqueue_depth{{controller_manager}}[{window}]))',
    window: 'rate',
    labels: ['name'],
  },
];

/** Every signal Prometheus can answer; the probe_* signals come from synthetic probes instead. */
export const PROMETHEUS_SIGNALS: readonly SignalName[] = SIGNAL_CATALOG.map((e) => e.name);

export interface QueryContext {
  jobs: PrometheusJobs;
  /** Label naming the cluster on a shared Prometheus; null when the Prometheus serves one cluster. */
  clusterLabel: string | null;
  cluster: string;
  /** Rate window, a Prometheus duration like "5m". */
  window: string;
}

/** A catalog entry made concrete for one cluster: the PromQL to run and the window it summarises. */
export interface CatalogQuery {
  name: SignalName;
  query: string;
  window: string;
  labels: readonly string[];
  overridden: boolean;
  /** The rendered companions of a quantile (see CatalogEntry.histogram); null when none or overridden. */
  histogram: HistogramQueries | null;
}

/** Renders every catalog entry (or its override) for one cluster. */
export function buildQueries(
  context: QueryContext,
  overrides: Partial<Record<SignalName, string>> = {},
): CatalogQuery[] {
  return SIGNAL_CATALOG.map((entry) => {
    const override = overrides[entry.name];
    return {
      name: entry.name,
      query: renderQuery(override ?? entry.template, context),
      window: entry.window === 'rate' ? context.window : entry.window,
      labels: entry.labels,
      overridden: override !== undefined,
      // An overridden quantile may not come from this histogram: its saturation cannot be checked.
      histogram:
        entry.histogram === undefined || override !== undefined
          ? null
          : {
              buckets: renderQuery(entry.histogram.buckets, context),
              mean: renderQuery(entry.histogram.mean, context),
            },
    };
  });
}

/** The catalog entry for a signal, or undefined when Prometheus does not provide it. */
export function catalogEntry(name: SignalName): CatalogEntry | undefined {
  return SIGNAL_CATALOG.find((e) => e.name === name);
}

const PLACEHOLDER = /\{(apiserver|etcd|scheduler|controller_manager|cluster|window)\}/g;

/** Replaces the placeholders of a template (see the top of this file). */
export function renderQuery(template: string, context: QueryContext): string {
  const cluster =
    context.clusterLabel === null ? '' : `${context.clusterLabel}="${escapeLabelValue(context.cluster)}"`;
  const jobMatchers = (key: JobKey): string =>
    [`job="${escapeLabelValue(context.jobs[key])}"`, cluster].filter((m) => m !== '').join(',');
  return template.replace(PLACEHOLDER, (_, name: string) => {
    switch (name) {
      case 'apiserver':
        return jobMatchers('apiserver');
      case 'etcd':
        return jobMatchers('etcd');
      case 'scheduler':
        return jobMatchers('scheduler');
      case 'controller_manager':
        return jobMatchers('controllerManager');
      case 'cluster':
        return cluster;
      default:
        return context.window;
    }
  });
}

function placeholderFor(key: JobKey): string {
  return key === 'controllerManager' ? 'controller_manager' : key;
}

/** PromQL double-quoted strings use Go escaping. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
