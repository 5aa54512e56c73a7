import type { Finding } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { FindingHistory, makeFinding } from '../../src/index.ts';

const f = (name: string, title = name): Finding =>
  makeFinding('c', {
    rule: 'node.not-ready',
    scope: 'NODE',
    plane: 'DATA',
    status: 'DEGRADED',
    subjects: [{ kind: 'Node', namespace: null, name }],
    title,
  });

describe('FindingHistory', () => {
  it('remembers when each open finding was first seen, across changes of its text', () => {
    const h = new FindingHistory();
    h.observe([f('a')], 1_000);
    h.observe([f('a', 'a changed'), f('b')], 2_000);
    expect(h.firstSeen(f('a').id)).toBe(1_000);
    expect(h.firstSeen(f('b').id)).toBe(2_000);
  });

  it('lists resolved findings newest first, as they last read', () => {
    const h = new FindingHistory();
    h.observe([f('a'), f('b', 'b last')], 1_000);
    h.observe([f('a')], 2_000);
    h.observe([], 3_000);
    expect(h.resolvedSince(0, 10).map((r) => [r.finding.title, r.firstSeen, r.resolvedAt])).toEqual([
      ['a', 1_000, 3_000],
      ['b last', 1_000, 2_000],
    ]);
    expect(h.resolvedSince(2_500, 10)).toHaveLength(1);
    expect(h.firstSeen(f('a').id)).toBeNull();
  });

  it('a finding that comes back is new again', () => {
    const h = new FindingHistory();
    h.observe([f('a')], 1_000);
    h.observe([], 2_000);
    h.observe([f('a')], 3_000);
    expect(h.firstSeen(f('a').id)).toBe(3_000);
  });

  it('stays bounded: count and age', () => {
    const h = new FindingHistory({ maxResolved: 3, keepResolvedMs: 10_000 });
    for (let i = 0; i < 10; i++) {
      h.observe([f(`n${i}`)], i * 1_000);
    }
    h.observe([], 10_000);
    expect(h.resolvedSince(0, 100).length).toBeLessThanOrEqual(3);
    h.observe([], 30_000);
    expect(h.resolvedSince(0, 100)).toHaveLength(0);
  });
});
