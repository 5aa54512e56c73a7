import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryBudgetRule } from '../../src/graphql/guards/query-budget.rule.ts';
import type { QueryLimits } from '../../src/graphql/guards/query-limits.ts';
import { QueryMeter } from '../../src/graphql/guards/query-measure.ts';

// A recursive schema, so arbitrarily deep queries are valid apart from the depth rule.
const schema = buildSchema(`
  type Node { name: String child: Node children: [Node] series: [Int] }
  type Fleet { clusters: [Node] }
  type Query { root: Node roots: [Node] fleet: Fleet }
  type Subscription { changed: Node }
`);
const IO = new Set(['Node.series']);
const limits: QueryLimits = { maxDepth: 5, maxTokens: 1_000, maxAliases: 3, maxFields: 5_000, maxIo: 4 };
const check = (query: string, listSize = 10): string[] =>
  validate(schema, parse(query), [queryBudgetRule(limits, () => listSize, IO)]).map((e) => e.message);

const nested = (depth: number): string => {
  let inner = 'name';
  for (let i = 1; i < depth; i++) inner = `child { ${inner} }`;
  return `{ root { ${inner} } }`;
};

const doubling = (levels: number): string => {
  let doc = 'fragment F0 on Node { name }\n';
  for (let i = 1; i <= levels; i++) doc += `fragment F${i} on Node { ...F${i - 1} ...F${i - 1} }\n`;
  return `${doc}{ root { ...F${levels} } }`;
};

describe('queryBudgetRule: depth', () => {
  it.each([
    { name: 'at the limit', query: nested(4), errors: [] },
    { name: 'one past the limit', query: nested(5), errors: ['query depth 6 exceeds the limit of 5'] },
    {
      name: 'deep through fragments',
      query:
        '{ root { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { child { name } } } }',
      errors: ['query depth 6 exceeds the limit of 5'],
    },
    { name: 'inline fragments do not add depth', query: '{ root { ... on Node { name } } }', errors: [] },
    {
      name: 'introspection is bounded by the schema',
      query: '{ __schema { types { fields { type { ofType { ofType { name } } } } } } }',
      errors: [],
    },
  ])('$name', ({ query, errors }) => {
    expect(check(query)).toEqual(errors);
  });
});

describe('queryBudgetRule: work', () => {
  it.each([
    {
      name: 'aliases at the limit',
      query: '{ a: root { name } b: root { name } c: root { name } }',
      errors: [],
    },
    {
      name: 'aliases counted where a fragment is spread',
      query: '{ root { ...A ...A } } fragment A on Node { a: name b: name }',
      errors: ['4 aliased fields exceed the limit of 3'],
    },
    {
      name: 'lists multiply the fields under them',
      query: '{ roots { children { children { children { name } } } } }',
      errors: [
        'the query would resolve about 11111 fields (lists counted at their size), over the limit of 5000',
      ],
    },
    { name: 'I/O under no list', query: '{ root { a: series b: series } }', errors: [] },
    {
      name: 'I/O multiplied by the list it sits under',
      query: '{ roots { series } }',
      errors: [
        'the query would run 10 history (series) lookups (lists counted at their size), over the limit of 4',
      ],
    },
    {
      name: 'I/O in a subscription, even once',
      query: 'subscription { changed { series } }',
      errors: [
        'history (series) is not served in subscriptions: every push would repeat its range queries; query clusterSeries instead',
      ],
    },
  ])('$name', ({ query, errors }) => {
    expect(check(query)).toEqual(errors);
  });

  it('sizes Fleet.clusters from the clusters watched now', () => {
    const query = '{ fleet { clusters { series } } }';
    expect(check(query, 4)).toEqual([]);
    expect(check(query, 5)).toEqual([
      'the query would run 5 history (series) lookups (lists counted at their size), over the limit of 4',
    ]);
  });
});

describe('QueryMeter', () => {
  it('measures doubling fragments in linear time and still counts every field', () => {
    // 2^60 fields: walked one by one this would never return; each fragment is measured once.
    const document = parse(doubling(60));
    const measure = new QueryMeter(schema, document, {
      listSize: () => 10,
      ioFields: new Set(['Node.series']),
      introspectionFields: 100,
    }).operation(document.definitions.at(-1) as never);
    expect(measure).toEqual({ depth: 2, fields: 1 + 2 ** 60, aliases: 0, io: 0 });
  });

  it('terminates on fragment cycles (graphql reports them)', () => {
    const query = '{ root { ...A } } fragment A on Node { child { ...B } } fragment B on Node { ...A }';
    const errors = validate(schema, parse(query), [queryBudgetRule(limits, () => 1)]);
    expect(errors).toEqual([]);
  });
});

describe('queryBudgetRule: lists bounded by `first` count at their `first`', () => {
  // Fleet.findings is bounded by `first` (default 100, cap 500; query-limits FIRST_BOUNDED_LISTS).
  const findingsSchema = buildSchema(`
    type Finding { id: String title: String detail: String }
    type Fleet { findings(first: Int = 100): [Finding!]! }
    type Query { fleet: Fleet }
  `);
  const small: QueryLimits = { ...limits, maxFields: 1_000 };
  const run = (query: string): string[] =>
    validate(findingsSchema, parse(query), [queryBudgetRule(small, () => 1, IO)]).map((e) => e.message);

  it.each([
    {
      name: 'first: 100 × 3 fields',
      query: '{ fleet { findings(first: 100) { id title detail } } }',
      fields: null,
    },
    { name: 'the default (100)', query: '{ fleet { findings { id title detail } } }', fields: null },
    {
      name: 'first: 400 × 3 fields',
      query: '{ fleet { findings(first: 400) { id title detail } } }',
      fields: 1202,
    },
    {
      name: 'beyond the cap counts at 500',
      query: '{ fleet { findings(first: 9999) { id } } }',
      fields: null,
    },
    {
      name: 'a variable counts at the cap',
      query: 'query($n: Int) { fleet { findings(first: $n) { id title } } }',
      fields: 1002,
    },
  ])('$name', ({ query, fields }) => {
    expect(run(query)).toEqual(
      fields === null
        ? []
        : [
            `the query would resolve about ${fields} fields (lists counted at their size), over the limit of 1000`,
          ],
    );
  });
});
