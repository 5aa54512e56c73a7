import type { GpuHistoryPoint, GpuHourTotals, GpuUsageHistoryResult } from '@fleetscope/diagnostics';
import type { GpuHistoryUnavailableCode } from '../../sources/prometheus/gpu-history.source.ts';
import type { ClusterGpuUsageHistory, GpuHistorySeries } from './models/gpu-history.model.ts';

/** Rows of points → the columns GraphQL serves (one value per step). */
export function toSeries(points: ReadonlyArray<Omit<GpuHistoryPoint, 't'>>): GpuHistorySeries {
  return {
    allocated: points.map((p) => p.allocated),
    used: points.map((p) => p.used),
    idle: points.map((p) => p.idle),
  };
}

export function clusterHistory(result: GpuUsageHistoryResult, prometheus: string): ClusterGpuUsageHistory {
  return {
    cluster: result.cluster,
    unavailable: null,
    unavailableReason: null,
    prometheus,
    allocationSource: result.allocationSource,
    usageSource: result.usageSource,
    useByGroup: result.useByGroup,
    groups: result.groups.map((g) => ({
      key: g.key,
      kind: g.kind,
      skus: g.skus,
      series: toSeries(g.points),
      totals: g.totals,
    })),
    series: toSeries(result.points),
    totals: result.totals,
    notes: result.notes,
  };
}

const UNKNOWN_TOTALS: GpuHourTotals = {
  allocatedGpuHours: null,
  usedGpuHours: null,
  idleGpuHours: null,
  idleCost: null,
  unpricedIdleGpuHours: null,
  allocationCoverage: 0,
  usageCoverage: 0,
};

/** A cluster without any history: every number null (unknown), the reason said. */
export function unavailableHistory(
  cluster: string,
  code: GpuHistoryUnavailableCode,
  reason: string,
  points: number,
  prometheus: string | null,
): ClusterGpuUsageHistory {
  const unknown = new Array<number | null>(points).fill(null);
  return {
    cluster,
    unavailable: code,
    unavailableReason: reason,
    prometheus,
    allocationSource: 'NONE',
    usageSource: 'NONE',
    useByGroup: false,
    groups: [],
    series: { allocated: unknown, used: [...unknown], idle: [...unknown] },
    totals: UNKNOWN_TOTALS,
    notes: [{ code, message: reason }],
  };
}
