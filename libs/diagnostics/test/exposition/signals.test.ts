import { readFileSync } from 'node:fs';
import type { SignalName, SignalSample } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  type Bucket,
  histogramQuantile,
  judgeControlPlanePaths,
  LIFETIME_WINDOW,
  parseExposition,
  signalsFromExposition,
} from '../../src/index.ts';
import { NOW } from '../factories.ts';

const FIXTURE = readFileSync(new URL('../fixtures/exposition/etcd-apiserver.prom', import.meta.url), 'utf8');
const SOURCE = 'exposition file etcd-apiserver.prom';

describe('histogramQuantile', () => {
  const INF = Number.POSITIVE_INFINITY;
  it.each<{ name: string; buckets: Bucket[]; q: number; expected: number }>([
    {
      name: 'interpolates inside the bucket holding the rank',
      buckets: [
        { le: 0.1, count: 50 },
        { le: 0.2, count: 100 },
        { le: INF, count: 100 },
      ],
      q: 0.99,
      expected: 0.198,
    },
    {
      name: 'first bucket interpolates from 0',
      buckets: [
        { le: 1, count: 100 },
        { le: INF, count: 100 },
      ],
      q: 0.5,
      expected: 0.5,
    },
    {
      name: 'rank in the +Inf bucket gives the highest finite bound',
      buckets: [
        { le: 1, count: 10 },
        { le: INF, count: 100 },
      ],
      q: 0.99,
      expected: 1,
    },
    {
      name: 'unsorted and slightly non-monotonic buckets are repaired',
      buckets: [
        { le: INF, count: 100 },
        { le: 0.2, count: 99 },
        { le: 0.1, count: 100 },
      ],
      q: 0.5,
      expected: 0.05,
    },
    {
      name: 'no observations: NaN (no traffic)',
      buckets: [
        { le: 1, count: 0 },
        { le: INF, count: 0 },
      ],
      q: 0.99,
      expected: Number.NaN,
    },
    {
      name: 'no +Inf bucket: NaN',
      buckets: [
        { le: 1, count: 5 },
        { le: 2, count: 9 },
      ],
      q: 0.99,
      expected: Number.NaN,
    },
    {
      name: 'q out of range: NaN',
      buckets: [
        { le: 1, count: 5 },
        { le: INF, count: 5 },
      ],
      q: 1.5,
      expected: Number.NaN,
    },
  ])('$name', ({ buckets, q, expected }) => {
    const value = histogramQuantile(q, buckets);
    if (Number.isNaN(expected)) expect(value).toBeNaN();
    else expect(value).toBeCloseTo(expected, 9);
  });
});

describe('signalsFromExposition on a realistic etcd + apiserver exposition', () => {
  const parsed = parseExposition(FIXTURE);
  const { signals, needsRates } = signalsFromExposition(parsed.families, SOURCE, NOW, 'lab');

  function samples(name: SignalName): SignalSample[] {
    const s = signals.signals[name];
    if (s === undefined) throw new Error(`${name} missing`);
    return s.samples;
  }

  it('parses without errors', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.families.length).toBe(16);
  });

  it('computes lifetime p99s from cumulative buckets, excluding streaming, dry-run and WATCH', () => {
    const read = Object.fromEntries(samples('read_p99_seconds').map((s) => [s.labels.scope, s.value]));
    expect(read.resource).toBeCloseTo(0.2, 9);
    expect(read.namespace).toBeCloseTo(4.6, 9);
    expect(read.cluster).toBeCloseTo(0.247, 9);
    expect(samples('write_p99_seconds')).toEqual([{ labels: {}, value: 0.5 }]);
    expect(samples('etcd_wal_fsync_p99_seconds')[0]?.value).toBeCloseTo(1.024 + 1.024 / 3, 9);
    expect(samples('etcd_backend_commit_p99_seconds')[0]?.value).toBeCloseTo(0.008 + 0.008 * (90 / 95), 9);
    expect(samples('admission_webhook_p99_seconds')).toEqual([
      { labels: { name: 'policy.example.com', type: 'validating' }, value: expect.closeTo(9.85, 9) },
    ]);
    expect(signals.signals.etcd_wal_fsync_p99_seconds?.window).toBe(LIFETIME_WINDOW);
    expect(signals.signals.etcd_wal_fsync_p99_seconds?.source).toBe(SOURCE);
    expect(signals.signals.etcd_wal_fsync_p99_seconds?.observedAt).toBe(NOW);
  });

  it('takes gauges as they are, summed over dropped labels', () => {
    expect(samples('etcd_has_leader')).toEqual([{ labels: {}, value: 1 }]);
    expect(samples('etcd_db_size_bytes')).toEqual([{ labels: {}, value: 2.1e9 }]);
    expect(samples('etcd_db_in_use_bytes')).toEqual([{ labels: {}, value: 1.9e9 }]);
    expect(samples('etcd_quota_bytes')).toEqual([{ labels: {}, value: 8589934592 }]);
    expect(samples('apiserver_storage_size_bytes')).toEqual([
      { labels: { storage_cluster_id: 'etcd-0' }, value: 2.1e9 },
    ]);
    expect(samples('watch_longrunning')).toEqual([{ labels: {}, value: 150 }]);
    expect(samples('apf_inqueue_requests')).toEqual([
      { labels: { priority_level: 'workload-low' }, value: 15 },
      { labels: { priority_level: 'global-default' }, value: 0 },
    ]);
    expect(samples('admission_webhooks_configured')).toEqual([{ labels: {}, value: 1 }]);
    expect(signals.signals.etcd_has_leader?.window).toBe('');
  });

  it('marks the components seen as up, and proves nothing about the others (observable stays true)', () => {
    expect(samples('target_up')).toEqual([
      { labels: { job: 'apiserver' }, value: 1 },
      { labels: { job: 'etcd' }, value: 1 },
    ]);
    expect(signals.observable).toEqual({ etcd: true, scheduler: true, controllers: true });
    expect(signals.cluster).toBe('lab');
  });

  it('lists the inputs that need rates instead of guessing them from one snapshot', () => {
    expect(needsRates).toEqual([
      'read_error_ratio',
      'read_requests_per_second',
      'write_error_ratio',
      'write_requests_per_second',
      'apf_rejected_per_second',
      'request_terminations_ratio',
      'admission_webhook_rejections_per_second',
      'admission_webhook_fail_open_per_second',
      'watch_terminated_watchers_per_second',
      'etcd_leader_changes_15m',
      'etcd_proposals_failed_per_second',
    ]);
    for (const name of needsRates) expect(signals.signals[name as SignalName]).toBeUndefined();
  });

  it('feeds the control-plane verdict', () => {
    const health = judgeControlPlanePaths({ cluster: 'lab', signals, watches: [], now: NOW });
    expect(health.etcd.status).toBe('DEGRADED');
    expect(health.etcd.summary).toContain('critical: etcd WAL fsync p99 1.37 s (> 1 s)');
    expect(health.paths.write.status).toBe('DEGRADED');
    expect(health.paths.admission.status).toBe('DOWN');
    expect(health.paths.admission.summary).toContain('webhook policy.example.com timing out (p99 9.85 s)');
    expect(health.paths.read.status).toBe('HEALTHY');
    // Not in the file is not given: UNKNOWN, never "not observable here".
    expect(health.scheduler.status).toBe('UNKNOWN');
    expect(health.scheduler.summary).toMatch(/^no usable input: no scheduler metrics from /);
    expect(health.controllers.status).toBe('UNKNOWN');
    expect(health.controllers.summary).toMatch(/^no usable input: no controller-manager metrics from /);
    expect(health.etcd.evidence.find((e) => e.signal === 'etcd_wal_fsync_p99_seconds')?.window).toBe(
      LIFETIME_WINDOW,
    );
  });
});

describe('signalsFromExposition edge cases', () => {
  it('prefers the SLI latency metric and drops histograms with no observations', () => {
    const text = [
      '# TYPE apiserver_request_sli_duration_seconds histogram',
      'apiserver_request_sli_duration_seconds_bucket{verb="GET",scope="resource",le="0.1"} 10',
      'apiserver_request_sli_duration_seconds_bucket{verb="GET",scope="resource",le="+Inf"} 10',
      'apiserver_request_sli_duration_seconds_bucket{verb="PUT",scope="namespace",le="0.1"} 0',
      'apiserver_request_sli_duration_seconds_bucket{verb="PUT",scope="namespace",le="+Inf"} 0',
      '# TYPE apiserver_request_duration_seconds histogram',
      'apiserver_request_duration_seconds_bucket{verb="GET",scope="resource",le="0.1"} 0',
      'apiserver_request_duration_seconds_bucket{verb="GET",scope="resource",le="+Inf"} 10',
    ].join('\n');
    const { signals } = signalsFromExposition(parseExposition(text).families, 'f', NOW);
    expect(signals.signals.read_p99_seconds?.samples).toEqual([
      { labels: { scope: 'resource' }, value: 0.099 },
    ]);
    expect(signals.signals.write_p99_seconds?.samples).toEqual([]);
  });

  it('turns a gauge with only NaN into an error, not a value', () => {
    const { signals } = signalsFromExposition(
      parseExposition('etcd_server_has_leader NaN').families,
      'f',
      NOW,
    );
    expect(signals.signals.etcd_has_leader).toMatchObject({ samples: [], error: 'no finite sample value' });
  });

  it('sees the scheduler and the controller manager by their own metrics', () => {
    const text = [
      'scheduler_pending_pods{queue="active"} 2',
      'scheduler_pending_pods{queue="unschedulable"} 7',
      'workqueue_depth{name="deployment"} 4',
      'workqueue_depth{name="APIServiceRegistrationController"} 0',
    ].join('\n');
    const { signals, needsRates } = signalsFromExposition(parseExposition(text).families, 'f', NOW);
    expect(signals.observable).toEqual({ etcd: true, scheduler: true, controllers: true });
    expect(signals.signals.target_up?.samples).toEqual([
      { labels: { job: 'scheduler' }, value: 1 },
      { labels: { job: 'controller-manager' }, value: 1 },
    ]);
    expect(signals.signals.scheduler_pending_pods?.samples).toEqual([
      { labels: { queue: 'active' }, value: 2 },
      { labels: { queue: 'unschedulable' }, value: 7 },
    ]);
    expect(needsRates).toEqual(['scheduler_attempts_per_second', 'workqueue_depth_growth_per_second']);
  });
});
