import { parseExposition } from '@fleetscope/diagnostics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

const FLEET_QUERY = `{
  fleet {
    version
    clusters {
      name stale dataAsOf
      controlPlane { status summary }
      dataPlane { status summary evidence { signal value source } }
      nodes { total ready notReady unknown cordoned }
      pods { total running ready pending failed succeeded crashLooping }
      gpus { allocatable allocated pending unusable byResource { resource allocatable allocated pending unusable } }
      workloads { deployments deploymentsAvailable services servicesWithoutEndpoints }
      freshness { resource state stale relists restarts lastError }
    }
  }
}`;

interface ClusterView {
  name: string;
  stale: boolean;
  controlPlane: { status: string; summary: string };
  dataPlane: { status: string; summary: string };
  nodes: Record<string, number>;
  pods: Record<string, number>;
  gpus: Record<string, unknown>;
  workloads: Record<string, number>;
  freshness: Array<{
    resource: string;
    state: string;
    stale: boolean;
    relists: number;
    restarts: number;
    lastError: string | null;
  }>;
}

let h: Harness;

async function clusters(): Promise<ClusterView[]> {
  const result = await h.gql<{ fleet: { clusters: ClusterView[] } }>(FLEET_QUERY);
  expect(result.errors).toBeUndefined();
  return result.data?.fleet.clusters ?? [];
}

async function expectGroundTruth(name: string): Promise<void> {
  const truth = h.fleet.groundTruth(name);
  const cluster = (await clusters()).find((c) => c.name === name);
  expect(cluster, `cluster ${name} in the answer`).toBeDefined();
  expect({
    nodes: cluster?.nodes,
    pods: cluster?.pods,
    gpus: cluster?.gpus,
    workloads: cluster?.workloads,
  }).toEqual({
    nodes: truth.nodes,
    pods: truth.pods,
    gpus: truth.gpus,
    workloads: truth.workloads,
  });
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('GraphQL fleet summary against the simulator ground truth', () => {
  it('answers for every simulated cluster with counts equal to the ground truth once synced', async () => {
    await eventually(async () => {
      const all = await clusters();
      expect(all.map((c) => c.name)).toEqual(h.fleet.clusters.map((c) => c.name).sort());
      for (const c of all) {
        expect(c.stale).toBe(false);
        expect(c.freshness.every((f) => f.state === 'SYNCED')).toBe(true);
      }
    });
    for (const cluster of h.fleet.clusters) await expectGroundTruth(cluster.name);
  });

  it('keeps the control plane apart from the data plane', async () => {
    const all = await clusters();
    for (const c of all) {
      expect(c.controlPlane.status).toBe('HEALTHY');
      expect(c.controlPlane.summary).toMatch(/API server reachable/);
    }
    // The demo scenario has data-plane trouble (an Unknown node, a crash-looping pod) in prod-us-east.
    const east = all.find((c) => c.name === 'prod-us-east');
    expect(east?.dataPlane.status).toBe('DEGRADED');
    expect(east?.dataPlane.summary).toMatch(/Unknown|CrashLoopBackOff/);
  });

  it('reflects a node going NotReady and a pod being deleted after the debounce', async () => {
    const sim = h.fleet.cluster('prod-eu-west');
    const readyNode = sim.list('nodes').find((n) => {
      const conditions = (n as { status?: { conditions?: Array<{ type: string; status: string }> } }).status
        ?.conditions;
      return conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    });
    const somePod = sim.list('pods')[0];
    expect(readyNode && somePod).toBeTruthy();
    const before = h.fleet.groundTruth('prod-eu-west');
    sim.setNodeReady(readyNode?.metadata.name ?? '', false);
    sim.deletePod(somePod?.metadata.namespace ?? '', somePod?.metadata.name ?? '');
    const after = h.fleet.groundTruth('prod-eu-west');
    expect(after.nodes.notReady).toBe(before.nodes.notReady + 1);
    expect(after.pods.total).toBe(before.pods.total - 1);
    await eventually(() => expectGroundTruth('prod-eu-west'));
    const west = (await clusters()).find((c) => c.name === 'prod-eu-west');
    expect(west?.dataPlane.status).not.toBe('HEALTHY');
    expect(west?.dataPlane.summary).toContain(readyNode?.metadata.name);
  });

  it('exports its verdicts and freshness on /metrics as valid Prometheus text', async () => {
    await eventually(async () => {
      expect((await clusters()).every((c) => !c.stale)).toBe(true);
    });
    const response = await fetch(`${h.api.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const parsed = parseExposition(await response.text());
    expect(parsed.errors).toEqual([]);
    const family = (name: string) => parsed.families.find((f) => f.name === name);
    const east = (labels: Record<string, string>) =>
      family('fleetscope_plane_status')?.samples.find((x) =>
        Object.entries(labels).every(([k, v]) => x.labels[k] === v),
      )?.value;
    expect(east({ cluster: 'prod-us-east', plane: 'data', status: 'DEGRADED' })).toBe(1);
    expect(east({ cluster: 'prod-us-east', plane: 'data', status: 'HEALTHY' })).toBe(0);
    const gpus = family('fleetscope_gpus')?.samples.find(
      (x) => x.labels.cluster === 'openb' && x.labels.kind === 'allocatable',
    );
    expect(gpus?.value).toBe(h.fleet.groundTruth('openb').gpus.allocatable);
    // Every MIG profile of prod-us-east apart, as the ground truth counts it.
    const mig = h.fleet
      .groundTruth('prod-us-east')
      .gpus.byResource.filter((r) => r.resource.startsWith('nvidia.com/mig-'));
    expect(mig.length).toBeGreaterThan(0);
    for (const r of mig) {
      const sample = family('fleetscope_gpu_resources')?.samples.find(
        (x) =>
          x.labels.cluster === 'prod-us-east' &&
          x.labels.resource === r.resource &&
          x.labels.kind === 'allocatable',
      );
      expect(sample?.value, r.resource).toBe(r.allocatable);
    }
    expect(family('fleetscope_watch_lag_seconds')?.samples.length).toBeGreaterThan(0);
    expect(family('fleetscope_control_plane_part_status')?.samples.length).toBeGreaterThan(0);
  });

  it('answers cluster(name) and null for a cluster it does not watch', async () => {
    const result = await h.gql<{ a: { name: string } | null; b: null }>(
      '{ a: cluster(name: "openb") { name } b: cluster(name: "nope") { name } }',
    );
    expect(result.data).toEqual({ a: { name: 'openb' }, b: null });
  });

  it('rejects hostile queries with a clear error and keeps serving', async () => {
    const deep = await h.gql('{ fleet { clusters { freshness { resource } } } }');
    expect(deep.errors).toBeUndefined();
    const bad = await h.gql('{ fleet { nope } }');
    expect((bad.errors as Array<{ message: string }>)[0]?.message).toBe(
      'Cannot query field "nope" on type "Fleet".',
    );
    const cyclic = await h.gql('query { fleet { ...A } } fragment A on Fleet { ...A }');
    expect((cyclic.errors as Array<{ message: string }>)[0]?.message).toMatch(
      /Cannot spread fragment "A" within itself/,
    );
    const response = await fetch(`${h.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect((await clusters()).length).toBe(3);
  });
});
