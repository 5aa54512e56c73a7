import { analyzeWorkloads, judgeCluster, projectObject, triageScope } from '@fleetscope/diagnostics';
import { BROKEN_DRIVER, createFleet } from '@fleetscope/fleet-sim';
import type { Finding, RecordKind } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../src/stores/object-store.ts';

// Every kind the analysis reads, as the simulator serves it (raw Kubernetes JSON, projected on arrival).
const KINDS: [RecordKind, string][] = [
  ['Node', 'nodes'],
  ['Pod', 'pods'],
  ['Deployment', 'deployments'],
  ['ReplicaSet', 'replicasets'],
  ['Service', 'services'],
  ['EndpointSlice', 'endpointslices'],
  ['Event', 'events'],
];

/** The offline path over one simulated cluster: projections, verdict findings, workloads. */
function findingsOf(fleet: ReturnType<typeof createFleet>, name: string): Finding[] {
  const store = new ObjectStore();
  for (const [kind, resource] of KINDS) {
    for (const raw of fleet.cluster(name).store.list(resource)) {
      const result = projectObject(kind, raw);
      if (result.ok) store.upsert(result.record);
    }
  }
  const now = fleet.clock.now();
  const { findings } = judgeCluster({
    name,
    nodes: store.nodes(),
    pods: store.pods(),
    deployments: store.deployments(),
    services: store.services(),
    endpointSlices: store.endpointSlices(),
    freshness: [],
    now,
    mode: 'offline',
  });
  return analyzeWorkloads(
    {
      name,
      nodes: [...store.nodes()],
      pods: [...store.pods()],
      deployments: [...store.deployments()],
      replicaSets: [...store.replicaSets()],
      events: [...store.events()],
      now,
    },
    findings,
  ).findings;
}

describe('scope triage on the simulated triage scenario (ground truth in its spec)', () => {
  const fleet = createFleet({ scenario: 'triage', size: 'demo' });
  const clusters = fleet.clusters.map((c) => c.name);
  const findings = clusters.flatMap((name) => findingsOf(fleet, name));
  const scoped = triageScope(findings, { clusters });

  it('names each independent problem at its own scope, widest first', () => {
    expect(
      scoped.map((f) => [
        f.scope,
        f.cluster,
        f.attributes.pool ?? f.attributes.node ?? f.attributes.owner ?? f.attributes.imageRegistry,
      ]),
    ).toEqual([
      ['GLOBAL', '*', 'registry.example.com'],
      ['POOL', 'prod-us-east', 'h100-sxm'],
      ['NODE', 'prod-eu-west', expect.any(String)],
      ['POD', 'prod-us-east', 'Deployment/inference/reranker'],
    ]);
  });

  it('tells the registry outage as one global finding with both workloads', () => {
    const [global] = scoped;
    expect(global?.title).toBe(
      'GLOBAL: image pulls from registry.example.com failing in 2 of 2 clusters (prod-eu-west, prod-us-east)',
    );
    const subjects = global?.subjects.map((s) => `${s.kind}/${s.namespace}/${s.name}`) ?? [];
    expect(subjects.some((s) => s.startsWith('Pod/shop/checkout-'))).toBe(true);
    expect(subjects.some((s) => s.startsWith('Pod/shop/cart-'))).toBe(true);
    expect(subjects).toContain('Deployment/shop/checkout');
  });

  it('the pool finding counts both NotReady nodes and says what they share', () => {
    const pool = scoped.find((f) => f.scope === 'POOL');
    expect(pool?.title).toMatch(
      /^POOL h100-sxm \(cluster prod-us-east\): 2 nodes affected \(2 NotReady\) — all NVIDIA-H100-80GB-HBM3/,
    );
  });
});

describe('scope triage on the simulated gpu-triage scenario (ground truth in its spec)', () => {
  const fleet = createFleet({ scenario: 'gpu-triage', size: 'demo' });
  const clusters = fleet.clusters.map((c) => c.name);
  const scoped = triageScope(
    clusters.flatMap((name) => findingsOf(fleet, name)),
    { clusters },
  );

  it('a pool broken by its new driver, a GPU off the bus and a crashing pod stay three findings', () => {
    expect(scoped.map((f) => [f.scope, f.cluster, f.attributes.impairs])).toEqual([
      ['POOL', 'prod-us-east', 'user'],
      ['NODE', 'prod-eu-west', 'user'],
      ['POD', 'prod-us-east', 'user'],
    ]);
  });

  it('the pool finding names what its failing nodes share: the new driver', () => {
    const pool = scoped[0];
    expect(pool?.title).toBe(
      `POOL h100-sxm (cluster prod-us-east): 3 nodes affected (3 CrashLoopBackOff, 3 GPUs not usable yet) — all NVIDIA-H100-80GB-HBM3, driver ${BROKEN_DRIVER}, p5.48xlarge`,
    );
    // The crash-looping validator pods are the nodes' trouble, not a workload of their own.
    expect(pool?.subjects.filter((s) => s.kind === 'Pod').every((s) => s.namespace === 'gpu-operator')).toBe(
      true,
    );
    expect(pool?.attributes.driverVersion).toBe(BROKEN_DRIVER);
  });

  it('one GPU fallen off the bus is that node alone', () => {
    expect(scoped[1]?.title).toMatch(
      /^NODE gke-prod-eu-west-h100-eu-\S+ \(cluster prod-eu-west\): node \S+: 1 of 8 GPUs unhealthy \(allocatable 7 of capacity 8\)$/,
    );
  });
});

describe('scope triage on the simulated cluster-triage scenario (ground truth in its spec)', () => {
  const fleet = createFleet({ scenario: 'cluster-triage', size: 'demo' });
  const clusters = fleet.clusters.map((c) => c.name);
  const scoped = triageScope(
    clusters.flatMap((name) => findingsOf(fleet, name)),
    { clusters },
  );

  it('an admission policy and a failing CNI are two cluster-wide problems, on different paths', () => {
    expect(
      scoped.map((f) => [
        f.scope,
        f.cluster,
        f.attributes.admission ?? f.attributes.cni,
        f.attributes.impairs,
      ]),
    ).toEqual([
      ['CLUSTER', 'prod-eu-west', 'calico', 'user'],
      ['CLUSTER', 'prod-us-east', 'validate.kyverno.svc-fail', 'operations'],
    ]);
  });

  it('the admission finding names the engine, the webhook and both refused workloads', () => {
    const admission = scoped.find((f) => f.attributes.admission !== undefined);
    expect(admission?.title).toBe(
      'CLUSTER prod-us-east: Kyverno webhook validate.kyverno.svc-fail refuses new pods of 2 workloads',
    );
    const subjects = admission?.subjects.map((s) => `${s.kind}/${s.namespace}/${s.name}`) ?? [];
    expect(subjects).toEqual(
      expect.arrayContaining(['Deployment/shop/checkout', 'Deployment/ml-platform/feature-store']),
    );
    expect(admission?.evidence.map((e) => e.value).join('\n')).toMatch(/refused at admission/);
  });

  it('the network finding counts the nodes and pools the sandboxes fail on', () => {
    const network = scoped.find((f) => f.attributes.cni !== undefined);
    expect(network?.title).toBe(
      'CLUSTER prod-eu-west: pod sandbox creation failing on 4 nodes in 2 pools (CNI calico): 4 pods stuck ContainerCreating',
    );
  });
});
