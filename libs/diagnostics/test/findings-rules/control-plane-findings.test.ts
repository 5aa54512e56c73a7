import type { Finding, ResourceFreshness } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { judgeClusterControlPlane, judgeControlPlanePaths } from '../../src/index.ts';
import { GIB, probe, type SignalChanges, signalSet } from '../control-plane/signal-factories.ts';
import { allFresh, freshness, NOW, retrying } from '../factories.ts';

/** What a table row checks of a finding: everything but prose and evidence. */
function shape(f: Finding): [string, string, Finding['status'], Finding['severity'], string] {
  return [f.id, f.scope, f.status, f.severity, f.plane];
}

function impairing(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.status === 'DOWN' || f.status === 'DEGRADED');
}

describe('control-plane rules emit findings', () => {
  it.each<{ name: string; changes: SignalChanges; findings: ReturnType<typeof shape>[] }>([
    { name: 'healthy: nothing impairs', changes: {}, findings: [] },
    {
      name: 'write p99: one finding on the write path',
      changes: { specs: { write_p99_seconds: 1.4 } },
      findings: [
        [
          'lab/controlplane.write.latency/ControlPlanePath/write',
          'CLUSTER',
          'DEGRADED',
          'WARNING',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'read p99 per request scope: one finding each, told apart by a qualifier',
      changes: {
        specs: {
          read_p99_seconds: [
            [{ scope: 'resource' }, 1.5],
            [{ scope: 'namespace' }, 40],
          ],
        },
      },
      findings: [
        [
          'lab/controlplane.read.latency/ControlPlanePath/read#namespace',
          'CLUSTER',
          'DEGRADED',
          'WARNING',
          'CONTROL',
        ],
        [
          'lab/controlplane.read.latency/ControlPlanePath/read#resource',
          'CLUSTER',
          'DEGRADED',
          'WARNING',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'etcd lost its leader: etcd and writes both DOWN, each its own finding',
      changes: {
        specs: {
          etcd_has_leader: [
            [{ instance: 'etcd-0' }, 0],
            [{ instance: 'etcd-1' }, 0],
            [{ instance: 'etcd-2' }, 0],
          ],
        },
      },
      findings: [
        ['lab/controlplane.etcd.no-leader/Etcd/etcd', 'CLUSTER', 'DOWN', 'CRITICAL', 'CONTROL'],
        [
          'lab/controlplane.write.etcd-no-leader/ControlPlanePath/write',
          'CLUSTER',
          'DOWN',
          'CRITICAL',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'etcd database near quota: critical though only DEGRADED',
      changes: { specs: { etcd_db_size_bytes: 7.8 * GIB, etcd_db_in_use_bytes: 7.5 * GIB } },
      findings: [
        ['lab/controlplane.etcd.db-near-quota/Etcd/etcd', 'CLUSTER', 'DEGRADED', 'CRITICAL', 'CONTROL'],
        [
          'lab/controlplane.write.etcd-db-near-quota/ControlPlanePath/write',
          'CLUSTER',
          'DEGRADED',
          'CRITICAL',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'a webhook timing out: the webhook is the subject',
      changes: { specs: { admission_webhook_p99_seconds: [[{ name: 'policy.kyverno.svc' }, 10]] } },
      findings: [
        [
          'lab/controlplane.admission.webhook-timeout/AdmissionWebhook/policy.kyverno.svc',
          'CLUSTER',
          'DOWN',
          'CRITICAL',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'APF rejecting two levels: one finding per level',
      changes: {
        specs: {
          apf_rejected_per_second: [
            [{ priority_level: 'workload-low', reason: 'queue-full' }, 0.5],
            [{ priority_level: 'global-default', reason: 'time-out' }, 1.5],
          ],
        },
      },
      findings: [
        [
          'lab/controlplane.read.apf-rejecting/PriorityLevelConfiguration/global-default#time-out',
          'CLUSTER',
          'DEGRADED',
          'WARNING',
          'CONTROL',
        ],
        [
          'lab/controlplane.read.apf-rejecting/PriorityLevelConfiguration/workload-low#queue-full',
          'CLUSTER',
          'DEGRADED',
          'WARNING',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'a stuck controller queue is the subject',
      changes: {
        specs: {
          workqueue_depth: [[{ name: 'endpointslice' }, 500]],
          workqueue_depth_growth_per_second: [[{ name: 'endpointslice' }, 1.5]],
        },
      },
      findings: [
        [
          'lab/controlplane.controllers.queue-not-converging/ControllerQueue/endpointslice',
          'CLUSTER',
          'DEGRADED',
          'WARNING',
          'CONTROL',
        ],
      ],
    },
    {
      name: 'a failed LIST probe is DOWN on reads',
      changes: { signals: [probe('probe_list_seconds', null, 'HTTP 503: service unavailable')] },
      findings: [
        [
          'lab/controlplane.read.probe-list-failed/ControlPlanePath/read',
          'CLUSTER',
          'DOWN',
          'CRITICAL',
          'CONTROL',
        ],
      ],
    },
  ])('$name', ({ changes, findings }) => {
    const judged = judgeControlPlanePaths({
      cluster: 'lab',
      signals: signalSet(changes),
      watches: allFresh(),
      now: NOW,
    });
    expect(impairing(judged.findings).map(shape).sort()).toEqual([...findings].sort());
    for (const f of judged.findings) {
      expect(f.cluster).toBe('lab');
      expect(f.nextSteps.length + (f.status === null ? 1 : 0)).toBeGreaterThan(0);
      expect(f.attributes.part).toBeDefined();
    }
  });

  it('ids do not carry values: a worse latency keeps the id', () => {
    const at = (seconds: number): string[] =>
      judgeControlPlanePaths({
        cluster: 'lab',
        signals: signalSet({ specs: { write_p99_seconds: seconds } }),
        watches: allFresh(),
        now: NOW,
      }).findings.map((f) => f.id);
    expect(at(1.4)).toEqual(at(3.9));
  });

  it('a part with no usable input is an UNKNOWN finding, never silence', () => {
    const judged = judgeControlPlanePaths({ cluster: 'lab', signals: null, watches: allFresh(), now: NOW });
    const unknown = judged.findings.filter((f) => f.status === 'UNKNOWN').map((f) => f.rule);
    expect(unknown).toEqual(
      expect.arrayContaining([
        'controlplane.read.no-input',
        'controlplane.write.no-input',
        'controlplane.etcd.no-input',
        'controlplane.scheduler.no-input',
      ]),
    );
    expect(judged.paths.read.status).toBe('UNKNOWN');
  });

  it('managed control plane: etcd not observable is said (INFO), and moves no status', () => {
    const set = signalSet({ observable: { etcd: false, scheduler: true, controllers: true } });
    const judged = judgeControlPlanePaths({ cluster: 'lab', signals: set, watches: allFresh(), now: NOW });
    const etcd = judged.findings.find((f) => f.rule === 'controlplane.etcd.not-applicable');
    expect(etcd).toMatchObject({ status: null, severity: 'INFO' });
    expect(judged.etcd.status).toBe('NOT_APPLICABLE');
  });
});

describe('watch-freshness rules emit findings', () => {
  const judge = (watches: ResourceFreshness[]): Finding[] =>
    judgeClusterControlPlane(
      { cluster: 'lab', signals: signalSet(), watches, now: NOW, mode: 'live' },
      { staleAfterMs: 120_000, maxNamesPerKind: 3, downUnavailableDeploymentShare: 0.5 },
    ).findings.filter((f) => f.rule.startsWith('watch.'));

  it.each<{ name: string; watches: () => ResourceFreshness[]; rules: [string, Finding['status']][] }>([
    { name: 'all current: none', watches: () => allFresh(), rules: [] },
    {
      name: 'one stale: that watch, DEGRADED',
      watches: () => [
        ...allFresh().filter((f) => f.resource !== 'pods'),
        freshness('pods', { confirmedAt: NOW - 600_000, lastSyncAt: NOW - 600_000 }),
      ],
      rules: [['lab/watch.stale/Watch/pods', 'DEGRADED']],
    },
    {
      name: 'all stale: unreachable, DOWN',
      watches: () =>
        allFresh().map((f) => ({ ...f, ...retrying(NOW - 600_000), confirmedAt: NOW - 600_000 })),
      rules: [['lab/watch.unreachable', 'DOWN']],
    },
    {
      name: 'forbidden beside current ones: said, moves nothing',
      watches: () => [
        ...allFresh().filter((f) => f.resource !== 'events'),
        freshness('events', { state: 'FORBIDDEN', lastSyncAt: null, confirmedAt: null }),
      ],
      rules: [['lab/watch.forbidden/Watch/events', null]],
    },
  ])('$name', ({ watches, rules }) => {
    expect(judge(watches()).map((f) => [f.id, f.status])).toEqual(rules);
  });
});
