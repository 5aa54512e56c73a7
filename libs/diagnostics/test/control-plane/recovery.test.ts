import type { ControlPlaneHealth, HealthStatus, Signal, SignalHistory, Verdict } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { judgeControlPlanePaths } from '../../src/index.ts';
import { allFresh, NOW } from '../factories.ts';
import { probe, type SignalChanges, signal, signalSet } from './signal-factories.ts';

// NOW is 20:00:00 UTC: times below are minutes before it.
const MIN = 60_000;

type PathName = 'read' | 'write' | 'admission' | 'watch';

function judge(changes: SignalChanges): ControlPlaneHealth {
  return judgeControlPlanePaths({ cluster: 'c', signals: signalSet(changes), watches: allFresh(), now: NOW });
}

function path(health: ControlPlaneHealth, name: PathName): Verdict {
  return health.paths[name];
}

/** A probe that passes now, with its history. */
function passing(name: Signal['name'], history: SignalHistory): Signal {
  return { ...probe(name, 0.05), history };
}

/** A windowed metric signal whose source knows when it last showed the failure. */
function windowed(name: Signal['name'], samples: Signal['samples'], failedUntil: number | null): Signal {
  return signal(name, [], {
    samples,
    ...(failedUntil === null ? {} : { history: { failedUntil, passingSince: null } }),
  });
}

const CALLING = [
  { labels: { name: 'policy.example.com', error_type: 'calling_webhook_error' }, value: 0.05 },
];

describe('recovery: a passing probe outranks a windowed metric that still holds past failures', () => {
  it.each<{ name: string; changes: SignalChanges; path: PathName; status: HealthStatus; summary: string }>([
    {
      name: 'admission: webhook errors ended before the dry run passed again',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, NOW - 107 * 1000),
          passing('probe_admission_dry_run_seconds', {
            failedUntil: NOW - 107_000,
            passingSince: NOW - 77_000,
          }),
        ],
      },
      path: 'admission',
      status: 'DEGRADED',
      summary:
        'recovering: webhook policy.example.com failing (calling_webhook_error 0.05/s) until 19:58 UTC; dry-run passes since 19:58 UTC',
    },
    {
      name: 'admission: the metric source does not know when; the dry run failed in the window and passes since',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, null),
          passing('probe_admission_dry_run_seconds', {
            failedUntil: NOW - 3 * MIN,
            passingSince: NOW - 2 * MIN,
          }),
        ],
      },
      path: 'admission',
      status: 'DEGRADED',
      summary:
        'recovering: webhook policy.example.com failing (calling_webhook_error 0.05/s) (still in the 5m window; dry-run failed until 19:57 UTC); dry-run passes since 19:58 UTC',
    },
    {
      name: 'admission: a dry run that never failed does not exercise the failing webhook — still DOWN',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, null),
          passing('probe_admission_dry_run_seconds', { failedUntil: null, passingSince: NOW - 60 * MIN }),
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary: 'webhook policy.example.com failing (calling_webhook_error 0.05/s)',
    },
    {
      name: 'admission: the metric source saw the errors end, and a dry run passing all along agrees',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, NOW - 3 * MIN),
          passing('probe_admission_dry_run_seconds', { failedUntil: null, passingSince: NOW - 60 * MIN }),
        ],
      },
      path: 'admission',
      status: 'DEGRADED',
      summary:
        'recovering: webhook policy.example.com failing (calling_webhook_error 0.05/s) until 19:57 UTC; dry-run passes since 19:00 UTC',
    },
    {
      name: 'admission: the webhook still failed after the dry run started passing — still DOWN',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, NOW - 10_000),
          passing('probe_admission_dry_run_seconds', {
            failedUntil: NOW - 3 * MIN,
            passingSince: NOW - 2 * MIN,
          }),
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary: 'webhook policy.example.com failing',
    },
    {
      name: 'admission: the metric still sees the errors at its latest observation, even if the dry run passed since — DOWN',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, NOW - 10_000),
          passing('probe_admission_dry_run_seconds', { failedUntil: NOW - 9_000, passingSince: NOW - 6_000 }),
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary: 'webhook policy.example.com failing',
    },
    {
      name: 'admission: the dry run failed long before the window — unrelated, still DOWN',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, null),
          passing('probe_admission_dry_run_seconds', {
            failedUntil: NOW - 40 * MIN,
            passingSince: NOW - 39 * MIN,
          }),
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary: 'webhook policy.example.com failing',
    },
    {
      name: 'admission: the dry run fails now — DOWN',
      changes: {
        signals: [
          windowed('admission_webhook_rejections_per_second', CALLING, NOW - 10_000),
          {
            ...probe('probe_admission_dry_run_seconds', null, 'context deadline exceeded'),
            history: { failedUntil: NOW - 5_000, passingSince: null },
          },
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary: 'webhook policy.example.com failing',
    },
    {
      name: 'write: error ratio from before the write probe passed again',
      changes: {
        signals: [
          windowed('write_error_ratio', [{ labels: {}, value: 0.6 }], NOW - 3 * MIN),
          passing('probe_write_seconds', { failedUntil: NOW - 3 * MIN, passingSince: NOW - 2 * MIN }),
        ],
      },
      path: 'write',
      status: 'DEGRADED',
      summary:
        'recovering: write error ratio 60 % (slow or 5xx) ≥ 50 % until 19:57 UTC; write probe passes since 19:58 UTC',
    },
    {
      name: 'write: etcd has no leader now (a gauge, current evidence) — DOWN whatever the probe says',
      changes: {
        specs: { etcd_has_leader: [[{ instance: 'etcd-0' }, 0]] },
        signals: [
          passing('probe_write_seconds', { failedUntil: NOW - 3 * MIN, passingSince: NOW - 2 * MIN }),
        ],
      },
      path: 'write',
      status: 'DOWN',
      summary: 'etcd has no leader',
    },
    {
      name: 'read: error ratio from before the LIST probe passed again',
      changes: {
        signals: [
          windowed('read_error_ratio', [{ labels: {}, value: 0.7 }], NOW - 4 * MIN),
          passing('probe_list_seconds', { failedUntil: NOW - 4 * MIN, passingSince: NOW - 3 * MIN }),
        ],
      },
      path: 'read',
      status: 'DEGRADED',
      summary:
        'recovering: read error ratio 70 % (slow or 5xx) ≥ 50 % until 19:56 UTC; LIST passes since 19:57 UTC',
    },
    {
      name: 'read: readyz vouches when there is no LIST probe',
      changes: {
        signals: [
          windowed('read_error_ratio', [{ labels: {}, value: 0.7 }], null),
          passing('probe_readyz_seconds', { failedUntil: NOW - 4 * MIN, passingSince: NOW - 3 * MIN }),
        ],
      },
      path: 'read',
      status: 'DEGRADED',
      summary:
        'recovering: read error ratio 70 % (slow or 5xx) ≥ 50 % (still in the 5m window; readyz failed until 19:56 UTC); readyz passes since 19:57 UTC',
    },
    {
      name: 'read: failures still going on (the metric saw them after the probe passed) — DOWN',
      changes: {
        signals: [
          windowed('read_error_ratio', [{ labels: {}, value: 0.7 }], NOW - 10_000),
          passing('probe_list_seconds', { failedUntil: NOW - 4 * MIN, passingSince: NOW - 3 * MIN }),
        ],
      },
      path: 'read',
      status: 'DOWN',
      summary: 'read error ratio 70 % (slow or 5xx) ≥ 50 %',
    },
    {
      name: 'watch: terminated watchers from before watch delivery passed again',
      changes: {
        signals: [
          windowed(
            'watch_terminated_watchers_per_second',
            [{ labels: { resource: 'pods' }, value: 0.4 }],
            NOW - 4 * MIN,
          ),
          passing('probe_watch_delivery_seconds', {
            failedUntil: NOW - 4 * MIN,
            passingSince: NOW - 3 * MIN,
          }),
        ],
      },
      path: 'watch',
      status: 'DEGRADED',
      summary:
        'recovering: unresponsive watchers terminated (0.4/s: pods) until 19:56 UTC; watch delivery passes since 19:57 UTC',
    },
  ])('$name → $status', ({ changes, path: name, status, summary }) => {
    const verdict = path(judge(changes), name);
    expect(verdict.status).toBe(status);
    expect(verdict.summary.slice(0, summary.length)).toBe(summary);
    if (summary.startsWith('recovering')) {
      // Both sides are evidence: the windowed metric and the probe that outranks it.
      expect(verdict.evidence.some((e) => e.value.startsWith('passing since 2026-11-27T19:'))).toBe(true);
    }
  });

  it('a recovering part is not DOWN overall, and the impact says "recovering"', () => {
    const health = judge({
      signals: [
        windowed('admission_webhook_rejections_per_second', CALLING, NOW - 3 * MIN),
        passing('probe_admission_dry_run_seconds', {
          failedUntil: NOW - 3 * MIN,
          passingSince: NOW - 2 * MIN,
        }),
      ],
    });
    expect(health.status).toBe('DEGRADED');
    expect(health.impact.statement).toMatch(/^Admission degraded: recovering: webhook policy\.example\.com/);
  });
});

describe('saturated quantiles are floors, never measured values', () => {
  const HOOK = { name: 'policy.example.com', type: 'validating' };
  it.each<{
    name: string;
    changes: SignalChanges;
    path: PathName;
    status: HealthStatus;
    summary: string;
    evidence: string;
  }>([
    {
      name: 'webhook timing out past the top bucket with calling errors',
      changes: {
        signals: [
          signal('admission_webhook_p99_seconds', [], {
            samples: [{ labels: HOOK, value: 2.5, saturated: { mean: 9.4, shareAbove: 1 } }],
          }),
          signal('admission_webhook_rejections_per_second', [], { samples: CALLING }),
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary:
        'webhook policy.example.com timing out (calling_webhook_error 0.05/s, p99 > 2.5 s (mean 9.4 s))',
      evidence: '> 2.5 s (mean 9.4 s)',
    },
    {
      name: 'every call failing (ratio) with a saturated p99, no rate at hand',
      changes: {
        specs: { admission_webhook_rejections_per_second: [] },
        signals: [
          signal('admission_webhook_p99_seconds', [], {
            samples: [{ labels: HOOK, value: 2.5, saturated: { mean: 9.4, shareAbove: 1 } }],
          }),
          signal('admission_webhook_calling_error_ratio', [[{ name: 'policy.example.com' }, 1]]),
        ],
      },
      path: 'admission',
      status: 'DOWN',
      summary: 'webhook policy.example.com timing out (100 % of calls failing, p99 > 2.5 s (mean 9.4 s))',
      evidence: '> 2.5 s (mean 9.4 s)',
    },
    {
      name: 'webhook slow past the top bucket: judged by its mean, shown as a floor',
      changes: {
        signals: [
          signal('admission_webhook_p99_seconds', [], {
            samples: [{ labels: HOOK, value: 2.5, saturated: { mean: 1.2, shareAbove: 0.02 } }],
          }),
        ],
      },
      path: 'admission',
      status: 'DEGRADED',
      summary: 'webhook policy.example.com slow (p99 > 2.5 s (mean 1.2 s), limit 1 s)',
      evidence: '> 2.5 s (mean 1.2 s)',
    },
    {
      name: 'read p99 in +Inf (request duration tops at 60 s)',
      changes: {
        signals: [
          signal('read_p99_seconds', [], {
            samples: [{ labels: { scope: 'resource' }, value: 60, saturated: { mean: 75, shareAbove: 0.3 } }],
          }),
        ],
      },
      path: 'read',
      status: 'DEGRADED',
      summary: 'read p99 > 60 s (mean 75 s) at scope resource (> 1 s)',
      evidence: '> 60 s (mean 75 s)',
    },
    {
      name: 'write p99 in +Inf without a mean',
      changes: {
        signals: [
          signal('write_p99_seconds', [], {
            samples: [{ labels: {}, value: 60, saturated: { mean: null, shareAbove: 0.5 } }],
          }),
        ],
      },
      path: 'write',
      status: 'DEGRADED',
      summary: 'write p99 > 60 s (mean unknown) (> 1 s)',
      evidence: '> 60 s (mean unknown)',
    },
  ])('$name → $status', ({ changes, path: name, status, summary, evidence }) => {
    const verdict = path(judge(changes), name);
    expect(verdict.status).toBe(status);
    expect(verdict.summary).toBe(summary);
    expect(verdict.evidence.map((e) => e.value)).toContain(evidence);
  });
});
