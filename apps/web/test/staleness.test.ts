import { describe, expect, it } from 'vitest';
import {
  assessFreshness,
  combineFreshness,
  describeStaleReason,
  type Freshness,
  type FreshnessInput,
  STALE_AFTER_MS,
} from '../src/lib/staleness.ts';

const NOW = 1_800_000_000_000;

describe('assessFreshness', () => {
  const cases: Array<{ name: string; input: FreshnessInput; expected: Freshness }> = [
    {
      name: 'fresh data',
      input: { stale: false, dataAsOf: NOW - 5_000 },
      expected: { stale: false, reason: null, dataAsOf: NOW - 5_000, ageMs: 5_000 },
    },
    {
      name: 'exactly at the limit is still fresh',
      input: { stale: false, dataAsOf: NOW - STALE_AFTER_MS },
      expected: { stale: false, reason: null, dataAsOf: NOW - STALE_AFTER_MS, ageMs: STALE_AFTER_MS },
    },
    {
      name: 'one millisecond past the limit is stale',
      input: { stale: false, dataAsOf: NOW - STALE_AFTER_MS - 1 },
      expected: {
        stale: true,
        reason: 'too-old',
        dataAsOf: NOW - STALE_AFTER_MS - 1,
        ageMs: STALE_AFTER_MS + 1,
      },
    },
    {
      name: 'API says stale even though recent',
      input: { stale: true, dataAsOf: NOW - 1_000 },
      expected: { stale: true, reason: 'reported-stale', dataAsOf: NOW - 1_000, ageMs: 1_000 },
    },
    {
      name: 'nothing ever arrived',
      input: { stale: false, dataAsOf: null },
      expected: { stale: true, reason: 'never-synced', dataAsOf: null, ageMs: null },
    },
    {
      name: 'server clock ahead of the browser: age clamps at 0',
      input: { stale: false, dataAsOf: NOW + 3_000 },
      expected: { stale: false, reason: null, dataAsOf: NOW + 3_000, ageMs: 0 },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(assessFreshness(input, NOW)).toEqual(expected);
  });

  it('honours a custom limit', () => {
    expect(assessFreshness({ stale: false, dataAsOf: NOW - 11_000 }, NOW, 10_000).reason).toBe('too-old');
  });
});

describe('combineFreshness', () => {
  const cases: Array<{ name: string; inputs: FreshnessInput[]; expected: FreshnessInput }> = [
    { name: 'no clusters: nothing known', inputs: [], expected: { stale: true, dataAsOf: null } },
    {
      name: 'oldest time wins',
      inputs: [
        { stale: false, dataAsOf: NOW - 1_000 },
        { stale: false, dataAsOf: NOW - 9_000 },
      ],
      expected: { stale: false, dataAsOf: NOW - 9_000 },
    },
    {
      name: 'any stale makes the fleet stale',
      inputs: [
        { stale: false, dataAsOf: NOW - 1_000 },
        { stale: true, dataAsOf: NOW - 2_000 },
      ],
      expected: { stale: true, dataAsOf: NOW - 2_000 },
    },
    {
      name: 'any cluster without data makes the fleet unsynced',
      inputs: [
        { stale: false, dataAsOf: NOW - 1_000 },
        { stale: false, dataAsOf: null },
      ],
      expected: { stale: true, dataAsOf: null },
    },
  ];

  it.each(cases)('$name', ({ inputs, expected }) => {
    expect(combineFreshness(inputs)).toEqual(expected);
  });
});

describe('describeStaleReason', () => {
  it.each([
    ['never-synced', 'no data has arrived yet'],
    ['reported-stale', 'a watch behind this view is not synced'],
    ['too-old', 'no update for over a minute'],
  ] as const)('%s → %s', (reason, text) => {
    expect(describeStaleReason(reason)).toBe(text);
  });
});
