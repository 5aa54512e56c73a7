import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The triage scenario (libs/fleet-sim/src/scenarios/triage.ts) through the real watch path and GraphQL:
// its ground truth is one problem per scope.
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'triage', size: 'demo' });
}, 60_000);
afterAll(() => h.close());

interface Found {
  id: string;
  rule: string;
  scope: string;
  cluster: string;
  title: string;
  attributes: { key: string; value: string }[];
  nextSteps: string[];
}
const FIELDS = 'id rule scope cluster title attributes { key value } nextSteps';

describe('scope triage through the API', () => {
  it('Fleet.findings(scope:) serves each problem at its scope', async () => {
    await eventually(async () => {
      const { data, errors } = await h.gql<{ fleet: { findings: Found[] } }>(
        `{ fleet { findings(minSeverity: WARNING, first: 200) { ${FIELDS} } } }`,
      );
      expect(errors).toBeUndefined();
      const scoped = (data?.fleet.findings ?? []).filter((f) => f.rule.startsWith('scope.'));
      const titles = scoped.map((f) => `${f.scope} ${f.title}`);
      expect(titles).toContainEqual(
        'GLOBAL GLOBAL: image pulls from registry.example.com failing in 2 of 2 clusters (prod-eu-west, prod-us-east)',
      );
      expect(
        titles.some((t) =>
          /^POOL POOL h100-sxm \(cluster prod-us-east\): 2 of \d+ nodes affected \(2 NotReady\)/.test(t),
        ),
      ).toBe(true);
      expect(scoped.some((f) => f.scope === 'NODE' && f.cluster === 'prod-eu-west')).toBe(true);
      expect(
        scoped.some((f) => f.scope === 'POD' && f.title.startsWith('POD Deployment/inference/reranker')),
      ).toBe(true);
    }, 30_000);
  });

  it('filters by scope, and a cluster carries the scope findings placed in it', async () => {
    const { data } = await h.gql<{ fleet: { findings: Found[] }; cluster: { findings: Found[] } }>(
      `{ fleet { findings(scope: GLOBAL) { ${FIELDS} } } cluster(name: "prod-us-east") { findings(scope: POOL) { ${FIELDS} } } }`,
    );
    expect(data?.fleet.findings.every((f) => f.scope === 'GLOBAL')).toBe(true);
    expect(data?.fleet.findings[0]?.nextSteps[0]).toMatch(/image registry/);
    expect(data?.cluster.findings.map((f) => f.rule)).toContain('scope.pool');
  });

  it('pods that cannot pull say which registry, live', async () => {
    const { data } = await h.gql<{ cluster: { findings: Found[] } }>(
      `{ cluster(name: "prod-eu-west") { findings(scope: POD, first: 200) { ${FIELDS} } } }`,
    );
    const pull = data?.cluster.findings.find((f) => f.rule === 'pod.image-pull');
    expect(pull?.title).toMatch(
      /^pod shop\/cart-\S+ container \S+ ImagePullBackOff: Back-off pulling image "registry\.example\.com\/shop\/cart:1\.9\.0"$/,
    );
    expect(pull?.attributes).toContainEqual({ key: 'imageRegistry', value: 'registry.example.com' });
  });
});

describe('GPU pools through the API', () => {
  it('Cluster.gpuPools: capacity per resource, fragmentation and nodes not usable', async () => {
    // Pools are refreshed on the periodic tick (5 s), off the event path.
    await eventually(async () => {
      const { data } = await h.gql<{ cluster: { gpuPools: { nodes: { usable: number; total: number } }[] } }>(
        '{ cluster(name: "prod-us-east") { gpuPools { nodes { usable total } } } }',
      );
      const pools = data?.cluster.gpuPools ?? [];
      expect(pools.length).toBeGreaterThan(1);
      expect(pools.reduce((n, p) => n + p.nodes.total, 0)).toBeGreaterThan(8);
    }, 20_000);
    const { data, errors } = await h.gql<{
      cluster: {
        gpuPools: {
          pool: string;
          sku: string;
          sharingMode: string;
          migProfiles: string[];
          nodes: { total: number; usable: number };
          resources: {
            resource: string;
            allocatable: number;
            free: number;
            largestPlaceable: number;
            bySize: { size: number }[];
          }[];
        }[];
      };
    }>(
      `{ cluster(name: "prod-us-east") { gpuPools { pool sku sharingMode migProfiles nodes { total usable } resources { resource allocatable free largestPlaceable bySize { size } } } } }`,
    );
    expect(errors).toBeUndefined();
    const pools = data?.cluster.gpuPools ?? [];
    const h100 = pools.find((p) => p.pool === 'h100-sxm');
    // Two of its nodes are NotReady: they are not usable, and their GPUs are not counted as free.
    expect(h100?.nodes.total).toBeGreaterThan(2);
    expect(h100?.nodes.usable).toBe((h100?.nodes.total ?? 0) - 2);
    expect(h100?.sku).toBe('NVIDIA-H100-80GB-HBM3');
    expect(h100?.resources[0]?.resource).toBe('nvidia.com/gpu');
    expect(h100?.resources[0]?.bySize.map((s) => s.size)).toEqual([1, 2, 4, 8]);
    const mig = pools.find((p) => p.sharingMode === 'mig-mixed');
    expect(mig?.migProfiles.length).toBeGreaterThan(0);
    expect(mig?.resources.some((r) => r.resource.startsWith('nvidia.com/mig-'))).toBe(true);
  });
});

describe('findings over time', () => {
  it('each open finding says when it was first seen; resolved ones are listed', async () => {
    const { data, errors } = await h.gql<{
      fleet: { findings: { id: string; firstSeenAt: string | null }[]; resolvedFindings: unknown[] };
    }>(
      `{ fleet { findings(first: 50) { id firstSeenAt } resolvedFindings(since: "2020-01-01T00:00:00Z") { resolvedAt } } }`,
    );
    expect(errors).toBeUndefined();
    const findings = data?.fleet.findings ?? [];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings)
      expect(Date.parse(f.firstSeenAt ?? '')).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(Array.isArray(data?.fleet.resolvedFindings)).toBe(true);
  });
});
