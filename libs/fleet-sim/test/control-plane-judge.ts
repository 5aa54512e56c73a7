import type { HealthStatus, Signal, SignalName, SignalSet } from '@fleetscope/types';
import type { ControlPlaneComponent } from '../src/scenarios/control-plane/scenario.ts';

/**
 * A deliberately small re-statement of the verdict rules in shared/reference/control-plane-signals.md
 * (mixin and SLO thresholds), used only to check that the simulator's signals support the verdicts its
 * scenarios promise. The real rules live in @fleetscope/diagnostics.
 */
export function judge(set: SignalSet): Record<ControlPlaneComponent, HealthStatus> {
  const sig = (name: SignalName): Signal | undefined => set.signals[name];
  const values = (name: SignalName): number[] => sig(name)?.samples.map((s) => s.value) ?? [];
  const max = (name: SignalName): number => Math.max(0, ...values(name));
  const broken = (...names: SignalName[]): boolean => names.some((n) => !sig(n) || sig(n)?.error);

  const path = (ratio: SignalName, extraDegraded: boolean, p99Over: boolean): HealthStatus => {
    if (broken(ratio)) return 'UNKNOWN';
    const r = max(ratio);
    if (r >= 0.5) return 'DOWN';
    return r > 0.03 || extraDegraded || p99Over ? 'DEGRADED' : 'HEALTHY';
  };
  const readP99Over = (sig('read_p99_seconds')?.samples ?? []).some(
    (s) => s.value > (s.labels.scope === 'resource' || s.labels.scope === '' ? 1 : 30),
  );
  const read = path('read_error_ratio', max('apf_rejected_per_second') > 0, readP99Over);
  const write = path('write_error_ratio', false, max('write_p99_seconds') > 1);

  let admission: HealthStatus;
  if (broken('admission_webhooks_configured')) admission = 'UNKNOWN';
  else if (max('admission_webhooks_configured') === 0) admission = 'NOT_APPLICABLE';
  else if (max('admission_webhook_rejections_per_second') > 0 || max('admission_webhook_p99_seconds') >= 9)
    admission = 'DOWN';
  else if (max('admission_webhook_p99_seconds') > 1 || max('admission_webhook_fail_open_per_second') > 0)
    admission = 'DEGRADED';
  else admission = 'HEALTHY';

  let watch: HealthStatus;
  if (broken('watch_terminated_watchers_per_second')) watch = 'UNKNOWN';
  else if (max('watch_terminated_watchers_per_second') > 0 || max('watch_cache_read_wait_p99_seconds') > 1)
    watch = 'DEGRADED';
  else watch = 'HEALTHY';

  let etcd: HealthStatus;
  if (!set.observable.etcd) etcd = 'NOT_APPLICABLE';
  else if (broken('etcd_members_up')) etcd = 'UNKNOWN';
  else if (
    values('etcd_has_leader').some((v) => v === 0) ||
    max('etcd_members_up') < Math.floor(max('etcd_members_total') / 2) + 1
  )
    etcd = 'DOWN';
  else if (
    max('etcd_wal_fsync_p99_seconds') > 0.5 ||
    max('etcd_backend_commit_p99_seconds') > 0.25 ||
    max('etcd_peer_rtt_p99_seconds') > 0.15 ||
    max('etcd_leader_changes_15m') >= 4 ||
    max('etcd_proposals_failed_per_second') > 5
  )
    etcd = 'DEGRADED';
  else etcd = 'HEALTHY';

  let scheduler: HealthStatus;
  if (!set.observable.scheduler) scheduler = 'NOT_APPLICABLE';
  else if (broken('scheduler_attempts_per_second')) scheduler = 'UNKNOWN';
  else {
    const errors =
      sig('scheduler_attempts_per_second')?.samples.find((s) => s.labels.result === 'error')?.value ?? 0;
    scheduler = errors > 0 || max('scheduler_attempt_p99_seconds') > 1 ? 'DEGRADED' : 'HEALTHY';
  }

  let controllers: HealthStatus;
  if (!set.observable.controllers) controllers = 'NOT_APPLICABLE';
  else if (broken('workqueue_depth')) controllers = 'UNKNOWN';
  else {
    const depth = new Map(sig('workqueue_depth')?.samples.map((s) => [s.labels.name, s.value]));
    const growing = (sig('workqueue_depth_growth_per_second')?.samples ?? []).some(
      (s) => s.value > 0 && (depth.get(s.labels.name) ?? 0) >= 10,
    );
    controllers = growing || max('workqueue_queue_p99_seconds') > 60 ? 'DEGRADED' : 'HEALTHY';
  }

  const parts = { read, write, admission, watch, etcd, scheduler, controllers };
  const all = Object.values(parts);
  const order: HealthStatus[] = ['DOWN', 'DEGRADED', 'UNKNOWN', 'HEALTHY'];
  const overall = order.find((s) => all.includes(s)) ?? 'HEALTHY';
  return { ...parts, overall };
}
