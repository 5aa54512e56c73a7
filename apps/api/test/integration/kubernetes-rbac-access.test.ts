/**
 * Kubernetes RBAC mode end to end: the simulated fleet's API servers answer TokenReview (the first
 * cluster is the auth cluster) and SubjectAccessReview (each cluster its own RBAC rules); the real API
 * watches them. alice may list pods in the first cluster only, bob in every cluster.
 */
import {
  createFleet,
  kubeconfigYaml,
  ManualClock,
  type SimServer,
  startSimServer,
} from '@fleetscope/fleet-sim';
import { KubeConfig } from '@kubernetes/client-node';
import { createClient } from 'graphql-ws';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ClientNodeKubeReviews } from '../../src/auth/kube-reviews.ts';
import { KubernetesRbac, RBAC_CACHE_DEFAULTS } from '../../src/auth/kubernetes-rbac.ts';
import { METRICS_REGISTRY } from '../../src/telemetry/metrics.controller.ts';
import { type Harness, startHarness } from '../support/harness.ts';

let h: Harness;
let names: string[];
let home: string;

beforeAll(async () => {
  // The auth context is resolved when the server starts, so the harness needs a name before it runs:
  // the demo scenario's first cluster, the same one startHarness's fleet will have.
  names = createFleet({ seed: 7, size: 'small', clock: new ManualClock() }).clusters.map((c) => c.name);
  home = names[0] ?? '';
  h = await startHarness(['--auth-kubernetes-context', home]);
  h.sim.server(home).auth.setTokens({
    'alice-token': { username: 'alice', groups: ['team-a'] },
    'bob-token': { username: 'bob', groups: ['ops'] },
    'carol-token': { username: 'carol', groups: ['ops'] },
    'erin-token': { username: 'erin', groups: ['ops'] },
  });
  for (const server of h.sim.servers) {
    server.auth.setRules([
      { subject: { kind: 'Group', name: 'ops' }, verbs: ['get', 'list', 'watch'], resources: ['*'] },
      ...(server.cluster.name === home
        ? [{ subject: { kind: 'User' as const, name: 'alice' }, verbs: ['list'], resources: ['pods'] }]
        : // Elsewhere alice may list pods in one namespace only: not enough to see the cluster.
          [
            {
              subject: { kind: 'User' as const, name: 'alice' },
              verbs: ['list'],
              resources: ['pods'],
              namespaces: ['team-a'],
            },
          ]),
    ]);
  }
});
afterAll(() => h?.close());

async function gql(
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
}> {
  const response = await fetch(`${h.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

type Sub = { data?: unknown; errors?: Array<{ extensions?: { code?: string } }>; closed?: number };

/** The first message of a subscription, its errors, or the close code when the socket is refused. */
function firstMessage(token: string | null, query: string): Promise<Sub> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${h.api.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      on: { closed: (event) => resolve({ closed: (event as { code: number }).code }) },
    });
    client.subscribe(
      { query },
      {
        next: (message) => {
          resolve(message as Sub);
          void client.dispose();
        },
        error: (error) => {
          if (Array.isArray(error)) resolve({ errors: error as Sub['errors'] });
          void client.dispose();
        },
        complete: () => {},
      },
    );
  });
}

const FLEET = `{ fleet { clusters { name } gpus { allocatable } findings(first: 500) { cluster } controlPlane { summary } dataPlane { summary } } }`;

describe('Kubernetes RBAC mode over HTTP', () => {
  it('refuses requests without a token, or with one the cluster does not know (401)', async () => {
    const none = await gql(null, '{ fleet { version } }');
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await gql('nobody-token', '{ fleet { version } }');
    expect(unknown.status).toBe(401);
    expect(unknown.body.errors?.[0]?.message).toMatch(/^unauthenticated: token not recognized/);
    expect((await fetch(`${h.api.url}/metrics`)).status).toBe(401);
  });

  it('shows a user only the clusters where they may list pods, with fleet totals over those', async () => {
    const alice = await gql('alice-token', FLEET);
    const bob = await gql('bob-token', FLEET);
    expect(alice.status).toBe(200);
    type F = {
      clusters: { name: string }[];
      findings: { cluster: string }[];
      gpus: { allocatable: number };
      controlPlane: { summary: string };
    };
    const a = (alice.body.data as { fleet: F }).fleet;
    const b = (bob.body.data as { fleet: F }).fleet;
    expect(a.clusters.map((c) => c.name)).toEqual([home]);
    expect(b.clusters.map((c) => c.name)).toEqual([...names].sort());
    // The fleet has findings in hidden clusters, so the filter below is not vacuous.
    expect(b.findings.some((f) => f.cluster !== home)).toBe(true);
    expect(a.findings.length).toBeGreaterThan(0);
    expect(new Set(a.findings.map((f) => f.cluster))).toEqual(new Set([home]));
    expect(b.gpus.allocatable).toBeGreaterThan(a.gpus.allocatable);
    for (const other of names.filter((n) => n !== home)) expect(a.controlPlane.summary).not.toContain(other);
    const homeOnly = await gql('bob-token', `{ cluster(name: "${home}") { gpus { allocatable } } }`);
    const homeGpus = (homeOnly.body.data as { cluster: { gpus: { allocatable: number } | null } }).cluster
      .gpus;
    expect(a.gpus.allocatable).toBe(homeGpus?.allocatable ?? 0);
  });

  it('answers a hidden cluster as one that is not watched', async () => {
    const hidden = names.find((n) => n !== home) ?? '';
    const asAlice = await gql('alice-token', 'query ($n: String!) { cluster(name: $n) { name } }', {
      n: hidden,
    });
    expect(asAlice.body).toEqual({ data: { cluster: null } });
    const series = await gql(
      'alice-token',
      'query ($n: String!) { clusterSeries(cluster: $n, part: ETCD) { signal } }',
      { n: hidden },
    );
    expect(series.body.data).toEqual({ clusterSeries: null });
    const asBob = await gql('bob-token', 'query ($n: String!) { cluster(name: $n) { name } }', { n: hidden });
    expect(asBob.body).toEqual({ data: { cluster: { name: hidden } } });
  });

  it('refuses fleet-wide GPU history to a user who may not see every cluster', async () => {
    const { body } = await gql(
      'alice-token',
      `{ gpuUsageHistory(from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z") { stepSeconds } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('serves /metrics only to a user allowed on every cluster', async () => {
    const alice = await fetch(`${h.api.url}/metrics`, { headers: { authorization: 'Bearer alice-token' } });
    expect(alice.status).toBe(403);
    const bob = await fetch(`${h.api.url}/metrics`, { headers: { authorization: 'Bearer bob-token' } });
    expect(bob.status).toBe(200);
    expect(await bob.text()).toMatch(
      /fleetscope_auth_reviews_total\{review="tokenreview",cluster="[^"]+"\} \d+/,
    );
  });
});

describe('Kubernetes RBAC mode over the websocket', () => {
  it('refuses a connection without a valid token', async () => {
    expect(await firstMessage(null, 'subscription { fleetChanged { version } }')).toEqual({ closed: 4403 });
    expect(await firstMessage('nobody-token', 'subscription { fleetChanged { version } }')).toEqual({
      closed: 4403,
    });
  });

  it('filters each subscriber to their clusters; subscribers of different views do not share pushes', async () => {
    const query = 'subscription { fleetChanged { clusters { name } } }';
    const [alice, bob] = await Promise.all([
      firstMessage('alice-token', query),
      firstMessage('bob-token', query),
    ]);
    const namesOf = (m: Sub) =>
      (m.data as { fleetChanged: { clusters: { name: string }[] } }).fleetChanged.clusters.map((c) => c.name);
    expect(namesOf(alice)).toEqual([home]);
    expect(namesOf(bob)).toEqual([...names].sort());
  });

  it('answers a subscription to a hidden cluster as to an unwatched one', async () => {
    const hidden = names.find((n) => n !== home) ?? '';
    const message = await firstMessage(
      'alice-token',
      `subscription { clusterChanged(name: "${hidden}") { name } }`,
    );
    expect(message.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const findings = await firstMessage(
      'alice-token',
      'subscription { findingsChanged { opened { cluster } } }',
    );
    const clusters = (
      findings.data as { findingsChanged: { opened: { cluster: string }[] } }
    ).findingsChanged.opened.map((f) => f.cluster);
    expect(clusters.length).toBeGreaterThan(0);
    expect(clusters.every((c) => c === home)).toBe(true);
  });
});

describe('Kubernetes RBAC mode when one cluster cannot answer SubjectAccessReview', () => {
  it('hides that cluster (fail closed) and counts the failure', async () => {
    const down = names.find((n) => n !== home) ?? '';
    await h.sim.server(down).close();
    // erin was never reviewed: her answers are not cached.
    const { body } = await gql('erin-token', '{ fleet { clusters { name } } }');
    const seen = (body.data as { fleet: { clusters: { name: string }[] } }).fleet.clusters.map((c) => c.name);
    expect(seen).toEqual(names.filter((n) => n !== down).sort());
    // Nobody may read /metrics while a cluster cannot confirm them: read the counter in the process.
    const registry = h.api.app.get<Registry>(METRICS_REGISTRY);
    expect(await registry.getSingleMetricAsString('fleetscope_auth_review_failures_total')).toMatch(
      new RegExp(
        `fleetscope_auth_review_failures_total\\{review="subjectaccessreview",cluster="${down}"\\} [1-9]`,
      ),
    );
  });
});

describe('Kubernetes RBAC mode when TokenReview cannot be asked', () => {
  it('admits nobody new: 503 AUTH_UNAVAILABLE on HTTP, 4503 on the websocket', async () => {
    // The auth cluster's API server goes away; carol's token was never reviewed, so nothing is cached.
    await h.sim.server(home).close();
    const response = await gql('carol-token', '{ fleet { version } }');
    expect(response.status).toBe(503);
    expect(response.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        new RegExp(`^cannot authenticate now: TokenReview on cluster ${home} failed`),
      ),
      extensions: { code: 'AUTH_UNAVAILABLE' },
    });
    expect(response.body.data).toBeUndefined();
    expect(await firstMessage('carol-token', 'subscription { fleetChanged { version } }')).toEqual({
      closed: 4503,
    });
  });
});

describe('review cache against a real API server (fake clock)', () => {
  let server: SimServer;
  beforeAll(async () => {
    const fleet = createFleet({ seed: 7, size: 'small', clock: new ManualClock() });
    server = await startSimServer(fleet.clusters[0] as (typeof fleet.clusters)[number]);
    server.auth.setTokens({ 'dave-token': { username: 'dave' } });
    server.auth.setRules([{ subject: { kind: 'User', name: 'dave' }, verbs: ['list'], resources: ['pods'] }]);
  });
  afterAll(() => server?.close());

  it('asks TokenReview and SubjectAccessReview again only once their TTL is over', async () => {
    let now = 0;
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfigYaml([server]));
    kc.setCurrentContext(server.cluster.name);
    const rbac = new KubernetesRbac(new ClientNodeKubeReviews(kc, () => kc, 5_000), {
      audiences: [],
      authCluster: server.cluster.name,
      now: () => now,
      warn: () => {},
    });
    const see = async (): Promise<string[]> => {
      const a = await rbac.authenticate('dave-token');
      if (a.kind !== 'user') throw new Error(`not authenticated: ${JSON.stringify(a)}`);
      return [...(await rbac.visibleClusters(a.user, [server.cluster.name]))];
    };
    expect(await see()).toEqual([server.cluster.name]);
    expect(server.auth.served).toEqual({ tokenReviews: 1, subjectAccessReviews: 1 });
    now += RBAC_CACHE_DEFAULTS.allowTtlMs - 1;
    server.auth.setRules([]);
    expect(await see()).toEqual([server.cluster.name]);
    expect(server.auth.served).toEqual({ tokenReviews: 1, subjectAccessReviews: 1 });
    now += 1;
    expect(await see()).toEqual([]);
    expect(server.auth.served).toEqual({ tokenReviews: 2, subjectAccessReviews: 2 });
  });
});
