import { describe, expect, it } from 'vitest';
import { parseQuantity, parseTimestamp } from '../../src/index.ts';

describe('parseQuantity', () => {
  it.each([
    { input: '8', expected: 8 },
    { input: '0', expected: 0 },
    { input: '1k', expected: 1000 },
    { input: '2M', expected: 2_000_000 },
    { input: '500m', expected: 0.5 },
    { input: '191450m', expected: 191.45 },
    { input: '64Gi', expected: 64 * 2 ** 30 },
    { input: '2034532396Ki', expected: 2034532396 * 1024 },
    { input: '1e3', expected: 1000 },
    { input: '1E3', expected: 1000 },
    { input: '1E', expected: 1e18 },
    { input: '+4', expected: 4 },
    { input: '1.5', expected: 1.5 },
    { input: '.5', expected: 0.5 },
    { input: 16, expected: 16 },
  ])('$input → $expected', ({ input, expected }) => {
    expect(parseQuantity(input)).toBeCloseTo(expected, 9);
  });

  it.each([
    { input: 'abc' },
    { input: '' },
    { input: '8 GPUs' },
    { input: '1KB' },
    { input: 'Gi' },
    { input: null },
    { input: true },
    { input: Number.NaN },
    { input: {} },
  ])('rejects $input', ({ input }) => {
    expect(parseQuantity(input)).toBeNull();
  });
});

describe('parseTimestamp', () => {
  it.each([
    { input: '2026-11-27T19:31:07Z', expected: Date.UTC(2026, 10, 27, 19, 31, 7) },
    { input: '2026-11-27T19:31:07.512394Z', expected: Date.UTC(2026, 10, 27, 19, 31, 7, 512) },
    { input: '2026-11-27T20:31:07+01:00', expected: Date.UTC(2026, 10, 27, 19, 31, 7) },
  ])('$input', ({ input, expected }) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each(['yesterday', 'Nov 27 2026', '2026-11-27', '2026-13-45T99:00:00Z'])('rejects %s', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});
