import type { DaemonSetRecord, StatefulSetRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  analyzeDaemonSetRollout,
  analyzeStatefulSetRollout,
  classifyPod,
  daemonSetStage,
  projectDaemonSet,
  projectStatefulSet,
  rolloutFinding,
  statefulSetStage,
} from '../../src/index.ts';
import { container, crashLoopContainer, NOW, pod } from '../factories.ts';

function sts(overrides: Partial<StatefulSetRecord> = {}): StatefulSetRecord {
  return {
    kind: 'StatefulSet',
    uid: 'uid-db',
    namespace: 'data',
    name: 'db',
    resourceVersion: '1',
    generation: 2,
    observedGeneration: 2,
    replicas: 3,
    statusReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    currentReplicas: 3,
    updatedReplicas: 3,
    updateStrategy: 'RollingUpdate',
    rollingUpdate: true,
    partition: 0,
    currentRevision: 'db-aaa',
    updateRevision: 'db-aaa',
    selector: { app: 'db' },
    ...overrides,
  };
}

function ds(overrides: Partial<DaemonSetRecord> = {}): DaemonSetRecord {
  return {
    kind: 'DaemonSet',
    uid: 'uid-agent',
    namespace: 'monitoring',
    name: 'agent',
    resourceVersion: '1',
    generation: 3,
    observedGeneration: 3,
    updateStrategy: 'RollingUpdate',
    desiredNumberScheduled: 8,
    currentNumberScheduled: 8,
    updatedNumberScheduled: 8,
    numberReady: 8,
    numberAvailable: 8,
    numberUnavailable: 0,
    numberMisscheduled: 0,
    selector: { app: 'agent' },
    ...overrides,
  };
}

describe('statefulSetStage: kubectl rollout status statefulset', () => {
  it.each<[string, Partial<StatefulSetRecord>, string, string]>([
    [
      'OnDelete has no status',
      { updateStrategy: 'OnDelete', readyReplicas: 0 },
      'COMPLETE',
      'rollout status is only available for RollingUpdate strategy type',
    ],
    [
      'never observed',
      { observedGeneration: 0 },
      'SPEC_NOT_OBSERVED',
      'Waiting for statefulset spec update to be observed...',
    ],
    [
      'spec not observed yet',
      { generation: 3 },
      'SPEC_NOT_OBSERVED',
      'Waiting for statefulset spec update to be observed...',
    ],
    ['pods not ready', { readyReplicas: 1 }, 'WAITING_READY', 'Waiting for 2 pods to be ready...'],
    [
      'partitioned, not reached',
      { partition: 1, updatedReplicas: 1, updateRevision: 'db-bbb' },
      'UPDATING',
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    ],
    [
      'partitioned, reached (ordinals below the partition stay on purpose)',
      { partition: 1, updatedReplicas: 2, updateRevision: 'db-bbb' },
      'COMPLETE',
      'partitioned roll out complete: 2 new pods have been updated...',
    ],
    [
      'no rollingUpdate block, revisions differ',
      { rollingUpdate: false, partition: null, updatedReplicas: 1, updateRevision: 'db-bbb' },
      'UPDATING',
      'waiting for statefulset rolling update to complete 1 pods at revision db-bbb...',
    ],
    [
      'no rollingUpdate block, done',
      { rollingUpdate: false, partition: null },
      'COMPLETE',
      'statefulset rolling update complete 3 pods at revision db-aaa...',
    ],
  ])('%s', (_, overrides, stage, message) => {
    expect(statefulSetStage(sts(overrides))).toEqual({ stage, message, done: stage === 'COMPLETE' });
  });
});

describe('daemonSetStage: kubectl rollout status daemonset', () => {
  it.each<[string, Partial<DaemonSetRecord>, string, string]>([
    [
      'OnDelete has no status',
      { updateStrategy: 'OnDelete', updatedNumberScheduled: 0 },
      'COMPLETE',
      'rollout status is only available for RollingUpdate strategy type',
    ],
    [
      'spec not observed yet',
      { generation: 4 },
      'SPEC_NOT_OBSERVED',
      'Waiting for daemon set spec update to be observed...',
    ],
    [
      'updating',
      { updatedNumberScheduled: 1, numberAvailable: 7 },
      'UPDATING',
      'Waiting for daemon set "agent" rollout to finish: 1 out of 8 new pods have been updated...',
    ],
    [
      'updated, not all available',
      { numberAvailable: 6 },
      'WAITING_AVAILABLE',
      'Waiting for daemon set "agent" rollout to finish: 6 of 8 updated pods are available...',
    ],
    ['done', {}, 'COMPLETE', 'daemon set "agent" successfully rolled out'],
  ])('%s', (_, overrides, stage, message) => {
    expect(daemonSetStage(ds(overrides))).toEqual({ stage, message, done: stage === 'COMPLETE' });
  });
});

describe('StatefulSet and DaemonSet rollouts: why stuck and what to do', () => {
  const owner = (kind: string, uid: string, name: string) => ({ kind, name, uid, controller: true });

  it('a StatefulSet whose updated ordinal crash-loops: roll back, then delete the pod', () => {
    const broken = pod('db-2', {
      namespace: 'data',
      ready: false,
      controller: owner('StatefulSet', 'uid-db', 'db'),
      labels: { 'controller-revision-hash': 'db-bbb' },
      containers: [crashLoopContainer(6)],
    });
    // An old-revision pod that is not Ready does not count as blocking the new revision.
    const old = pod('db-1', {
      namespace: 'data',
      ready: false,
      controller: owner('StatefulSet', 'uid-db', 'db'),
      labels: { 'controller-revision-hash': 'db-aaa' },
      containers: [container({ ready: false })],
    });
    const r = analyzeStatefulSetRollout({
      workload: sts({ readyReplicas: 2, updatedReplicas: 1, currentReplicas: 2, updateRevision: 'db-bbb' }),
      pods: [broken, old],
      classify: (p) => classifyPod(p, [], NOW),
    });
    expect(r).toMatchObject({
      kind: 'StatefulSet',
      stage: 'WAITING_READY',
      message: 'Waiting for 1 pods to be ready...',
      revision: 'db-bbb',
      partition: 0,
      progress: { desired: 3, updated: 1, ready: 2, available: 3, old: 2 },
      recommendation: { action: 'roll back' },
    });
    expect(r.blockingPods.map((p) => p.name)).toEqual(['db-2']);
    expect(r.recommendation.reason).toMatch(
      /revision db-aaa is the last one that ran: kubectl -n data rollout undo statefulset\/db, then delete the pods/,
    );
    expect(rolloutFinding('c', r, null)?.id).toBe('c/rollout.stuck/StatefulSet/data/db');
  });

  it('a DaemonSet whose new pod cannot pull: roll back; old-generation pods are not blamed', () => {
    const pulling = pod('agent-x', {
      namespace: 'monitoring',
      phase: 'Pending',
      ready: false,
      controller: owner('DaemonSet', 'uid-agent', 'agent'),
      labels: { 'pod-template-generation': '3' },
      containers: [container({ ready: false, waitingReason: 'ImagePullBackOff' })],
    });
    const r = analyzeDaemonSetRollout({
      workload: ds({ updatedNumberScheduled: 1, numberAvailable: 7, numberReady: 7 }),
      pods: [pulling],
      classify: (p) => classifyPod(p, [], NOW),
    });
    expect(r).toMatchObject({
      kind: 'DaemonSet',
      stage: 'UPDATING',
      revision: '3',
      progress: { desired: 8, updated: 1, ready: 7, available: 7, old: 7 },
      recommendation: { action: 'roll back' },
    });
    expect(r.stuckReason).toMatch(/^new pods fail: agent-x container \S+ ImagePullBackOff/);
  });

  it('a complete one says nothing', () => {
    const r = analyzeDaemonSetRollout({ workload: ds(), pods: [], classify: () => null });
    expect(r.done).toBe(true);
    expect(rolloutFinding('c', r, null)).toBeNull();
  });
});

describe('projectStatefulSet and projectDaemonSet', () => {
  it('read what kubectl reads, with the API defaults', () => {
    const s = projectStatefulSet({
      metadata: { name: 'db', namespace: 'data', uid: 'u1', resourceVersion: '5', generation: 2 },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'db' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
      },
      status: {
        observedGeneration: 2,
        replicas: 3,
        readyReplicas: 2,
        currentReplicas: 2,
        updatedReplicas: 1,
        currentRevision: 'db-a',
        updateRevision: 'db-b',
      },
    });
    expect(s.ok && s.record).toMatchObject({
      kind: 'StatefulSet',
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 0,
      rollingUpdate: true,
      partition: 1,
      currentRevision: 'db-a',
      updateRevision: 'db-b',
    });
    const bare = projectStatefulSet({
      metadata: { name: 'x', namespace: 'n', uid: 'u', resourceVersion: '1' },
      spec: {},
    });
    expect(bare.ok && bare.record).toMatchObject({
      replicas: 1,
      updateStrategy: 'RollingUpdate',
      rollingUpdate: false,
      partition: null,
    });
    const d = projectDaemonSet({
      metadata: { name: 'agent', namespace: 'm', uid: 'u2', resourceVersion: '7', generation: 3 },
      spec: { updateStrategy: { type: 'OnDelete' } },
      status: {
        observedGeneration: 3,
        desiredNumberScheduled: 8,
        updatedNumberScheduled: 2,
        numberAvailable: 7,
        numberUnavailable: 1,
      },
    });
    expect(d.ok && d.record).toMatchObject({
      kind: 'DaemonSet',
      updateStrategy: 'OnDelete',
      desiredNumberScheduled: 8,
      numberUnavailable: 1,
    });
    expect(
      projectDaemonSet({
        metadata: { name: 'a', namespace: 'm', uid: 'u', resourceVersion: '1' },
        status: { numberReady: 'x' },
      }).ok,
    ).toBe(false);
  });
});
