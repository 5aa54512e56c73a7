/**
 * The query answer cache through the real API watching the simulated fleet (with its DCGM exporters):
 * an answer served from the cache is byte for byte what executing gives, a change in the simulator is
 * seen by the next query, answers with errors are never kept, and every resolver of the running schema
 * declares what it reads (graphql/answer-cache/answer-dependencies.ts).
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_DEPENDENCIES } from '../../src/graphql/answer-cache/answer-dependencies.ts';
import { ownResolversOf } from '../../src/graphql/answer-cache/answer-plan.ts';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { dcgm: true });
}, 60_000);
afterAll(() => h?.close());

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function post(
  query: string,
  variables?: Record<string, unknown>,
  cacheControl?: string,
): Promise<Answer> {
  const response = await fetch(`${h.api.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cacheControl ? { 'cache-control': cacheControl } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function counters(): Promise<Record<'hits' | 'misses' | 'bypasses', number>> {
  const text = await (await fetch(`${h.api.url}/metrics`)).text();
  const read = (name: string): number =>
    Number(new RegExp(`^fleetscope_answer_cache_${name}_total (\\S+)$`, 'm').exec(text)?.[1]);
  return { hits: read('hits'), misses: read('misses'), bypasses: read('bypasses') };
}

/** Every slice at once: the fleet view, findings, rollouts, pools with heatmaps, DRA, operator, usage. */
const EVERYTHING = `
  query Everything($first: Int!) {
    fleet {
      version generatedAt
      findings(first: 50) { id severity title }
      gpu { usageKnown usageSource byResource { resource allocated activelyUsed } }
      clusters {
        name generatedAt stale dataAsOf
        pods { total running }
        findings(first: 20) { id title firstSeenAt }
        rollouts { namespace name state stage message recommendation { action reason } }
        troubledPods(first: 10) { totalCount edges { node { namespace name } } }
        gpuOperator { state summary }
        gpuDra { state devices free }
        gpuBlockedPods { pod suggestion { outcome summary } }
        gpuUsage { usageKnown usageAsOf byPool { pool allocated } }
        gpuPools {
          pool sku
          resources { resource free freePerNode { free nodes } }
          heatmap { nodes cells usageSource usageAsOf legend { code cells } }
          worstNodes(first: $first) { node reason idle }
          blockedPods { name request explanation suggestion { outcome summary } }
        }
      }
    }
  }`;

describe('the answer cache', () => {
  it('serves the bytes an execution gives, with the same content type', async () => {
    await eventually(async () => {
      const pools = JSON.parse((await post('{ fleet { clusters { gpuPools { pool } } } }')).text);
      expect(pools.data.fleet.clusters.some((c: { gpuPools: unknown[] }) => c.gpuPools.length > 0)).toBe(
        true,
      );
    });
    // Executed, cached, executed again: when no slice moved in between, the three are one answer.
    await eventually(async () => {
      const before = await counters();
      const executed = await post(EVERYTHING, { first: 5 }, 'no-cache');
      const cached = await post(EVERYTHING, { first: 5 });
      const again = await post(EVERYTHING, { first: 5 }, 'no-cache');
      const after = await counters();
      expect(JSON.parse(executed.text).errors).toBeUndefined();
      expect(after.hits - before.hits).toBe(1);
      expect(after.misses - before.misses).toBe(2);
      expect(cached.status).toBe(200);
      expect(cached.contentType).toBe(executed.contentType);
      // A slice that moved between them makes the executions differ: try again.
      expect(again.text).toBe(executed.text);
      expect(cached.text).toBe(again.text);
      // Pool refreshes (5 s) and DCGM reads (15 s) move slices: on a loaded machine, several tries.
    }, 60_000);
  }, 90_000);

  it('shows a change in the simulator on the next query', async () => {
    const cluster = h.fleet.clusters[0]?.name ?? '';
    const query = 'query Pods($name: String!) { cluster(name: $name) { pods { total } } }';
    const total = async (): Promise<number> =>
      JSON.parse((await post(query, { name: cluster })).text).data.cluster.pods.total;
    const expected = (): number => h.fleet.groundTruth(cluster).pods.total;
    await eventually(async () => expect(await total()).toBe(expected()));
    const before = await counters();
    expect(await total()).toBe(expected());
    expect((await counters()).hits).toBeGreaterThan(before.hits);
    const sim = h.fleet.cluster(cluster);
    const victim = sim.list('pods')[0];
    sim.deletePod(victim?.metadata.namespace ?? '', victim?.metadata.name ?? '');
    await eventually(async () => expect(await total()).toBe(expected()));
  });

  it('never keeps an answer with errors', async () => {
    const cluster = h.fleet.clusters[0]?.name ?? '';
    const query =
      'query Bad($name: String!) { cluster(name: $name) { name troubledPods(first: 0) { totalCount } } }';
    const before = await counters();
    const first = await post(query, { name: cluster });
    const second = await post(query, { name: cluster });
    const after = await counters();
    expect(JSON.parse(first.text).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.parse(second.text).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(after.hits - before.hits).toBe(0);
    expect(after.misses - before.misses).toBe(2);
  });

  it('leaves what reads I/O or the time it is asked to execution', async () => {
    const cluster = h.fleet.clusters[0]?.name ?? '';
    const before = await counters();
    await post('query S($c: String!) { clusterSeries(cluster: $c, part: ETCD) { signal } }', { c: cluster });
    await post('subscription { fleetChanged { version } }');
    expect((await counters()).bypasses - before.bypasses).toBe(2);
  });
});

describe('answer dependencies against the running schema', () => {
  it('declare exactly the fields that have their own resolver (Query and object types)', () => {
    const schema = h.api.app.get(GraphQLSchemaHost).schema;
    const subscriptions = schema.getSubscriptionType()?.name;
    const resolved = ownResolversOf(schema).filter((f) => !f.startsWith(`${subscriptions}.`));
    const declared = Object.entries(ANSWER_DEPENDENCIES).flatMap(([type, fields]) =>
      Object.keys(fields).map((f) => `${type}.${f}`),
    );
    expect(resolved.length).toBeGreaterThan(10);
    expect(declared.sort()).toEqual(resolved.sort());
  });
});
