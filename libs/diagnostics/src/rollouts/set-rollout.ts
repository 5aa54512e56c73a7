import type {
  ControllerRevisionRecord,
  DaemonSetRecord,
  PodRecord,
  StatefulSetRecord,
} from '@fleetscope/types';
import type { PodClassification } from '../pods/classify.ts';
import type { SchedulingObjects } from '../storage/scheduling-objects.ts';
import { compareText } from '../verdict/text.ts';
import type { BlockingPod, RolloutStage, RolloutStatus, TemplateChange } from './deployment-rollout.ts';
import { explainRollout, schedulerPlugins } from './explain.ts';
import { groupOldRevisions, mainOldRevisionDiff, type OldRevisionDiff } from './revision-diff.ts';
import { claimFacts } from './storage-facts.ts';
import { diffTemplates, triggerOf } from './template-diff.ts';

/** The label a StatefulSet's (and a DaemonSet's) pods carry: the ControllerRevision they run. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The label a DaemonSet's pods carry: the DaemonSet generation they were created for. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** What a StatefulSet or DaemonSet rollout analysis needs besides the object. */
export interface SetRolloutInput<W> {
  workload: W;
  /** Pods the workload controls (owner uid); only unsettled ones are needed. */
  pods: readonly PodRecord[];
  classify(pod: PodRecord): PodClassification | null;
  /**
   * The workload's ControllerRevisions (owned by its uid), in any order; absent or empty when they are
   * not known (not watched, or forbidden): the template diff is then null, never empty.
   */
  revisions?: readonly ControllerRevisionRecord[];
  /** Claims and StorageClasses, when known: a pod Pending on its claim names why the claim does not bind. */
  scheduling?: SchedulingObjects;
  /**
   * Every pod of the workload, settled or not, to group the old ones by the revision they run
   * (controller-revision-hash); absent: `pods` are grouped (only the unsettled ones then count).
   */
  allPods?: readonly PodRecord[];
}

/**
 * The template diff of a set, from its old pods' own revisions against `current` (see
 * revision-diff.ts), falling back to `fallback` (revision against revision) when no old pod's revision
 * is known. Both null when `current` is unknown or the rollout is done.
 */
function setDiffs(
  done: boolean,
  current: ControllerRevisionRecord | undefined,
  input: SetRolloutInput<unknown>,
  fallback: () => TemplateChange[] | null,
): { templateDiff: TemplateChange[] | null; oldRevisions: OldRevisionDiff[] | null } {
  if (done) return { templateDiff: null, oldRevisions: null };
  if (current === undefined) return { templateDiff: fallback(), oldRevisions: null };
  const groups = groupOldRevisions(current, input.revisions ?? [], input.allPods ?? input.pods);
  return {
    templateDiff: mainOldRevisionDiff(groups) ?? fallback(),
    oldRevisions: groups,
  };
}

/**
 * What changed between a StatefulSet's current and update revisions (status.currentRevision and
 * updateRevision name ControllerRevisions); null when it is not updating or either revision (or its
 * template) is not known.
 */
export function statefulSetTemplateDiff(
  s: Pick<StatefulSetRecord, 'currentRevision' | 'updateRevision'>,
  revisions: readonly ControllerRevisionRecord[],
): TemplateChange[] | null {
  if (s.currentRevision === '' || s.updateRevision === '' || s.currentRevision === s.updateRevision) {
    return null;
  }
  const current = revisions.find((r) => r.name === s.currentRevision)?.template;
  const update = revisions.find((r) => r.name === s.updateRevision)?.template;
  return current === undefined || update === undefined ? null : diffTemplates(current, update);
}

/**
 * What changed in a DaemonSet's rolling update: its newest ControllerRevision (the template being
 * rolled out) against the newest older one its pods may still run; null when fewer than two revisions
 * (or their templates) are known.
 */
export function daemonSetTemplateDiff(
  revisions: readonly ControllerRevisionRecord[],
): TemplateChange[] | null {
  const [next, previous] = [...revisions].sort((a, b) => b.revision - a.revision);
  if (next?.template === undefined || previous?.template === undefined) return null;
  return diffTemplates(previous.template, next.template);
}

function stage(s: RolloutStage, message: string): { stage: RolloutStage; message: string; done: boolean } {
  return { stage: s, message, done: s === 'COMPLETE' };
}

/**
 * kubectl's StatefulSet stage and message (StatefulSetStatusViewer): only RollingUpdate has a
 * status; with rollingUpdate set (the API server defaults it, partition 0) the partition decides.
 */
export function statefulSetStage(s: StatefulSetRecord): {
  stage: RolloutStage;
  message: string;
  done: boolean;
} {
  if (s.updateStrategy !== 'RollingUpdate') {
    return stage('COMPLETE', 'rollout status is only available for RollingUpdate strategy type');
  }
  if (s.observedGeneration === 0 || s.generation > s.observedGeneration) {
    return stage('SPEC_NOT_OBSERVED', 'Waiting for statefulset spec update to be observed...');
  }
  if (s.readyReplicas < s.replicas) {
    return stage('WAITING_READY', `Waiting for ${s.replicas - s.readyReplicas} pods to be ready...`);
  }
  if (s.rollingUpdate) {
    if (s.partition !== null && s.updatedReplicas < s.replicas - s.partition) {
      return stage(
        'UPDATING',
        `Waiting for partitioned roll out to finish: ${s.updatedReplicas} out of ${s.replicas - s.partition} new pods have been updated...`,
      );
    }
    return stage(
      'COMPLETE',
      `partitioned roll out complete: ${s.updatedReplicas} new pods have been updated...`,
    );
  }
  if (s.updateRevision !== s.currentRevision) {
    return stage(
      'UPDATING',
      `waiting for statefulset rolling update to complete ${s.updatedReplicas} pods at revision ${s.updateRevision}...`,
    );
  }
  return stage(
    'COMPLETE',
    `statefulset rolling update complete ${s.currentReplicas} pods at revision ${s.currentRevision}...`,
  );
}

/** kubectl's DaemonSet stage and message (DaemonSetStatusViewer). */
export function daemonSetStage(d: DaemonSetRecord): { stage: RolloutStage; message: string; done: boolean } {
  if (d.updateStrategy !== 'RollingUpdate') {
    return stage('COMPLETE', 'rollout status is only available for RollingUpdate strategy type');
  }
  if (d.generation > d.observedGeneration) {
    return stage('SPEC_NOT_OBSERVED', 'Waiting for daemon set spec update to be observed...');
  }
  if (d.updatedNumberScheduled < d.desiredNumberScheduled) {
    return stage(
      'UPDATING',
      `Waiting for daemon set "${d.name}" rollout to finish: ${d.updatedNumberScheduled} out of ${d.desiredNumberScheduled} new pods have been updated...`,
    );
  }
  if (d.numberAvailable < d.desiredNumberScheduled) {
    return stage(
      'WAITING_AVAILABLE',
      `Waiting for daemon set "${d.name}" rollout to finish: ${d.numberAvailable} of ${d.desiredNumberScheduled} updated pods are available...`,
    );
  }
  return stage('COMPLETE', `daemon set "${d.name}" successfully rolled out`);
}

/** Not what `kubectl rollout status statefulset/…` calls done. */
export function isStatefulSetRolloutUnfinished(s: StatefulSetRecord): boolean {
  return !statefulSetStage(s).done;
}

/** Not what `kubectl rollout status daemonset/…` calls done. */
export function isDaemonSetRolloutUnfinished(d: DaemonSetRecord): boolean {
  return !daemonSetStage(d).done;
}

function blocking(
  pods: readonly PodRecord[],
  isNew: (pod: PodRecord) => boolean,
  classify: (pod: PodRecord) => PodClassification | null,
): BlockingPod[] {
  const out: BlockingPod[] = [];
  for (const pod of pods) {
    if (!isNew(pod)) continue;
    const trouble = classify(pod);
    if (trouble === null) continue;
    out.push({
      namespace: pod.namespace,
      name: pod.name,
      rule: trouble.rule,
      summary: trouble.summary,
      cause: trouble.cause,
      ...schedulerPlugins(trouble),
    });
  }
  return out.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.name, b.name));
}

/**
 * A StatefulSet's rollout: kubectl's stage and message, then why it cannot finish — its pods of the
 * update revision (controller-revision-hash) classified, since pods roll one ordinal at a time and a
 * broken one stops the rest — and what to do.
 */
export function analyzeStatefulSetRollout(input: SetRolloutInput<StatefulSetRecord>): RolloutStatus {
  const s = input.workload;
  const { stage: st, message, done } = statefulSetStage(s);
  const updating = s.updateRevision !== '' && s.updateRevision !== s.currentRevision;
  // While not updating, the pods that are not Ready are what the rollout waits for.
  const pods = done
    ? []
    : blocking(
        input.pods,
        (p) => !updating || p.labels[CONTROLLER_REVISION_HASH_LABEL] === s.updateRevision,
        input.classify,
      );
  const { stuckReason, recommendation } = explainRollout({
    kind: 'StatefulSet',
    namespace: s.namespace,
    name: s.name,
    done,
    paused: false,
    quota: null,
    claim: claimFacts(pods, new Map(input.pods.map((p) => [p.name, p])), input.scheduling),
    blockingPods: pods,
    previous: updating && s.currentRevision !== '' ? `revision ${s.currentRevision}` : null,
    deadline: null,
  });
  return {
    kind: 'StatefulSet',
    namespace: s.namespace,
    name: s.name,
    stage: st,
    message,
    done,
    paused: false,
    progress: {
      desired: s.replicas,
      updated: s.updatedReplicas,
      ready: s.readyReplicas,
      available: s.availableReplicas,
      old: updating ? Math.max(0, s.statusReplicas - s.updatedReplicas) : 0,
    },
    newReplicaSet: null,
    oldReplicaSets: [],
    stuckReason,
    blockingPods: pods,
    recommendation,
    revision: s.updateRevision === '' ? null : s.updateRevision,
    progressDeadlineExceeded: false,
    // Revisions of StatefulSets live in ControllerRevisions: each old pod's own revision against the
    // update revision, else currentRevision vs updateRevision.
    ...setDiffs(
      done,
      updating ? (input.revisions ?? []).find((r) => r.name === s.updateRevision) : undefined,
      input,
      () => statefulSetTemplateDiff(s, input.revisions ?? []),
    ),
    trigger: triggerOf(s.gitops),
    partition: s.rollingUpdate ? s.partition : null,
  };
}

/**
 * A DaemonSet's rollout: kubectl's stage and message, then why it cannot finish — its pods of the
 * current generation (pod-template-generation) classified — and what to do.
 */
export function analyzeDaemonSetRollout(input: SetRolloutInput<DaemonSetRecord>): RolloutStatus {
  const d = input.workload;
  const { stage: st, message, done } = daemonSetStage(d);
  const generation = String(d.generation);
  const pods = done
    ? []
    : blocking(
        input.pods,
        (p) => {
          const label = p.labels[POD_TEMPLATE_GENERATION_LABEL];
          return label === undefined || label === generation;
        },
        input.classify,
      );
  const { stuckReason, recommendation } = explainRollout({
    kind: 'DaemonSet',
    namespace: d.namespace,
    name: d.name,
    done,
    paused: false,
    quota: null,
    blockingPods: pods,
    previous: d.generation > 1 ? `generation ${d.generation - 1}` : null,
    deadline: null,
  });
  return {
    kind: 'DaemonSet',
    namespace: d.namespace,
    name: d.name,
    stage: st,
    message,
    done,
    paused: false,
    progress: {
      desired: d.desiredNumberScheduled,
      updated: d.updatedNumberScheduled,
      ready: d.numberReady,
      available: d.numberAvailable,
      old: Math.max(0, d.currentNumberScheduled - d.updatedNumberScheduled),
    },
    newReplicaSet: null,
    oldReplicaSets: [],
    stuckReason,
    blockingPods: pods,
    recommendation,
    revision: d.generation > 0 ? generation : null,
    progressDeadlineExceeded: false,
    // The newest ControllerRevision is the template being rolled out; each old pod's own revision is
    // compared with it, else the revision just before it.
    ...setDiffs(done, [...(input.revisions ?? [])].sort((a, b) => b.revision - a.revision)[0], input, () =>
      daemonSetTemplateDiff(input.revisions ?? []),
    ),
    trigger: triggerOf(d.gitops),
    partition: null,
  };
}
