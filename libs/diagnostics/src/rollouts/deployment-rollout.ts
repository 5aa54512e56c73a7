import type { DeploymentRecord, PodRecord, ReplicaSetRecord } from '@fleetscope/types';
import type { PodClassification } from '../pods/classify.ts';
import { POD_TROUBLES } from '../pods/classify.ts';
import { compareText } from '../verdict/text.ts';

/** The `kubectl rollout status` stages, in the order kubectl checks them. */
export type RolloutStage =
  | 'SPEC_NOT_OBSERVED'
  | 'DEADLINE_EXCEEDED'
  | 'UPDATING'
  | 'OLD_TERMINATING'
  | 'WAITING_AVAILABLE'
  | 'COMPLETE';

export type RolloutAction =
  | 'none'
  | 'wait'
  | 'resume'
  | 'roll back'
  | 'fix the template'
  | 'fix capacity'
  | 'fix quota'
  | 'fix storage';

export interface BlockingPod {
  namespace: string;
  name: string;
  rule: string;
  summary: string;
  /** The narrower cause of its classification (OOMKilled, TaintToleration, VolumeBinding, …); null when none. */
  cause: string | null;
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
  /** Old vs new pod template; null when either template is unknown (not projected, no old revision). */
  templateDiff: TemplateChange[] | null;
  /** The GitOps tool that applied it, when it left traces; null otherwise. */
  trigger: RolloutTrigger | null;
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

const BROKEN_TEMPLATE: ReadonlySet<string> = new Set([
  POD_TROUBLES.crashLoop,
  POD_TROUBLES.imagePull,
  POD_TROUBLES.configError,
  POD_TROUBLES.containerError,
]);
const NO_ROOM: ReadonlySet<string> = new Set([POD_TROUBLES.unschedulable]);

/** Scheduler plugins whose rejection says the template cannot be placed anywhere, whatever the capacity. */
const PLACEMENT_PLUGINS: ReadonlySet<string> = new Set(['TaintToleration', 'NodeAffinity']);

/** What to do when new pods cannot be scheduled: it depends on which filter rejects them. */
function unplaceable(
  pod: BlockingPod,
  previous: ReplicaSetRecord | undefined,
  d: DeploymentRecord,
): RolloutStatus['recommendation'] {
  if (pod.cause === 'VolumeBinding') {
    return {
      action: 'fix storage',
      reason: `a PersistentVolumeClaim of the new pods is not bound: check its StorageClass exists and provisions (kubectl -n ${d.namespace} get pvc; kubectl get storageclass)`,
    };
  }
  if (pod.cause !== null && PLACEMENT_PLUGINS.has(pod.cause)) {
    return previous === undefined
      ? {
          action: 'fix the template',
          reason: `no node accepts the new template (${pod.cause}): fix its tolerations or node selector/affinity`,
        }
      : {
          action: 'roll back',
          reason: `no node accepts the new template (${pod.cause}: its tolerations or node selector/affinity changed); revision ${previous.revision} (${previous.name}) could be placed: kubectl -n ${d.namespace} rollout undo deployment/${d.name}`,
        };
  }
  return {
    action: 'fix capacity',
    reason: 'no node has room for the new pods: add capacity, free it, or lower the requests',
  };
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
  if (newest !== undefined && !done) {
    for (const pod of input.podsOf(newest.uid)) {
      const trouble = input.classify(pod);
      if (trouble === null) continue;
      blockingPods.push({
        namespace: pod.namespace,
        name: pod.name,
        rule: trouble.rule,
        summary: trouble.summary,
        cause: trouble.cause,
      });
    }
    blockingPods.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.name, b.name));
  }

  const failure = condition(d, 'ReplicaFailure');
  const quota =
    failure?.status === 'True' && /exceeded quota|forbidden/i.test(failure.message) ? failure : undefined;
  const broken = blockingPods.find((p) => BROKEN_TEMPLATE.has(p.rule));
  const noRoom = blockingPods.find((p) => NO_ROOM.has(p.rule));
  const previous = old[0] ?? owned[1];

  let stuckReason: string | null = null;
  let recommendation: RolloutStatus['recommendation'];
  if (done) {
    recommendation = { action: 'none', reason: 'rolled out' };
  } else if (d.paused) {
    stuckReason = 'paused (spec.paused)';
    recommendation = {
      action: 'resume',
      reason: `kubectl -n ${d.namespace} rollout resume deployment/${d.name} when the pause is no longer wanted`,
    };
  } else if (quota !== undefined) {
    stuckReason = `ReplicaFailure ${quota.reason}: ${quota.message}`;
    recommendation = {
      action: 'fix quota',
      reason: 'new pods are refused at creation; raise the ResourceQuota or lower the requests',
    };
  } else if (broken !== undefined) {
    stuckReason = `new pods fail: ${broken.name} ${broken.summary}`;
    recommendation =
      previous === undefined
        ? {
            action: 'fix the template',
            reason: 'the template fails to run and there is no earlier revision to go back to',
          }
        : {
            action: 'roll back',
            reason: `the new template fails to run; revision ${previous.revision} (${previous.name}) is the last one that ran: kubectl -n ${d.namespace} rollout undo deployment/${d.name}`,
          };
  } else if (noRoom !== undefined) {
    stuckReason = `new pods cannot be scheduled: ${noRoom.name} ${noRoom.summary}`;
    recommendation = unplaceable(noRoom, previous, d);
  } else if (stage === 'DEADLINE_EXCEEDED') {
    const deadline = condition(d, 'Progressing')?.message || 'exceeded its progress deadline';
    const unready = blockingPods[0];
    stuckReason =
      unready === undefined
        ? deadline
        : `${deadline} New pods not serving: ${unready.name} ${unready.summary}`;
    recommendation = {
      action: 'roll back',
      reason: 'the rollout made no progress within progressDeadlineSeconds',
    };
  } else {
    recommendation = {
      action: 'wait',
      reason: blockingPods.length === 0 ? 'progressing' : `${blockingPods.length} new pod(s) not ready yet`,
    };
  }

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
    templateDiff: null,
    trigger: null,
  };
}
