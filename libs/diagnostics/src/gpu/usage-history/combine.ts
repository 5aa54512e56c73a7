import type { GpuHistoryPoint, GpuHourTotals, GpuUsageHistoryResult } from './fold.ts';

/**
 * The fleet over the same grid: each cluster's whole-cluster series summed step by step. A step is
 * known only when every cluster that has history is known there (a missing cluster would read as a
 * dip). Clusters without any history — no Prometheus, or a Prometheus holding no GPU series for them
 * over the whole range — are left out (each says so in its own notes).
 */
export function combineClusterHistories(
  results: readonly GpuUsageHistoryResult[],
  points: number,
  priced: boolean,
): { points: Array<Omit<GpuHistoryPoint, 't'>>; totals: GpuHourTotals | null } {
  const clusters = results.filter((c) => c.totals.allocationCoverage > 0 || c.totals.usageCoverage > 0);
  if (clusters.length === 0) return { points: [], totals: null };
  const series = Array.from({ length: points }, (_, i) => ({
    allocated: sumKnown(clusters.map((c) => c.points[i]?.allocated ?? null)),
    used: sumKnown(clusters.map((c) => c.points[i]?.used ?? null)),
    idle: sumKnown(clusters.map((c) => c.points[i]?.idle ?? null)),
  }));
  const field = (pick: (t: GpuHourTotals) => number | null): number | null => {
    const values = clusters.map((c) => pick(c.totals)).filter((v): v is number => v !== null);
    return values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) * 1000) / 1000;
  };
  const mean = (pick: (t: GpuHourTotals) => number): number =>
    clusters.reduce((a, c) => a + pick(c.totals), 0) / clusters.length;
  return {
    points: series,
    totals: {
      allocatedGpuHours: field((t) => t.allocatedGpuHours),
      usedGpuHours: field((t) => t.usedGpuHours),
      idleGpuHours: field((t) => t.idleGpuHours),
      idleCost: priced ? field((t) => t.idleCost) : null,
      unpricedIdleGpuHours: field((t) => t.unpricedIdleGpuHours),
      allocationCoverage: mean((t) => t.allocationCoverage),
      usageCoverage: mean((t) => t.usageCoverage),
    },
  };
}

/** The sum when every value is known, else null. */
function sumKnown(values: ReadonlyArray<number | null>): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}
