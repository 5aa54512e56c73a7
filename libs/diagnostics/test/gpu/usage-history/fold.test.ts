import { describe, expect, it } from 'vitest';
import {
  foldUsageHistory,
  type HistoryRange,
  type HistoryRow,
  parseGpuPrices,
  type UsageHistoryInput,
} from '../../../src/gpu/usage-history/index.ts';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 3600; // one-hour steps make GPU-hours easy to read off the data
const range: HistoryRange = { startMs: T0, endMs: T0 + 4 * STEP * 1000, stepSeconds: STEP, points: 4 };
const at = (i: number): number => T0 + i * STEP * 1000;

/** A series from per-step values; null = no sample at that step. */
function row(labels: Record<string, string>, values: Array<number | null>): HistoryRow {
  return { labels, points: values.flatMap((v, i) => (v === null ? [] : [{ t: at(i), v }])) };
}
const covered = (values: Array<number | null>, labels: Record<string, string> = {}): HistoryRow =>
  row(labels, values);
const ALL = [1, 1, 1, 1];

function input(overrides: Partial<UsageHistoryInput>): UsageHistoryInput {
  return {
    cluster: 'c1',
    groupBy: 'POOL',
    range,
    allocation: {
      source: 'KUBE_STATE_METRICS',
      rows: [],
      labels: { node: 'node' },
      coverage: [covered(ALL)],
    },
    usage: {
      rows: [],
      labels: { node: 'fs_node' },
      coverage: [covered(ALL, { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' })],
    },
    nodePools: new Map([
      ['h1', 'h100'],
      ['h2', 'h100'],
      ['a1', 'a100'],
    ]),
    poolSkus: new Map([
      ['h100', 'NVIDIA-H100-80GB-HBM3'],
      ['a100', 'NVIDIA-A100-SXM4-80GB'],
    ]),
    namespaceTeams: new Map([
      ['ml-train', 'research'],
      ['ml-eval', 'research'],
    ]),
    prices: [],
    ...overrides,
  };
}

describe('foldUsageHistory', () => {
  it.each([
    {
      name: 'per pool: allocated, used and idle GPU-hours with one-hour steps',
      given: input({
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node' },
          coverage: [covered(ALL)],
          rows: [
            row({ node: 'h1' }, [8, 8, 8, 8]),
            row({ node: 'h2' }, [4, 4, null, null]),
            row({ node: 'a1' }, [2, 2, 2, 2]),
          ],
        },
        usage: {
          labels: { node: 'fs_node' },
          coverage: [covered(ALL, { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' })],
          rows: [row({ fs_node: 'h1' }, [8, 2, 0, 8]), row({ fs_node: 'a1' }, [3, null, null, null])],
        },
      }),
      groups: {
        h100: { allocatedGpuHours: 40, usedGpuHours: 18, idleGpuHours: 22 },
        // a1 was busier than allocated at step 0 (3 busy, 2 allocated): idle is never negative.
        a100: { allocatedGpuHours: 8, usedGpuHours: 3, idleGpuHours: 6 },
      },
      totals: { allocatedGpuHours: 48, usedGpuHours: 21, idleGpuHours: 28 },
    },
    {
      name: 'a gap is unknown, not zero: allocation missing at step 2, DCGM missing at step 3',
      given: input({
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node' },
          coverage: [covered([1, 1, null, 1])],
          rows: [row({ node: 'h1' }, [8, 8, null, 8])],
        },
        usage: {
          labels: { node: 'fs_node' },
          coverage: [covered([1, 1, 1, null], { __name__: 'DCGM_FI_DEV_GPU_UTIL' })],
          rows: [row({ fs_node: 'h1' }, [4, 4, 4, null])],
        },
      }),
      groups: { h100: { allocatedGpuHours: 24, usedGpuHours: 12, idleGpuHours: 8 } },
      totals: {
        allocatedGpuHours: 24,
        usedGpuHours: 12,
        idleGpuHours: 8,
        allocationCoverage: 0.75,
        usageCoverage: 0.75,
      },
      points: [
        { t: at(0), allocated: 8, used: 4, idle: 4 },
        { t: at(1), allocated: 8, used: 4, idle: 4 },
        { t: at(2), allocated: null, used: 4, idle: null },
        { t: at(3), allocated: 8, used: null, idle: null },
      ],
      notes: ['ALLOCATION_GAPS', 'USAGE_GAPS', 'NO_PRICES'],
    },
    {
      name: 'a covered step without a row is zero allocated',
      given: input({
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node' },
          coverage: [covered(ALL)],
          rows: [row({ node: 'h1' }, [null, 8, null, null])],
        },
      }),
      groups: { h100: { allocatedGpuHours: 8, usedGpuHours: 0, idleGpuHours: 8 } },
      totals: { allocatedGpuHours: 8, usedGpuHours: 0, idleGpuHours: 8 },
    },
    {
      name: 'no allocation source and no DCGM: everything unknown, never zero',
      given: input({
        allocation: { source: 'NONE', labels: {}, coverage: [], rows: [] },
        usage: { labels: { node: 'fs_node' }, coverage: [], rows: [] },
      }),
      groups: {},
      totals: {
        allocatedGpuHours: null,
        usedGpuHours: null,
        idleGpuHours: null,
        idleCost: null,
        allocationCoverage: 0,
        usageCoverage: 0,
      },
      notes: ['NO_ALLOCATION_SOURCE', 'NO_USAGE_SOURCE', 'NO_PRICES'],
      usageSource: 'NONE',
    },
  ])('$name', ({ given, groups, totals, points, notes, usageSource }) => {
    const result = foldUsageHistory(given);
    for (const [key, expected] of Object.entries(groups)) {
      expect(result.groups.find((g) => g.key === key)?.totals, key).toMatchObject(expected);
    }
    expect(
      result.groups
        .filter((g) => g.kind === 'GROUP')
        .map((g) => g.key)
        .sort(),
    ).toEqual(Object.keys(groups).sort());
    expect(result.totals).toMatchObject(totals);
    if (points) expect(result.points).toEqual(points);
    if (notes) expect(result.notes.map((n) => n.code)).toEqual(notes);
    if (usageSource) expect(result.usageSource).toBe(usageSource);
  });

  it('a silent exporter on a node holding GPUs makes its group unknown at that step, never idle', () => {
    const result = foldUsageHistory(
      input({
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node' },
          coverage: [covered(ALL)],
          rows: [row({ node: 'h1' }, [8, 8, 8, 8]), row({ node: 'h2' }, [4, 4, 4, 4])],
        },
        usage: {
          labels: { node: 'fs_node' },
          coverage: [
            covered(ALL, { fs_node: 'h1', __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' }),
            covered([1, null, 1, 1], { fs_node: 'h2', __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' }),
            // a1 holds nothing: its silence changes nothing.
            covered([null, null, null, null], { fs_node: 'a1', __name__: 'DCGM_FI_DEV_GPU_UTIL' }),
          ],
          rows: [row({ fs_node: 'h1' }, [8, 8, 8, 8]), row({ fs_node: 'h2' }, [4, null, 0, 0])],
        },
      }),
    );
    expect(result.groups.find((g) => g.key === 'h100')?.points.map((p) => [p.used, p.idle])).toEqual([
      [12, 0],
      [null, null],
      [8, 4],
      [8, 4],
    ]);
    expect(result.totals).toMatchObject({
      allocatedGpuHours: 48,
      usedGpuHours: 28,
      idleGpuHours: 8,
      usageCoverage: 0.75,
    });
    expect(result.usageSource).toBe('PROF_GR_ENGINE_ACTIVE');
  });

  it('prices idle GPU-hours per pool SKU; an unpriced SKU is said, not guessed', () => {
    const given = input({
      prices: parseGpuPrices('h100=2.5').prices,
      allocation: {
        source: 'KUBE_STATE_METRICS',
        labels: { node: 'node' },
        coverage: [covered(ALL)],
        rows: [row({ node: 'h1' }, [8, 8, 8, 8]), row({ node: 'a1' }, [1, 1, 1, 1])],
      },
      usage: {
        labels: { node: 'fs_node' },
        coverage: [covered(ALL, { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' })],
        rows: [row({ fs_node: 'h1' }, [6, 6, 6, 6])],
      },
    });
    const pools = foldUsageHistory(given);
    expect(pools.groups.find((g) => g.key === 'h100')?.totals).toMatchObject({
      idleGpuHours: 8,
      idleCost: 20,
      unpricedIdleGpuHours: 0,
    });
    expect(pools.groups.find((g) => g.key === 'a100')?.totals).toMatchObject({
      idleGpuHours: 4,
      idleCost: 0,
      unpricedIdleGpuHours: 4,
    });
    expect(pools.totals).toMatchObject({ idleGpuHours: 12, idleCost: 20, unpricedIdleGpuHours: 4 });
    expect(pools.notes.map((n) => n.message)).toContain(
      'no price for NVIDIA-A100-SXM4-80GB: their idle GPU-hours are not in the cost',
    );
    // The cluster grouping is the same money, computed per pool (busy H100s never offset idle A100s).
    const cluster = foldUsageHistory({ ...given, groupBy: 'CLUSTER' });
    expect(cluster.groups).toHaveLength(1);
    expect(cluster.groups[0]?.totals).toEqual(pools.totals);
    // Without prices, money is null, not zero.
    expect(foldUsageHistory({ ...given, prices: [] }).totals.idleCost).toBeNull();
  });

  it('teams from namespace labels, else the namespace; busy GPUs without pod labels are "not attributed"', () => {
    const result = foldUsageHistory(
      input({
        groupBy: 'TEAM',
        prices: parseGpuPrices('h100=2,a100=1').prices,
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node', namespace: 'namespace' },
          coverage: [covered(ALL)],
          rows: [
            row({ node: 'h1', namespace: 'ml-train' }, [4, 4, 4, 4]),
            row({ node: 'a1', namespace: 'ml-eval' }, [2, 2, 2, 2]),
            row({ node: 'h2', namespace: 'notebooks' }, [2, 2, 2, 2]),
          ],
        },
        usage: {
          labels: { node: 'fs_node', namespace: 'fs_namespace' },
          coverage: [covered(ALL, { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' })],
          rows: [
            row({ fs_node: 'h1', fs_namespace: 'ml-train' }, [4, 4, 4, 4]),
            row({ fs_node: 'h2' }, [1, 1, null, null]),
          ],
        },
      }),
    );
    const team = (key: string) => result.groups.find((g) => g.key === key);
    expect(team('research')?.totals).toMatchObject({
      allocatedGpuHours: 24,
      usedGpuHours: 16,
      idleGpuHours: 8,
      idleCost: 8,
    });
    expect(team('research')?.skus).toEqual(['NVIDIA-A100-SXM4-80GB', 'NVIDIA-H100-80GB-HBM3']);
    expect(team('notebooks')?.totals).toMatchObject({
      allocatedGpuHours: 8,
      usedGpuHours: 0,
      idleGpuHours: 8,
      idleCost: 16,
    });
    expect(team('')).toMatchObject({
      kind: 'NOT_ATTRIBUTED',
      totals: { allocatedGpuHours: null, usedGpuHours: 2, idleGpuHours: null },
    });
    // The cluster's own totals are per pool: h2's busy GPU does count against notebooks' idle pool time there.
    expect(result.totals).toMatchObject({ allocatedGpuHours: 32, usedGpuHours: 18, idleGpuHours: 14 });
    expect(result.notes.map((n) => n.code)).toContain('SOME_USE_NOT_ATTRIBUTED');
    expect(result.useByGroup).toBe(true);
  });

  it('use by namespace is impossible when no DCGM series has pod labels: unknown per group, totals still hold', () => {
    const result = foldUsageHistory(
      input({
        groupBy: 'NAMESPACE',
        allocation: {
          source: 'FLEETSCOPE',
          labels: { pool: 'pool', namespace: 'namespace', team: 'team' },
          coverage: [covered(ALL)],
          rows: [row({ pool: 'h100', namespace: 'ml-train', team: 'research' }, [8, 8, 8, 8])],
        },
        usage: {
          labels: { node: 'fs_node', namespace: 'fs_namespace' },
          coverage: [covered(ALL, { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' })],
          rows: [row({ fs_node: 'h1' }, [2, 2, 2, 2])],
        },
      }),
    );
    expect(result.allocationSource).toBe('FLEETSCOPE');
    expect(result.useByGroup).toBe(false);
    expect(result.groups.find((g) => g.key === 'ml-train')?.totals).toMatchObject({
      allocatedGpuHours: 32,
      usedGpuHours: null,
      idleGpuHours: null,
      idleCost: null,
    });
    expect(result.totals).toMatchObject({ allocatedGpuHours: 32, usedGpuHours: 8, idleGpuHours: 24 });
    expect(result.notes.find((n) => n.code === 'USE_NOT_ATTRIBUTED')?.message).toMatch(
      /^use by namespace is not possible: DCGM series carry no pod labels/,
    );
  });

  it('nodes not watched now land in an unknown pool, said in a note', () => {
    const result = foldUsageHistory(
      input({
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node' },
          coverage: [covered(ALL)],
          rows: [row({ node: 'gone-7' }, [1, 1, 1, 1])],
        },
      }),
    );
    expect(result.groups[0]).toMatchObject({
      key: '',
      kind: 'UNKNOWN_POOL',
      totals: { allocatedGpuHours: 4 },
    });
    expect(result.notes.find((n) => n.code === 'UNKNOWN_POOL_NODES')?.message).toContain('gone-7');
  });

  it('keeps the biggest groups and merges the rest into one, worst first and stable', () => {
    const rows = Array.from({ length: 5 }, (_, k) =>
      row({ node: 'h1', namespace: `ns-${k}` }, [k + 1, k + 1, k + 1, k + 1]),
    );
    const result = foldUsageHistory(
      input({
        groupBy: 'NAMESPACE',
        maxGroups: 2,
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node', namespace: 'namespace' },
          coverage: [covered(ALL)],
          rows,
        },
        usage: {
          labels: { node: 'fs_node', namespace: 'fs_namespace' },
          coverage: [covered(ALL, { __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' })],
          rows: [],
        },
      }),
    );
    expect(result.groups.map((g) => [g.key, g.kind, g.totals.allocatedGpuHours])).toEqual([
      ['ns-4', 'GROUP', 20],
      ['ns-3', 'GROUP', 16],
      ['3 more', 'OTHERS', 24],
    ]);
  });

  it('ignores points off the grid and non-finite values', () => {
    const result = foldUsageHistory(
      input({
        allocation: {
          source: 'KUBE_STATE_METRICS',
          labels: { node: 'node' },
          coverage: [covered(ALL)],
          rows: [
            {
              labels: { node: 'h1' },
              points: [
                { t: at(0) + 1, v: 8 },
                { t: at(1), v: Number.NaN },
                { t: at(9), v: 8 },
                { t: at(2), v: 2 },
              ],
            },
          ],
        },
      }),
    );
    expect(result.totals.allocatedGpuHours).toBe(2);
  });
});
