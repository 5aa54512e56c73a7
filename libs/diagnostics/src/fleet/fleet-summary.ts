import type {
  ClusterSummary,
  Evidence,
  FleetSummary,
  GpuTotals,
  HealthStatus,
  PlaneHealth,
} from '@fleetscope/types';
import { STATUS_SEVERITY, worstStatus } from '../verdict/status.ts';
import { compareText, isoOrNull, nameList } from '../verdict/text.ts';

type PlaneKey = 'controlPlane' | 'dataPlane';

const PLANE_WORDS: Record<PlaneKey, string> = { controlPlane: 'control plane', dataPlane: 'data plane' };

/** Clusters named in a fleet summary before "+N more". */
const MAX_CLUSTER_NAMES = 3;

function sumGpus(clusters: readonly ClusterSummary[]): GpuTotals {
  const total: GpuTotals = { allocatable: 0, allocated: 0, pending: 0, unusable: 0 };
  for (const { gpus } of clusters) {
    if (gpus === null) continue;
    total.allocatable += gpus.allocatable;
    total.allocated += gpus.allocated;
    total.pending += gpus.pending;
    total.unusable += gpus.unusable;
  }
  return total;
}

/**
 * Fleet verdict of one plane: the worst cluster status (DOWN > DEGRADED > UNKNOWN > HEALTHY;
 * NOT_APPLICABLE ignored), summarised as "2 of 3 clusters healthy; prod-eu-west data plane
 * DEGRADED", the worst clusters named first. `clusters` must be sorted by name.
 */
function planeVerdict(clusters: readonly ClusterSummary[], plane: PlaneKey): PlaneHealth {
  const words = PLANE_WORDS[plane];
  if (clusters.length === 0) {
    return { status: 'UNKNOWN', summary: 'no clusters configured', evidence: [] };
  }
  const applicable = clusters.filter((c) => c[plane].status !== 'NOT_APPLICABLE');
  const status: HealthStatus = worstStatus(applicable.map((c) => c[plane].status));
  const evidence: Evidence[] = clusters.map((c) => ({
    signal: `${c.name} ${words}`,
    value: `${c[plane].status}: ${c[plane].summary}`,
    source: 'cluster summary',
    observedAt: isoOrNull(c.dataAsOf),
  }));
  if (applicable.length === 0) {
    return { status: 'NOT_APPLICABLE', summary: `${words} not applicable in any cluster`, evidence };
  }
  const healthy = applicable.filter((c) => c[plane].status === 'HEALTHY').length;
  if (healthy === applicable.length) {
    const all =
      applicable.length === 1
        ? `${applicable[0]?.name} healthy`
        : `all ${applicable.length} clusters healthy`;
    return { status, summary: all, evidence };
  }
  // Worst first; the input order (by name) breaks ties, since sort is stable.
  const unhealthy = applicable
    .filter((c) => c[plane].status !== 'HEALTHY')
    .sort((a, b) => STATUS_SEVERITY[b[plane].status] - STATUS_SEVERITY[a[plane].status]);
  const named = nameList(
    unhealthy.map((c) => `${c.name} ${words} ${c[plane].status}`),
    MAX_CLUSTER_NAMES,
  );
  return { status, summary: `${healthy} of ${applicable.length} clusters healthy; ${named}`, evidence };
}

/**
 * Rolls cluster summaries up into the fleet view: clusters sorted by name (stable order for
 * walls), GPU totals summed, and per plane the worst cluster status with the offenders named.
 */
export function summarizeFleet(clusters: ClusterSummary[], now: number, version: number): FleetSummary {
  const sorted = [...clusters].sort((a, b) => compareText(a.name, b.name));
  return {
    clusters: sorted,
    gpus: sumGpus(sorted),
    controlPlane: planeVerdict(sorted, 'controlPlane'),
    dataPlane: planeVerdict(sorted, 'dataPlane'),
    generatedAt: now,
    version,
  };
}
