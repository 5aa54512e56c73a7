import type {
  ControlPlaneHealth,
  Evidence,
  Finding,
  ResourceFreshness,
  SignalSet,
  Verdict,
} from '@fleetscope/types';
import { worstStatus } from '../verdict/status.ts';
import { judgeAdmissionPath } from './admission-path.ts';
import { judgeControllers, USER_FACING_QUEUES } from './controllers.ts';
import { assessEtcd } from './etcd.ts';
import { neverReachedReason } from './freshness.ts';
import { CONTROL_PLANE_PARTS, type ControlPlanePart, impactOf } from './impact.ts';
import type { SignalContext } from './inputs.ts';
import { mergeFindings, type PartResult } from './part.ts';
import { judgeReadPath } from './read-path.ts';
import { judgeScheduler } from './scheduler.ts';
import { type ControlPlaneThresholds, resolveControlPlaneThresholds } from './thresholds.ts';
import { judgeWatchPath } from './watch-path.ts';
import { judgeWritePath } from './write-path.ts';

/** Everything the control-plane verdict of one cluster is judged from. */
export interface ControlPlaneInput {
  cluster: string;
  /** null: no metrics source configured or reachable (every metric-based input is unknown). */
  signals: SignalSet | null;
  /** Our own informers' freshness: evidence for the watch path. */
  watches: ResourceFreshness[];
  /** Epoch ms; the only clock. */
  now: number;
}

function overallSummary(parts: Record<ControlPlanePart, Verdict>): string {
  const bad = CONTROL_PLANE_PARTS.filter((p) => parts[p].status === 'DOWN' || parts[p].status === 'DEGRADED');
  const unknown = CONTROL_PLANE_PARTS.filter((p) => parts[p].status === 'UNKNOWN');
  const na = CONTROL_PLANE_PARTS.filter((p) => parts[p].status === 'NOT_APPLICABLE');
  const naNote = na.length === 0 ? '' : `; not applicable: ${na.join(', ')}`;
  if (bad.length > 0) {
    const worst = worstStatus(bad.map((p) => parts[p].status));
    const lead = bad.find((p) => parts[p].status === worst) ?? bad[0];
    const named = bad.map((p) => `${p} ${parts[p].status}`).join(', ');
    return lead === undefined ? named : `${named}: ${parts[lead].summary}`;
  }
  if (unknown.length > 0) {
    const first = unknown[0];
    const reason = first === undefined ? '' : parts[first].summary.replace(/^no usable input: /, '');
    if (unknown.length + na.length === CONTROL_PLANE_PARTS.length)
      return `control plane UNKNOWN: ${reason}${naNote}`;
    return `${unknown.join(', ')} UNKNOWN (${reason})${naNote}`;
  }
  return `control-plane paths healthy${naNote}`;
}

/** The control-plane verdict and every finding it was composed from (each part's, worst first). */
export interface ControlPlaneJudgement extends ControlPlaneHealth {
  findings: Finding[];
}

/**
 * Control-plane verdict of one cluster from named signals, probes and our informers: a verdict
 * per path (read, write, admission, watch) and for etcd, the scheduler and the controllers,
 * each with its evidence; overall the worst of them (DOWN > DEGRADED > UNKNOWN > HEALTHY), and
 * the impact statement (operations vs user path, and what keeps working). A part with no usable
 * input is UNKNOWN with the reason, never HEALTHY. Pure: `now` is the only clock.
 */
export function judgeControlPlanePaths(
  input: ControlPlaneInput,
  thresholds: Partial<ControlPlaneThresholds> = {},
): ControlPlaneJudgement {
  const ctx: SignalContext = {
    cluster: input.cluster,
    set: input.signals,
    now: input.now,
    thresholds: resolveControlPlaneThresholds(thresholds),
    neverReached: neverReachedReason(input.watches, input.signals),
  };
  const etcd = assessEtcd(ctx);
  const controllers = judgeControllers(ctx);
  const results: Record<ControlPlanePart, PartResult> = {
    read: judgeReadPath(ctx),
    write: judgeWritePath(ctx, etcd),
    admission: judgeAdmissionPath(ctx),
    watch: judgeWatchPath(ctx, input.watches),
    etcd: etcd.result,
    scheduler: judgeScheduler(ctx),
    controllers: controllers.result,
  };
  const parts = Object.fromEntries(CONTROL_PLANE_PARTS.map((p) => [p, results[p].verdict])) as Record<
    ControlPlanePart,
    Verdict
  >;
  const status = worstStatus(CONTROL_PLANE_PARTS.map((p) => parts[p].status));
  // The parts that set the status carry the overall evidence; a fact shared by two parts (etcd
  // fsync is evidence for etcd and for writes) is listed once.
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const p of CONTROL_PLANE_PARTS) {
    if (status !== 'HEALTHY' && parts[p].status !== status) continue;
    for (const item of parts[p].evidence) {
      const key = `${item.signal}\u0000${item.value}\u0000${item.source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      evidence.push(item);
    }
  }
  return {
    status,
    summary: overallSummary(parts),
    evidence,
    impact: impactOf(parts, controllers.stuckQueues, USER_FACING_QUEUES),
    paths: { read: parts.read, write: parts.write, admission: parts.admission, watch: parts.watch },
    etcd: parts.etcd,
    scheduler: parts.scheduler,
    controllers: parts.controllers,
    findings: mergeFindings(CONTROL_PLANE_PARTS.map((p) => results[p].findings)),
  };
}
