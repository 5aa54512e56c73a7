import type { ControlPlaneHealth, Finding, PlaneHealth } from '@fleetscope/types';
import { STATUS_SEVERITY } from '../verdict/status.ts';
import type { StatusThresholds } from '../verdict/thresholds.ts';
import { mergeFindings } from './part.ts';
import { type ControlPlaneInput, judgeControlPlanePaths } from './paths-verdict.ts';
import type { ControlPlaneThresholds } from './thresholds.ts';
import { judgeControlPlane } from './watch-verdict.ts';

/** {@link ControlPlaneInput} plus how the cluster is analysed (offline dumps have no watches). */
export interface ClusterControlPlaneInput extends ControlPlaneInput {
  mode: 'live' | 'offline';
}

/** The merged verdict for the summary, and the two judgements it was made from. */
export interface ClusterControlPlane {
  /** What `ClusterSummary.controlPlane` shows: the worse of the two, both told. */
  summary: PlaneHealth;
  /** Per path, etcd, scheduler, controllers, with the impact statement. */
  detail: ControlPlaneHealth;
  /** The watch-freshness judgement alone (is the API server reachable from here). */
  watches: PlaneHealth;
  /** Every finding of both judgements, worst first: what the summaries above were composed from. */
  findings: Finding[];
}

function impaired(status: PlaneHealth['status']): boolean {
  return status === 'DOWN' || status === 'DEGRADED';
}

/**
 * One control-plane verdict per cluster: the watch-freshness judgement (our own connection to the
 * API server) merged with the metric/probe verdict. Status is the worse of the two, except that
 * the watch judgement's UNKNOWN (offline dump, nothing synced yet) does not override a verdict
 * the metrics could make. The summary leads with whichever is worse and tells the other.
 */
export function judgeClusterControlPlane(
  input: ClusterControlPlaneInput,
  statusThresholds: StatusThresholds,
  thresholds: Partial<ControlPlaneThresholds> = {},
): ClusterControlPlane {
  const { findings: watchFindings, ...watches } = judgeControlPlane(
    { cluster: input.cluster, freshness: input.watches, now: input.now, mode: input.mode },
    statusThresholds,
  );
  const { findings: pathFindings, ...detail } = judgeControlPlanePaths(input, {
    watchStaleAfterMs: statusThresholds.staleAfterMs,
    ...thresholds,
  });
  const watchCounts = !(watches.status === 'UNKNOWN' && detail.status !== 'UNKNOWN');
  const status =
    watchCounts && STATUS_SEVERITY[watches.status] > STATUS_SEVERITY[detail.status]
      ? watches.status
      : detail.status;

  const metrics = impaired(detail.status) ? detail.impact.statement : `${detail.summary}.`;
  let summary: string;
  if (impaired(detail.status) && STATUS_SEVERITY[detail.status] >= STATUS_SEVERITY[watches.status]) {
    summary = watches.status === 'HEALTHY' ? metrics : `${metrics} Watches: ${watches.summary}.`;
  } else {
    summary = `${watches.summary}. ${metrics.charAt(0).toUpperCase()}${metrics.slice(1)}`;
  }
  return {
    summary: { status, summary, evidence: [...watches.evidence, ...detail.evidence] },
    detail,
    watches,
    findings: mergeFindings([watchFindings, pathFindings]),
  };
}
