import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent, formatSeconds, formatValue } from '../src/lib/units.ts';

describe('formatValue', () => {
  it.each([
    // seconds: milliseconds below one second, seconds from one up
    [0, 'seconds', '0 ms'],
    [0.0004, 'seconds', '0.4 ms'],
    [0.0048, 'seconds', '4.8 ms'],
    [0.042, 'seconds', '42 ms'],
    [0.48, 'seconds', '480 ms'],
    [0.9994, 'seconds', '999 ms'],
    [0.9996, 'seconds', '1 s'],
    [1, 'seconds', '1 s'],
    [1.3, 'seconds', '1.3 s'],
    [1.25, 'seconds', '1.3 s'],
    [42.4, 'seconds', '42 s'],
    [3600, 'seconds', '3,600 s'],
    // ratio: a percentage with few digits
    [0, 'ratio', '0%'],
    [0.00000004, 'ratio', '< 0.01%'],
    [0.0002, 'ratio', '0.02%'],
    [0.001, 'ratio', '0.1%'],
    [0.031, 'ratio', '3.1%'],
    [0.5, 'ratio', '50%'],
    [1, 'ratio', '100%'],
    // per second
    [0, 'per_second', '0 /s'],
    [0.02, 'per_second', '0.02 /s'],
    [1.5, 'per_second', '1.5 /s'],
    [184, 'per_second', '184 /s'],
    [12345.6, 'per_second', '12,346 /s'],
    // bytes, binary units
    [512, 'bytes', '512 B'],
    [1536, 'bytes', '1.5 KiB'],
    [1.2 * 2 ** 30, 'bytes', '1.2 GiB'],
    [8 * 2 ** 30, 'bytes', '8 GiB'],
    [150 * 2 ** 20, 'bytes', '150 MiB'],
    // count
    [0, 'count', '0'],
    [3, 'count', '3'],
    [2.5, 'count', '2.5'],
    [12000, 'count', '12,000'],
    // a unit this build does not know keeps its name
    [7, 'widgets', '7 widgets'],
    // never a misleading number
    [Number.NaN, 'seconds', '—'],
    [Number.POSITIVE_INFINITY, 'ratio', '—'],
  ])('%d %s → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('unit helpers', () => {
  it.each([
    [0.0995, '100 ms'],
    [0.005, '5 ms'],
    [9.96, '10 s'],
  ])('formatSeconds(%d) → %s', (v, expected) => {
    expect(formatSeconds(v)).toBe(expected);
  });

  it.each([
    [0.0999, '10%'],
    [0.00999, '1%'],
    [-0.02, '-2%'],
  ])('formatPercent(%d) → %s', (v, expected) => {
    expect(formatPercent(v)).toBe(expected);
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [2 ** 60, '1024 PiB'],
  ])('formatBytes(%d) → %s', (v, expected) => {
    expect(formatBytes(v)).toBe(expected);
  });
});
