import { describe, expect, it } from 'vitest';
import {
  judgeControlPlanePaths,
  parseExposition,
  saturationOf,
  signalsFromExposition,
} from '../../src/index.ts';
import { NOW } from '../factories.ts';

const INF = Number.POSITIVE_INFINITY;

describe('saturationOf', () => {
  it.each<{ name: string; buckets: [number, number][]; mean: number | null; expected: unknown }>([
    {
      name: 'every observation above the top finite bucket',
      buckets: [
        [1, 0],
        [2.5, 0],
        [INF, 16],
      ],
      mean: 9.375,
      expected: { mean: 9.375, shareAbove: 1 },
    },
    {
      name: 'rank 0.99 just in +Inf (2 % above)',
      buckets: [
        [1, 90],
        [2.5, 98],
        [INF, 100],
      ],
      mean: 1.1,
      expected: { mean: 1.1, shareAbove: 0.02 },
    },
    {
      name: 'rank in a finite bucket (1 % above is not enough)',
      buckets: [
        [2.5, 99],
        [INF, 100],
      ],
      mean: 1,
      expected: undefined,
    },
    {
      name: 'no observations (no traffic)',
      buckets: [
        [2.5, 0],
        [INF, 0],
      ],
      mean: null,
      expected: undefined,
    },
    {
      name: 'no +Inf bucket',
      buckets: [
        [1, 3],
        [2.5, 4],
      ],
      mean: null,
      expected: undefined,
    },
    {
      name: 'a non-finite mean is unknown, not a number',
      buckets: [
        [2.5, 0],
        [INF, 4],
      ],
      mean: Number.NaN,
      expected: { mean: null, shareAbove: 1 },
    },
  ])('$name', ({ buckets, mean, expected }) => {
    expect(
      saturationOf(
        0.99,
        buckets.map(([le, count]) => ({ le, count })),
        mean,
      ),
    ).toEqual(expected);
  });
});

/** The v1.24 API server of the issue: a webhook with timeout 10 s, 16 of 16 calls failed, 150 s in all. */
const V1_24_TIMING_OUT = [
  '# TYPE apiserver_admission_webhook_admission_duration_seconds histogram',
  ...['0.005', '0.025', '0.1', '0.5', '1', '2.5'].map(
    (le) =>
      `apiserver_admission_webhook_admission_duration_seconds_bucket{name="policy.example.com",operation="CREATE",rejected="true",type="validating",le="${le}"} 0`,
  ),
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="policy.example.com",operation="CREATE",rejected="true",type="validating",le="+Inf"} 16',
  'apiserver_admission_webhook_admission_duration_seconds_sum{name="policy.example.com",operation="CREATE",rejected="true",type="validating"} 150',
  'apiserver_admission_webhook_admission_duration_seconds_count{name="policy.example.com",operation="CREATE",rejected="true",type="validating"} 16',
  '# TYPE apiserver_admission_webhook_rejection_count counter',
  'apiserver_admission_webhook_rejection_count{error_type="calling_webhook_error",name="policy.example.com",operation="CREATE",rejection_code="0",type="validating"} 16',
  '',
].join('\n');

describe('a saturated webhook histogram in one exposition snapshot', () => {
  const { signals } = signalsFromExposition(
    parseExposition(V1_24_TIMING_OUT).families,
    'apiserver.prom',
    NOW,
  );

  it('flags the p99 as a floor at 2.5 s with the mean 150 s / 16', () => {
    expect(signals.signals.admission_webhook_p99_seconds?.samples).toEqual([
      {
        labels: { name: 'policy.example.com', type: 'validating' },
        value: 2.5,
        saturated: { mean: 9.375, shareAbove: 1 },
      },
    ]);
    expect(signals.signals.admission_webhook_calling_error_ratio?.samples).toEqual([
      { labels: { name: 'policy.example.com' }, value: 1 },
    ]);
  });

  it('judges admission DOWN, not "slow", and never shows 2.5 s as a measured p99', () => {
    const health = judgeControlPlanePaths({ cluster: 'lab', signals, watches: [], now: NOW });
    const admission = health.paths.admission;
    expect(admission.status).toBe('DOWN');
    expect(admission.summary).toBe(
      'webhook policy.example.com timing out (100 % of calls failing, p99 > 2.5 s (mean 9.4 s))',
    );
    expect(admission.evidence.map((e) => e.value)).toContain('> 2.5 s (mean 9.4 s)');
    expect(JSON.stringify(health)).not.toMatch(/p99 2\.5 s|"value":"2\.5 s"/);
  });

  it('reads no calling-error ratio when the rejection counter is not exposed at all', () => {
    const text = V1_24_TIMING_OUT.split('\n')
      .filter((l) => !l.includes('rejection_count'))
      .join('\n');
    const only = signalsFromExposition(parseExposition(text).families, 'apiserver.prom', NOW);
    expect(only.signals.signals.admission_webhook_calling_error_ratio).toBeUndefined();
  });
});
