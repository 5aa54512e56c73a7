import { describe, expect, it } from 'vitest';
import { type Answer, isOlder, keepNewest, type Stamp, stampOf } from '../src/graphql/answers.ts';

const stamp = (version: number | null, generatedAt: number | null): Stamp => ({ version, generatedAt });

describe('isOlder: an answer replaces the held one unless it was computed before it', () => {
  it.each<[string, Stamp, Stamp, boolean]>([
    ['a newer version, later', stamp(8, 8_000), stamp(7, 7_000), false],
    ['an older version, earlier: a late answer', stamp(7, 7_000), stamp(8, 8_000), true],
    ['an older version in the same millisecond', stamp(7, 8_000), stamp(8, 8_000), true],
    ['the same snapshot again (a poll confirming it)', stamp(8, 8_000), stamp(8, 8_000), false],
    ['a lower version computed later: the API restarted', stamp(1, 9_000), stamp(8, 8_000), false],
    [
      'a higher version with an earlier clock: the API clock stepped back',
      stamp(9, 7_500),
      stamp(8, 8_000),
      false,
    ],
    ['no versions (a cluster), earlier', stamp(null, 7_000), stamp(null, 8_000), true],
    ['no versions, same time', stamp(null, 8_000), stamp(null, 8_000), false],
    ['no versions, later', stamp(null, 9_000), stamp(null, 8_000), false],
    ['an answer that cannot be placed is taken', stamp(null, null), stamp(8, 8_000), false],
  ])('%s → older: %s', (_name, incoming, held, older) => {
    expect(isOlder(incoming, held)).toBe(older);
  });

  it('reads the stamp the API sends', () => {
    expect(stampOf({ version: 3, generatedAt: '2026-11-27T12:00:00.000Z' })).toEqual(
      stamp(3, Date.UTC(2026, 10, 27, 12)),
    );
    expect(stampOf({ generatedAt: 'garbage' })).toEqual(stamp(null, null));
    expect(stampOf(null)).toEqual(stamp(null, null));
  });
});

describe('keepNewest', () => {
  const answer = (version: number, at: number, data: unknown): Answer<unknown> => ({
    data,
    receivedAt: at + 100,
    stamp: stamp(version, at),
  });

  it('keeps the held answer, with its receipt time, against an older one', () => {
    const held = answer(8, 8_000, { a: 1 });
    expect(keepNewest(held, answer(7, 7_000, { a: 0 }))).toBe(held);
  });

  it('takes a newer answer but keeps unchanged parts identical', () => {
    const held = answer(7, 7_000, { same: { x: 1 }, changed: { y: 1 } });
    const next = keepNewest(held, answer(8, 8_000, { same: { x: 1 }, changed: { y: 2 } })) as Answer<{
      same: object;
      changed: { y: number };
    }>;
    const before = held.data as { same: object };
    expect(next.receivedAt).toBe(8_100);
    expect(next.data.same).toBe(before.same);
    expect(next.data.changed).toEqual({ y: 2 });
  });
});
