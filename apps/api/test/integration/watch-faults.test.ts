import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

interface FreshnessView {
  resource: string;
  state: string;
  stale: boolean;
  relists: number;
  restarts: number;
  lastError: string | null;
  lastErrorAt: string | null;
}
interface ClusterView {
  controlPlane: { status: string; summary: string };
  dataPlane: { status: string };
  pods: { total: number };
  freshness: FreshnessView[];
}

const CLUSTER = 'prod-us-east';
let h: Harness;

async function cluster(): Promise<ClusterView> {
  const result = await h.gql<{ cluster: ClusterView }>(
    `query($n: String!) { cluster(name: $n) {
      controlPlane { status summary } dataPlane { status } pods { total }
      freshness { resource state stale relists restarts lastError lastErrorAt } } }`,
    { n: CLUSTER },
  );
  if (!result.data?.cluster) throw new Error(`no cluster in ${JSON.stringify(result)}`);
  return result.data.cluster;
}

const pods = (c: ClusterView): FreshnessView => {
  const f = c.freshness.find((x) => x.resource === 'pods');
  if (!f) throw new Error('no pods freshness');
  return f;
};

async function synced(): Promise<ClusterView> {
  let view: ClusterView | undefined;
  await eventually(async () => {
    view = await cluster();
    expect(view.freshness.every((f) => f.state === 'SYNCED')).toBe(true);
    expect(view.pods.total).toBe(h.fleet.groundTruth(CLUSTER).pods.total);
  });
  return view as ClusterView;
}

beforeAll(async () => {
  h = await startHarness();
  await synced();
});
afterAll(async () => {
  await h?.close();
});

describe('watch faults converge and freshness says what happened', () => {
  it('resumes after the server drops the watch, without losing a change made meanwhile', async () => {
    const server = h.sim.server(CLUSTER);
    server.faults.set('pods', { kind: 'drop-watch' });
    const victim = h.fleet.cluster(CLUSTER).list('pods')[0];
    h.fleet.cluster(CLUSTER).deletePod(victim?.metadata.namespace ?? '', victim?.metadata.name ?? '');
    await synced();
    expect(server.openWatches('pods')).toBeGreaterThan(0);
  });

  it('reports a 500 as RETRYING with the error, then recovers by itself', async () => {
    const server = h.sim.server(CLUSTER);
    const before = pods(await cluster());
    server.faults.set('pods', { kind: 'http-error', status: 500, times: 3 });
    server.faults.set('pods', { kind: 'drop-watch' });
    // While failing, the view says so: RETRYING, the API server's message, a restart count.
    await eventually(async () => {
      const f = pods(await cluster());
      expect(f.restarts).toBeGreaterThan(before.restarts);
      expect(f.lastError).toMatch(/500/);
      expect(f.lastErrorAt).not.toBeNull();
    });
    const after = await synced();
    expect(pods(after).state).toBe('SYNCED');
    expect(after.controlPlane).toMatchObject({ status: 'HEALTHY' });
  });

  it('relists after 410 Gone and drops objects deleted while it was away', async () => {
    const server = h.sim.server(CLUSTER);
    const before = pods(await cluster());
    const victim = h.fleet.cluster(CLUSTER).list('pods')[1];
    // Delete while no watch is open, then compact past it: the reflector can only learn of it by relisting.
    server.faults.set('pods', { kind: 'http-error', status: 503, times: 1 });
    server.faults.set('pods', { kind: 'drop-watch' });
    h.fleet.cluster(CLUSTER).deletePod(victim?.metadata.namespace ?? '', victim?.metadata.name ?? '');
    server.faults.set('pods', { kind: 'gone' });
    await eventually(async () => {
      expect(pods(await cluster()).relists).toBeGreaterThan(before.relists);
    });
    await synced();
  });

  it('treats a 403 as FORBIDDEN: that data is UNKNOWN, not empty, and the control plane says so', async () => {
    const server = h.sim.server(CLUSTER);
    server.faults.set('pods', { kind: 'forbidden' });
    server.faults.set('pods', { kind: 'drop-watch' });
    await eventually(async () => {
      const view = await cluster();
      expect(pods(view).state).toBe('FORBIDDEN');
      expect(pods(view).lastError).toMatch(/403/);
      expect(view.dataPlane.status).toBe('UNKNOWN');
    });
    server.faults.clear('pods');
  });
});
