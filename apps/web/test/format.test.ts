import { describe, expect, it } from 'vitest';
import { formatCount, formatRatio, percentOf, plural } from '../src/lib/format.ts';
import { formatAge, formatClock, parseDateTime } from '../src/lib/time.ts';

// vitest.config.ts pins TZ=UTC, so local clock time equals UTC here.
describe('formatClock', () => {
  it.each([
    ['2026-11-27T00:00:00Z', '00:00:00'],
    ['2026-11-27T09:05:03Z', '09:05:03'],
    ['2026-11-27T23:59:59.999Z', '23:59:59'],
  ])('%s → %s', (iso, expected) => {
    expect(formatClock(Date.parse(iso))).toBe(expected);
  });
});

describe('formatAge', () => {
  it.each([
    [-5_000, '0 s'],
    [0, '0 s'],
    [999, '0 s'],
    [42_000, '42 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [7_440_000, '2 h 4 min'],
    [86_400_000, '1 d'],
    [90_000_000, '1 d 1 h'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-11-27T12:00:00.000Z', Date.UTC(2026, 10, 27, 12)],
    ['2026-11-27T13:00:00+01:00', Date.UTC(2026, 10, 27, 12)],
    [null, null],
    ['', null],
    ['not a date', null],
  ])('%s → %s', (value, expected) => {
    expect(parseDateTime(value)).toBe(expected);
  });
});

describe('number formatting', () => {
  it.each([
    [0, '0'],
    [1234, '1,234'],
    [150000, '150,000'],
  ])('formatCount(%d) → %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });

  it('formatRatio', () => {
    expect(formatRatio(1200, 1536)).toBe('1,200 / 1,536');
  });

  it.each([
    [5, 10, 50],
    [0, 0, 0],
    [3, 0, 0],
    [12, 10, 100],
    [-1, 10, 0],
    [Number.NaN, 10, 0],
  ])('percentOf(%d, %d) → %d', (part, whole, expected) => {
    expect(percentOf(part, whole)).toBe(expected);
  });

  it.each([
    [1, 'node', '1 node'],
    [0, 'node', '0 nodes'],
    [3, 'cluster', '3 clusters'],
  ])('plural(%d, %s) → %s', (n, word, expected) => {
    expect(plural(n, word)).toBe(expected);
  });
});
