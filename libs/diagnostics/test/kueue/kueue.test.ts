import type {
  ClusterQueueRecord,
  ConditionRecord,
  KueueWorkloadRecord,
  LocalQueueRecord,
  OptionalApiState,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  classifyPod,
  judgeKueue,
  KueueIndex,
  projectClusterQueue,
  projectKueueWorkload,
  type QueuePosition,
} from '../../src/index.ts';
import { NOW, pod } from '../factories.ts';

const SERVED: OptionalApiState = {
  group: 'kueue.x-k8s.io',
  version: 'v1beta2',
  served: 'SERVED',
  detail: '',
};
const cond = (type: string, status: 'True' | 'False', reason: string, message = ''): ConditionRecord => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: NOW - 120_000,
});
const WAITING = cond(
  'QuotaReserved',
  'False',
  'Pending',
  "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor l4, 2 more needed",
);

function workload(
  name: string,
  conditions: ConditionRecord[],
  overrides: Partial<KueueWorkloadRecord> = {},
): KueueWorkloadRecord {
  return {
    kind: 'Workload',
    uid: `uid-wl-${name}`,
    namespace: 'ml',
    name,
    resourceVersion: '1',
    createdAt: NOW - 600_000,
    queueName: 'team-a',
    priority: null,
    owner: { kind: 'Job', name, uid: `uid-job-${name}`, controller: true },
    ownerUids: [`uid-job-${name}`],
    admittedClusterQueue: '',
    conditions,
    podCount: 1,
    ...overrides,
  };
}
const LQ: LocalQueueRecord = {
  kind: 'LocalQueue',
  uid: 'uid-lq',
  namespace: 'ml',
  name: 'team-a',
  resourceVersion: '1',
  clusterQueue: 'gpu-cq',
  pendingWorkloads: 1,
  admittedWorkloads: 1,
};
const CQ: ClusterQueueRecord = {
  kind: 'ClusterQueue',
  uid: 'uid-cq',
  name: 'gpu-cq',
  resourceVersion: '1',
  cohort: '',
  quotas: [{ flavor: 'l4', resource: 'nvidia.com/gpu', nominal: 4, reserved: 4 }],
  pendingWorkloads: 1,
  admittedWorkloads: 1,
  conditions: [cond('Active', 'True', 'Ready')],
};

function index(
  workloads: KueueWorkloadRecord[],
  overrides: Partial<{
    api: OptionalApiState;
    listed: boolean;
    positions: ReadonlyMap<string, QueuePosition>;
    cq: ClusterQueueRecord;
  }> = {},
): KueueIndex {
  return new KueueIndex({
    api: overrides.api ?? SERVED,
    listed: overrides.listed ?? true,
    workloads,
    localQueues: [LQ],
    clusterQueues: [overrides.cq ?? CQ],
    ...(overrides.positions === undefined ? {} : { positions: overrides.positions }),
  });
}

const gatedPod = (uid = 'uid-pod', controllerUid = 'uid-job-train') =>
  pod('train-abcde', {
    namespace: 'ml',
    uid,
    phase: 'Pending',
    ready: false,
    nodeName: '',
    schedulingGates: ['kueue.x-k8s.io/admission'],
    controller: { kind: 'Job', name: 'train', uid: controllerUid, controller: true },
    labels: { 'kueue.x-k8s.io/queue-name': 'team-a' },
  });

describe('a pod gated by Kueue', () => {
  const cases: { name: string; kueue: KueueIndex | null; summary: string; queue: object | undefined }[] = [
    {
      name: "its Job's Workload waits: named ClusterQueue and Kueue's reason, position unknown",
      kueue: index([workload('train', [WAITING])]),
      summary:
        "waiting for quota in ClusterQueue gpu-cq: Pending couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor l4, 2 more needed",
      queue: { clusterQueue: 'gpu-cq', localQueue: 'team-a', workload: 'ml/train', position: null },
    },
    {
      name: 'with the visibility API: its position',
      kueue: index([workload('train', [WAITING])], {
        positions: new Map([['ml/train', { positionInClusterQueue: 2, positionInLocalQueue: 1 }]]),
      }),
      summary: expect.stringMatching(
        /^waiting for quota in ClusterQueue gpu-cq \(position 2\): Pending /,
      ) as unknown as string,
      queue: { clusterQueue: 'gpu-cq', position: 2 },
    },
    {
      name: 'a plain pod (pod integration): its own Workload',
      kueue: index([workload('pod-train', [WAITING], { ownerUids: ['uid-pod'], owner: null })]),
      summary: expect.stringMatching(
        /^waiting for quota in ClusterQueue gpu-cq: Pending/,
      ) as unknown as string,
      queue: { workload: 'ml/pod-train' },
    },
    {
      name: 'no Workload yet: the queue label still names the ClusterQueue',
      kueue: index([]),
      summary: 'waiting for quota in ClusterQueue gpu-cq',
      queue: { clusterQueue: 'gpu-cq', workload: null },
    },
    {
      name: 'Kueue objects not known (CRDs not listed): the gate alone, as before',
      kueue: index([workload('train', [WAITING])], { listed: false }),
      summary: 'waiting for quota: Kueue has not admitted its workload (gate kueue.x-k8s.io/admission)',
      queue: undefined,
    },
    {
      name: 'no Kueue context at all',
      kueue: null,
      summary: 'waiting for quota: Kueue has not admitted its workload (gate kueue.x-k8s.io/admission)',
      queue: undefined,
    },
  ];
  it.each(cases)('$name', ({ kueue, summary, queue }) => {
    const c = classifyPod(gatedPod(), [], NOW, kueue);
    expect(c).toMatchObject({ rule: 'pod.pending-gated', cause: 'Kueue admission', summary });
    expect(c?.rule).not.toBe('pod.pending-unschedulable');
    if (queue === undefined) expect(c?.queue).toBeUndefined();
    else expect(c?.queue).toMatchObject(queue);
  });
});

describe('judgeKueue', () => {
  const cases: {
    name: string;
    kueue: KueueIndex;
    status: string;
    findings: { id: string; severity: string; title: RegExp }[];
  }[] = [
    {
      name: 'CRDs absent: NOT_APPLICABLE and silent',
      kueue: index([], {
        api: {
          ...SERVED,
          version: '',
          served: 'NOT_SERVED',
          detail: 'the API server does not serve kueue.x-k8s.io',
        },
      }),
      status: 'NOT_APPLICABLE',
      findings: [],
    },
    { name: 'not listed yet: UNKNOWN', kueue: index([], { listed: false }), status: 'UNKNOWN', findings: [] },
    {
      name: 'admitted and finished workloads say nothing',
      kueue: index([
        workload('a', [cond('QuotaReserved', 'True', 'QuotaReserved'), cond('Admitted', 'True', 'Admitted')]),
        workload('b', [
          cond('QuotaReserved', 'True', 'QuotaReserved'),
          cond('Finished', 'True', 'Succeeded'),
        ]),
      ]),
      status: 'HEALTHY',
      findings: [],
    },
    {
      name: 'waiting for quota: INFO, naming the ClusterQueue',
      kueue: index([workload('train', [WAITING])]),
      status: 'HEALTHY',
      findings: [
        {
          id: 'c1/kueue.workload-pending/Workload/ml/train',
          severity: 'INFO',
          title: /^workload ml\/train waiting for quota in ClusterQueue gpu-cq: couldn't assign flavors/,
        },
      ],
    },
    {
      name: 'preempted: WARNING',
      kueue: index([
        workload(
          'old',
          [
            cond('QuotaReserved', 'False', 'Pending'),
            cond(
              'Evicted',
              'True',
              'Preempted',
              'Preempted to accommodate a workload (UID: x) due to prioritization in the ClusterQueue',
            ),
            cond(
              'Preempted',
              'True',
              'InClusterQueue',
              'Preempted to accommodate a workload (UID: x) due to prioritization in the ClusterQueue',
            ),
          ],
          { admittedClusterQueue: '' },
        ),
      ]),
      status: 'DEGRADED',
      findings: [
        {
          id: 'c1/kueue.workload-evicted/Workload/ml/old',
          severity: 'WARNING',
          title: /evicted workload ml\/old \(Job\/ml\/old\): Preempted$/,
        },
      ],
    },
    {
      name: 'deactivated by a person (InactiveWorkload): INFO',
      kueue: index([
        workload('paused', [cond('Evicted', 'True', 'InactiveWorkload', 'The workload is deactivated')]),
      ]),
      status: 'HEALTHY',
      findings: [
        { id: 'c1/kueue.workload-evicted/Workload/ml/paused', severity: 'INFO', title: /InactiveWorkload$/ },
      ],
    },
    {
      name: 'a ClusterQueue not Active',
      kueue: index([], {
        cq: {
          ...CQ,
          conditions: [
            cond(
              'Active',
              'False',
              'FlavorNotFound',
              "Can't admit new workloads: references missing ResourceFlavor(s): l4.",
            ),
          ],
        },
      }),
      status: 'DEGRADED',
      findings: [
        {
          id: 'c1/kueue.clusterqueue-inactive/ClusterQueue/gpu-cq',
          severity: 'WARNING',
          title: /not Active: FlavorNotFound/,
        },
      ],
    },
  ];
  it.each(cases)('$name', ({ kueue, status, findings }) => {
    const view = judgeKueue('c1', kueue, NOW);
    expect(view.status).toBe(status);
    expect(view.findings.map((f) => ({ id: f.id, severity: f.severity, title: f.title }))).toEqual(
      findings.map((f) => ({ ...f, title: expect.stringMatching(f.title) })),
    );
    for (const f of view.findings) expect(f.status).toBeNull();
  });
});

describe('Kueue projections', () => {
  it('reads a Workload (v1beta1 or v1beta2) and a ClusterQueue with its quota and reservation', () => {
    const w = projectKueueWorkload({
      metadata: {
        name: 'job-train-1a2b3',
        namespace: 'ml',
        uid: 'u',
        creationTimestamp: '2026-11-27T19:50:00Z',
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'Job', name: 'train', uid: 'uid-job', controller: true },
        ],
      },
      spec: { queueName: 'team-a', priority: 100, podSets: [{ name: 'main', count: 4 }, { name: 'driver' }] },
      status: { conditions: [{ type: 'QuotaReserved', status: 'False', reason: 'Pending', message: 'x' }] },
    });
    expect(w).toMatchObject({
      ok: true,
      record: {
        queueName: 'team-a',
        priority: 100,
        ownerUids: ['uid-job'],
        podCount: 5,
        admittedClusterQueue: '',
      },
    });
    const cq = projectClusterQueue({
      metadata: { name: 'gpu-cq', uid: 'u2' },
      spec: {
        cohortName: 'research',
        resourceGroups: [
          {
            coveredResources: ['nvidia.com/gpu'],
            flavors: [{ name: 'l4', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 4 }] }],
          },
        ],
      },
      status: {
        pendingWorkloads: 2,
        admittedWorkloads: 1,
        flavorsReservation: [{ name: 'l4', resources: [{ name: 'nvidia.com/gpu', total: '4' }] }],
      },
    });
    expect(cq).toMatchObject({
      ok: true,
      record: {
        cohort: 'research',
        pendingWorkloads: 2,
        quotas: [{ flavor: 'l4', resource: 'nvidia.com/gpu', nominal: 4, reserved: 4 }],
      },
    });
  });
});
