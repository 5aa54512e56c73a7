import type { Finding } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { diffFindings, filterFindings, isEmptyDiff, worstFirst } from '../../src/index.ts';

function finding(name: string, overrides: Partial<Finding> = {}): Finding {
  return {
    id: `c/node.not-ready/Node/${name}`,
    rule: 'node.not-ready',
    scope: 'NODE',
    plane: 'DATA',
    severity: 'WARNING',
    status: 'DEGRADED',
    cluster: 'c',
    subjects: [{ kind: 'Node', namespace: null, name }],
    attributes: { node: name },
    title: `node ${name} NotReady`,
    detail: 'The kubelet reports NotReady.',
    evidence: [
      { signal: 'node Ready', value: 'False', source: 'watch', observedAt: '2026-11-29T20:00:00.000Z' },
    ],
    nextSteps: [`kubectl describe node ${name}`],
    observedAt: Date.parse('2026-11-29T20:00:00Z'),
    ...overrides,
  };
}

const a = finding('a');
const b = finding('b');
const c = finding('c');
const ids = (fs: Finding[]): string[] => fs.map((f) => f.id);

describe('diffFindings', () => {
  it.each<{
    name: string;
    previous: Finding[];
    next: Finding[];
    opened: string[];
    changed: string[];
    resolved: string[];
  }>([
    { name: 'nothing before or after', previous: [], next: [], opened: [], changed: [], resolved: [] },
    {
      name: 'the first set: every finding opened',
      previous: [],
      next: [a, b],
      opened: [a.id, b.id],
      changed: [],
      resolved: [],
    },
    { name: 'the same objects', previous: [a, b], next: [a, b], opened: [], changed: [], resolved: [] },
    {
      name: 'equal copies (a recompute)',
      previous: [a],
      next: [{ ...a, evidence: [...a.evidence] }],
      opened: [],
      changed: [],
      resolved: [],
    },
    { name: 'one gone', previous: [a, b], next: [b], opened: [], changed: [], resolved: [a.id] },
    { name: 'all gone', previous: [a, b], next: [], opened: [], changed: [], resolved: [a.id, b.id] },
    {
      name: 'one new, one gone',
      previous: [a, b],
      next: [b, c],
      opened: [c.id],
      changed: [],
      resolved: [a.id],
    },
    {
      name: 'order alone is no change',
      previous: [a, b],
      next: [b, a],
      opened: [],
      changed: [],
      resolved: [],
    },
    {
      name: 'status',
      previous: [a],
      next: [{ ...a, status: 'DOWN' }],
      opened: [],
      changed: [a.id],
      resolved: [],
    },
    {
      name: 'severity',
      previous: [a],
      next: [{ ...a, severity: 'CRITICAL' }],
      opened: [],
      changed: [a.id],
      resolved: [],
    },
    {
      name: 'title',
      previous: [a],
      next: [{ ...a, title: 'node a NotReady for 10 min' }],
      opened: [],
      changed: [a.id],
      resolved: [],
    },
    {
      name: 'detail',
      previous: [a],
      next: [{ ...a, detail: 'Other words.' }],
      opened: [],
      changed: [a.id],
      resolved: [],
    },
    {
      name: 'evidence value',
      previous: [a],
      next: [{ ...a, evidence: [{ ...(a.evidence[0] as Finding['evidence'][number]), value: 'Unknown' }] }],
      opened: [],
      changed: [a.id],
      resolved: [],
    },
    {
      name: 'evidence added',
      previous: [a],
      next: [{ ...a, evidence: [...a.evidence, ...a.evidence] }],
      opened: [],
      changed: [a.id],
      resolved: [],
    },
    // What follows from the id (subjects, attributes, next steps) or is only a timestamp is not a change.
    {
      name: 'next steps only',
      previous: [a],
      next: [{ ...a, nextSteps: ['other'] }],
      opened: [],
      changed: [],
      resolved: [],
    },
    {
      name: 'attributes only',
      previous: [a],
      next: [{ ...a, attributes: { node: 'a', pool: 'h100' } }],
      opened: [],
      changed: [],
      resolved: [],
    },
    {
      name: 'observedAt only',
      previous: [a],
      next: [{ ...a, observedAt: (a.observedAt ?? 0) + 5_000 }],
      opened: [],
      changed: [],
      resolved: [],
    },
  ])('$name', ({ previous, next, opened, changed, resolved }) => {
    const diff = diffFindings(previous, next);
    expect({ opened: ids(diff.opened), changed: ids(diff.changed), resolved: ids(diff.resolved) }).toEqual({
      opened,
      changed,
      resolved,
    });
    expect(isEmptyDiff(diff)).toBe(opened.length + changed.length + resolved.length === 0);
  });

  it('sends changed findings as they are now and resolved ones as they last were', () => {
    const worse = { ...a, status: 'DOWN' as const };
    const diff = diffFindings([a, b], [worse]);
    expect(diff.changed[0]).toBe(worse);
    expect(diff.resolved[0]).toBe(b);
  });
});

describe('filterFindings and worstFirst', () => {
  const critical = finding('x', { id: 'c/x', severity: 'CRITICAL', plane: 'CONTROL', scope: 'CLUSTER' });
  const info = finding('y', { id: 'd/y', severity: 'INFO', cluster: 'd' });
  const all = [info, a, critical];

  it.each<{ name: string; filter: Parameters<typeof filterFindings>[1]; expected: string[] }>([
    { name: 'no criterion', filter: {}, expected: [info.id, a.id, critical.id] },
    { name: 'minSeverity WARNING', filter: { minSeverity: 'WARNING' }, expected: [a.id, critical.id] },
    { name: 'minSeverity CRITICAL', filter: { minSeverity: 'CRITICAL' }, expected: [critical.id] },
    { name: 'plane CONTROL', filter: { plane: 'CONTROL' }, expected: [critical.id] },
    { name: 'scope NODE', filter: { scope: 'NODE' }, expected: [info.id, a.id] },
    { name: 'cluster d', filter: { cluster: 'd' }, expected: [info.id] },
    {
      name: 'nulls admit all',
      filter: { minSeverity: null, plane: null, scope: null, cluster: null },
      expected: [info.id, a.id, critical.id],
    },
  ])('$name', ({ filter, expected }) => {
    expect(ids(filterFindings(all, filter))).toEqual(expected);
  });

  it('orders by severity and keeps the given order among equals', () => {
    const w2 = finding('w2', { id: 'c/w2' });
    expect(ids(worstFirst([info, a, critical, w2]))).toEqual([critical.id, a.id, w2.id, info.id]);
  });
});
