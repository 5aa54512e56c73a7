/**
 * Limits of the control-plane verdict rules. Defaults follow
 * shared/reference/control-plane-signals.md (sig-scalability SLOs, the kubernetes-mixin and the
 * etcd mixin); where the reference publishes no number, the default is ours and says so.
 */
export interface ControlPlaneThresholds {
  /** Read p99 bound for scope=resource (and empty scope): the 1 s SLO. */
  readP99ResourceSeconds: number;
  /** Read p99 bound for scope=namespace: the 30 s SLO (the mixin still uses 5 s). */
  readP99NamespaceSeconds: number;
  /** Read p99 bound for scope=cluster: the 30 s SLO. */
  readP99ClusterSeconds: number;
  /** Mutating single-object calls: p99 ≤ 1 s. */
  writeP99Seconds: number;
  /** SLI error ratio above which a path is DEGRADED: 3× burn of a 99 % objective (mixin warning). */
  errorRatioDegraded: number;
  /** SLI error ratio at or above which a path is DOWN: most requests fail or miss their bound (ours). */
  errorRatioDown: number;
  /** APF rejections per second per priority level above which reads are DEGRADED ("rising" = > 0). */
  apfRejectedPerSecond: number;
  /** Terminated requests over all requests (KubeAPITerminatedRequests: 20 %). */
  requestTerminationsRatio: number;
  /** Webhook p99 above which admission is DEGRADED (ours: one webhook spending the whole 1 s write SLO). */
  admissionWebhookP99Seconds: number;
  /** Webhook p99 at or above which its calls are taken as timing out (default webhook timeout is 10 s). */
  webhookTimingOutSeconds: number;
  /** Webhook rejections with error_type calling_webhook_error per second above which admission is DOWN. */
  webhookCallingErrorsPerSecond: number;
  /** Share of a webhook's calls failing with calling_webhook_error at or above which admission is DOWN (ours: most calls fail). */
  webhookCallingErrorRatioDown: number;
  /** Fail-open calls per second above which a policy counts as bypassed (DEGRADED). */
  webhookFailOpenPerSecond: number;
  /** Terminated (unresponsive) watchers per second above which watch is DEGRADED ("rising" = > 0). */
  terminatedWatchersPerSecond: number;
  /** Watch-cache read wait p99 above which watch is DEGRADED (ours: the 1 s resource read SLO). */
  watchCacheReadWaitP99Seconds: number;
  /** etcd WAL fsync p99: warning above (mixin 0.5 s). */
  etcdFsyncWarningSeconds: number;
  /** etcd WAL fsync p99: critical above (mixin 1 s); writes are impaired. */
  etcdFsyncCriticalSeconds: number;
  /** etcd backend commit p99 (mixin 0.25 s). */
  etcdCommitP99Seconds: number;
  /** etcd peer round-trip p99 (mixin 0.15 s). */
  etcdPeerRttP99Seconds: number;
  /** Leader changes within 15 minutes at or above which etcd is DEGRADED (mixin 4). */
  etcdLeaderChanges15m: number;
  /** Failed proposals per second (mixin: rate over 15m > 5). */
  etcdProposalsFailedPerSecond: number;
  /** db size / quota at or above which writes risk going DOWN (mixin 95 %, critical). */
  etcdQuotaRatio: number;
  /** Fragmentation: in_use / total below this … */
  etcdFragmentationRatio: number;
  /** … while in_use is above this many bytes (100 MiB) means "needs defrag". */
  etcdFragmentationMinInUseBytes: number;
  /** Scheduler errors per second above which it is DEGRADED ("rising" = > 0). */
  schedulerErrorsPerSecond: number;
  /** Scheduling attempt p99 above which the scheduler is DEGRADED (ours: no published number). */
  schedulerAttemptP99Seconds: number;
  /** Workqueues whose growing depth means "not converging". */
  controllerQueues: readonly string[];
  /** Depth growth per second above which a listed queue is growing. */
  workqueueGrowthPerSecond: number;
  /** … and only when its depth is at least this (a queue wobbling between 0 and 3 is not a backlog). */
  workqueueMinDepth: number;
  /** Queue-time p99 above which a listed queue is not converging (ours: no published number). */
  workqueueQueueP99Seconds: number;
  /** Probe latency above which the probed read (readyz, list) is DEGRADED: the 1 s SLO. */
  probeReadSeconds: number;
  /** Probe latency above which the probed write or dry-run create is DEGRADED: the 1 s SLO. */
  probeWriteSeconds: number;
  /** Write-to-watch-event delay above which watch is DEGRADED (ours: no official watch SLO). */
  probeWatchDeliverySeconds: number;
  /** A signal observed longer ago than this is stale, hence unknown. */
  signalStaleAfterMs: number;
  /** A watch of ours that delivered nothing for longer than this lags (same default as the status rules). */
  watchStaleAfterMs: number;
}

export const DEFAULT_CONTROL_PLANE_THRESHOLDS: Readonly<ControlPlaneThresholds> = {
  readP99ResourceSeconds: 1,
  readP99NamespaceSeconds: 30,
  readP99ClusterSeconds: 30,
  writeP99Seconds: 1,
  errorRatioDegraded: 0.03,
  errorRatioDown: 0.5,
  apfRejectedPerSecond: 0,
  requestTerminationsRatio: 0.2,
  admissionWebhookP99Seconds: 1,
  webhookTimingOutSeconds: 9,
  webhookCallingErrorsPerSecond: 0,
  webhookCallingErrorRatioDown: 0.5,
  webhookFailOpenPerSecond: 0,
  terminatedWatchersPerSecond: 0,
  watchCacheReadWaitP99Seconds: 1,
  etcdFsyncWarningSeconds: 0.5,
  etcdFsyncCriticalSeconds: 1,
  etcdCommitP99Seconds: 0.25,
  etcdPeerRttP99Seconds: 0.15,
  etcdLeaderChanges15m: 4,
  etcdProposalsFailedPerSecond: 5,
  etcdQuotaRatio: 0.95,
  etcdFragmentationRatio: 0.5,
  etcdFragmentationMinInUseBytes: 100 * 1024 * 1024,
  schedulerErrorsPerSecond: 0,
  schedulerAttemptP99Seconds: 1,
  controllerQueues: ['deployment', 'replicaset', 'endpointslice', 'node_lifecycle_controller'],
  workqueueGrowthPerSecond: 0,
  workqueueMinDepth: 10,
  workqueueQueueP99Seconds: 60,
  probeReadSeconds: 1,
  probeWriteSeconds: 1,
  probeWatchDeliverySeconds: 5,
  signalStaleAfterMs: 300_000,
  watchStaleAfterMs: 120_000,
};

/** Defaults overlaid with the given overrides (undefined entries keep the default). */
export function resolveControlPlaneThresholds(
  overrides: Partial<ControlPlaneThresholds> = {},
): ControlPlaneThresholds {
  const resolved: ControlPlaneThresholds = { ...DEFAULT_CONTROL_PLANE_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_CONTROL_PLANE_THRESHOLDS) as (keyof ControlPlaneThresholds)[]) {
    const value = overrides[key];
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  return resolved;
}
