import type {
  ControllerRevisionRecord,
  DaemonSetRecord,
  PodRecord,
  PodTemplateSummary,
  StatefulSetRecord,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  analyzeDaemonSetRollout,
  analyzeStatefulSetRollout,
  describeOldRevisions,
  groupOldRevisions,
  type OldRevisionDiff,
  type TemplateChange,
} from '../../src/index.ts';
import { pod } from '../factories.ts';

function template(image: string, tolerations: string[] = []): PodTemplateSummary {
  return {
    containers: [
      {
        name: 'agent',
        init: false,
        image,
        envNames: [],
        readinessProbe: null,
        livenessProbe: null,
        startupProbe: null,
        resources: 'requests cpu=100m',
      },
    ],
    nodeSelector: [],
    affinity: '',
    tolerations,
    serviceAccount: 'agent',
    runtimeClass: '',
    volumes: [],
  };
}

/** A DaemonSet's ControllerRevision: name `<ds>-<hash>`, its pods label the hash alone. */
function dsRevision(hash: string, n: number, t: PodTemplateSummary | undefined): ControllerRevisionRecord {
  return {
    kind: 'ControllerRevision',
    uid: `uid-${hash}`,
    namespace: 'monitoring',
    name: `agent-${hash}`,
    resourceVersion: '1',
    controller: { kind: 'DaemonSet', name: 'agent', uid: 'uid-agent', controller: true },
    revision: n,
    hash,
    ...(t === undefined ? {} : { template: t }),
  };
}

const a = 'registry.example/agent:a';
const b = 'registry.example/agent:b';
const c = 'registry.example/agent:c';
const r4 = dsRevision('h4', 4, template(a));
const r5 = dsRevision('h5', 5, template(b));
const r6 = dsRevision('h6', 6, template(c, ['gpu exists:*']));
const gone = dsRevision('h3', 3, undefined);

function podsOn(hash: string, n: number, prefix = hash): PodRecord[] {
  return Array.from({ length: n }, (_, i) =>
    pod(`agent-${prefix}-${i}`, { namespace: 'monitoring', labels: { 'controller-revision-hash': hash } }),
  );
}

const imageFrom = (before: string): TemplateChange => ({
  field: 'image',
  container: 'agent',
  before,
  after: c,
});
const toleration: TemplateChange = {
  field: 'tolerations',
  container: null,
  before: '(none)',
  after: 'gpu exists:*',
};

describe('groupOldRevisions: each old pod against the revision rolled out', () => {
  it.each<[string, ControllerRevisionRecord[], PodRecord[], OldRevisionDiff[]]>([
    [
      'rolled twice: pods two revisions behind show what they really run',
      [r6, r5, r4],
      [...podsOn('h4', 3), ...podsOn('h5', 2), ...podsOn('h6', 4)],
      [
        { revision: 'agent-h4', number: 4, pods: 3, changes: [imageFrom(a), toleration] },
        { revision: 'agent-h5', number: 5, pods: 2, changes: [imageFrom(b), toleration] },
      ],
    ],
    ['every pod current: no group', [r6, r5], podsOn('h6', 3), []],
    [
      'a revision no longer known: its pods are counted, the diff is null',
      [r6],
      podsOn('h3', 2),
      [{ revision: 'h3', number: null, pods: 2, changes: null }],
    ],
    [
      'a known revision without a template: null diff, never empty',
      [r6, gone],
      podsOn('h3', 1),
      [{ revision: 'agent-h3', number: 3, pods: 1, changes: null }],
    ],
    [
      'pods without the label are left out',
      [r6, r5],
      [pod('stray', { namespace: 'monitoring', labels: {} }), ...podsOn('h5', 1)],
      [{ revision: 'agent-h5', number: 5, pods: 1, changes: [imageFrom(b), toleration] }],
    ],
    [
      'a StatefulSet pod names the revision whole',
      [r6, r5],
      [pod('db-0', { labels: { 'controller-revision-hash': 'agent-h5' } })],
      [{ revision: 'agent-h5', number: 5, pods: 1, changes: [imageFrom(b), toleration] }],
    ],
  ])('%s', (_, revisions, pods, expected) => {
    expect(groupOldRevisions(r6, revisions, pods)).toEqual(expected);
  });

  it('words the groups as a person reads them', () => {
    const groups = groupOldRevisions(
      r6,
      [r4, r5, r6, gone],
      [...podsOn('h4', 3), ...podsOn('h5', 2), ...podsOn('h3', 1)],
    );
    expect(describeOldRevisions(groups)).toBe(
      `1 pod on revision 3: template not known; 3 pods on revision 4: image (agent) ${a}→${c}, tolerations (none)→gpu exists:*; 2 pods on revision 5: image (agent) ${b}→${c}, tolerations (none)→gpu exists:*`,
    );
  });
});

function daemonSet(): DaemonSetRecord {
  return {
    kind: 'DaemonSet',
    uid: 'uid-agent',
    namespace: 'monitoring',
    name: 'agent',
    resourceVersion: '1',
    generation: 6,
    observedGeneration: 6,
    updateStrategy: 'RollingUpdate',
    desiredNumberScheduled: 9,
    currentNumberScheduled: 9,
    updatedNumberScheduled: 4,
    numberReady: 9,
    numberAvailable: 9,
    numberUnavailable: 0,
    numberMisscheduled: 0,
    selector: { app: 'agent' },
  };
}

describe('the rollout of a set: templateDiff from the old pods, oldRevisions per revision', () => {
  it('a DaemonSet rolled twice: the diff most old pods need, not the newest two revisions', () => {
    const r = analyzeDaemonSetRollout({
      workload: daemonSet(),
      pods: [],
      allPods: [...podsOn('h4', 3), ...podsOn('h5', 2), ...podsOn('h6', 4)],
      classify: () => null,
      revisions: [r4, r5, r6],
    });
    expect(r.templateDiff).toEqual([imageFrom(a), toleration]);
    expect(r.oldRevisions?.map((g) => [g.number, g.pods])).toEqual([
      [4, 3],
      [5, 2],
    ]);
  });

  it('a DaemonSet without pods known falls back to the newest two revisions', () => {
    const r = analyzeDaemonSetRollout({
      workload: daemonSet(),
      pods: [],
      classify: () => null,
      revisions: [r5, r6],
    });
    expect(r.templateDiff).toEqual([imageFrom(b), toleration]);
    expect(r.oldRevisions).toEqual([]);
  });

  it('a StatefulSet: old pods by their revision against updateRevision', () => {
    const sts: StatefulSetRecord = {
      kind: 'StatefulSet',
      uid: 'uid-db',
      namespace: 'data',
      name: 'db',
      resourceVersion: '1',
      generation: 3,
      observedGeneration: 3,
      replicas: 3,
      statusReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 1,
      updatedReplicas: 1,
      updateStrategy: 'RollingUpdate',
      rollingUpdate: false,
      partition: null,
      currentRevision: 'agent-h5',
      updateRevision: 'agent-h6',
      selector: { app: 'db' },
    };
    const label = (name: string, revision: string) =>
      pod(name, { namespace: 'data', labels: { 'controller-revision-hash': revision } });
    const r = analyzeStatefulSetRollout({
      workload: sts,
      pods: [],
      allPods: [label('db-0', 'agent-h4'), label('db-1', 'agent-h5'), label('db-2', 'agent-h6')],
      classify: () => null,
      revisions: [r4, r5, r6],
    });
    expect(r.oldRevisions).toEqual([
      { revision: 'agent-h4', number: 4, pods: 1, changes: [imageFrom(a), toleration] },
      { revision: 'agent-h5', number: 5, pods: 1, changes: [imageFrom(b), toleration] },
    ]);
    // On a tie, the older revision's diff is shown first.
    expect(r.templateDiff).toEqual([imageFrom(a), toleration]);
  });

  it('done: no diff, no groups', () => {
    const done = { ...daemonSet(), updatedNumberScheduled: 9 };
    const r = analyzeDaemonSetRollout({
      workload: done,
      pods: [],
      allPods: podsOn('h4', 1),
      classify: () => null,
      revisions: [r4, r6],
    });
    expect(r.templateDiff).toBeNull();
    expect(r.oldRevisions).toBeNull();
  });
});
