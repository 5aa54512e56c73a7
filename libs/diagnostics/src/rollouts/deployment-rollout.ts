import type { DeploymentRecord, PodRecord, ReplicaSetRecord } from '@fleetscope/types';
import { type AdmissionFailure, parseAdmissionFailure } from '../pods/admission-failure.ts';
import type { PodClassification } from '../pods/classify.ts';
import type { SchedulingObjects } from '../storage/scheduling-objects.ts';
import { compareText } from '../verdict/text.ts';
import { explainRollout, schedulerPlugins } from './explain.ts';
import type { OldRevisionDiff } from './revision-diff.ts';
import { claimFacts, quotaFacts } from './storage-facts.ts';
import { diffTemplates, triggerOf } from './template-diff.ts';

/** The `kubectl rollout status` stages, in the order kubectl checks them. */
export type RolloutStage =
  | 'SPEC_NOT_OBSERVED'
  | 'DEADLINE_EXCEEDED'
  | 'UPDATING'
  | 'OLD_TERMINATING'
  | 'WAITING_AVAILABLE'
  /** StatefulSets: fewer Ready pods than replicas ("Waiting for N pods to be ready..."). */
  | 'WAITING_READY'
  | 'COMPLETE';

export type RolloutAction =
  | 'none'
  | 'wait'
  | 'resume'
  | 'roll back'
  | 'fix the template'
  | 'fix capacity'
  /** GPU fragmentation, not capacity, blocks the new pods: moving a few pods makes room (defrag-recommendation.ts). */
  | 'free room'
  | 'fix quota'
  | 'fix storage'
  | 'fix admission';

export interface BlockingPod {
  namespace: string;
  name: string;
  rule: string;
  summary: string;
  /** The narrower cause of its classification (OOMKilled, TaintToleration, VolumeBinding, …); null when none. */
  cause: string | null;
  /**
   * Every kube-scheduler plugin its unschedulable message names, sorted (the cause is only the one that
   * rejected most nodes); absent when it is not unschedulable.
   */
  plugins?: readonly string[];
}

/** One difference between the old and the new pod template (see template-diff.ts). */
export interface TemplateChange {
  /** image, env, readinessProbe, livenessProbe, startupProbe, resources, nodeSelector, affinity, tolerations, serviceAccount, runtimeClass, containers. */
  field: string;
  /** The container it is about; null for pod-level fields. */
  container: string | null;
  before: string;
  after: string;
}

/** What started a rollout, when a GitOps tool left its traces on the object. */
export interface RolloutTrigger {
  /** "Argo CD" or "Flux". */
  tool: string;
  /** The Argo CD application, or the Flux Kustomization / HelmRelease. */
  name: string;
  /** The label or annotation it was read from, with its value. */
  evidence: string;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface RolloutStatus {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  stage: RolloutStage;
  /** What `kubectl rollout status` prints at this stage, word for word. */
  message: string;
  done: boolean;
  paused: boolean;
  progress: { desired: number; updated: number; ready: number; available: number; old: number };
  /** The ReplicaSet of the current template (highest revision owned by the Deployment), and the older ones still holding pods. */
  newReplicaSet: { name: string; revision: string } | null;
  oldReplicaSets: { name: string; revision: string; replicas: number }[];
  /** Set when the rollout cannot finish on its own: the reason, in one line. */
  stuckReason: string | null;
  /** Pods of the new ReplicaSet that keep it from finishing, classified. */
  blockingPods: BlockingPod[];
  recommendation: { action: RolloutAction; reason: string };
  /** The revision being rolled out (the new ReplicaSet's); null when unknown. */
  revision: string | null;
  /** Progressing=False with reason ProgressDeadlineExceeded. */
  progressDeadlineExceeded: boolean;
  /** New pods refused by a webhook or admission policy (from ReplicaFailure); absent or null when not. */
  admission?: AdmissionFailure | null;
  /** Old vs new pod template; null when either template is unknown (not projected, no old revision). */
  templateDiff: TemplateChange[] | null;
  /**
   * StatefulSets and DaemonSets: the pods still on old revisions, grouped by the revision each runs
   * (controller-revision-hash), each with its own diff against the revision rolled out; absent or null
   * for Deployments, finished rollouts, or when the revision rolled out is not known.
   */
  oldRevisions?: OldRevisionDiff[] | null;
  /** The GitOps tool that applied it, when it left traces; null otherwise. */
  trigger: RolloutTrigger | null;
  /** StatefulSets: spec.updateStrategy.rollingUpdate.partition (pods below it keep the old revision); null otherwise. */
  partition: number | null;
}

/** What a rollout analysis needs about the cluster. */
export interface RolloutInput {
  deployment: DeploymentRecord;
  /** ReplicaSets of the namespace (those the Deployment controls are picked by owner uid). */
  replicaSets: readonly ReplicaSetRecord[];
  /** Pods whose controller is the given ReplicaSet uid. */
  podsOf(replicaSetUid: string): readonly PodRecord[];
  /** A pod's trouble, or null (usually classifyPod with its events). */
  classify(pod: PodRecord): PodClassification | null;
  /** Claims, StorageClasses and quotas, when known: the stuck reason then names the claim or quota at fault. */
  scheduling?: SchedulingObjects;
}

function revisionNumber(rs: ReplicaSetRecord): number {
  const n = Number(rs.revision);
  return Number.isFinite(n) ? n : -1;
}

function condition(d: DeploymentRecord, type: string): DeploymentRecord['conditions'][number] | undefined {
  return d.conditions.find((c) => c.type === type);
}

/** kubectl's stage and message (kubectl/pkg/polymorphichelpers/rollout_status.go, DeploymentStatusViewer). */
function kubectlStage(d: DeploymentRecord): { stage: RolloutStage; message: string } {
  const name = d.name;
  if (d.generation > d.observedGeneration) {
    return { stage: 'SPEC_NOT_OBSERVED', message: 'Waiting for deployment spec update to be observed...' };
  }
  if (condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return { stage: 'DEADLINE_EXCEEDED', message: `deployment "${name}" exceeded its progress deadline` };
  }
  if (d.updatedReplicas < d.replicas) {
    return {
      stage: 'UPDATING',
      message: `Waiting for deployment "${name}" rollout to finish: ${d.updatedReplicas} out of ${d.replicas} new replicas have been updated...`,
    };
  }
  if (d.statusReplicas > d.updatedReplicas) {
    return {
      stage: 'OLD_TERMINATING',
      message: `Waiting for deployment "${name}" rollout to finish: ${d.statusReplicas - d.updatedReplicas} old replicas are pending termination...`,
    };
  }
  if (d.availableReplicas < d.updatedReplicas) {
    return {
      stage: 'WAITING_AVAILABLE',
      message: `Waiting for deployment "${name}" rollout to finish: ${d.availableReplicas} of ${d.updatedReplicas} updated replicas are available...`,
    };
  }
  return { stage: 'COMPLETE', message: `deployment "${name}" successfully rolled out` };
}

/**
 * One Deployment's rollout: kubectl's stage and message, progress, new vs old ReplicaSets, and
 * when it cannot finish on its own, why (the new pods classified, a quota FailedCreate, the
 * progress deadline) and what to do — roll back a template that fails, fix capacity or quota, resume
 * a paused one, or wait.
 */
export function analyzeRollout(input: RolloutInput): RolloutStatus {
  const d = input.deployment;
  const owned = input.replicaSets
    .filter((rs) => rs.controller?.uid === d.uid)
    .sort((a, b) => revisionNumber(b) - revisionNumber(a) || compareText(a.name, b.name));
  const newest = owned[0];
  const old = owned.slice(1).filter((rs) => rs.replicas > 0);
  const { stage, message } = kubectlStage(d);
  const done = stage === 'COMPLETE';

  const blockingPods: BlockingPod[] = [];
  const podsByName = new Map<string, PodRecord>();
  if (newest !== undefined && !done) {
    for (const pod of input.podsOf(newest.uid)) {
      const trouble = input.classify(pod);
      if (trouble === null) continue;
      podsByName.set(pod.name, pod);
      blockingPods.push({
        namespace: pod.namespace,
        name: pod.name,
        rule: trouble.rule,
        summary: trouble.summary,
        cause: trouble.cause,
        ...schedulerPlugins(trouble),
      });
    }
    blockingPods.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.name, b.name));
  }

  const failure = condition(d, 'ReplicaFailure');
  const admission = failure?.status === 'True' ? parseAdmissionFailure(failure.message) : null;
  const quota =
    admission === null && failure?.status === 'True' && /exceeded quota|forbidden/i.test(failure.message)
      ? failure
      : undefined;
  const previous = old[0] ?? owned[1];
  const { stuckReason, recommendation } = explainRollout({
    kind: 'Deployment',
    namespace: d.namespace,
    name: d.name,
    done,
    paused: d.paused,
    quota: quota === undefined ? null : { reason: quota.reason, message: quota.message },
    quotaDetail: quota === undefined ? null : quotaFacts(quota.message, d.namespace, input.scheduling),
    claim: claimFacts(blockingPods, podsByName, input.scheduling),
    admission,
    blockingPods,
    previous: previous === undefined ? null : `revision ${previous.revision} (${previous.name})`,
    deadline:
      stage === 'DEADLINE_EXCEEDED'
        ? condition(d, 'Progressing')?.message || 'exceeded its progress deadline'
        : null,
  });

  return {
    kind: 'Deployment',
    namespace: d.namespace,
    name: d.name,
    stage,
    message,
    done,
    paused: d.paused,
    progress: {
      desired: d.replicas,
      updated: d.updatedReplicas,
      ready: d.readyReplicas,
      available: d.availableReplicas,
      old: Math.max(0, d.statusReplicas - d.updatedReplicas),
    },
    newReplicaSet: newest === undefined ? null : { name: newest.name, revision: newest.revision },
    oldReplicaSets: old.map((rs) => ({ name: rs.name, revision: rs.revision, replicas: rs.replicas })),
    stuckReason,
    blockingPods,
    recommendation,
    revision: newest?.revision || null,
    progressDeadlineExceeded: condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded',
    admission,
    templateDiff:
      newest?.template !== undefined && previous?.template !== undefined
        ? diffTemplates(previous.template, newest.template)
        : null,
    trigger: triggerOf(d.gitops),
    partition: null,
  };
}
