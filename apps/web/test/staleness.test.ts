import { describe, expect, it } from 'vitest';
import {
  ageOf,
  assessFreshness,
  combineFreshness,
  dataAge,
  describeStaleReason,
  type Freshness,
  type FreshnessInput,
} from '../src/lib/staleness.ts';

const NOW = 1_800_000_000_000;
const STALE_AFTER_MS = 120_000;

/** An answer the API generated 1 s after its newest input, received by this browser `sinceReceipt` ago. */
function answer(overrides: Partial<FreshnessInput> = {}, sinceReceipt = 1_000): FreshnessInput {
  return {
    stale: false,
    dataAsOf: NOW - 10_000,
    generatedAt: NOW - 9_000,
    receivedAt: NOW - sinceReceipt,
    staleAfterMs: STALE_AFTER_MS,
    ...overrides,
  };
}

describe('assessFreshness: the API decides, the browser only adds "no newer answer received"', () => {
  const cases: Array<{ name: string; input: FreshnessInput; expected: Freshness }> = [
    {
      name: 'a fresh answer: age is the age at the answer plus the time since receipt',
      input: answer({ dataAsOf: NOW - 5_000, generatedAt: NOW - 4_000 }, 2_000),
      expected: { stale: false, reason: null, dataAsOf: NOW - 5_000, ageMs: 3_000 },
    },
    {
      name: 'no newer answer for exactly stale-after: still fresh',
      input: answer({}, STALE_AFTER_MS),
      expected: { stale: false, reason: null, dataAsOf: NOW - 10_000, ageMs: 1_000 + STALE_AFTER_MS },
    },
    {
      name: 'no newer answer for 1 ms longer: stale (a frozen feed)',
      input: answer({}, STALE_AFTER_MS + 1),
      expected: { stale: true, reason: 'too-old', dataAsOf: NOW - 10_000, ageMs: 1_001 + STALE_AFTER_MS },
    },
    {
      name: 'the API says stale',
      input: answer({ stale: true }),
      expected: { stale: true, reason: 'reported-stale', dataAsOf: NOW - 10_000, ageMs: 2_000 },
    },
    {
      name: 'nothing ever arrived',
      input: answer({ dataAsOf: null }),
      expected: { stale: true, reason: 'never-synced', dataAsOf: null, ageMs: null },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(assessFreshness(input, NOW)).toEqual(expected);
  });

  it.each([
    ['2 minutes ahead', 120_000],
    ['2 minutes behind', -120_000],
    ['a day off', 86_400_000],
  ])('a browser clock %s neither fakes nor hides staleness', (_, skew) => {
    // The API's timestamps are on its own clock; only the browser's receipt time moves with the skew.
    const fresh = answer({ receivedAt: NOW + skew - 1_000 });
    expect(assessFreshness(fresh, NOW + skew)).toMatchObject({ stale: false, ageMs: 2_000 });
    const frozen = answer({ receivedAt: NOW + skew - STALE_AFTER_MS - 5_000 });
    expect(assessFreshness(frozen, NOW + skew)).toMatchObject({ stale: true, reason: 'too-old' });
    const reported = answer({ stale: true, receivedAt: NOW + skew });
    expect(assessFreshness(reported, NOW + skew).stale).toBe(true);
  });

  it('quiet is not stale: data confirmed long ago by the API clock but answered just now is as fresh as the API says', () => {
    // The API's own rule decides (stale false); the browser does not re-judge by dataAsOf.
    const quiet = answer({ dataAsOf: NOW - 100_000, generatedAt: NOW - 1_000 });
    expect(assessFreshness(quiet, NOW)).toMatchObject({ stale: false, ageMs: 100_000 });
  });

  it('ages with no generatedAt as of receipt', () => {
    expect(dataAge(answer({ generatedAt: null }, 3_000), NOW)).toBe(3_000);
  });
});

describe('combineFreshness', () => {
  it('takes the oldest data and any stale cluster; one answer, one receipt', () => {
    const combined = combineFreshness([
      answer({ dataAsOf: NOW - 5_000 }),
      answer({ dataAsOf: NOW - 20_000, stale: true }),
    ]);
    expect(combined).toMatchObject({ stale: true, dataAsOf: NOW - 20_000, receivedAt: NOW - 1_000 });
  });

  it('any cluster without data makes the fleet never-synced; no clusters is null', () => {
    expect(combineFreshness([answer(), answer({ dataAsOf: null })])).toMatchObject({
      stale: true,
      dataAsOf: null,
    });
    expect(combineFreshness([])).toBeNull();
  });
});

describe('describeStaleReason', () => {
  it.each([
    ['never-synced', 'no data has arrived yet'],
    ['reported-stale', 'a watch behind this view is not current'],
    ['too-old', 'no update received within the stale-after limit'],
  ] as const)('%s', (reason, text) => {
    expect(describeStaleReason(reason)).toBe(text);
  });
});

describe('ageOf: how long ago an API timestamp was, skew-free', () => {
  const answerAt = { generatedAt: new Date(NOW).toISOString() };
  it.each([
    ['browser clock right', 0],
    ['browser clock 2 minutes ahead', 120_000],
    ['browser clock a day behind', -86_400_000],
  ])('%s', (_, skew) => {
    const answer = { ...answerAt, receivedAt: NOW + skew - 2_000 };
    expect(ageOf(new Date(NOW - 30_000).toISOString(), answer, NOW + skew)).toBe(32_000);
    expect(ageOf(null, answer, NOW + skew)).toBeNull();
  });
});
