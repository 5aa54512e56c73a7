import type { ConditionRecord, DeploymentRecord, PodRecord, ReplicaSetRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  analyzeRollout,
  classifyPod,
  type RolloutStatus,
  rolloutFinding,
  rolloutFindingId,
} from '../../src/index.ts';
import { container, crashLoopContainer, deployment, NOW, pod } from '../factories.ts';

function rs(name: string, revision: string, replicas: number, owner = 'uid-api'): ReplicaSetRecord {
  return {
    kind: 'ReplicaSet',
    uid: `uid-${name}`,
    namespace: 'default',
    name,
    resourceVersion: '1',
    controller: { kind: 'Deployment', name: 'api', uid: owner, controller: true },
    replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    revision,
    podTemplateHash: name.split('-').at(-1) ?? '',
    conditions: [],
  };
}

const cond = (
  type: string,
  status: ConditionRecord['status'],
  reason: string,
  message = '',
): ConditionRecord => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: NOW - 60_000,
});

function analyze(d: DeploymentRecord, newPods: PodRecord[] = []): RolloutStatus {
  const sets = [
    rs('api-old1', '3', d.statusReplicas - d.updatedReplicas),
    rs('api-new22', '4', d.updatedReplicas),
  ];
  return analyzeRollout({
    deployment: d,
    replicaSets: sets,
    podsOf: (uid) => (uid === 'uid-api-new22' ? newPods : []),
    classify: (p) => classifyPod(p, [], NOW),
  });
}

const mid = { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, statusReplicas: 5 };

describe('analyzeRollout: kubectl rollout status stages, then why and what to do', () => {
  it.each<{
    name: string;
    d: DeploymentRecord;
    pods?: PodRecord[];
    stage: RolloutStatus['stage'];
    message: string;
    action: string;
    stuck: RegExp | null;
  }>([
    {
      name: 'rolled out',
      d: deployment('api'),
      stage: 'COMPLETE',
      message: 'deployment "api" successfully rolled out',
      action: 'none',
      stuck: null,
    },
    {
      name: 'spec not observed yet',
      d: deployment('api', { generation: 5, observedGeneration: 4 }),
      stage: 'SPEC_NOT_OBSERVED',
      message: 'Waiting for deployment spec update to be observed...',
      action: 'wait',
      stuck: null,
    },
    {
      name: 'halfway, new pods starting fine',
      d: deployment('api', mid),
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'wait',
      stuck: null,
    },
    {
      name: 'old replicas pending termination',
      d: deployment('api', { replicas: 4, updatedReplicas: 4, availableReplicas: 4, statusReplicas: 5 }),
      stage: 'OLD_TERMINATING',
      message: 'Waiting for deployment "api" rollout to finish: 1 old replicas are pending termination...',
      action: 'wait',
      stuck: null,
    },
    {
      name: 'updated but not yet available',
      d: deployment('api', { replicas: 4, updatedReplicas: 4, availableReplicas: 2, statusReplicas: 4 }),
      stage: 'WAITING_AVAILABLE',
      message: 'Waiting for deployment "api" rollout to finish: 2 of 4 updated replicas are available...',
      action: 'wait',
      stuck: null,
    },
    {
      name: 'stuck at 50%: new pods crash → roll back to the last revision that ran',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-a', {
          ready: false,
          containers: [
            { ...crashLoopContainer(7), name: 'api', lastTerminationReason: 'OOMKilled', lastExitCode: 137 },
          ],
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'roll back',
      stuck:
        /^new pods fail: api-new22-a container api CrashLoopBackOff \(7 restarts, last OOMKilled \(exit 137\)\)$/,
    },
    {
      name: 'stuck at 50%: new pods do not fit → fix capacity',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-b', {
          nodeName: '',
          phase: 'Pending',
          ready: false,
          containers: [],
          unschedulableReason: 'Unschedulable',
          unschedulableMessage: '0/8 nodes are available: 8 Insufficient nvidia.com/gpu.',
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix capacity',
      stuck:
        /^new pods cannot be scheduled: api-new22-b Unschedulable: 8 of 8 nodes lack free nvidia\.com\/gpu/,
    },
    {
      name: 'new template drops a toleration: no node accepts it → roll back, not capacity',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-t', {
          nodeName: '',
          phase: 'Pending',
          ready: false,
          containers: [],
          unschedulableReason: 'Unschedulable',
          unschedulableMessage:
            '0/11 nodes are available: 3 Insufficient nvidia.com/gpu, 8 node(s) had untolerated taint(s). preemption: 0/11 nodes are available: 3 No preemption victims found for incoming pod, 8 Preemption is not helpful for scheduling.',
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'roll back',
      stuck: /^new pods cannot be scheduled: api-new22-t Unschedulable: 8 of 11 nodes have a taint/,
    },
    {
      name: 'new template changed its node selector: no node matches it → roll back',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-s', {
          nodeName: '',
          phase: 'Pending',
          ready: false,
          containers: [],
          unschedulableReason: 'Unschedulable',
          unschedulableMessage:
            "0/6 nodes are available: 6 node(s) didn't match Pod's node affinity/selector. preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.",
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'roll back',
      stuck: /^new pods cannot be scheduled: api-new22-s Unschedulable: 6 of 6 nodes/,
    },
    {
      // NodeResourcesFit runs after NodeAffinity: the 6 nodes that lack GPUs matched the selector.
      name: 'a GPU pod pinned to its pool, every node of it full: most nodes refuse the selector, yet room is missing → fix capacity',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-g', {
          nodeName: '',
          phase: 'Pending',
          ready: false,
          containers: [],
          unschedulableReason: 'Unschedulable',
          unschedulableMessage:
            "0/13 nodes are available: 6 Insufficient nvidia.com/gpu, 7 node(s) didn't match Pod's node affinity/selector. preemption: 0/13 nodes are available: 6 No preemption victims found for incoming pod, 7 Preemption is not helpful for scheduling.",
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix capacity',
      stuck: /^new pods cannot be scheduled: api-new22-g Unschedulable: /,
    },
    {
      name: 'claim not bound (PreFilter) → fix storage',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-v', {
          nodeName: '',
          phase: 'Pending',
          ready: false,
          containers: [],
          unschedulableReason: 'Unschedulable',
          unschedulableMessage:
            '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix storage',
      stuck:
        /^new pods cannot be scheduled: api-new22-v Unschedulable: pod has unbound immediate PersistentVolumeClaims$/,
    },
    {
      name: 'deadline exceeded with new pods not Ready: the deadline and the pod that is not serving',
      d: deployment('api', {
        ...mid,
        conditions: [
          cond(
            'Progressing',
            'False',
            'ProgressDeadlineExceeded',
            'ReplicaSet "api-new22" has timed out progressing.',
          ),
        ],
      }),
      pods: [
        pod('api-new22-r', {
          phase: 'Running',
          ready: false,
          containers: [container({ name: 'api', ready: false })],
        }),
      ],
      stage: 'DEADLINE_EXCEEDED',
      message: 'deployment "api" exceeded its progress deadline',
      action: 'roll back',
      stuck:
        /^ReplicaSet "api-new22" has timed out progressing\. New pods not serving: api-new22-r Running but not Ready/,
    },
    {
      name: 'image typo → roll back',
      d: deployment('api', mid),
      pods: [
        pod('api-new22-c', {
          phase: 'Pending',
          ready: false,
          containers: [container({ name: 'api', ready: false, waitingReason: 'ImagePullBackOff' })],
        }),
      ],
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'roll back',
      stuck: /^new pods fail: api-new22-c container api ImagePullBackOff/,
    },
    {
      name: 'quota exhausted: pods are never created',
      d: deployment('api', {
        ...mid,
        conditions: [
          cond(
            'ReplicaFailure',
            'True',
            'FailedCreate',
            'pods "api-new22-x" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=8, limited: requests.nvidia.com/gpu=8',
          ),
        ],
      }),
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix quota',
      stuck: /^ReplicaFailure FailedCreate: .*exceeded quota: gpu-quota/,
    },
    {
      name: 'a policy engine denies the new template: refused at admission, not quota',
      d: deployment('api', {
        ...mid,
        conditions: [
          cond(
            'ReplicaFailure',
            'True',
            'FailedCreate',
            'admission webhook "validate.kyverno.svc-fail" denied the request: \n\nresource Pod/default/api-new22-x was blocked due to the following policies\n\nrequire-team-label:\n  check-team: validation error: label team is required',
          ),
        ],
      }),
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix admission',
      stuck:
        /^new pods refused at admission: Kyverno webhook validate\.kyverno\.svc-fail denied the request: resource Pod/,
    },
    {
      name: 'a ValidatingAdmissionPolicy denial says "forbidden" and is still no quota',
      d: deployment('api', {
        ...mid,
        conditions: [
          cond(
            'ReplicaFailure',
            'True',
            'FailedCreate',
            `pods "api-new22-x" is forbidden: ValidatingAdmissionPolicy 'gpu-pods-need-pool' with binding 'gpu-pods-need-pool-binding' denied request: GPU pods must select a pool`,
          ),
        ],
      }),
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix admission',
      stuck: /ValidatingAdmissionPolicy gpu-pods-need-pool denied the request: GPU pods must select a pool$/,
    },
    {
      name: 'a webhook that cannot be called fails closed',
      d: deployment('api', {
        ...mid,
        conditions: [
          cond(
            'ReplicaFailure',
            'True',
            'FailedCreate',
            'Internal error occurred: failed calling webhook "inject.sidecar.example.com": failed to call webhook: Post "https://injector.mesh.svc:443/inject?timeout=10s": context deadline exceeded',
          ),
        ],
      }),
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'fix admission',
      stuck:
        /^new pods refused at admission: webhook inject\.sidecar\.example\.com cannot be called: failed to call webhook/,
    },
    {
      name: 'progress deadline exceeded',
      d: deployment('api', {
        ...mid,
        conditions: [
          cond(
            'Progressing',
            'False',
            'ProgressDeadlineExceeded',
            'ReplicaSet "api-new22" has timed out progressing.',
          ),
        ],
      }),
      stage: 'DEADLINE_EXCEEDED',
      message: 'deployment "api" exceeded its progress deadline',
      action: 'roll back',
      stuck: /^ReplicaSet "api-new22" has timed out progressing\.$/,
    },
    {
      name: 'paused mid-way',
      d: deployment('api', { ...mid, paused: true }),
      stage: 'UPDATING',
      message: 'Waiting for deployment "api" rollout to finish: 2 out of 4 new replicas have been updated...',
      action: 'resume',
      stuck: /^paused/,
    },
  ])('$name', ({ d, pods, stage, message, action, stuck }) => {
    const r = analyze(d, pods);
    expect(r.stage).toBe(stage);
    expect(r.message).toBe(message);
    expect(r.recommendation.action).toBe(action);
    if (stuck === null) expect(r.stuckReason).toBeNull();
    else expect(r.stuckReason).toMatch(stuck);
    expect(rolloutFinding('prod-a', r, null) === null).toBe(stuck === null);
    // The id a view names is the finding's own.
    expect(rolloutFindingId('prod-a', r)).toBe(rolloutFinding('prod-a', r, null)?.id ?? null);
  });

  it('with no earlier revision, the template is to be fixed, not rolled back', () => {
    const d = deployment('api', { replicas: 1, updatedReplicas: 1, availableReplicas: 0, statusReplicas: 1 });
    const r = analyzeRollout({
      deployment: d,
      replicaSets: [rs('api-only1', '1', 1)],
      podsOf: () => [pod('api-only1-a', { ready: false, containers: [crashLoopContainer(3)] })],
      classify: (p) => classifyPod(p, [], NOW),
    });
    expect(r.recommendation.action).toBe('fix the template');
  });

  it('names the new and old ReplicaSets by revision', () => {
    const r = analyze(deployment('api', mid));
    expect(r.newReplicaSet).toEqual({ name: 'api-new22', revision: '4' });
    expect(r.oldReplicaSets).toEqual([{ name: 'api-old1', revision: '3', replicas: 3 }]);
    expect(r.progress).toEqual({ desired: 4, updated: 2, ready: 3, available: 3, old: 3 });
    expect(r.kind).toBe('Deployment');
    expect(r.revision).toBe('4');
    expect(r.progressDeadlineExceeded).toBe(false);
  });
});
