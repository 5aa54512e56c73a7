import type { Fault, SimServer } from '@fleetscope/fleet-sim';
import type { ResourceFreshness } from '@fleetscope/types';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientNodeKubeApi } from '../../src/sources/kubernetes/kube-api.ts';
import { Reflector } from '../../src/sources/kubernetes/reflector.ts';
import { ObjectStore } from '../../src/stores/object-store.ts';
import { healthzDuring } from '../hostile/hostile-clients.ts';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The API-server half of the fault matrix, through the simulator and the production KubernetesSource
// and Reflector. Each case: no crash, the user sees a clear error in freshness, a verdict on missing
// input is never HEALTHY, /healthz answers in < 1 s throughout, and the cluster converges after the
// fault ends (a change made during the fault included).

interface FreshnessView {
  resource: string;
  state: string;
  stale: boolean;
  relists: number;
  restarts: number;
  lastError: string | null;
}
interface ClusterView {
  stale: boolean;
  dataPlane: { status: string; summary: string };
  pods: { total: number } | null;
  workloads: { deployments: number };
  freshness: FreshnessView[];
}

const CLUSTER = 'prod-us-east';
let h: Harness;

async function cluster(): Promise<ClusterView> {
  const result = await h.gql<{ cluster: ClusterView }>(
    `query($n: String!) { cluster(name: $n) {
      stale dataPlane { status summary } pods { total } workloads { deployments }
      freshness { resource state stale relists restarts lastError } } }`,
    { n: CLUSTER },
  );
  if (!result.data?.cluster) throw new Error(`no cluster in ${JSON.stringify(result)}`);
  return result.data.cluster;
}

function of(view: ClusterView, resource: string): FreshnessView {
  const f = view.freshness.find((x) => x.resource === resource);
  if (!f) throw new Error(`no ${resource} freshness`);
  return f;
}

/** Every watch synced and the store equal to the simulator's ground truth. */
async function converged(timeoutMs = 20_000): Promise<ClusterView> {
  let view: ClusterView | undefined;
  await eventually(async () => {
    view = await cluster();
    expect(view.freshness.filter((f) => f.state !== 'SYNCED' || f.stale)).toEqual([]);
    expect(view.pods?.total).toBe(h.fleet.groundTruth(CLUSTER).pods.total);
    expect(view.workloads.deployments).toBe(h.fleet.cluster(CLUSTER).list('deployments').length);
    expect(view.dataPlane.status).not.toBe('UNKNOWN');
  }, timeoutMs);
  return view as ClusterView;
}

/**
 * Watches the cluster view while a case runs and records every view in which the data plane read
 * HEALTHY although its input (nodes, pods) was not synced or was stale: a stale-green verdict.
 */
function staleGreenWatcher(): { stop(): Promise<string[]> } {
  const violations: string[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) {
      const view = await cluster().catch(() => null);
      if (view) {
        const bad = ['nodes', 'pods'].map((r) => of(view, r)).filter((f) => f.state !== 'SYNCED' || f.stale);
        if (bad.length > 0 && view.dataPlane.status === 'HEALTHY') {
          violations.push(`HEALTHY with ${bad.map((f) => `${f.resource} ${f.state}`).join(', ')}`);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      done = true;
      await loop;
      return violations;
    },
  };
}

function deleteSomePod(): void {
  const sim = h.fleet.cluster(CLUSTER);
  const victim = sim.list('pods').find((p) => p.metadata.namespace !== 'fleetscope');
  sim.deletePod(victim?.metadata.namespace ?? '', victim?.metadata.name ?? '');
}

interface FaultCase {
  name: string;
  resource: string;
  /** Faults to arm, in order. */
  faults: Fault[];
  /** What the user must see while the fault lasts (checked until it holds). */
  during(view: ClusterView, before: FreshnessView, server: SimServer): void;
  /** Faults that last until cleared are cleared once `during` held. */
  clear?: boolean;
  /** How long convergence may take after the fault ends (slow retries for 403/404). */
  recoveryMs?: number;
  /** Checks once converged: bounded retries and the like. */
  after?(view: ClusterView, before: FreshnessView, requests: number, elapsedMs: number): void;
}

const CASES: FaultCase[] = [
  {
    name: 'watch dropped mid-stream (socket destroyed)',
    resource: 'pods',
    faults: [{ kind: 'drop-watch', mode: 'abort' }],
    during: (view, before) => expect(of(view, 'pods').restarts).toBeGreaterThan(before.restarts),
  },
  {
    name: 'a truncated JSON line in a stream that goes on',
    resource: 'pods',
    faults: [{ kind: 'truncate-line', afterCut: 'continue' }],
    during: (view) => expect(of(view, 'pods').lastError).toMatch(/corrupt stream, a line is not JSON/),
  },
  {
    name: 'a truncated JSON line, then the stream ends',
    resource: 'pods',
    faults: [{ kind: 'truncate-line', afterCut: 'end' }],
    during: (view) => expect(of(view, 'pods').lastError).toMatch(/corrupt stream/),
  },
  {
    name: 'a 410 storm: five watches in a row answered 410 Gone',
    resource: 'pods',
    faults: [
      { kind: 'http-error', status: 410, times: 5, verbs: ['watch'] },
      { kind: 'drop-watch', mode: 'end' },
    ],
    during: (view, before) => expect(of(view, 'pods').relists).toBeGreaterThanOrEqual(before.relists + 5),
    after: (view, before, requests, elapsedMs) => {
      // One relist per 410 (no more), with backoff between them: 0.25 + 0.5 + 1 + 2 s at the least.
      expect(of(view, 'pods').relists - before.relists).toBeLessThanOrEqual(6);
      expect(requests).toBeLessThanOrEqual(16);
      expect(elapsedMs).toBeGreaterThanOrEqual(3_500);
    },
  },
  {
    name: '429 TooManyRequests with Retry-After, three times',
    resource: 'pods',
    faults: [
      { kind: 'too-many-requests', retryAfterSeconds: 2, times: 3 },
      { kind: 'drop-watch', mode: 'end' },
    ],
    during: (view) => {
      const f = of(view, 'pods');
      expect(f.state).toBe('RETRYING');
      expect(f.lastError).toMatch(
        /^throttled by the API server \(HTTP 429: Too many requests.*Retry-After \(2 s\)/,
      );
    },
    after: (_view, _before, requests, elapsedMs) => {
      // Honoured: three waits of 2 s, not an error storm.
      expect(elapsedMs).toBeGreaterThanOrEqual(5_500);
      expect(requests).toBeLessThanOrEqual(8);
    },
  },
  {
    name: '500 InternalError, three times',
    resource: 'pods',
    faults: [
      { kind: 'http-error', status: 500, times: 3 },
      { kind: 'drop-watch', mode: 'end' },
    ],
    during: (view) => expect(of(view, 'pods').lastError).toMatch(/HTTP 500: Internal error occurred/),
    after: (_view, _before, requests) => expect(requests).toBeLessThanOrEqual(10),
  },
  {
    name: '403 on pods only: pods UNKNOWN, the rest fine',
    resource: 'pods',
    faults: [{ kind: 'forbidden' }, { kind: 'drop-watch', mode: 'end' }],
    clear: true,
    recoveryMs: 45_000,
    during: (view) => {
      expect(of(view, 'pods').state).toBe('FORBIDDEN');
      expect(of(view, 'pods').lastError).toMatch(/HTTP 403: pods is forbidden/);
      expect(view.dataPlane.status).toBe('UNKNOWN');
      expect(view.pods).toBeNull();
      for (const f of view.freshness.filter((x) => x.resource !== 'pods')) expect(f.state).toBe('SYNCED');
    },
  },
  {
    // Slow but within the request timeout: the relist waits it out (the hung case is below).
    name: 'very slow answers within the timeout: list and watch take 3 s',
    resource: 'pods',
    faults: [
      { kind: 'delay', ms: 3_000, times: 2 },
      { kind: 'http-error', status: 410, times: 1, verbs: ['watch'] },
      { kind: 'drop-watch', mode: 'end' },
    ],
    during: (view, before) => expect(of(view, 'pods').relists).toBeGreaterThan(before.relists),
    after: (_view, _before, requests, elapsedMs) => {
      // The relist waited its 3 s (the view converges once it lands, while the watch may still wait).
      expect(elapsedMs).toBeGreaterThanOrEqual(2_500);
      expect(requests).toBeLessThanOrEqual(6);
    },
  },
  {
    name: 'a resource type that disappears (404 on list and watch)',
    resource: 'deployments',
    faults: [{ kind: 'not-found' }],
    clear: true,
    recoveryMs: 45_000,
    during: (view) => {
      const f = of(view, 'deployments');
      expect(f.state).toBe('RETRYING');
      expect(f.lastError).toMatch(
        /^the API server does not serve deployments \(HTTP 404: the server could not find the requested resource\)/,
      );
      expect(view.stale).toBe(true);
      expect(of(view, 'pods').state).toBe('SYNCED');
    },
    after: (_view, _before, requests, elapsedMs) => {
      // Not a tight loop: the slow pace (15–30 s) between attempts.
      expect(requests).toBeLessThanOrEqual(2 + Math.ceil(elapsedMs / 15_000) * 2);
    },
  },
];

beforeAll(async () => {
  h = await startHarness();
  await converged(30_000);
});
afterAll(async () => {
  await h?.close();
});

describe('API server faults', () => {
  it.each(CASES)('$name', { timeout: 120_000 }, async (c) => {
    const server = h.sim.server(CLUSTER);
    const before = of(await cluster(), c.resource);
    const requestsBefore = server.requests.count(c.resource);
    const watcher = staleGreenWatcher();
    const started = Date.now();
    const { healthz } = await healthzDuring(h.api.url, async () => {
      for (const fault of c.faults) server.faults.set(c.resource, fault);
      // A change while the fault lasts must arrive once it is over.
      deleteSomePod();
      await eventually(async () => c.during(await cluster(), before, server), 20_000);
      if (c.clear) server.faults.clear(c.resource);
      return converged(c.recoveryMs ?? 20_000);
    });
    const elapsedMs = Date.now() - started;
    const view = await cluster();
    server.faults.clear(c.resource);
    c.after?.(view, before, server.requests.count(c.resource) - requestsBefore, elapsedMs);
    expect(await watcher.stop()).toEqual([]);
    expect(healthz.failures).toEqual([]);
  });
});

describe('a hung API server, with a short request timeout', () => {
  it('times a slow LIST out, says so, and syncs once answers come in time', { timeout: 60_000 }, async () => {
    const server = h.sim.server(CLUSTER);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const store = new ObjectStore();
    let latest: ResourceFreshness | undefined;
    const reflector = new Reflector({
      cluster: CLUSTER,
      resource: 'services',
      api: new ClientNodeKubeApi(kc, 30_000, 1_000),
      sink: store,
      clock: { now: () => Date.now() },
      logger: { warn: () => {}, info: () => {} },
      backoff: { initialMs: 200, maxMs: 1_000, factor: 2 },
      onFreshness: (f) => {
        latest = f;
      },
    });
    // Two LISTs that would take 20 s each: each gives up after 1 s.
    server.faults.set('services', { kind: 'delay', ms: 20_000, times: 2 });
    reflector.start();
    try {
      await eventually(async () => {
        expect(latest?.state).toBe('RETRYING');
        expect(latest?.lastError).toMatch(
          /^LIST \/api\/v1\/services: no complete answer within 1 s \(API server very slow or hung\)/,
        );
      });
      await eventually(async () => {
        expect(latest?.state).toBe('SYNCED');
        expect(store.count('Service')).toBe(h.fleet.cluster(CLUSTER).list('services').length);
      }, 20_000);
      expect(latest?.restarts).toBeGreaterThanOrEqual(2);
    } finally {
      await reflector.stop();
      server.faults.clear('services');
    }
  });
});
