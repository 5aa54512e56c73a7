import type { ControlPlaneHealth, HealthStatus, ResourceFreshness, Verdict } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  type ControlPlaneJudgement,
  type ControlPlaneThresholds,
  DEFAULT_CONTROL_PLANE_THRESHOLDS,
  impliedStatus,
  judgeControlPlanePaths,
  resolveControlPlaneThresholds,
} from '../../src/index.ts';
import { allFresh, NOW } from '../factories.ts';
import { GIB, PROMETHEUS, probe, type SignalChanges, signal, signalSet } from './signal-factories.ts';

type PartName = 'read' | 'write' | 'admission' | 'watch' | 'etcd' | 'scheduler' | 'controllers';

function part(health: ControlPlaneHealth, name: PartName): Verdict {
  if (name === 'etcd' || name === 'scheduler' || name === 'controllers') return health[name];
  return health.paths[name];
}

function judge(
  changes: SignalChanges,
  watches: ResourceFreshness[] = allFresh(),
  thresholds: Partial<ControlPlaneThresholds> = {},
): ControlPlaneJudgement {
  return judgeControlPlanePaths({ cluster: 'c', signals: signalSet(changes), watches, now: NOW }, thresholds);
}

describe('control-plane rules, one at a time', () => {
  it.each<{
    name: string;
    changes: SignalChanges;
    watches?: ResourceFreshness[];
    part: PartName;
    status: HealthStatus;
    summary: string;
    /** Parts that must stay HEALTHY (the rule must not leak). */
    untouched?: PartName[];
  }>([
    {
      name: 'read p99 above the resource bound',
      changes: { specs: { read_p99_seconds: [[{ scope: 'resource' }, 1.5]] } },
      part: 'read',
      status: 'DEGRADED',
      summary: 'read p99 1.5 s at scope resource (> 1 s)',
    },
    {
      name: 'read p99 at cluster scope within 30 s',
      changes: { specs: { read_p99_seconds: [[{ scope: 'cluster' }, 20]] } },
      part: 'read',
      status: 'HEALTHY',
      summary: 'reads answering within their bounds',
    },
    {
      name: 'read p99 at namespace scope above 30 s',
      changes: { specs: { read_p99_seconds: [[{ scope: 'namespace' }, 40]] } },
      part: 'read',
      status: 'DEGRADED',
      summary: 'read p99 40 s at scope namespace (> 30 s)',
    },
    {
      name: 'empty scope uses the resource bound',
      changes: { specs: { read_p99_seconds: [[{ scope: '' }, 1.2]] } },
      part: 'read',
      status: 'DEGRADED',
      summary: 'read p99 1.2 s at scope resource (> 1 s)',
    },
    {
      name: 'read error ratio above the burn threshold',
      changes: { specs: { read_error_ratio: 0.05 } },
      part: 'read',
      status: 'DEGRADED',
      summary: 'read error ratio 5 % (slow or 5xx) > 3 %',
    },
    {
      name: 'most reads failing',
      changes: { specs: { read_error_ratio: 0.6 } },
      part: 'read',
      status: 'DOWN',
      summary: 'read error ratio 60 % (slow or 5xx) ≥ 50 %',
    },
    {
      name: 'terminated requests above 20 %',
      changes: { specs: { request_terminations_ratio: 0.25 } },
      part: 'read',
      status: 'DEGRADED',
      summary: '25 % of requests terminated (> 20 %)',
    },
    {
      name: 'APF rejections name every rejecting level, worst first',
      changes: {
        specs: {
          apf_rejected_per_second: [
            [{ priority_level: 'workload-low', reason: 'queue-full' }, 0.5],
            [{ priority_level: 'global-default', reason: 'time-out' }, 1.5],
            [{ priority_level: 'leader-election', reason: 'queue-full' }, 0],
          ],
        },
      },
      part: 'read',
      status: 'DEGRADED',
      summary:
        'APF rejecting priority level global-default (1.5/s, time-out); APF rejecting priority level workload-low (0.5/s, queue-full)',
    },
    {
      name: 'write p99 above 1 s',
      changes: { specs: { write_p99_seconds: 1.4 } },
      part: 'write',
      status: 'DEGRADED',
      summary: 'write p99 1.4 s (> 1 s)',
      untouched: ['read', 'etcd'],
    },
    {
      name: 'write error ratio: most writes failing',
      changes: { specs: { write_error_ratio: 0.9 } },
      part: 'write',
      status: 'DOWN',
      summary: 'write error ratio 90 % (slow or 5xx) ≥ 50 %',
    },
    {
      name: 'etcd fsync warning stays on etcd',
      changes: { specs: { etcd_wal_fsync_p99_seconds: 0.7 } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'etcd WAL fsync p99 700 ms (> 500 ms)',
      untouched: ['write', 'read'],
    },
    {
      name: 'etcd db near quota: writes at risk',
      changes: { specs: { etcd_db_size_bytes: 7.8 * GIB } },
      part: 'write',
      status: 'DEGRADED',
      summary: 'critical: etcd database at 97.5 % of its quota (≥ 95 %; writes stop when full)',
    },
    {
      name: 'etcd db full: writes DOWN',
      changes: { specs: { etcd_db_size_bytes: 8 * GIB } },
      part: 'write',
      status: 'DOWN',
      summary: 'etcd database full (8 GiB of 8 GiB quota): writes are refused',
    },
    {
      name: 'etcd db full: etcd itself DEGRADED critical',
      changes: { specs: { etcd_db_size_bytes: 8 * GIB } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'critical: etcd database full (8 GiB of 8 GiB quota): writes are refused',
    },
    {
      name: 'etcd fragmented',
      changes: { specs: { etcd_db_size_bytes: 4 * GIB, etcd_db_in_use_bytes: 1 * GIB } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'etcd database fragmented (25 % in use): needs defrag',
      untouched: ['write'],
    },
    {
      name: 'small fragmented etcd is fine',
      changes: { specs: { etcd_db_size_bytes: 200 * 1024 * 1024, etcd_db_in_use_bytes: 50 * 1024 * 1024 } },
      part: 'etcd',
      status: 'HEALTHY',
      summary: 'leader stable, disk and peers within bounds',
    },
    {
      name: 'etcd leader churn',
      changes: { specs: { etcd_leader_changes_15m: 5 } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'etcd leader changed 5 times in 15m (≥ 4)',
    },
    {
      name: 'etcd slow commit',
      changes: { specs: { etcd_backend_commit_p99_seconds: 0.4 } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'etcd backend commit p99 400 ms (> 250 ms)',
    },
    {
      name: 'etcd slow peers',
      changes: { specs: { etcd_peer_rtt_p99_seconds: [[{ instance: 'etcd-2' }, 0.3]] } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'etcd peer round-trip p99 300 ms on etcd-2 (> 150 ms)',
    },
    {
      name: 'single-member etcd without peer metrics',
      changes: { specs: { etcd_peer_rtt_p99_seconds: null } },
      part: 'etcd',
      status: 'HEALTHY',
      summary: 'leader stable, disk and peers within bounds',
    },
    {
      name: 'etcd failing proposals',
      changes: { specs: { etcd_proposals_failed_per_second: 6 } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'etcd failing 6/s proposals (> 5/s)',
    },
    {
      name: 'one etcd member down, quorum kept',
      changes: { specs: { etcd_members_up: 2 } },
      part: 'etcd',
      status: 'DEGRADED',
      summary: '1 of 3 etcd members down',
      untouched: ['write'],
    },
    {
      name: 'members counted from target_up when not given',
      changes: {
        specs: {
          etcd_members_up: null,
          etcd_members_total: null,
          target_up: [
            [{ job: 'apiserver' }, 1],
            [{ job: 'etcd', instance: 'etcd-0' }, 1],
            [{ job: 'etcd', instance: 'etcd-1' }, 0],
            [{ job: 'etcd', instance: 'etcd-2' }, 0],
            [{ job: 'scheduler' }, 1],
            [{ job: 'controller-manager' }, 1],
          ],
        },
      },
      part: 'write',
      status: 'DOWN',
      summary: 'etcd quorum lost (1/3 members up)',
    },
    {
      name: 'one member without a leader',
      changes: {
        specs: {
          etcd_has_leader: [
            [{ instance: 'etcd-0' }, 1],
            [{ instance: 'etcd-2' }, 0],
          ],
        },
      },
      part: 'etcd',
      status: 'DEGRADED',
      summary: 'critical: etcd member on etcd-2 has no leader',
      untouched: ['write'],
    },
    {
      name: 'webhook failing open: policy bypassed',
      changes: { specs: { admission_webhook_fail_open_per_second: [[{ name: 'audit.example.com' }, 0.7]] } },
      part: 'admission',
      status: 'DEGRADED',
      summary: 'webhook audit.example.com failing open (0.7/s): policy bypassed',
    },
    {
      name: 'webhook slow but answering',
      changes: {
        specs: { admission_webhook_p99_seconds: [[{ name: 'slow.example.com', type: 'admit' }, 2.5]] },
      },
      part: 'admission',
      status: 'DEGRADED',
      summary: 'webhook slow.example.com slow (p99 2.5 s > 1 s)',
    },
    {
      name: 'webhook at its timeout with no rejection data is DOWN',
      changes: {
        specs: {
          admission_webhook_p99_seconds: [[{ name: 'slow.example.com', type: 'admit' }, 10]],
          admission_webhook_rejections_per_second: null,
        },
      },
      part: 'admission',
      status: 'DOWN',
      summary: 'webhook slow.example.com timing out (p99 10 s)',
    },
    {
      name: 'webhook at its timeout that fails open is DEGRADED',
      changes: {
        specs: {
          admission_webhook_p99_seconds: [[{ name: 'slow.example.com', type: 'admit' }, 10]],
          admission_webhook_fail_open_per_second: [[{ name: 'slow.example.com' }, 1]],
        },
      },
      part: 'admission',
      status: 'DEGRADED',
      summary:
        'webhook slow.example.com slow (p99 10 s > 1 s); webhook slow.example.com failing open (1/s): policy bypassed',
    },
    {
      name: 'webhook errors not timing out',
      changes: {
        specs: {
          admission_webhook_rejections_per_second: [
            [{ name: 'gone.example.com', error_type: 'calling_webhook_error' }, 0.3],
          ],
        },
      },
      part: 'admission',
      status: 'DOWN',
      summary: 'webhook gone.example.com failing (calling_webhook_error 0.3/s)',
    },
    {
      name: 'policy denials are not a fault',
      changes: {
        specs: {
          admission_webhook_rejections_per_second: [
            [{ name: 'policy.example.com', error_type: 'no_error' }, 5],
          ],
        },
      },
      part: 'admission',
      status: 'HEALTHY',
      summary: 'webhooks answering in time, none failing or failing open',
    },
    {
      name: 'no webhooks configured',
      changes: {
        specs: {
          admission_webhooks_configured: 0,
          admission_webhook_p99_seconds: [],
          admission_webhook_rejections_per_second: [],
        },
      },
      part: 'admission',
      status: 'NOT_APPLICABLE',
      summary: 'no admission webhooks configured',
    },
    {
      name: 'webhook dry-run unsupported leaves the probe inconclusive',
      changes: {
        specs: {
          admission_webhook_p99_seconds: null,
          admission_webhook_rejections_per_second: null,
          admission_webhook_fail_open_per_second: null,
        },
        signals: [
          probe(
            'probe_admission_dry_run_seconds',
            null,
            'admission webhook "side.example.com" does not support dry run',
          ),
        ],
      },
      part: 'admission',
      status: 'UNKNOWN',
      summary: 'no usable input: admission_webhook_p99_seconds not collected',
    },
    {
      name: 'slow write probe',
      changes: { signals: [probe('probe_write_seconds', 2)] },
      part: 'write',
      status: 'DEGRADED',
      summary: 'write probe took 2 s (> 1 s)',
    },
    {
      name: 'failing readyz degrades reads (the watch cache may still serve)',
      changes: {
        signals: [probe('probe_readyz_seconds', null, 'HTTP 500: [-]etcd failed: reason withheld')],
      },
      part: 'read',
      status: 'DEGRADED',
      summary: 'critical: readyz probe failed: HTTP 500: [-]etcd failed: reason withheld',
    },
    {
      name: 'failing LIST probe takes reads down',
      changes: { signals: [probe('probe_list_seconds', null, 'HTTP 503: service unavailable')] },
      part: 'read',
      status: 'DOWN',
      summary: 'list probe failed: HTTP 503: service unavailable',
    },
    {
      name: 'a probe timed while Fleetscope itself was overloaded is no verdict on the server',
      changes: {
        signals: [
          probe(
            'probe_list_seconds',
            null,
            'inconclusive: Fleetscope itself is overloaded (its event loop ran 900 ms late during a 1200 ms probe)',
          ),
        ],
      },
      part: 'read',
      status: 'HEALTHY',
      summary:
        'reads answering within their bounds (unknown: list probe inconclusive: Fleetscope itself is overloaded',
    },
    {
      name: 'forbidden list probe is inconclusive, metrics still judge',
      changes: {
        signals: [probe('probe_list_seconds', null, 'pods is forbidden: User "fleetscope" cannot list')],
      },
      part: 'read',
      status: 'HEALTHY',
      summary: 'reads answering within their bounds (unknown: list probe inconclusive: pods is forbidden',
    },
    {
      name: 'our informers lagging degrade the watch path',
      changes: {},
      watches: allFresh({ endpointslices: { confirmedAt: NOW - 400_000, lastSyncAt: NOW - 900_000 } }),
      part: 'watch',
      status: 'DEGRADED',
      summary: 'our informers lag: endpointslices (unconfirmed since 19:53:20 UTC)',
    },
    {
      name: 'forbidden informers do not count as lag',
      changes: {},
      watches: allFresh({ events: { state: 'FORBIDDEN', confirmedAt: null, lastSyncAt: null } }),
      part: 'watch',
      status: 'HEALTHY',
      summary: 'watchers kept, watch cache serving in time',
    },
    {
      name: 'scheduler target down',
      changes: {
        specs: {
          target_up: [
            [{ job: 'apiserver' }, 1],
            [{ job: 'scheduler' }, 0],
            [{ job: 'controller-manager' }, 1],
          ],
        },
      },
      part: 'scheduler',
      status: 'DOWN',
      summary: 'scheduler target down or absent',
    },
    {
      name: 'scheduler stuck: active queue with no attempts',
      changes: {
        specs: { scheduler_pending_pods: [[{ queue: 'active' }, 12]], scheduler_attempts_per_second: [] },
      },
      part: 'scheduler',
      status: 'DOWN',
      summary: '12 pods in the active queue, no scheduling attempts',
    },
    {
      name: 'scheduler errors rising',
      changes: {
        specs: {
          scheduler_attempts_per_second: [
            [{ result: 'scheduled' }, 2],
            [{ result: 'error' }, 0.2],
          ],
        },
      },
      part: 'scheduler',
      status: 'DEGRADED',
      summary: 'scheduling errors 0.2/s',
    },
    {
      name: 'slow scheduling attempts',
      changes: { specs: { scheduler_attempt_p99_seconds: 3 } },
      part: 'scheduler',
      status: 'DEGRADED',
      summary: 'scheduling attempt p99 3 s (> 1 s)',
    },
    {
      name: 'unschedulable pods are not scheduler ill-health',
      changes: {
        specs: {
          scheduler_pending_pods: [
            [{ queue: 'active' }, 0],
            [{ queue: 'unschedulable' }, 250],
          ],
          scheduler_attempts_per_second: [[{ result: 'unschedulable' }, 4]],
        },
      },
      part: 'scheduler',
      status: 'HEALTHY',
      summary: 'scheduling attempts flowing without errors',
    },
    {
      name: 'controller manager down',
      changes: {
        specs: {
          target_up: [
            [{ job: 'apiserver' }, 1],
            [{ job: 'scheduler' }, 1],
            [{ job: 'controller-manager' }, 0],
          ],
        },
      },
      part: 'controllers',
      status: 'DOWN',
      summary: 'controller-manager target down or absent',
    },
    {
      // Not among the targets (e.g. not among the files given) proves nothing: neither down nor absent.
      name: 'controller manager not among the targets',
      changes: {
        specs: {
          target_up: [
            [{ job: 'apiserver' }, 1],
            [{ job: 'scheduler' }, 1],
          ],
        },
      },
      part: 'controllers',
      status: 'UNKNOWN',
      summary: `no usable input: no controller-manager metrics from ${PROMETHEUS}`,
    },
    {
      name: 'deployment queue not converging',
      changes: {
        specs: {
          workqueue_depth: [[{ name: 'deployment' }, 40]],
          workqueue_depth_growth_per_second: [[{ name: 'deployment' }, 0.2]],
        },
      },
      part: 'controllers',
      status: 'DEGRADED',
      summary: 'deployment not converging (depth 40 growing 0.2/s)',
    },
    {
      name: 'small wobbling queue is fine',
      changes: {
        specs: {
          workqueue_depth: [[{ name: 'replicaset' }, 3]],
          workqueue_depth_growth_per_second: [[{ name: 'replicaset' }, 0.05]],
        },
      },
      part: 'controllers',
      status: 'HEALTHY',
      summary: 'controller queues converging',
    },
    {
      name: 'queue time high',
      changes: { specs: { workqueue_queue_p99_seconds: [[{ name: 'node_lifecycle_controller' }, 90]] } },
      part: 'controllers',
      status: 'DEGRADED',
      summary: 'node_lifecycle_controller not converging (queue p99 90 s)',
    },
    {
      name: 'stale signals are unknown',
      changes: {
        signals: [
          signal('read_p99_seconds', 9, { observedAt: NOW - 600_000 }),
          signal('read_error_ratio', 0.9, { observedAt: null }),
        ],
        specs: { apf_rejected_per_second: null, request_terminations_ratio: null },
      },
      part: 'read',
      status: 'UNKNOWN',
      summary:
        'no usable input: read_p99_seconds stale (observed at 19:50:00 UTC); read_error_ratio never observed; apf_rejected_per_second not collected; request_terminations_ratio not collected',
    },
    {
      name: 'a counter with no series is unknown when its target is not known up',
      changes: {
        specs: {
          target_up: null,
          read_p99_seconds: null,
          read_error_ratio: null,
          request_terminations_ratio: null,
        },
      },
      part: 'read',
      status: 'UNKNOWN',
      summary:
        'no usable input: read_p99_seconds not collected; read_error_ratio not collected; apf_rejected_per_second: no series and apiserver target not known to be up; request_terminations_ratio not collected',
    },
    {
      name: 'a gauge with no series is unknown, not zero',
      changes: { specs: { read_p99_seconds: [], read_error_ratio: null } },
      part: 'read',
      status: 'UNKNOWN',
      summary:
        'no usable input: read_p99_seconds: no series (no traffic or not exposed); read_error_ratio not collected',
    },
  ])('$part: $name → $status', ({ changes, watches, part: name, status, summary, untouched }) => {
    const health = judge(changes, watches);
    const verdict = part(health, name);
    expect(verdict.status).toBe(status);
    expect(verdict.summary.slice(0, summary.length)).toBe(summary);
    for (const other of untouched ?? []) expect(part(health, other).status).toBe('HEALTHY');
    // The verdict is composed from the part's findings: they imply its status and name its reasons.
    const own = health.findings.filter((f) => f.attributes.part === name);
    const implied = status === 'NOT_APPLICABLE' ? null : status === 'HEALTHY' ? null : status;
    expect(impliedStatus(own)).toBe(implied);
    for (const f of own.filter((x) => x.status === 'DOWN' || x.status === 'DEGRADED')) {
      expect(verdict.summary).toContain(f.title);
      expect(f.id).toBe(`c/${f.rule}${f.id.slice(`c/${f.rule}`.length)}`);
    }
  });
});

describe('impact', () => {
  it('a stuck endpointslice controller reaches the user path', () => {
    const health = judge({
      specs: {
        workqueue_depth: [[{ name: 'endpointslice' }, 500]],
        workqueue_depth_growth_per_second: [[{ name: 'endpointslice' }, 1.5]],
      },
    });
    expect(health.impact).toEqual({
      operationsPath: true,
      userPath: true,
      statement:
        'Controllers degraded: endpointslice not converging (depth 500 growing 1.5/s). Rollouts and scaling lag, and Services may route to gone pods or miss new ones; other existing pods keep serving.',
    });
  });

  it('fail-open admission says the policy is bypassed, not that deploys fail', () => {
    const health = judge({
      specs: { admission_webhook_fail_open_per_second: [[{ name: 'audit.example.com' }, 0.7]] },
    });
    expect(health.impact.statement).toBe(
      'Admission degraded: webhook audit.example.com failing open (0.7/s): policy bypassed. Changes are admitted without that policy; existing pods keep serving.',
    );
  });

  it('scheduler DOWN: new pods stay Pending', () => {
    const health = judge({
      specs: { scheduler_pending_pods: [[{ queue: 'active' }, 12]], scheduler_attempts_per_second: [] },
    });
    expect(health.status).toBe('DOWN');
    expect(health.impact.statement).toContain('New pods stay Pending; existing pods keep serving.');
    expect(health.impact.userPath).toBe(false);
  });

  it('the worst part leads and the others are named', () => {
    const health = judge({
      specs: {
        etcd_wal_fsync_p99_seconds: 0.7,
        apf_rejected_per_second: [[{ priority_level: 'workload-low', reason: 'queue-full' }, 1]],
        admission_webhook_rejections_per_second: [
          [{ name: 'policy.example.com', error_type: 'calling_webhook_error' }, 1],
        ],
      },
    });
    expect(health.status).toBe('DOWN');
    expect(health.impact.statement).toMatch(/^Admission DOWN: /);
    expect(health.impact.statement).toContain('Also: read DEGRADED, etcd DEGRADED.');
    expect(health.summary).toBe(
      'admission DOWN, read DEGRADED, etcd DEGRADED: webhook policy.example.com failing (calling_webhook_error 1/s)',
    );
  });
});

describe('thresholds', () => {
  it('overrides apply, the rest keep their defaults', () => {
    const t = resolveControlPlaneThresholds({
      etcdFsyncCriticalSeconds: 2,
      readP99NamespaceSeconds: undefined,
    });
    expect(t.etcdFsyncCriticalSeconds).toBe(2);
    expect(t.readP99NamespaceSeconds).toBe(30);
    expect(t.controllerQueues).toEqual(DEFAULT_CONTROL_PLANE_THRESHOLDS.controllerQueues);
  });

  it('a stricter write bound changes the verdict', () => {
    expect(judge({}, allFresh(), { writeP99Seconds: 0.1 }).paths.write.status).toBe('DEGRADED');
    expect(judge({}).paths.write.status).toBe('HEALTHY');
  });

  it('a raised fsync critical bound keeps writes out of it', () => {
    const health = judge({ specs: { etcd_wal_fsync_p99_seconds: 1.3 } }, allFresh(), {
      etcdFsyncCriticalSeconds: 2,
    });
    expect(health.paths.write.status).toBe('HEALTHY');
    expect(health.etcd.status).toBe('DEGRADED');
    expect(health.etcd.summary).not.toContain('critical');
  });
});
