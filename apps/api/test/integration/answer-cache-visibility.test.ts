/**
 * The answer cache in Kubernetes RBAC mode: viewers who may see different clusters never share an
 * answer. alice may list pods in the first cluster only, bob and carol in every cluster (the simulated
 * API servers answer TokenReview and SubjectAccessReview, as in kubernetes-rbac-access.test.ts).
 */
import { createFleet, ManualClock } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

let h: Harness;
let names: string[];
let home: string;

beforeAll(async () => {
  names = createFleet({ seed: 7, size: 'small', clock: new ManualClock() }).clusters.map((c) => c.name);
  home = names[0] ?? '';
  h = await startHarness(['--auth-kubernetes-context', home]);
  h.sim.server(home).auth.setTokens({
    'alice-token': { username: 'alice', groups: ['team-a'] },
    'bob-token': { username: 'bob', groups: ['ops'] },
    'carol-token': { username: 'carol', groups: ['ops'] },
  });
  for (const server of h.sim.servers) {
    server.auth.setRules([
      { subject: { kind: 'Group', name: 'ops' }, verbs: ['get', 'list', 'watch'], resources: ['*'] },
      ...(server.cluster.name === home
        ? [{ subject: { kind: 'User' as const, name: 'alice' }, verbs: ['list'], resources: ['pods'] }]
        : []),
    ]);
  }
}, 60_000);
afterAll(() => h?.close());

async function post(token: string, query: string, variables?: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${h.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return response.text();
}

async function hits(): Promise<number> {
  // /metrics describes every cluster: bob may read it.
  const response = await fetch(`${h.api.url}/metrics`, { headers: { authorization: 'Bearer bob-token' } });
  return Number(/^fleetscope_answer_cache_hits_total (\S+)$/m.exec(await response.text())?.[1]);
}

const FLEET = '{ fleet { version clusters { name } findings(first: 50) { cluster } } }';
const clustersIn = (text: string): string[] =>
  (JSON.parse(text) as { data: { fleet: { clusters: { name: string }[] } } }).data.fleet.clusters.map(
    (c) => c.name,
  );

describe('answers cached for one visibility', () => {
  it('are never served to a viewer who sees other clusters, either way', async () => {
    // bob asks twice (the second from the cache); alice, who sees one cluster, then gets her own.
    for (let round = 0; round < 2; round++) {
      const bob = await post('bob-token', FLEET);
      expect(clustersIn(bob).sort()).toEqual([...names].sort());
      const alice = await post('alice-token', FLEET);
      expect(clustersIn(alice)).toEqual([home]);
      const findings = (JSON.parse(alice) as { data: { fleet: { findings: { cluster: string }[] } } }).data
        .fleet.findings;
      expect(findings.every((f) => f.cluster === home)).toBe(true);
      expect(clustersIn(await post('bob-token', FLEET)).sort()).toEqual([...names].sort());
    }
  });

  it('are shared by viewers who see the same clusters', async () => {
    const before = await hits();
    const bob = await post('bob-token', FLEET);
    const carol = await post('carol-token', FLEET);
    // The fleet may have moved between the two: then carol's was executed, and says the same clusters.
    expect(clustersIn(carol).sort()).toEqual(clustersIn(bob).sort());
    expect(await hits()).toBeGreaterThan(before);
  });

  it('answer a hidden cluster as not watched, also after a viewer who sees it was answered', async () => {
    const other = names.find((n) => n !== home) ?? '';
    const query = 'query One($name: String!) { cluster(name: $name) { name } }';
    expect(JSON.parse(await post('bob-token', query, { name: other })).data.cluster.name).toBe(other);
    expect(JSON.parse(await post('bob-token', query, { name: other })).data.cluster.name).toBe(other);
    expect(JSON.parse(await post('alice-token', query, { name: other })).data.cluster).toBeNull();
  });
});
