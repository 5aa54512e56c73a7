import { analyzeWorkloads, judgeCluster, projectObject, triageScope } from '@fleetscope/diagnostics';
import { createFleet } from '@fleetscope/fleet-sim';
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
