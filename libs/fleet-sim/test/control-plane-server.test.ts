import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { createFleet, type SimFleet } from '../src/fleet.ts';
import { controlPlaneScenarioByName } from '../src/scenarios/control-plane/index.ts';
import type { SimServer } from '../src/server/http.ts';
import { type FleetServers, startFleetServers } from '../src/servers.ts';
import { parseExposition, sumOf } from './exposition-parser.ts';
import { rawWatch, waitFor } from './helpers.ts';

const CLUSTER = 'prod-us-east';
/** Scenario latencies shrunk 100×: a 10 s webhook timeout takes 100 ms here. */
const SCALE = 0.01;

let running: FleetServers | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serve(
  scenario: string,
  clock = new ManualClock(),
): Promise<{ fleet: SimFleet; server: SimServer }> {
  const fleet = createFleet({ size: 'small', seed: 9, clock, controlPlane: { [CLUSTER]: scenario } });
  running = await startFleetServers(fleet, { latencyScale: SCALE });
  return { fleet, server: running.server(CLUSTER) };
}

function configMap(name: string, namespace = 'fleetscope'): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { probe: 'x' },
  });
}

async function post(
  server: SimServer,
  path: string,
  body: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('control-plane endpoints of the simulated API server', () => {
  it('serves every exposition with the 0.0.4 content type; counters advance with the clock', async () => {
    const clock = new ManualClock();
    const { server } = await serve('healthy', clock);
    const index = await (await fetch(`${server.url}/sim/metrics`)).text();
    const paths = index.trim().split('\n');
    expect(paths).toEqual([
      '/sim/metrics/apiserver',
      '/sim/metrics/etcd',
      '/sim/metrics/etcd/etcd-0',
      '/sim/metrics/etcd/etcd-1',
      '/sim/metrics/etcd/etcd-2',
      '/sim/metrics/scheduler',
      '/sim/metrics/controller-manager',
    ]);
    for (const path of paths) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(parseExposition(await response.text()).samples.length).toBeGreaterThan(0);
    }
    const requests = async (): Promise<number> =>
      sumOf(
        parseExposition(await (await fetch(`${server.url}/sim/metrics/apiserver`)).text()),
        'apiserver_request_total',
      );
    const before = await requests();
    clock.advance(60_000);
    const after = await requests();
    expect(after - before).toBeGreaterThan(60 * 60);
    expect((await fetch(`${server.url}/sim/metrics/etcd/etcd-9`)).status).toBe(404);
    expect((await fetch(`${server.url}/sim/metrics/kubelet`)).status).toBe(404);
  });

  it('managed control plane: etcd, scheduler and controller-manager answer 404', async () => {
    const { server } = await serve('managed-no-etcd-metrics');
    expect((await fetch(`${server.url}/sim/metrics/apiserver`)).status).toBe(200);
    for (const path of ['etcd', 'etcd/etcd-0', 'scheduler', 'controller-manager'])
      expect((await fetch(`${server.url}/sim/metrics/${path}`)).status, path).toBe(404);
  });

  it('dry-run create runs admission and returns the object without persisting; a plain create persists', async () => {
    const { fleet, server } = await serve('healthy');
    const cluster = fleet.cluster(CLUSTER);
    const rv = cluster.resourceVersion();
    const dry = await post(
      server,
      '/api/v1/namespaces/fleetscope/configmaps?dryRun=All',
      configMap('probe-dry'),
    );
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'probe-dry', namespace: 'fleetscope' },
    });
    expect(cluster.get('configmaps', 'fleetscope', 'probe-dry')).toBeUndefined();
    expect(cluster.resourceVersion()).toBe(rv);
    const real = await post(server, '/api/v1/namespaces/fleetscope/configmaps', configMap('probe-real'));
    expect(real.status).toBe(201);
    expect(cluster.get('configmaps', 'fleetscope', 'probe-real')).toBeDefined();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/livez`)).text()).toBe('ok');
  });

  it("admission-webhook-timeout: the create fails after the timeout with the API server's Status", async () => {
    const { fleet, server } = await serve('admission-webhook-timeout');
    const cluster = fleet.cluster(CLUSTER);
    const expectedMessage =
      'Internal error occurred: failed calling webhook "policy.example.com": failed to call webhook: Post "https://policy-webhook.policy-system.svc:443/validate?timeout=10s": context deadline exceeded';
    for (const query of ['?dryRun=All', '']) {
      const started = Date.now();
      const result = await post(
        server,
        `/api/v1/namespaces/fleetscope/configmaps${query}`,
        configMap('probe'),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(10_000 * SCALE - 5);
      expect(result.status).toBe(500);
      expect(result.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'InternalError',
        code: 500,
        message: expectedMessage,
      });
    }
    expect(cluster.get('configmaps', 'fleetscope', 'probe')).toBeUndefined();
    // The webhook's namespaceSelector leaves system namespaces out: those writes still work.
    const system = await post(
      server,
      '/api/v1/namespaces/kube-system/configmaps',
      configMap('cm', 'kube-system'),
    );
    expect(system.status).toBe(201);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('an Ignore webhook that times out fails open and is counted', async () => {
    const clock = new ManualClock();
    const { fleet, server } = await serve('healthy', clock);
    const spec = structuredClone(controlPlaneScenarioByName('healthy').spec);
    for (const hook of spec.webhooks) if (hook.name === 'pod-defaults.example.com') hook.timeoutShare = 1;
    fleet.cluster(CLUSTER).setControlPlaneScenario(spec);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'opened', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    expect((await post(server, '/api/v1/namespaces/default/pods', JSON.stringify(pod))).status).toBe(201);
    clock.advance(60_000);
    const metrics = parseExposition(await (await fetch(`${server.url}/sim/metrics/apiserver`)).text());
    expect(
      sumOf(
        metrics,
        'apiserver_admission_webhook_fail_open_count',
        (l) => l.name === 'pod-defaults.example.com',
      ),
    ).toBeGreaterThan(0);
  });

  it('etcd-lost-quorum: writes fail with the etcd error, readyz fails, reads still serve', async () => {
    const { fleet, server } = await serve('etcd-lost-quorum');
    const cluster = fleet.cluster(CLUSTER);
    const write = await post(server, '/api/v1/namespaces/fleetscope/configmaps', configMap('lost'));
    expect(write.status).toBe(500);
    expect(write.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'etcdserver: request timed out',
      code: 500,
    });
    expect(cluster.get('configmaps', 'fleetscope', 'lost')).toBeUndefined();
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(500);
    const body = await readyz.text();
    expect(body).toContain('[-]etcd failed: reason withheld');
    expect(body).toContain('[+]ping ok');
    expect(body.trim().endsWith('readyz check failed')).toBe(true);
    expect((await fetch(`${server.url}/readyz/etcd`)).status).toBe(500);
    expect((await fetch(`${server.url}/readyz/ping`)).status).toBe(200);
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/namespaces/fleetscope/configmaps`)).status).toBe(200);
    expect((await fetch(`${server.url}/sim/metrics/etcd/etcd-0`)).status).toBe(200);
    expect((await fetch(`${server.url}/sim/metrics/etcd/etcd-1`)).status).toBe(503);
  });

  it('switching scenario changes behaviour at once and leaves the data plane alone', async () => {
    const { fleet, server } = await serve('healthy');
    const cluster = fleet.cluster(CLUSTER);
    const pods = cluster.list('pods').length;
    cluster.setControlPlaneScenario('etcd-lost-quorum');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(500);
    expect(cluster.list('pods').length).toBe(pods);
    cluster.setControlPlaneScenario('healthy');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('watch-cache-pressure: live watch events arrive only after the delivery delay', async () => {
    const { fleet, server } = await serve('watch-cache-pressure');
    const cluster = fleet.cluster(CLUSTER);
    const delayMs = controlPlaneScenarioByName('watch-cache-pressure').spec.watch.deliveryDelayMs * SCALE;
    expect(delayMs).toBeGreaterThan(0);
    const rv = cluster.resourceVersion();
    const watching = rawWatch(
      `${server.url}/api/v1/namespaces/fleetscope/configmaps?watch=true&resourceVersion=${rv}`,
      (lines) => lines.some((l) => l.type === 'ADDED'),
    );
    // The write must reach the open stream live (a replay from rv is not delayed).
    await waitFor(() => server.openWatches('configmaps') > 0, 'the watch to open');
    const writtenAt = Date.now();
    cluster.upsert({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'late',
        namespace: 'fleetscope',
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
      },
      data: {},
    });
    const result = await watching;
    const arrivedAt = Date.now();
    expect(result.lines.find((l) => l.type === 'ADDED')?.object.metadata?.name).toBe('late');
    expect(arrivedAt - writtenAt).toBeGreaterThanOrEqual(delayMs - 2);
  });
});
