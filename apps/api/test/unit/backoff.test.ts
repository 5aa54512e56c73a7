import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/sources/kubernetes/backoff.ts';

describe('backoffDelay', () => {
  it.each([
    { attempt: 1, random: 0, expected: 250 },
    { attempt: 1, random: 0.999999, expected: 500 },
    { attempt: 3, random: 0, expected: 1000 },
    { attempt: 20, random: 0, expected: 15_000 },
    { attempt: 20, random: 0.999999, expected: 30_000 },
  ])('attempt $attempt, random $random → $expected ms', ({ attempt, random, expected }) => {
    expect(backoffDelay(DEFAULT_BACKOFF, attempt, random)).toBe(expected);
  });
});
