import type { Signal, SignalSet } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { ProbeHistory } from '../../src/sources/probes/probe-history.ts';

const T = Date.parse('2026-11-29T19:10:00Z');

function round(
  at: number,
  outcomes: Partial<Record<'probe_admission_dry_run_seconds' | 'probe_list_seconds', string | null>>,
  cluster = 'a',
): SignalSet {
  const signals: SignalSet['signals'] = {};
  for (const [name, error] of Object.entries(outcomes) as [Signal['name'], string | null][]) {
    signals[name] = {
      name,
      samples: error === null ? [{ labels: {}, value: 0.05 }] : [],
      window: '',
      source: 'probe',
      observedAt: at,
      error,
    };
  }
  return { cluster, signals, observable: { etcd: true, scheduler: true, controllers: true } };
}

describe('ProbeHistory', () => {
  it.each<{ name: string; rounds: [number, string | null | undefined][]; expected: unknown }>([
    {
      name: 'passing from the first round',
      rounds: [
        [0, null],
        [30, null],
      ],
      expected: { failedUntil: null, passingSince: T },
    },
    {
      name: 'failing, then passing: failed until the last failure, passing since the first pass',
      rounds: [
        [0, 'timed out'],
        [30, 'timed out'],
        [60, null],
        [90, null],
      ],
      expected: { failedUntil: T + 30_000, passingSince: T + 60_000 },
    },
    {
      name: 'passing, then failing: not passing',
      rounds: [
        [0, null],
        [30, 'timed out'],
      ],
      expected: { failedUntil: T + 30_000, passingSince: null },
    },
    {
      name: 'a round where the probe did not run (inconclusive) changes nothing',
      rounds: [
        [0, 'timed out'],
        [30, null],
        [60, undefined],
        [90, null],
      ],
      expected: { failedUntil: T, passingSince: T + 30_000 },
    },
    {
      name: 'a round inconclusive because Fleetscope itself was overloaded is no failure',
      rounds: [
        [0, null],
        [
          30,
          'inconclusive: Fleetscope itself is overloaded (its event loop ran 900 ms late during a 1200 ms probe)',
        ],
        [60, null],
      ],
      expected: { failedUntil: null, passingSince: T },
    },
  ])('$name', ({ rounds, expected }) => {
    const history = new ProbeHistory();
    let last: SignalSet | null = null;
    for (const [seconds, error] of rounds) {
      const outcome = error === undefined ? {} : { probe_admission_dry_run_seconds: error };
      const set = history.record(round(T + seconds * 1000, outcome));
      if (error !== undefined) last = set;
    }
    expect(last?.signals.probe_admission_dry_run_seconds?.history).toEqual(expected);
  });

  it('keeps each cluster and probe apart', () => {
    const history = new ProbeHistory();
    history.record(round(T, { probe_admission_dry_run_seconds: 'timed out', probe_list_seconds: null }, 'a'));
    const b = history.record(round(T + 1000, { probe_admission_dry_run_seconds: null }, 'b'));
    const a = history.record(
      round(T + 2000, { probe_admission_dry_run_seconds: null, probe_list_seconds: null }, 'a'),
    );
    expect(b.signals.probe_admission_dry_run_seconds?.history).toEqual({
      failedUntil: null,
      passingSince: T + 1000,
    });
    expect(a.signals.probe_admission_dry_run_seconds?.history).toEqual({
      failedUntil: T,
      passingSince: T + 2000,
    });
    expect(a.signals.probe_list_seconds?.history).toEqual({ failedUntil: null, passingSince: T });
  });
});
