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
      // Once the PodDisruptionBudgets are listed (the cluster has none yet), proposals say they were checked.
      for (const b of blocked) expect(b.suggestion.pdbsChecked).toBe(true);
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

describe('the gpu-pools scenario: what the GPU side watches add, live', () => {
  it('Cluster.gpuDra: complete ResourceSlices minus ResourceClaim allocations, per DRA pool and node pool', {
    timeout: 60_000,
  }, async () => {
    interface Dra {
      state: string;
      devices: number | null;
      allocated: number | null;
      free: number | null;
      incomplete: number;
      pools: {
        driver: string;
        node: string | null;
        nodePool: string | null;
        complete: boolean;
        devices: number | null;
      }[];
    }
    let dra: Dra | undefined;
    await eventually(async () => {
      const { data, errors } = await h.gql<{ cluster: { gpuDra: Dra } }>(
        `{ cluster(name: "${TRUTH.cluster}") { gpuDra { state devices allocated free incomplete pools { driver node nodePool complete devices } } } }`,
      );
      expect(errors).toBeUndefined();
      dra = data?.cluster.gpuDra;
      expect(dra?.state).toBe('COUNTED');
    }, 30_000);
    expect(dra).toMatchObject({
      devices: TRUTH.dra.devices,
      allocated: TRUTH.dra.allocated,
      free: TRUTH.dra.free,
      incomplete: 0,
    });
    expect(dra?.pools).toHaveLength(TRUTH.dra.nodes);
    for (const pool of dra?.pools ?? []) {
      expect(pool).toMatchObject({ driver: TRUTH.dra.driver, nodePool: TRUTH.dra.pool, complete: true });
    }

    // A claim released live: one device more free, at once in the next read.
    const sim = h.fleet.cluster(TRUTH.cluster);
    const allocatedClaim = sim
      .list('resourceclaims')
      .find((c) => ((c.status as { allocation?: unknown } | undefined)?.allocation ?? null) !== null);
    expect(allocatedClaim).toBeDefined();
    sim.remove('resourceclaims', allocatedClaim?.metadata.namespace, allocatedClaim?.metadata.name ?? '');
    await eventually(async () => {
      const { data } = await h.gql<{ cluster: { gpuDra: Dra } }>(
        `{ cluster(name: "${TRUTH.cluster}") { gpuDra { state allocated free } } }`,
      );
      expect(data?.cluster.gpuDra).toMatchObject({
        state: 'COUNTED',
        allocated: TRUTH.dra.allocated - 1,
        free: TRUTH.dra.free + 1,
      });
    }, 30_000);
  });

  it('allocation per team from the namespaces’ team label, per cluster and over the fleet', {
    timeout: 60_000,
  }, async () => {
    interface Ns {
      namespace: string;
      team: string;
      resource: string;
      allocated: number;
    }
    interface Team {
      team: string;
      resource: string;
      allocated: number;
      namespaces: string[];
    }
    await eventually(async () => {
      const { data, errors } = await h.gql<{
        cluster: { gpuUsage: { byNamespace: Ns[] } };
        fleet: { gpu: { byTeam: Team[] } };
      }>(
        `{ cluster(name: "${TRUTH.cluster}") { gpuUsage { byNamespace { namespace team resource allocated } } }
           fleet { gpu { byTeam { team resource allocated namespaces } } } }`,
      );
      expect(errors).toBeUndefined();
      const byNamespace = data?.cluster.gpuUsage.byNamespace ?? [];
      // Independently: whole GPUs the simulator bound per namespace.
      const bound = new Map<string, number>();
      for (const pod of h.fleet.cluster(TRUTH.cluster).list('pods')) {
        const node = (pod.spec as { nodeName?: string }).nodeName ?? '';
        const phase = (pod.status as { phase?: string } | undefined)?.phase ?? '';
        if (node === '' || phase === 'Succeeded' || phase === 'Failed') continue;
        const ns = pod.metadata.namespace ?? '';
        bound.set(ns, (bound.get(ns) ?? 0) + podRequest(pod, 'nvidia.com/gpu'));
      }
      for (const [ns, team] of Object.entries(TRUTH.teams)) {
        const rows = byNamespace.filter((n) => n.namespace === ns && n.resource === 'nvidia.com/gpu');
        expect(rows.length, ns).toBeGreaterThan(0);
        for (const row of rows) expect(row.team).toBe(team);
        expect(rows.reduce((sum, r) => sum + r.allocated, 0)).toBe(bound.get(ns));
        const fleetTeam = data?.fleet.gpu.byTeam.find(
          (t) => t.team === team && t.resource === 'nvidia.com/gpu',
        );
        expect(fleetTeam?.allocated).toBe(bound.get(ns));
        expect(fleetTeam?.namespaces).toEqual([`${TRUTH.cluster}/${ns}`]);
      }
    }, 30_000);

    // /metrics carries the same team (alerting and Fleetscope's own allocation history read it).
    await eventually(async () => {
      const text = await (await fetch(`${h.api.url}/metrics`)).text();
      for (const [ns, team] of Object.entries(TRUTH.teams)) {
        expect(text).toMatch(
          new RegExp(
            `^fleetscope_gpu_allocated\\{cluster="${TRUTH.cluster}",pool="[^"]+",namespace="${ns}",team="${team}"\\} [1-9]`,
            'm',
          ),
        );
      }
    }, 30_000);

    // A team label changed live moves the namespace to the new team without any pod changing.
    h.fleet.cluster(TRUTH.cluster).update('namespaces', undefined, 'inference', (ns) => {
      ns.metadata.labels = { ...(ns.metadata.labels ?? {}), team: 'research' };
    });
    await eventually(async () => {
      const { data } = await h.gql<{ fleet: { gpu: { byTeam: Team[] } } }>(
        '{ fleet { gpu { byTeam { team resource allocated namespaces } } } }',
      );
      const research = data?.fleet.gpu.byTeam.find(
        (t) => t.team === 'research' && t.resource === 'nvidia.com/gpu',
      );
      expect(research?.namespaces).toEqual([`${TRUTH.cluster}/inference`, `${TRUTH.cluster}/ml`]);
      expect(data?.fleet.gpu.byTeam.some((t) => t.team === 'serving')).toBe(false);
    }, 30_000);
  });

  it('Cluster.gpuOperator: the ClusterPolicy is ready', { timeout: 60_000 }, async () => {
    await eventually(async () => {
      const { data, errors } = await h.gql<{
        cluster: {
          gpuOperator: {
            st: string;
            policy: string;
            policyState: string;
            conditions: { type: string; status: string }[];
          };
        };
      }>(
        `{ cluster(name: "${TRUTH.cluster}") { gpuOperator { st: state policy policyState conditions { type status } } } }`,
      );
      expect(errors).toBeUndefined();
      expect(data?.cluster.gpuOperator).toMatchObject({
        st: 'READY',
        policy: TRUTH.gpuOperator.policy,
        policyState: TRUTH.gpuOperator.state,
      });
      expect(data?.cluster.gpuOperator.conditions).toContainEqual({ type: 'Ready', status: 'True' });
    }, 30_000);
  });

  it('a PodDisruptionBudget added live: the proposal no longer evicts the pods it protects', {
    timeout: 60_000,
  }, async () => {
    const sim = h.fleet.cluster(TRUTH.cluster);
    sim.upsert({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: 'tune-budget',
        namespace: 'ml',
        uid: 'pdb-tune-budget',
        resourceVersion: '',
        creationTimestamp: new Date(h.fleet.clock.now()).toISOString(),
      },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app: TRUTH.sweepMove.owner } } },
      status: { disruptionsAllowed: 0, currentHealthy: 6, desiredHealthy: 6, expectedPods: 6 },
    });
    try {
      await eventually(async () => {
        const { data } = await h.gql<{ cluster: { gpuBlockedPods: Blocked[] } }>(
          `{ cluster(name: "${TRUTH.cluster}") { ${BLOCKED} } }`,
        );
        const sweep = data?.cluster.gpuBlockedPods.find((b) => b.request === 4);
        expect(sweep?.suggestion.pdbsChecked).toBe(true);
        // No move of a protected pod is proposed; the budget that forbade the cheaper one is named.
        for (const move of sweep?.suggestion.moves ?? []) {
          expect(move.pod).not.toMatch(new RegExp(`^ml/${TRUTH.sweepMove.owner}-`));
        }
        expect(sweep?.suggestion.blockedByPdb).toContainEqual({ pdb: 'ml/tune-budget' });
      }, 30_000);
    } finally {
      sim.remove('poddisruptionbudgets', 'ml', 'tune-budget');
    }
  });
});
