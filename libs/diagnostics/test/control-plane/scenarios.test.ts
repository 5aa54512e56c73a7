import type { HealthStatus, ResourceFreshness, SignalSet } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { judgeControlPlanePaths, NO_METRICS_SOURCE, NOT_OBSERVABLE_HERE } from '../../src/index.ts';
import { allFresh, NOW } from '../factories.ts';
import { GIB, probe, signalSet, unreachable } from './signal-factories.ts';

type Statuses = {
  read: HealthStatus;
  write: HealthStatus;
  admission: HealthStatus;
  watch: HealthStatus;
  etcd: HealthStatus;
  scheduler: HealthStatus;
  controllers: HealthStatus;
};

const ALL_HEALTHY: Statuses = {
  read: 'HEALTHY',
  write: 'HEALTHY',
  admission: 'HEALTHY',
  watch: 'HEALTHY',
  etcd: 'HEALTHY',
  scheduler: 'HEALTHY',
  controllers: 'HEALTHY',
};

const ALL_UNKNOWN: Statuses = {
  read: 'UNKNOWN',
  write: 'UNKNOWN',
  admission: 'UNKNOWN',
  watch: 'UNKNOWN',
  etcd: 'UNKNOWN',
  scheduler: 'UNKNOWN',
  controllers: 'UNKNOWN',
};

const PROM_DOWN = 'Prometheus unreachable: dial tcp 10.0.0.9:9090: connect: connection refused';

interface Scenario {
  name: string;
  signals: SignalSet | null;
  watches?: ResourceFreshness[];
  statuses: Statuses;
  overall: HealthStatus;
  operationsPath: boolean;
  userPath: boolean;
  statement: string;
  /** Substrings expected in part summaries. */
  summaries?: Partial<Record<keyof Statuses, string>>;
}

const scenarios: Scenario[] = [
  {
    name: 'healthy',
    signals: signalSet(),
    statuses: ALL_HEALTHY,
    overall: 'HEALTHY',
    operationsPath: false,
    userPath: false,
    statement: 'No impact seen: control-plane paths within bounds.',
  },
  {
    name: 'etcd slow disk (WAL fsync p99 1.3 s)',
    signals: signalSet({ specs: { etcd_wal_fsync_p99_seconds: [[{ instance: 'etcd-1' }, 1.3]] } }),
    statuses: { ...ALL_HEALTHY, write: 'DEGRADED', etcd: 'DEGRADED' },
    overall: 'DEGRADED',
    operationsPath: true,
    userPath: false,
    statement:
      'Writes degraded: etcd WAL fsync p99 1.3 s (> 1 s). Deploys, scaling, status updates and leader-election renewals may fail; existing pods keep serving. Also: etcd DEGRADED.',
    summaries: { etcd: 'critical: etcd WAL fsync p99 1.3 s (> 1 s) on etcd-1' },
  },
  {
    name: 'etcd lost quorum',
    signals: signalSet({
      specs: {
        etcd_has_leader: [
          [{ instance: 'etcd-0' }, 0],
          [{ instance: 'etcd-1' }, 0],
        ],
        etcd_members_up: 1,
        etcd_members_total: 3,
      },
    }),
    statuses: { ...ALL_HEALTHY, write: 'DOWN', etcd: 'DOWN' },
    overall: 'DOWN',
    operationsPath: true,
    userPath: false,
    statement:
      'Writes DOWN: etcd has no leader; etcd quorum lost (1/3 members up). Deploys, scaling, status updates and leader-election renewals fail; existing pods keep serving. Also: etcd DOWN.',
    summaries: { etcd: 'etcd quorum lost (1/3 members up)' },
  },
  {
    name: 'admission webhook timing out',
    signals: signalSet({
      specs: {
        admission_webhook_p99_seconds: [
          [{ name: 'policy.example.com', type: 'validating' }, 9.8],
          [{ name: 'mutate.example.com', type: 'admit' }, 0.02],
        ],
        admission_webhook_rejections_per_second: [
          [{ name: 'policy.example.com', error_type: 'calling_webhook_error' }, 2.1],
          [{ name: 'policy.example.com', error_type: 'no_error' }, 0.1],
        ],
      },
    }),
    statuses: { ...ALL_HEALTHY, admission: 'DOWN' },
    overall: 'DOWN',
    operationsPath: true,
    userPath: false,
    statement:
      'Admission DOWN: webhook policy.example.com timing out (calling_webhook_error 2.1/s). Deploys and scaling fail; existing pods keep serving.',
    summaries: { admission: 'policy.example.com' },
  },
  {
    name: 'APF rejecting a priority level',
    signals: signalSet({
      specs: {
        apf_rejected_per_second: [[{ priority_level: 'workload-low', reason: 'queue-full' }, 3.2]],
        apf_inqueue_requests: [[{ priority_level: 'workload-low' }, 48]],
      },
    }),
    statuses: { ...ALL_HEALTHY, read: 'DEGRADED' },
    overall: 'DEGRADED',
    operationsPath: true,
    userPath: false,
    statement:
      'Read path degraded: APF rejecting priority level workload-low (3.2/s, queue-full). kubectl, controllers and operators may be throttled or time out; existing pods keep serving.',
    summaries: { read: 'workload-low' },
  },
  {
    name: 'watch-cache pressure',
    signals: signalSet({
      specs: {
        watch_terminated_watchers_per_second: [[{ group: '', resource: 'pods' }, 0.4]],
        watch_cache_read_wait_p99_seconds: 2.5,
      },
    }),
    statuses: { ...ALL_HEALTHY, watch: 'DEGRADED' },
    overall: 'DEGRADED',
    operationsPath: true,
    userPath: false,
    statement:
      'Watch path degraded: unresponsive watchers terminated (0.4/s: pods); watch-cache read wait p99 2.5 s (> 1 s). Controllers may lag and endpoints may go stale; existing pods keep serving.',
  },
  {
    name: 'managed cluster without etcd/scheduler/controller metrics',
    signals: signalSet({
      specs: {
        target_up: [[{ job: 'apiserver' }, 1]],
        etcd_has_leader: null,
        etcd_members_up: null,
        etcd_members_total: null,
        etcd_leader_changes_15m: null,
        etcd_wal_fsync_p99_seconds: null,
        etcd_backend_commit_p99_seconds: null,
        etcd_peer_rtt_p99_seconds: null,
        etcd_proposals_failed_per_second: null,
        etcd_db_size_bytes: null,
        etcd_db_in_use_bytes: null,
        etcd_quota_bytes: null,
        scheduler_pending_pods: null,
        scheduler_attempts_per_second: null,
        scheduler_attempt_p99_seconds: null,
        workqueue_depth: null,
        workqueue_queue_p99_seconds: null,
        workqueue_depth_growth_per_second: null,
      },
      observable: { etcd: false, scheduler: false, controllers: false },
    }),
    statuses: {
      ...ALL_HEALTHY,
      etcd: 'NOT_APPLICABLE',
      scheduler: 'NOT_APPLICABLE',
      controllers: 'NOT_APPLICABLE',
    },
    overall: 'HEALTHY',
    operationsPath: false,
    userPath: false,
    statement:
      'No impact seen: control-plane paths within bounds. etcd, scheduler, controllers: not observable here.',
    summaries: {
      etcd: NOT_OBSERVABLE_HERE,
      scheduler: NOT_OBSERVABLE_HERE,
      controllers: NOT_OBSERVABLE_HERE,
    },
  },
  {
    name: 'Prometheus unreachable, no probes',
    signals: unreachable(PROM_DOWN),
    statuses: ALL_UNKNOWN,
    overall: 'UNKNOWN',
    operationsPath: false,
    userPath: false,
    statement: `Impact unknown: ${PROM_DOWN}.`,
    summaries: {
      read: PROM_DOWN,
      write: PROM_DOWN,
      admission: PROM_DOWN,
      watch: PROM_DOWN,
      etcd: PROM_DOWN,
      scheduler: PROM_DOWN,
      controllers: PROM_DOWN,
    },
  },
  {
    name: 'Prometheus unreachable, probes judge the probed paths',
    signals: unreachable(PROM_DOWN, [
      probe('probe_readyz_seconds', 0.02),
      probe('probe_list_seconds', 0.3),
      probe('probe_write_seconds', 0.25),
      probe('probe_watch_delivery_seconds', 0.6),
      probe(
        'probe_admission_dry_run_seconds',
        null,
        'Internal error occurred: failed calling webhook "policy.example.com": context deadline exceeded',
      ),
    ]),
    statuses: { ...ALL_UNKNOWN, read: 'HEALTHY', write: 'HEALTHY', watch: 'HEALTHY', admission: 'DOWN' },
    overall: 'DOWN',
    operationsPath: true,
    userPath: false,
    statement:
      'Admission DOWN: admission dry-run probe failed: Internal error occurred: failed calling webhook "policy.example.com": context deadline exceeded. Deploys and scaling fail; existing pods keep serving. Unknown: etcd, scheduler, controllers.',
    summaries: { read: PROM_DOWN, etcd: PROM_DOWN },
  },
  {
    name: 'no metrics source at all',
    signals: null,
    statuses: ALL_UNKNOWN,
    overall: 'UNKNOWN',
    operationsPath: false,
    userPath: false,
    statement: `Impact unknown: ${NO_METRICS_SOURCE}.`,
    summaries: { read: NO_METRICS_SOURCE, scheduler: NO_METRICS_SOURCE },
  },
];

describe('judgeControlPlanePaths: reference scenarios', () => {
  it.each(scenarios)('$name → $overall', (s) => {
    const health = judgeControlPlanePaths({
      cluster: 'prod-eu-west',
      signals: s.signals,
      watches: s.watches ?? allFresh(),
      now: NOW,
    });
    expect({
      read: health.paths.read.status,
      write: health.paths.write.status,
      admission: health.paths.admission.status,
      watch: health.paths.watch.status,
      etcd: health.etcd.status,
      scheduler: health.scheduler.status,
      controllers: health.controllers.status,
    }).toEqual(s.statuses);
    expect(health.status).toBe(s.overall);
    expect(health.impact.operationsPath).toBe(s.operationsPath);
    expect(health.impact.userPath).toBe(s.userPath);
    expect(health.impact.statement).toBe(s.statement);
    const parts = {
      ...health.paths,
      etcd: health.etcd,
      scheduler: health.scheduler,
      controllers: health.controllers,
    };
    for (const [part, text] of Object.entries(s.summaries ?? {})) {
      expect(parts[part as keyof typeof parts].summary).toContain(text);
    }
  });

  it('never calls a part HEALTHY without evidence', () => {
    for (const s of scenarios) {
      const health = judgeControlPlanePaths({
        cluster: 'c',
        signals: s.signals,
        watches: allFresh(),
        now: NOW,
      });
      const parts = [...Object.values(health.paths), health.etcd, health.scheduler, health.controllers];
      for (const part of parts.filter((p) => p.status === 'HEALTHY'))
        expect(part.evidence.length).toBeGreaterThan(0);
    }
  });

  it('carries signal, value with unit, threshold, window, source and time on evidence', () => {
    const health = judgeControlPlanePaths({
      cluster: 'c',
      signals: signalSet({ specs: { etcd_wal_fsync_p99_seconds: [[{ instance: 'etcd-1' }, 1.3]] } }),
      watches: [],
      now: NOW,
    });
    expect(health.etcd.evidence).toContainEqual({
      signal: 'etcd_wal_fsync_p99_seconds{instance="etcd-1"}',
      value: '1.3 s',
      threshold: '≤ 500 ms (critical > 1 s)',
      window: '5m',
      source: 'prometheus http://prometheus.monitoring:9090',
      observedAt: '2026-11-27T19:59:50.000Z',
    });
    // The write path carries the same fact as its evidence.
    expect(health.paths.write.evidence.map((e) => e.signal)).toContain(
      'etcd_wal_fsync_p99_seconds{instance="etcd-1"}',
    );
    expect(health.evidence.length).toBeGreaterThan(0);
  });

  it('reports the db size as seen by the API server when etcd is not observable', () => {
    const health = judgeControlPlanePaths({
      cluster: 'c',
      signals: signalSet({ observable: { etcd: false } }),
      watches: [],
      now: NOW,
    });
    expect(health.etcd.status).toBe('NOT_APPLICABLE');
    expect(health.etcd.evidence.map((e) => [e.signal, e.value])).toEqual([
      ['apiserver_storage_size_bytes', '2 GiB'],
    ]);
    expect(health.paths.write.status).toBe('HEALTHY');
  });

  it('sizes a 1 GiB quota as 95 % of quota without leaking units', () => {
    const health = judgeControlPlanePaths({
      cluster: 'c',
      signals: signalSet({ specs: { etcd_db_size_bytes: 0.96 * GIB, etcd_quota_bytes: GIB } }),
      watches: [],
      now: NOW,
    });
    expect(health.paths.write.summary).toBe(
      'critical: etcd database at 96 % of its quota (≥ 95 %; writes stop when full)',
    );
  });
});
