import { describe, expect, it } from 'vitest';
import { pdbCovers, projectPodDisruptionBudget, selectorMatches } from '../../src/index.ts';

const pdb = (spec: unknown, status: unknown = { disruptionsAllowed: 1 }): unknown => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'trainer', namespace: 'ml', uid: 'u-1', resourceVersion: '7' },
  spec,
  status,
});

describe('projectPodDisruptionBudget', () => {
  it('keeps the selector and status.disruptionsAllowed, nothing else', () => {
    const result = projectPodDisruptionBudget(
      pdb({
        minAvailable: 2,
        selector: {
          matchLabels: { app: 'trainer' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu'] }],
        },
      }),
    );
    expect(result).toEqual({
      ok: true,
      record: {
        kind: 'PodDisruptionBudget',
        uid: 'u-1',
        namespace: 'ml',
        name: 'trainer',
        resourceVersion: '7',
        selector: {
          matchLabels: { app: 'trainer' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu'] }],
        },
        disruptionsAllowed: 1,
      },
    });
  });

  it.each([
    { name: 'no status yet: disruptionsAllowed null', raw: pdb({ selector: {} }, null), allowed: null },
    { name: 'no selector: selects nothing', raw: pdb({}), allowed: 1 },
  ])('$name', ({ raw, allowed }) => {
    const result = projectPodDisruptionBudget(raw);
    expect(result.ok && result.record.disruptionsAllowed).toBe(allowed);
  });

  it.each([
    { raw: 'text', error: /expected an object/ },
    { raw: { kind: 'Pod', metadata: {} }, error: /kind is 'Pod'/ },
    { raw: pdb({ selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } }), error: /operator/ },
    { raw: pdb({ selector: {} }, { disruptionsAllowed: 'one' }), error: /status.disruptionsAllowed/ },
    { raw: { kind: 'PodDisruptionBudget', metadata: { name: 'x', namespace: 'ml' } }, error: /uid missing/ },
  ])('rejects $error with a reason, never throws', ({ raw, error }) => {
    const result = projectPodDisruptionBudget(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(error);
  });
});

describe('selectorMatches and pdbCovers', () => {
  const sel = (matchLabels: Record<string, string>, matchExpressions: unknown[] = []) =>
    ({ matchLabels, matchExpressions }) as Parameters<typeof selectorMatches>[0];
  it.each<{
    selector: Parameters<typeof selectorMatches>[0];
    labels: Record<string, string>;
    matches: boolean;
  }>([
    { selector: sel({}), labels: {}, matches: true },
    { selector: sel({ app: 'a' }), labels: { app: 'a', x: '1' }, matches: true },
    { selector: sel({ app: 'a' }), labels: { app: 'b' }, matches: false },
    { selector: sel({}, [{ key: 't', operator: 'In', values: ['x'] }]), labels: { t: 'x' }, matches: true },
    { selector: sel({}, [{ key: 't', operator: 'In', values: ['x'] }]), labels: {}, matches: false },
    { selector: sel({}, [{ key: 't', operator: 'NotIn', values: ['x'] }]), labels: {}, matches: true },
    {
      selector: sel({}, [{ key: 't', operator: 'NotIn', values: ['x'] }]),
      labels: { t: 'x' },
      matches: false,
    },
    { selector: sel({}, [{ key: 't', operator: 'Exists', values: [] }]), labels: { t: '' }, matches: true },
    {
      selector: sel({}, [{ key: 't', operator: 'DoesNotExist', values: [] }]),
      labels: { t: '' },
      matches: false,
    },
  ])(
    '$selector.matchLabels $selector.matchExpressions on $labels → $matches',
    ({ selector, labels, matches }) => {
      expect(selectorMatches(selector, labels)).toBe(matches);
    },
  );

  it('covers pods of its own namespace only; no selector covers nothing', () => {
    const base = {
      kind: 'PodDisruptionBudget' as const,
      uid: 'u',
      name: 'p',
      resourceVersion: '1',
      disruptionsAllowed: 0,
    };
    const record = { ...base, namespace: 'ml', selector: sel({ app: 'a' }) };
    expect(pdbCovers(record, { namespace: 'ml', labels: { app: 'a' } })).toBe(true);
    expect(pdbCovers(record, { namespace: 'other', labels: { app: 'a' } })).toBe(false);
    expect(pdbCovers({ ...record, selector: null }, { namespace: 'ml', labels: { app: 'a' } })).toBe(false);
  });
});
