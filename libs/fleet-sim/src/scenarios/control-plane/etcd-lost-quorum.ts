import { deriveSpec, WRITE_VERBS } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

/** etcd's request timeout (5 s + 2 × election timeout): how long a write hangs before "request timed out". */
const ETCD_REQUEST_TIMEOUT_S = 7;

/**
 * `etcd-lost-quorum`: two of three etcd members are down (their scrapes fail), the survivor has no
 * leader (`etcd_server_has_leader` 0), proposals fail. Every persisted write fails after ~7 s with
 * `etcdserver: request timed out`; `/readyz` answers 500 `[-]etcd failed: reason withheld`. Informers'
 * lists and watches are served from the watch cache, but quorum reads (GET without resourceVersion)
 * time out: ~15 % of GETs fail, read error ratio ≈ 0.3. The scheduler cannot bind (errors), controller
 * queues grow. Running pods keep serving.
 *
 * Expected verdicts: write DOWN, etcd DOWN (names quorum / leader), read DEGRADED, scheduler DEGRADED,
 * controllers DEGRADED, admission and watch HEALTHY; overall DOWN; operations path impaired, user path fine.
 */
export const etcdLostQuorumControlPlane: ControlPlaneScenario = {
  name: 'etcd-lost-quorum',
  description:
    'Only 1 of 3 etcd members up, no leader: writes fail, readyz fails, cached reads still served.',
  spec: deriveSpec('etcd-lost-quorum', (spec) => {
    const timeout = { share: 1, seconds: ETCD_REQUEST_TIMEOUT_S };
    spec.etcd.up = 1;
    spec.etcd.hasLeader = false;
    spec.etcd.leaderChangesPerHour = 8;
    spec.etcd.proposalsFailedPerSecond = 8;
    spec.etcd.fsyncsPerSecond = 0.5;
    spec.etcd.dbGrowthBytesPerSecond = 0;
    for (const c of spec.requests) {
      if (c.dryRun) continue;
      if (WRITE_VERBS.includes(c.verb)) {
        c.errorShare = 1;
        c.latency = { p50: 0.01, p99: 0.01, tail: timeout };
      } else if (c.verb === 'GET') {
        c.errorShare = 0.15;
        c.latency = { ...c.latency, tail: { share: 0.15, seconds: ETCD_REQUEST_TIMEOUT_S } };
      }
    }
    spec.scheduler.attemptsPerSecond = { scheduled: 0, unschedulable: 0.0033, error: 0.3 };
    spec.scheduler.pending.active = 3;
    spec.scheduler.activeGrowthPerSecond = 0.05;
    for (const q of spec.workqueues) {
      if (q.name === 'node_lifecycle_controller') continue;
      q.depthGrowthPerSecond = 0.5;
      q.queueDuration = { p50: 30, p99: 280 };
    }
    spec.serving.readyzMs = 5;
    spec.serving.writeError = 'etcdserver: request timed out';
    spec.serving.writeFailAfterMs = ETCD_REQUEST_TIMEOUT_S * 1000;
  }),
  expected: expectVerdicts({
    read: { status: 'DEGRADED', operationsPath: true, userPath: false },
    write: { status: 'DOWN', operationsPath: true, userPath: false },
    etcd: { status: 'DOWN', operationsPath: true, userPath: false, mentions: ['leader'] },
    scheduler: { status: 'DEGRADED', operationsPath: true, userPath: false },
    controllers: { status: 'DEGRADED', operationsPath: true, userPath: false },
  }),
};
