import { readFileSync } from 'node:fs';
import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { restrictToVisibleClusters, VISIBILITY_RULES } from '../../src/graphql/guards/cluster-visibility.ts';

/**
 * Every root field says how it honours per-cluster visibility (Kubernetes RBAC mode). A root field
 * without a rule is refused to users who may not see every cluster (fail closed), which is safe but
 * probably not meant: add a rule in graphql/guards/cluster-visibility.ts when adding a root field.
 */
describe('per-cluster visibility rules', () => {
  const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
  it.each([
    ['Query', schema.getQueryType()],
    ['Subscription', schema.getSubscriptionType()],
  ] as const)('cover every %s field', (name, type) => {
    expect(Object.keys(type?.getFields() ?? {}).sort()).toEqual(Object.keys(VISIBILITY_RULES[name]).sort());
  });

  it('name only cluster arguments the fields have', () => {
    for (const [typeName, rules] of Object.entries(VISIBILITY_RULES)) {
      const type = schema.getType(typeName) as unknown as {
        getFields(): Record<string, { args: { name: string }[] }>;
      };
      for (const [field, rule] of Object.entries(rules)) {
        const args = type.getFields()[field]?.args.map((a) => a.name) ?? [];
        if (rule.clusterArg) expect(args, `${typeName}.${field}`).toContain(rule.clusterArg);
      }
    }
  });
});

describe('restrictToVisibleClusters on a schema', () => {
  const sdl = `
    type Finding { cluster: String! }
    type Resolved { finding: Finding! }
    type Fleet { resolvedFindings(first: Int!): [Resolved!]! }
    type Query {
      fleet: Fleet
      cluster(name: String!): String
      gpuUsageHistory(cluster: String): String
      somethingNew: String
    }
    schema { query: Query }`;
  const build = () => {
    const schema = buildSchema(sdl);
    const query = schema.getQueryType()?.getFields() ?? {};
    (query.fleet as { resolve?: unknown }).resolve = () => ({
      clusters: [],
      sources: [],
      scopeSources: [],
      generatedAt: new Date(0),
      version: 1,
    });
    (query.cluster as { resolve?: unknown }).resolve = (_s: unknown, a: { name: string }) => a.name;
    (query.gpuUsageHistory as { resolve?: unknown }).resolve = (_s: unknown, a: { cluster?: string }) =>
      a.cluster ?? 'fleet-wide';
    (query.somethingNew as { resolve?: unknown }).resolve = () => 'new';
    const fleet = (
      schema.getType('Fleet') as unknown as { getFields(): Record<string, { resolve?: unknown }> }
    ).getFields();
    (fleet.resolvedFindings as { resolve?: unknown }).resolve = (_s: unknown, a: { first: number }) =>
      ['a', 'b', 'a', 'b', 'a'].slice(0, a.first).map((cluster) => ({ finding: { cluster } }));
    // Fleet is wrapped only by name, as the real schema's type is.
    return restrictToVisibleClusters(schema);
  };
  const schema = build();
  const run = async (source: string, clusters: string[] | null) => {
    const result = await graphql({
      schema,
      source,
      contextValue: { viewer: { principal: 't', clusters: clusters === null ? null : new Set(clusters) } },
    });
    return JSON.parse(JSON.stringify(result)) as {
      data?: unknown;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
  };
  it.each([
    { query: '{ cluster(name: "b") }', clusters: ['a'], data: { cluster: null } },
    { query: '{ cluster(name: "a") }', clusters: ['a'], data: { cluster: 'a' } },
    { query: '{ cluster(name: "b") }', clusters: null, data: { cluster: 'b' } },
    { query: '{ gpuUsageHistory(cluster: "a") }', clusters: ['a'], data: { gpuUsageHistory: 'a' } },
    { query: '{ gpuUsageHistory }', clusters: ['a'], code: 'FORBIDDEN' },
    { query: '{ gpuUsageHistory(cluster: "b") }', clusters: ['a'], code: 'NOT_FOUND' },
    { query: '{ gpuUsageHistory }', clusters: null, data: { gpuUsageHistory: 'fleet-wide' } },
    { query: '{ somethingNew }', clusters: ['a'], code: 'FORBIDDEN' },
    { query: '{ somethingNew }', clusters: null, data: { somethingNew: 'new' } },
    {
      query: '{ fleet { resolvedFindings(first: 2) { finding { cluster } } } }',
      clusters: ['a'],
      data: {
        fleet: { resolvedFindings: [{ finding: { cluster: 'a' } }, { finding: { cluster: 'a' } }] },
      },
    },
  ])('$query as a viewer of $clusters', async ({ query, clusters, data, code }) => {
    const result = await run(query, clusters);
    if (code) expect(result.errors?.[0]?.extensions?.code).toBe(code);
    else expect(result).toEqual({ data });
  });
});
