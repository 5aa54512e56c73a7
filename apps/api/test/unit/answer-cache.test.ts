import { buildSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AnswerCache, type AnswerRequest } from '../../src/graphql/answer-cache/answer-cache.ts';
import type { AnswerDependency } from '../../src/graphql/answer-cache/answer-dependencies.ts';
import { planAnswer, recordOwnResolvers } from '../../src/graphql/answer-cache/answer-plan.ts';
import { ByteLru } from '../../src/graphql/answer-cache/byte-lru.ts';

/** A schema shaped like the API's: roots with resolvers, a nested resolver, plain fields. */
function schemaWithResolvers(): GraphQLSchema {
  const schema = buildSchema(`
    type Pool { name: String! heatmap: [Int!]! free: Int! }
    type Cluster { name: String! pools: [Pool!]! secret: String series: [Int!]! }
    type Fleet { version: Int! clusters: [Cluster!]! }
    type Query { fleet: Fleet! cluster(name: String!): Cluster history: [Int!]! undeclared: Int }
    type Subscription { fleetChanged: Fleet! }
    type Mutation { poke: Int }
  `);
  const resolve = (): null => null;
  for (const [type, fields] of [
    ['Query', ['fleet', 'cluster', 'history', 'undeclared']],
    ['Cluster', ['pools', 'secret', 'series']],
    ['Pool', ['heatmap']],
  ] as const) {
    const all = (
      schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }
    ).getFields();
    for (const f of fields) (all[f] as { resolve?: unknown }).resolve = resolve;
  }
  return recordOwnResolvers(schema);
}

const DEPENDENCIES: Record<string, Record<string, AnswerDependency>> = {
  Query: {
    fleet: { slices: ['snapshot'] },
    cluster: { slices: ['snapshot'] },
    history: { never: 'I/O' },
  },
  Cluster: { pools: { slices: ['snapshot'] }, series: { never: 'range ending now' } },
  Pool: { heatmap: { slices: ['gpuPools', 'gpuUsage'] } },
};

describe('planAnswer: which documents are cached, under which slices', () => {
  const schema = schemaWithResolvers();
  const plan = (text: string, operationName: string | null = null) =>
    planAnswer(schema, text, operationName, DEPENDENCIES);
  it.each([
    ['plain fields under a declared root', '{ fleet { version clusters { name } } }', ['snapshot']],
    [
      'a nested resolver adds its slices, through fragments',
      'query Q { fleet { ...F } } fragment F on Fleet { clusters { pools { heatmap free } } }',
      ['gpuPools', 'gpuUsage', 'snapshot'],
    ],
    ['__typename alone', '{ __typename }', ['snapshot']],
  ])('%s', (_name, text, slices) => {
    const result = plan(text);
    expect(result.cacheable).toBe(true);
    if (result.cacheable) expect(result.slices).toEqual(slices);
  });

  it.each([
    ['a root field without a declaration', '{ undeclared }', 'declares no answer dependency'],
    [
      'a nested resolver without a declaration',
      '{ fleet { clusters { secret } } }',
      'declares no answer dependency',
    ],
    ['a root field that is never cached', '{ history }', 'I/O'],
    ['a nested field that is never cached', '{ cluster(name: "a") { series } }', 'range ending now'],
    ['a mutation', 'mutation { poke }', 'not a query'],
    ['a subscription', 'subscription { fleetChanged { version } }', 'not a query'],
    ['introspection', '{ __schema { types { name } } }', 'not a field'],
    ['an unknown field', '{ nope }', 'not a field'],
    ['text that does not parse', '{ fleet {', 'not parsed'],
    ['two operations and no name', 'query A { fleet { version } } query B { history }', 'no such operation'],
  ])('not: %s', (_name, text, reason) => {
    const result = plan(text);
    expect(result.cacheable).toBe(false);
    if (!result.cacheable) expect(result.reason).toContain(reason);
  });

  it('plans the operation selected by name, and spells of one document share a hash', () => {
    const two = 'query A { fleet { version } } query B { history }';
    expect(plan(two, 'A').cacheable).toBe(true);
    expect(plan(two, 'B').cacheable).toBe(false);
    const a = plan('{ fleet { version } }');
    const b = plan('query {\n  fleet {\n    version\n  }\n}');
    expect(a.cacheable && b.cacheable && a.documentHash === b.documentHash).toBe(true);
  });

  it('walks a fragment spread many times once (and survives a cycle, which validation refuses)', () => {
    const spreads = Array.from({ length: 200 }, () => '...F').join(' ');
    expect(plan(`{ fleet { ${spreads} } } fragment F on Fleet { version }`).cacheable).toBe(true);
    const cycle = plan(
      '{ fleet { ...F } } fragment F on Fleet { clusters { name } ...G } fragment G on Fleet { ...F }',
    );
    expect(cycle.cacheable).toBe(true);
  });

  it('on a schema whose resolvers were never noted, caches only what is declared (closed)', () => {
    const unnoted = buildSchema('type Fleet { version: Int! } type Query { fleet: Fleet! }');
    const result = planAnswer(unnoted, '{ fleet { version } }', null, DEPENDENCIES);
    expect(result.cacheable).toBe(false);
    if (!result.cacheable) expect(result.reason).toContain('Fleet.version declares no answer dependency');
  });
});

describe('AnswerCache', () => {
  const schema = schemaWithResolvers();
  const request = (overrides: Partial<AnswerRequest> = {}): AnswerRequest => ({
    query: '{ fleet { version } }',
    operationName: null,
    variables: null,
    visible: null,
    accept: 'application/json',
    ...overrides,
  });
  const answer = (text: string) => ({
    body: Buffer.from(text),
    headers: { 'content-type': 'application/json' },
  });
  const cacheOf = (maxBytes: number, version = { v: 1 }) =>
    new AnswerCache(() => schema, { maxBytes, versions: (s) => `${s.join(',')}@${version.v}` });

  it('answers a stored answer under the same key, and misses when a slice version moves', () => {
    const version = { v: 1 };
    const cache = cacheOf(1 << 20, version);
    const first = cache.lookup(request());
    expect(first.kind).toBe('miss');
    if (first.kind === 'miss') cache.store(first.key, answer('{"data":{"fleet":{"version":1}}}'));
    const second = cache.lookup(request());
    expect(second.kind).toBe('hit');
    if (second.kind === 'hit') expect(second.answer.body.toString()).toBe('{"data":{"fleet":{"version":1}}}');
    version.v = 2;
    expect(cache.lookup(request()).kind).toBe('miss');
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2, stores: 1 });
  });

  it('never shares an answer between viewers of different clusters, nor between Accept headers', () => {
    const cache = cacheOf(1 << 20);
    const everyone = cache.lookup(request());
    if (everyone.kind === 'miss') cache.store(everyone.key, answer('{"data":{"all":true}}'));
    const keys = new Set<string>();
    for (const r of [
      request({ visible: new Set(['a']) }),
      request({ visible: new Set(['a', 'b']) }),
      request({ visible: new Set() }),
      request({ accept: 'application/graphql-response+json' }),
    ]) {
      const lookup = cache.lookup(r);
      expect(lookup.kind).toBe('miss');
      if (lookup.kind === 'miss') keys.add(lookup.key);
    }
    expect(keys.size).toBe(4);
    // The same set of clusters in another order is the same viewer.
    const ab = cache.lookup(request({ visible: new Set(['a', 'b']) }));
    if (ab.kind === 'miss') cache.store(ab.key, answer('{"data":{"ab":true}}'));
    expect(cache.lookup(request({ visible: new Set(['b', 'a']) })).kind).toBe('hit');
  });

  it('keys on variables whatever the order of their keys, and on the operation name', () => {
    const cache = cacheOf(1 << 20);
    const query = 'query C($name: String!, $other: Int) { cluster(name: $name) { name } }';
    const first = cache.lookup(request({ query, variables: { name: 'a', other: 1 } }));
    if (first.kind === 'miss') cache.store(first.key, answer('{"data":{"cluster":null}}'));
    expect(cache.lookup(request({ query, variables: { other: 1, name: 'a' } })).kind).toBe('hit');
    expect(cache.lookup(request({ query, variables: { other: 1, name: 'b' } })).kind).toBe('miss');
    expect(
      cache.lookup(request({ query, operationName: 'C', variables: { name: 'a', other: 1 } })).kind,
    ).toBe('miss');
  });

  it('does not cache what is not cacheable, nor variables over 16 KB', () => {
    const cache = cacheOf(1 << 20);
    expect(cache.lookup(request({ query: '{ history }' })).kind).toBe('bypass');
    expect(cache.lookup(request({ query: 'mutation { poke }' })).kind).toBe('bypass');
    const huge = { name: 'x'.repeat(20_000) };
    expect(
      cache.lookup(
        request({ query: 'query C($name: String!) { cluster(name: $name) { name } }', variables: huge }),
      ).kind,
    ).toBe('bypass');
    expect(cache.stats.bypasses).toBe(3);
  });

  it('stays within its bound however many distinct answers and documents arrive, evicting the oldest', () => {
    const maxBytes = 256 * 1024;
    const cache = cacheOf(maxBytes);
    const body = `{"data":${JSON.stringify('y'.repeat(4_000))}}`;
    for (let i = 0; i < 2_000; i++) {
      // Distinct documents (aliases) and distinct variables: both the plans and the answers grow.
      const lookup = cache.lookup(
        request({
          query: `query C($name: String!) { a${i}: cluster(name: $name) { name } }`,
          variables: { name: `cluster-${i}` },
        }),
      );
      if (lookup.kind === 'miss') cache.store(lookup.key, answer(body));
      expect(cache.stats.bytes()).toBeLessThanOrEqual(maxBytes);
    }
    expect(cache.stats.evictions()).toBeGreaterThan(0);
    expect(cache.stats.entries()).toBeGreaterThan(0);
    // The newest answer is kept, the oldest was evicted.
    const newest = cache.lookup(
      request({
        query: 'query C($name: String!) { a1999: cluster(name: $name) { name } }',
        variables: { name: 'cluster-1999' },
      }),
    );
    expect(newest.kind).toBe('hit');
    const oldest = cache.lookup(
      request({
        query: 'query C($name: String!) { a0: cluster(name: $name) { name } }',
        variables: { name: 'cluster-0' },
      }),
    );
    expect(oldest.kind).toBe('miss');
  });

  it('keeps no answer larger than a quarter of its bound, and no huge document', () => {
    const cache = cacheOf(64 * 1024);
    const big = cache.lookup(request());
    if (big.kind === 'miss') cache.store(big.key, answer(`{"data":"${'z'.repeat(40_000)}"}`));
    expect(cache.stats.entries()).toBe(0);
    const document = `{ fleet { version } ${' '.repeat(500_000)} }`;
    cache.lookup(request({ query: document }));
    expect(cache.stats.bytes()).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('ByteLru', () => {
  it('evicts least recently used first; a read refreshes', () => {
    const lru = new ByteLru<string>(3 * (100 + 2 + 120));
    lru.set('a', 'A', 100);
    lru.set('b', 'B', 100);
    lru.set('c', 'C', 100);
    expect(lru.get('a')).toBe('A');
    lru.set('d', 'D', 100);
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c'), lru.get('d')]).toEqual(['A', 'C', 'D']);
    expect(lru.evictions).toBe(1);
    expect(lru.bytes).toBeLessThanOrEqual(lru.maxBytes);
  });
});
