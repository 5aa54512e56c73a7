import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { createFleet } from '../src/fleet.ts';
import { KUEUE_TRUTH, SERVING_TRUTH } from '../src/scenarios/serving.ts';
import { type FleetServers, startFleetServers } from '../src/servers.ts';

// gateway.networking.k8s.io/v1 and kueue.x-k8s.io/v1beta2 are served by the clusters whose scenario
// has Gateways or Kueue, and only by them; list and watch work as for any resource.
let fleet: FleetServers;
beforeAll(async () => {
  fleet = await startFleetServers(
    createFleet({ size: 'small', scenario: 'serving', clock: new ManualClock() }),
  );
});
afterAll(() => fleet.close());

const get = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('Gateway API and Kueue in the simulator', () => {
  it('the serving cluster lists both groups in discovery and serves their objects', async () => {
    const url = fleet.server(SERVING_TRUTH.cluster).url;
    const groups = (
      (await get(`${url}/apis`)).body.groups as { name: string; preferredVersion: { version: string } }[]
    ).map((g) => [g.name, g.preferredVersion.version]);
    expect(groups).toContainEqual(['gateway.networking.k8s.io', 'v1']);
    expect(groups).toContainEqual(['kueue.x-k8s.io', 'v1beta2']);
    const routes = await get(`${url}/apis/gateway.networking.k8s.io/v1/httproutes`);
    expect(routes.body.kind).toBe('HTTPRouteList');
    expect(
      (routes.body.items as { metadata: { name: string } }[]).map((r) => r.metadata.name).sort(),
    ).toEqual(SERVING_TRUTH.routes.map((r) => r.name).sort());
    const missing = (
      routes.body.items as {
        metadata: { name: string };
        status: { parents: { conditions: { type: string; reason: string }[] }[] };
      }[]
    ).find((r) => r.metadata.name === 'legacy-cart');
    expect(missing?.status.parents[0]?.conditions).toContainEqual(
      expect.objectContaining({ type: 'ResolvedRefs', reason: 'BackendNotFound' }),
    );
    const queues = await get(`${url}/apis/kueue.x-k8s.io/v1beta2/clusterqueues`);
    expect((queues.body.items as { metadata: { name: string } }[]).map((q) => q.metadata.name)).toEqual([
      KUEUE_TRUTH.clusterQueue,
    ]);
    const pod = await get(
      `${url}/api/v1/namespaces/${KUEUE_TRUTH.gatedPod.namespace}/pods/${KUEUE_TRUTH.gatedPod.name}`,
    );
    expect((pod.body.spec as { schedulingGates: { name: string }[] }).schedulingGates).toEqual([
      { name: 'kueue.x-k8s.io/admission' },
    ]);
  });

  it('a watch of Workloads delivers a change', async () => {
    const server = fleet.server(SERVING_TRUTH.cluster);
    const list = await get(`${server.url}/apis/kueue.x-k8s.io/v1beta2/workloads`);
    const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
    const abort = new AbortController();
    const response = await fetch(
      `${server.url}/apis/kueue.x-k8s.io/v1beta2/workloads?watch=1&resourceVersion=${rv}`,
      {
        signal: abort.signal,
      },
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const name = (list.body.items as { metadata: { name: string; namespace: string } }[])[0]?.metadata;
    server.cluster.update('workloads', name?.namespace, name?.name ?? '', (w) => {
      w.metadata.labels = { ...(w.metadata.labels ?? {}), touched: 'yes' };
    });
    // Read events until the change arrives (a bookmark may come first).
    let buffer = '';
    let event: { type?: string; object?: { kind?: string } } = {};
    while (event.type === undefined || event.type === 'BOOKMARK') {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        const parsed = JSON.parse(line) as typeof event;
        if (parsed.type !== 'BOOKMARK') event = parsed;
      }
    }
    abort.abort();
    expect(event).toMatchObject({ type: 'MODIFIED', object: { kind: 'Workload' } });
  });

  it("serves Kueue's visibility API: pending workloads in queue order, positions from 0", async () => {
    const url = fleet.server(SERVING_TRUTH.cluster).url;
    const group = await get(`${url}/apis/visibility.kueue.x-k8s.io`);
    expect((group.body.preferredVersion as { version: string }).version).toBe('v1beta2');
    const summary = await get(
      `${url}/apis/visibility.kueue.x-k8s.io/v1beta2/clusterqueues/${KUEUE_TRUTH.clusterQueue}/pendingworkloads`,
    );
    const items = summary.body.items as { metadata: { name: string }; positionInClusterQueue: number }[];
    // The preempted Job's workload was requeued before the gated pod's was created: it comes first.
    expect(
      items.map((i) => [i.metadata.name.replace(/-[0-9a-f]{5}$/, ''), i.positionInClusterQueue]),
    ).toEqual([
      [`job-${KUEUE_TRUTH.evicted.job}`, 0],
      [`pod-${KUEUE_TRUTH.gatedPod.name}`, KUEUE_TRUTH.position - 1],
    ]);
    expect(
      (await fetch(`${url}/apis/visibility.kueue.x-k8s.io/v1beta2/clusterqueues/nope/pendingworkloads`))
        .status,
    ).toBe(404);
  });

  it('a cluster without the CRDs answers 404 and leaves the groups out of discovery', async () => {
    const url = fleet.server(SERVING_TRUTH.plainCluster).url;
    const names = ((await get(`${url}/apis`)).body.groups as { name: string }[]).map((g) => g.name);
    expect(names).not.toContain('gateway.networking.k8s.io');
    expect(names).not.toContain('kueue.x-k8s.io');
    expect((await fetch(`${url}/apis/gateway.networking.k8s.io`)).status).toBe(404);
    expect((await fetch(`${url}/apis/kueue.x-k8s.io/v1beta2/workloads`)).status).toBe(404);
    expect((await fetch(`${url}/apis/visibility.kueue.x-k8s.io`)).status).toBe(404);
  });
});

describe('GatewayClasses and ReferenceGrants in the simulator', () => {
  it('serves GatewayClasses at v1 and ReferenceGrants at v1beta1, both in discovery', async () => {
    const url = fleet.server(SERVING_TRUTH.cluster).url;
    const group = (await get(`${url}/apis/gateway.networking.k8s.io`)).body as {
      versions: { version: string }[];
      preferredVersion: { version: string };
    };
    expect(group.versions.map((v) => v.version)).toEqual(['v1', 'v1beta1']);
    expect(group.preferredVersion.version).toBe('v1');
    const v1beta1 = (await get(`${url}/apis/gateway.networking.k8s.io/v1beta1`)).body.resources as {
      name: string;
    }[];
    expect(v1beta1.map((r) => r.name)).toContain('referencegrants');
    const classes = (await get(`${url}/apis/gateway.networking.k8s.io/v1/gatewayclasses`)).body.items as {
      metadata: { name: string };
      status: { conditions: { type: string; status: string; reason: string }[] };
    }[];
    const unclaimed = classes.find((c) => c.metadata.name === SERVING_TRUTH.unclaimedClass.name);
    expect(unclaimed?.status.conditions).toEqual([
      expect.objectContaining({ type: 'Accepted', status: 'Unknown', reason: 'Pending' }),
    ]);
    const grants = (await get(`${url}/apis/gateway.networking.k8s.io/v1beta1/referencegrants`)).body
      .items as { metadata: { namespace: string; name: string } }[];
    expect(grants.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual(
      SERVING_TRUTH.grants.flatMap((g) => (g.grant === null ? [] : [g.grant])),
    );
  });

  it('a CRD group installed and removed at run time: discovery, paths and open watches follow', async () => {
    const server = fleet.server(SERVING_TRUTH.plainCluster);
    const { url } = server;
    server.cluster.installApiGroup('gateway-api');
    const names = ((await get(`${url}/apis`)).body.groups as { name: string }[]).map((g) => g.name);
    expect(names).toContain('gateway.networking.k8s.io');
    const list = await get(`${url}/apis/gateway.networking.k8s.io/v1/gatewayclasses`);
    expect(list.status).toBe(200);
    const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
    server.cluster.upsert({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: {
        name: 'late',
        uid: 'uid-late',
        resourceVersion: '',
        creationTimestamp: '2026-11-30T08:00:00Z',
      },
      spec: { controllerName: 'example.net/gw' },
    });
    const response = await fetch(
      `${url}/apis/gateway.networking.k8s.io/v1/gatewayclasses?watch=1&resourceVersion=${rv}`,
    );
    expect(response.status).toBe(200);
    server.cluster.removeApiGroup('gateway-api');
    // The stream ends (after the DELETED event of the class): read it to its end.
    const text = await response.text();
    expect(text).toContain('"type":"DELETED"');
    expect((await fetch(`${url}/apis/gateway.networking.k8s.io/v1/gatewayclasses`)).status).toBe(404);
    expect((await fetch(`${url}/apis/gateway.networking.k8s.io`)).status).toBe(404);
  });
});
