/**
 * Named control-plane signals: the contract between metric sources (Prometheus, the simulator,
 * synthetic probes, exposition files) and the pure control-plane diagnostics. A source fills what it
 * can; diagnostics judge what they get. Absent is not zero: a signal with an error or that was never
 * queried is UNKNOWN evidence, while a counter with no series on a target that is up reads as 0.
 */

export const SIGNAL_NAMES = [
  // Scrape targets (1 up, 0 down); missing target ⇒ UNKNOWN for what depends on it.
  'target_up', // labels: job in apiserver | etcd | scheduler | controller-manager
  // Read path (GET, LIST), non-streaming
  'read_p99_seconds', // labels: scope in resource | namespace | cluster
  'read_error_ratio', // SLI: slow (beyond scope bound) + 5xx over all reads, 0..1
  'read_requests_per_second',
  // Write path (POST, PUT, PATCH, DELETE, APPLY)
  'write_p99_seconds',
  'write_error_ratio',
  'write_requests_per_second',
  // API Priority and Fairness
  'apf_rejected_per_second', // labels: priority_level, reason
  'apf_inqueue_requests', // labels: priority_level
  'request_terminations_ratio', // apiserver_request_terminations_total / requests
  // Admission
  'admission_webhook_p99_seconds', // labels: name, type
  'admission_webhook_rejections_per_second', // labels: name, error_type
  'admission_webhook_calling_error_ratio', // labels: name; calls failing with calling_webhook_error / calls, 0..1
  'admission_webhook_fail_open_per_second', // labels: name
  'admission_webhooks_configured', // count of webhooks seen; 0 ⇒ admission NOT_APPLICABLE
  // Watch
  'watch_terminated_watchers_per_second', // labels: resource
  'watch_longrunning', // current WATCH requests
  'watch_cache_read_wait_p99_seconds',
  // etcd
  'etcd_has_leader', // labels: instance; 1/0
  'etcd_members_up',
  'etcd_members_total',
  'etcd_leader_changes_15m',
  'etcd_wal_fsync_p99_seconds',
  'etcd_backend_commit_p99_seconds',
  'etcd_peer_rtt_p99_seconds',
  'etcd_proposals_failed_per_second',
  'etcd_db_size_bytes',
  'etcd_db_in_use_bytes',
  'etcd_quota_bytes',
  'apiserver_storage_size_bytes', // the API server's view of etcd, when etcd is not observable
  // Scheduler
  'scheduler_pending_pods', // labels: queue
  'scheduler_attempts_per_second', // labels: result in scheduled | unschedulable | error
  'scheduler_attempt_p99_seconds',
  // Controller manager
  'workqueue_depth', // labels: name
  'workqueue_queue_p99_seconds', // labels: name
  'workqueue_depth_growth_per_second', // labels: name (deriv over the window)
  // Synthetic probes (seconds; error set when the probe failed)
  'probe_readyz_seconds',
  'probe_list_seconds',
  'probe_admission_dry_run_seconds',
  'probe_write_seconds',
  'probe_watch_delivery_seconds',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

export interface SignalSample {
  labels: Record<string, string>;
  /** A finite number. NaN/Inf never reach here: the source turns them into an error or drops the sample. */
  value: number;
  /**
   * Set on a quantile that fell in the +Inf bucket: `value` is then only the largest finite bucket bound
   * (what histogram_quantile answers), the true quantile is above it, and `mean` (from _sum/_count, null
   * when unknown) is the only measured size. `shareAbove` is the share of observations above that bound.
   */
  saturated?: { mean: number | null; shareAbove: number };
}

/**
 * When a signal's failure was last seen, and since when a probe passes: what lets fresher direct
 * evidence (a probe passing now) outrank a windowed metric that still holds past failures.
 */
export interface SignalHistory {
  /** Epoch ms of the last observation that showed a failure (a failed probe; errors in the raw series). */
  failedUntil: number | null;
  /** Epoch ms since which every observation passed (probes); null when it is not passing. */
  passingSince: number | null;
}

export interface Signal {
  name: SignalName;
  /** Empty = no series. Whether that means 0 or unknown depends on the signal and its target (see above). */
  samples: SignalSample[];
  /** Window the value summarises, e.g. "5m"; "" for instant gauges. */
  window: string;
  /** Where it came from, e.g. "prometheus http://…", "probe", "simulator", "exposition file". */
  source: string;
  /** Epoch ms of the observation; null when never observed. */
  observedAt: number | null;
  /** Why the value is unavailable (query failed, timed out, garbage); null when fine. */
  error: string | null;
  /** What the source knows of this signal's recent past (probes keep it; metric sources may). */
  history?: SignalHistory;
}

/** Every signal known for one cluster at one moment. A name missing from the record was not collected. */
export interface SignalSet {
  cluster: string;
  signals: Partial<Record<SignalName, Signal>>;
  /** Whether this cluster exposes etcd/scheduler/controller metrics at all (managed clusters often don't). */
  observable: { etcd: boolean; scheduler: boolean; controllers: boolean };
}
