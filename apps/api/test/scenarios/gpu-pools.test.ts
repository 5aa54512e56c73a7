import { podRequest, GPU_POOLS_TRUTH as TRUTH } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The gpu-pools scenario (libs/fleet-sim/src/scenarios/gpu-pools.ts) through the real watch path and
// GraphQL: a fragmented H100 pool with a 4- and an 8-GPU pod pending, an A100 pool on two drivers.
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'gpu-pools', size: 'small' });
}, 60_000);
afterAll(() => h.close());

interface Blocked {
  pod: string;
  pool: string;
  request: number;
  free: number;
  perNodeFree: { node: string; free: number }[];
  suggestion: {
    outcome: string;
    targetNode: string | null;
    moves: { pod: string; fromNode: string; toNode: string; request: number }[];
    drainNode: string | null;
    podsDisrupted: number;
    blockedByPdb: unknown[];
    pdbsChecked: boolean;
    exact: boolean;
    summary: string;
  };
}

const BLOCKED = `gpuBlockedPods { pod pool request free perNodeFree { node free }
  suggestion { outcome targetNode moves { pod fromNode toNode request } drainNode podsDisrupted blockedByPdb { pdb } pdbsChecked exact summary } }`;

describe('the gpu-pools scenario: its ground truth holds in the simulator itself', () => {
  it('free GPUs per node of the fragmented pool, from the raw objects', () => {
    const cluster = h.fleet.cluster(TRUTH.cluster);
    const used = new Map<string, number>();
    for (const pod of cluster.store.list('pods')) {
      const node = (pod.spec as { nodeName?: string }).nodeName ?? '';
      if (node !== '') used.set(node, (used.get(node) ?? 0) + podRequest(pod, 'nvidia.com/gpu'));
    }
    const free: Record<string, number> = {};
    for (const node of cluster.store.list('nodes')) {
      const labels = node.metadata.labels ?? {};
      if (labels['karpenter.sh/nodepool'] !== TRUTH.fragmentedPool) continue;
      const allocatable = Number(
        (node.status as { allocatable: Record<string, string> }).allocatable['nvidia.com/gpu'],
      );
      free[node.metadata.name] = allocatable - (used.get(node.metadata.name) ?? 0);
    }
    expect(free).toEqual(TRUTH.fragmentedFree);
  });
});

describe('the gpu-pools scenario through the API', () => {
  it('both pending pods are blocked by fragmentation, with per-node free and the proposal', {
    timeout: 60_000,
  }, async () => {
    let blocked: Blocked[] = [];
    await eventually(async () => {
      const { data, errors } = await h.gql<{ cluster: { gpuBlockedPods: Blocked[] } }>(
        `{ cluster(name: "${TRUTH.cluster}") { ${BLOCKED} } }`,
      );
      expect(errors).toBeUndefined();
      blocked = data?.cluster.gpuBlockedPods ?? [];
      expect(blocked).toHaveLength(TRUTH.blocked.length);
    }, 30_000);
    const expectedFree = Object.entries(TRUTH.fragmentedFree)
      .map(([node, free]) => ({ node, free }))
      .sort((a, b) => b.free - a.free || (a.node < b.node ? -1 : 1));
    const total = expectedFree.reduce((s, n) => s + n.free, 0);
    for (const [i, truth] of TRUTH.blocked.entries()) {
      const b = blocked[i];
      expect(b?.pod.startsWith(`${truth.deployment}-`)).toBe(true);
      expect(b).toMatchObject({ pool: TRUTH.fragmentedPool, request: truth.request, free: total });
      expect(b?.perNodeFree).toEqual(expectedFree);
      // The live API does not watch PodDisruptionBudgets: it says so.
      expect(b?.suggestion.pdbsChecked).toBe(false);
      expect(b?.suggestion.exact).toBe(true);
      expect(b?.suggestion.outcome).toBe(truth.movesHelp ? 'MOVES' : 'NO_SOLUTION');
    }
    const sweep = blocked.find((b) => b.request === 4);
    expect(sweep?.suggestion).toMatchObject({
      targetNode: TRUTH.sweepMove.fromNode,
      podsDisrupted: 1,
      drainNode: null,
      moves: [
        {
          pod: expect.stringMatching(new RegExp(`^ml/${TRUTH.sweepMove.owner}-`)),
          fromNode: TRUTH.sweepMove.fromNode,
          toNode: TRUTH.sweepMove.toNode,
          request: TRUTH.sweepMove.request,
        },
      ],
    });
    const pretrain = blocked.find((b) => b.request === 8);
    expect(pretrain?.suggestion.summary).toMatch(/no set of moves makes room/);

    // Filtered by pool; another pool has none.
    const { data } = await h.gql<{ cluster: { a: Blocked[]; b: Blocked[] } }>(
      `{ cluster(name: "${TRUTH.cluster}") { a: gpuBlockedPods(pool: "${TRUTH.fragmentedPool}") { pod } b: gpuBlockedPods(pool: "${TRUTH.mixedDriverPool}") { pod } } }`,
    );
    expect(data?.cluster.a).toHaveLength(2);
    expect(data?.cluster.b).toEqual([]);
  });

  it('the findings: both pods blocked by fragmentation, the A100 pool on two drivers', {
    timeout: 60_000,
  }, async () => {
    await eventually(async () => {
      const { data } = await h.gql<{ cluster: { findings: { rule: string; title: string }[] } }>(
        `{ cluster(name: "${TRUTH.cluster}") { findings(first: 200) { rule title } } }`,
      );
      const findings = data?.cluster.findings ?? [];
      const blocked = findings.filter((f) => f.rule === 'pod.blocked-by-fragmentation');
      expect(blocked.map((f) => f.title.split(' ')[1]?.replace(/-[^-]+-[^-]+$/, '')).sort()).toEqual(
        TRUTH.blocked.map((b) => b.deployment).sort(),
      );
      const mixed = findings.find((f) => f.rule === 'pool.mixed-drivers');
      expect(mixed?.title).toBe(
        `pool ${TRUTH.mixedDriverPool} runs 2 driver versions (${TRUTH.drivers.map((d) => `${d.version} on ${d.nodes}`).join(', ')})`,
      );
    }, 30_000);
  });

  it('Cluster.gpuPools: the fragmented pool measured as the reference defines it', {
    timeout: 60_000,
  }, async () => {
    const { data } = await h.gql<{
      cluster: {
        gpuPools: {
          pool: string;
          driverVersions: { version: string; nodes: number }[];
          resources: {
            free: number;
            largestPlaceable: number;
            bySize: { size: number; stranded: number; share: number; slots: number }[];
          }[];
        }[];
      };
    }>(
      `{ cluster(name: "${TRUTH.cluster}") { gpuPools { pool driverVersions { version nodes } resources { free largestPlaceable bySize { size stranded share slots } } } } }`,
    );
    const pools = data?.cluster.gpuPools ?? [];
    const frag = pools.find((p) => p.pool === TRUTH.fragmentedPool)?.resources[0];
    const free = Object.values(TRUTH.fragmentedFree);
    expect(frag?.free).toBe(free.reduce((s, f) => s + f, 0));
    expect(frag?.largestPlaceable).toBe(Math.max(...free));
    for (const s of frag?.bySize ?? []) {
      const stranded = free.filter((f) => f < s.size).reduce((a, f) => a + f, 0);
      expect(s.stranded, `k=${s.size}`).toBe(stranded);
      expect(s.slots, `k=${s.size}`).toBe(free.reduce((a, f) => a + Math.floor(f / s.size), 0));
    }
    const a100 = pools.find((p) => p.pool === TRUTH.mixedDriverPool);
    expect(a100?.driverVersions).toEqual(expect.arrayContaining([...TRUTH.drivers]));
  });
});
