import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The demo scenario (libs/fleet-sim/src/scenarios/demo.ts) through the real watch path and GraphQL:
// prod-us-east's H100 pool has scattered free GPUs and a pending 4-GPU pod; no DCGM reader is
// configured here, so every held GPU must read ALLOCATED_UNKNOWN — never busy, never idle.
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'demo', size: 'demo' });
}, 60_000);
afterAll(() => h.close());

interface Pool {
  pool: string;
  nodes: { total: number; usable: number };
  notUsableYet: { node: string }[];
  resources: { resource: string; free: number; freePerNode: { free: number; nodes: number }[] }[];
  heatmap: {
    nodes: string[];
    gpusPerNode: number;
    cells: number[];
    legend: { code: number; state: string; cells: number }[];
    usageSource: string;
    usageAsOf: string | null;
  } | null;
  worstNodes: {
    node: string;
    reason: string | null;
    free: number;
    busy: number;
    idle: number;
    allocatedUnknown: number;
    unhealthy: number;
    notUsable: number;
  }[];
  blockedPods: {
    namespace: string;
    name: string;
    request: number;
    largestFree: number;
    explanation: string;
    suggestion: { outcome: string; summary: string } | null;
  }[];
}

const POOLS = `query Pools($first: Int!) { cluster(name: "prod-us-east") { gpuPools {
  pool nodes { total usable } notUsableYet { node }
  resources { resource free freePerNode { free nodes } }
  heatmap { nodes gpusPerNode cells legend { code state cells } usageSource usageAsOf }
  worstNodes(first: $first) { node reason free busy idle allocatedUnknown unhealthy notUsable }
  blockedPods { namespace name request largestFree explanation suggestion { outcome summary } }
} } }`;

async function pools(): Promise<Pool[]> {
  const { data, errors } = await h.gql<{ cluster: { gpuPools: Pool[] } }>(POOLS, { first: 200 });
  expect(errors).toBeUndefined();
  return data?.cluster.gpuPools ?? [];
}

describe('GPU pool heatmaps through the API', () => {
  it('draws each pool as rows × columns of codes that agree with the legend, the inventory and the worst nodes', async () => {
    // Pools are refreshed on the periodic tick (5 s), off the event path.
    let all: Pool[] = [];
    await eventually(async () => {
      all = await pools();
      expect(all.length).toBeGreaterThan(1);
      expect(all.every((p) => p.heatmap !== null)).toBe(true);
    }, 20_000);
    for (const pool of all) {
      const map = pool.heatmap;
      if (map === null) throw new Error('no heatmap');
      expect(map.nodes.length).toBe(pool.nodes.total);
      expect(map.cells.length).toBe(map.nodes.length * map.gpusPerNode);
      expect([...map.nodes].sort()).toEqual(map.nodes);
      // No usage reader: nothing is busy or idle, held GPUs are unknown.
      expect(map.usageSource).toBe('NONE');
      expect(map.usageAsOf).toBeNull();
      const count = (state: string) => map.legend.find((l) => l.state === state)?.cells ?? -1;
      expect(count('ALLOCATED_BUSY')).toBe(0);
      expect(count('ALLOCATED_IDLE')).toBe(0);
      for (const entry of map.legend) {
        expect(entry.cells).toBe(map.cells.filter((c) => c === entry.code).length);
      }
      // Worst nodes (the text alternative) say what their rows hold.
      for (const worst of pool.worstNodes) {
        const r = map.nodes.indexOf(worst.node);
        const row = map.cells.slice(r * map.gpusPerNode, (r + 1) * map.gpusPerNode);
        const code = (state: string) => map.legend.find((l) => l.state === state)?.code;
        expect(worst.allocatedUnknown).toBe(row.filter((c) => c === code('ALLOCATED_UNKNOWN')).length);
        expect(worst.notUsable).toBe(row.filter((c) => c === code('NOT_USABLE')).length);
        expect(worst.free).toBe(row.filter((c) => c === code('FREE')).length);
      }
      // Free whole GPUs on the map = the inventory's free nvidia.com/gpu (each cell one GPU).
      const whole = pool.resources.find((r) => r.resource === 'nvidia.com/gpu');
      if (whole !== undefined && pool.resources.length === 1) {
        expect(count('FREE')).toBe(whole.free);
        expect(whole.freePerNode.reduce((n, f) => n + f.free * f.nodes, 0)).toBe(whole.free);
      }
    }
  });

  it('lists the pending 4-GPU pod as blocked by fragmentation under the H100 pool', async () => {
    await eventually(async () => {
      const h100 = (await pools()).find((p) => p.pool === 'h100-sxm');
      const blocked = h100?.blockedPods.find((b) => b.name.startsWith('llm-sweep-4gpu'));
      expect(blocked).toMatchObject({ namespace: 'ml-training', request: 4 });
      expect(blocked?.largestFree).toBeLessThan(4);
      expect(blocked?.explanation).toMatch(/nodes/);
    }, 20_000);
  });

  it('shows the same proposal next to the pool as Cluster.gpuBlockedPods gives', async () => {
    const h100 = (await pools()).find((p) => p.pool === 'h100-sxm');
    const blocked = h100?.blockedPods.find((b) => b.name.startsWith('llm-sweep-4gpu'));
    const { data } = await h.gql<{
      cluster: { gpuBlockedPods: { name: string; suggestion: { outcome: string; summary: string } }[] };
    }>('{ cluster(name: "prod-us-east") { gpuBlockedPods { name suggestion { outcome summary } } } }');
    const same = data?.cluster.gpuBlockedPods.find((b) => b.name === blocked?.name);
    expect(blocked?.suggestion?.summary.length).toBeGreaterThan(0);
    expect(blocked?.suggestion).toEqual(same?.suggestion);
  });

  it('gives the first worst nodes of one ranking whatever `first` asks (kept per pool refresh)', async () => {
    const query = `query W($first: Int!) { cluster(name: "prod-us-east") { gpuPools { pool worstNodes(first: $first) { node } } } }`;
    await eventually(async () => {
      type Answer = { cluster: { gpuPools: { pool: string; worstNodes: { node: string }[] }[] } };
      const all = (await h.gql<Answer>(query, { first: 200 })).data?.cluster.gpuPools ?? [];
      const three = (await h.gql<Answer>(query, { first: 3 })).data?.cluster.gpuPools ?? [];
      expect(all.some((p) => p.worstNodes.length > 3)).toBe(true);
      expect(three.map((p) => [p.pool, p.worstNodes])).toEqual(
        all.map((p) => [p.pool, p.worstNodes.slice(0, 3)]),
      );
    });
  });

  it('refuses a worstNodes size out of range', async () => {
    const { errors } = await h.gql(POOLS, { first: 201 });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
