import { describe, expect, it } from 'vitest';
import {
  combineClusterHistories,
  foldUsageHistory,
  type HistoryRange,
  type UsageHistoryInput,
} from '../../../src/gpu/usage-history/index.ts';

const T0 = Date.UTC(2026, 0, 5);
const range: HistoryRange = { startMs: T0, endMs: T0 + 3 * 3_600_000, stepSeconds: 3600, points: 3 };
const at = (i: number): number => T0 + i * 3_600_000;

function cluster(name: string, alloc: Array<number | null>, used: Array<number | null>, price = false) {
  const points = (values: Array<number | null>) =>
    values.flatMap((v, i) => (v === null ? [] : [{ t: at(i), v }]));
  const input: UsageHistoryInput = {
    cluster: name,
    groupBy: 'CLUSTER',
    range,
    allocation: {
      source: alloc.some((v) => v !== null) ? 'KUBE_STATE_METRICS' : 'NONE',
      labels: { node: 'node' },
      rows: [{ labels: { node: 'n' }, points: points(alloc) }],
      coverage: [{ labels: {}, points: points(alloc.map((v) => (v === null ? null : 1))) }],
    },
    usage: {
      labels: { node: 'fs_node' },
      rows: [{ labels: { fs_node: 'n' }, points: points(used) }],
      coverage: [
        {
          labels: { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' },
          points: points(used.map((v) => (v === null ? null : 1))),
        },
      ],
    },
    nodePools: new Map([['n', 'p']]),
    poolSkus: new Map([['p', 'NVIDIA-H100-80GB-HBM3']]),
    namespaceTeams: new Map(),
    prices: price ? [{ key: 'h100', perGpuHour: 2 }] : [],
  };
  return foldUsageHistory(input);
}

describe('combineClusterHistories', () => {
  it('sums clusters step by step; a step one of them does not know is unknown for the fleet', () => {
    const fleet = combineClusterHistories(
      [cluster('a', [4, 4, 4], [1, 1, 1], true), cluster('b', [2, null, 2], [2, 2, 2], true)],
      3,
      true,
    );
    expect(fleet.points).toEqual([
      { allocated: 6, used: 3, idle: 3 },
      { allocated: null, used: 3, idle: null },
      { allocated: 6, used: 3, idle: 3 },
    ]);
    expect(fleet.totals).toMatchObject({
      allocatedGpuHours: 16,
      usedGpuHours: 9,
      idleGpuHours: 9,
      idleCost: 18,
    });
  });

  it('leaves out clusters with no history at all, so they neither blank the fleet nor dilute its coverage', () => {
    const empty = cluster('empty', [null, null, null], [null, null, null]);
    const fleet = combineClusterHistories([cluster('a', [4, 4, 4], [1, 1, 1]), empty], 3, false);
    expect(fleet.points.map((p) => p.allocated)).toEqual([4, 4, 4]);
    expect(fleet.totals).toMatchObject({
      allocatedGpuHours: 12,
      idleCost: null,
      allocationCoverage: 1,
      usageCoverage: 1,
    });
    expect(combineClusterHistories([empty], 3, false)).toEqual({ points: [], totals: null });
  });
});
