import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { expensiveFieldLimitRule } from '../../src/graphql/cost-limit.rule.ts';
import { depthLimitRule } from '../../src/graphql/depth-limit.rule.ts';

// A recursive schema, so arbitrarily deep queries are valid apart from the depth rule.
const schema = buildSchema('type Node { name: String child: Node } type Query { root: Node }');

const nested = (depth: number): string => {
  let inner = 'name';
  for (let i = 1; i < depth; i++) inner = `child { ${inner} }`;
  return `{ root { ${inner} } }`;
};

describe('depthLimitRule', () => {
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
  ])('$name', ({ query, errors }) => {
    const result = validate(schema, parse(query), [depthLimitRule(5)]);
    expect(result.map((e) => e.message)).toEqual(errors);
  });
});

it('exempts introspection, which is bounded by the schema', () => {
  expect(
    validate(schema, parse('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }'), [
      depthLimitRule(3),
    ]),
  ).toEqual([]);
});

describe('expensiveFieldLimitRule', () => {
  const costly = buildSchema('type Part { series: [Int] } type Query { a: Part b: Part c: Part }');
  it.each([
    { query: '{ a { series } b { series } }', errors: [] },
    {
      query: '{ a { series } b { series } c { series } }',
      errors: ['at most 2 "series" selections per request'],
    },
    {
      query: '{ a { ...S } b { ...S } c { ...S } } fragment S on Part { series }',
      errors: ['at most 2 "series" selections per request'],
    },
    { query: '{ a { ...S } b { ...S } } fragment S on Part { series }', errors: [] },
  ])('$query', ({ query, errors }) => {
    const result = validate(costly, parse(query), [expensiveFieldLimitRule('series', 2)]);
    expect(result.map((e) => e.message)).toEqual(errors);
  });
});
