import { describe, expect, it } from 'vitest';
import { triageFindings } from '../src/fixtures/triage-fixture.ts';
import { FindingHistory, NEW_WINDOW_MS } from '../src/lib/finding-history.ts';
import {
  buildLadder,
  clustersOf,
  compareForLadder,
  LADDER,
  ladderFindings,
  type TriageFindingLike,
} from '../src/lib/triage.ts';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function f(id: string, extra: Partial<TriageFindingLike> = {}): TriageFindingLike {
  return {
    id,
    rule: 'scope.pod',
    scope: 'POD',
    severity: 'WARNING',
    status: 'DEGRADED',
    cluster: 'a',
    attributes: [],
    ...extra,
  };
}

const ids = (list: readonly { id: string }[]): string[] => list.map((x) => x.id);

describe('ladderFindings', () => {
  it.each<[string, TriageFindingLike[], string[], 'scope' | 'per-rule']>([
    [
      'scope findings only, never their per-rule members',
      [
        f('p'),
        f('n1', { rule: 'node.not-ready', scope: 'NODE' }),
        f('g', { rule: 'scope.global', scope: 'GLOBAL' }),
      ],
      ['p', 'g'],
      'scope',
    ],
    [
      'no scope findings but impairing per-rule ones: shown untriaged, never an empty ladder',
      [
        f('n1', { rule: 'node.not-ready', scope: 'NODE', status: 'DOWN' }),
        f('i', { rule: 'x.info', status: null, severity: 'INFO', scope: 'CLUSTER' }),
      ],
      ['n1'],
      'per-rule',
    ],
    [
      'nothing impairing: an empty ladder',
      [f('i', { rule: 'x.info', status: null, severity: 'INFO' })],
      [],
      'scope',
    ],
    [
      'a pending pod (status null, WARNING) impairs; a node note (status null) does not',
      [
        f('pp', { rule: 'pod.pending-unschedulable', status: null }),
        f('nn', { rule: 'node.note', scope: 'NODE', status: null }),
      ],
      ['pp'],
      'per-rule',
    ],
  ])('%s', (_, findings, shown, source) => {
    const result = ladderFindings(findings);
    expect(ids(result.shown)).toEqual(shown);
    expect(result.source).toBe(source);
  });
});

describe('buildLadder', () => {
  it('has every rung, narrowest first, and names the widest scope hit', () => {
    const ladder = buildLadder(ladderFindings(triageFindings(NOW)), null, NOW);
    expect(ladder.rungs.map((r) => r.scope)).toEqual(LADDER);
    expect(ladder.rungs.map((r) => r.findings.length)).toEqual([2, 1, 1, 1, 1]);
    expect(ladder.widest).toBe('GLOBAL');
    expect(ladder.total).toBe(6);
  });

  it('names the widest rung that has findings; none when empty', () => {
    expect(
      buildLadder(ladderFindings([f('p'), f('n', { rule: 'scope.node', scope: 'NODE' })]), null, NOW).widest,
    ).toBe('NODE');
    const empty = buildLadder(ladderFindings([]), null, NOW);
    expect(empty.widest).toBeNull();
    expect(empty.rungs.every((r) => r.findings.length === 0)).toBe(true);
  });

  it('orders a rung worst first, then by id, whatever order the API sent', () => {
    const list = [f('c'), f('a'), f('z', { severity: 'CRITICAL' }), f('b')];
    const orders = [list, [...list].reverse(), [list[2], list[0], list[3], list[1]]].map((l) =>
      ids(buildLadder(ladderFindings(l as TriageFindingLike[]), null, NOW).rungs[0]?.findings ?? []),
    );
    for (const order of orders) expect(order).toEqual(['z', 'a', 'b', 'c']);
  });

  it('keeps the other rows in place when a finding is added or removed (no jumping on refresh)', () => {
    const before = ids(
      buildLadder(ladderFindings([f('a'), f('c'), f('e')]), null, NOW).rungs[0]?.findings ?? [],
    );
    const after = ids(
      buildLadder(ladderFindings([f('e'), f('d'), f('a'), f('c')]), null, NOW).rungs[0]?.findings ?? [],
    );
    expect(before).toEqual(['a', 'c', 'e']);
    expect(after.filter((id) => before.includes(id))).toEqual(before);
    expect(compareForLadder(f('x'), f('x'))).toBe(0);
  });

  it('counts new and resolved per rung from the history', () => {
    const start = FindingHistory.start([{ id: 'p1', scope: 'POD', title: 't', cluster: 'a' }]);
    const next = start.note(
      [
        { id: 'n1', scope: 'NODE', title: 't', cluster: 'a' },
        { id: 'p2', scope: 'POD', title: 't', cluster: 'a' },
      ],
      NOW,
    );
    const ladder = buildLadder(
      ladderFindings([f('n1', { rule: 'scope.node', scope: 'NODE' }), f('p2')]),
      next,
      NOW + 60_000,
    );
    const pod = ladder.rungs[0];
    const node = ladder.rungs[1];
    expect([pod?.fresh, pod?.resolved, node?.fresh, node?.resolved]).toEqual([1, 1, 1, 0]);
  });
});

describe('clustersOf', () => {
  it('reads the clusters attribute (a GLOBAL finding), else the finding’s cluster', () => {
    expect(clustersOf({ cluster: '*', attributes: [{ key: 'clusters', value: 'a,b,c' }] })).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(clustersOf({ cluster: 'a', attributes: [] })).toEqual(['a']);
    expect(clustersOf({ cluster: '*', attributes: [] })).toEqual([]);
  });
});

describe('FindingHistory', () => {
  const at = (id: string, scope: 'POD' | 'NODE' = 'POD') => ({ id, scope, title: id, cluster: 'a' });

  it('never marks what was there at the first answer as new', () => {
    const h = FindingHistory.start([at('a')]);
    expect(h.firstSeenAt('a')).toBeNull();
    expect(h.isNew('a', NOW)).toBe(false);
  });

  it('marks a finding new for 15 minutes from the answer it first appeared in', () => {
    const h = FindingHistory.start([at('a')]).note([at('a'), at('b')], NOW);
    expect(h.firstSeenAt('b')).toBe(NOW);
    expect(h.isNew('b', NOW + NEW_WINDOW_MS)).toBe(true);
    expect(h.isNew('b', NOW + NEW_WINDOW_MS + 1)).toBe(false);
    // Seen again later: still first seen at NOW.
    expect(h.note([at('a'), at('b')], NOW + 5_000).firstSeenAt('b')).toBe(NOW);
  });

  it('remembers resolved findings for 15 minutes, by scope, newest first', () => {
    const h = FindingHistory.start([at('a'), at('b', 'NODE')])
      .note([at('b', 'NODE')], NOW)
      .note([], NOW + 1_000);
    expect(h.resolvedSince(NOW + 2_000).map((r) => r.id)).toEqual(['b', 'a']);
    expect(h.resolvedSince(NOW + 2_000, 'NODE').map((r) => [r.id, r.resolvedAt])).toEqual([
      ['b', NOW + 1_000],
    ]);
    expect(h.resolvedSince(NOW + NEW_WINDOW_MS + 2_000)).toEqual([]);
  });

  it('a finding that comes back is new again and no longer resolved', () => {
    const h = FindingHistory.start([at('a')])
      .note([], NOW)
      .note([at('a')], NOW + 1_000);
    expect(h.isNew('a', NOW + 2_000)).toBe(true);
    expect(h.resolvedSince(NOW + 2_000)).toEqual([]);
  });
});
