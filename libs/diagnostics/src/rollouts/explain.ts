import { type AdmissionFailure, admissionLabel } from '../pods/admission-failure.ts';
import { POD_TROUBLES, type PodClassification } from '../pods/classify.ts';
import type { BlockingPod, RolloutStatus, WorkloadKind } from './deployment-rollout.ts';

/** What decides why a rollout is stuck, whatever its kind. */
export interface RolloutFacts {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  done: boolean;
  paused: boolean;
  /** A ReplicaFailure (FailedCreate) that refuses new pods at creation; null when none. */
  quota: { reason: string; message: string } | null;
  /**
   * The refusal told from the ResourceQuota itself ("ResourceQuota q in ns: requests.nvidia.com/gpu 8/8
   * used; the new pod asks 2"); absent or null when the quota is not known (the message is kept).
   */
  quotaDetail?: string | null;
  /** Why the new pods' claim does not bind, told from the claim and its StorageClass; absent or null: not known. */
  claim?: { text: string; fix: string } | null;
  /** New pods refused by the admission chain (a webhook or policy said no, or could not be called); null when not. */
  admission?: AdmissionFailure | null;
  /** Pods of the new revision that are not serving, classified. */
  blockingPods: readonly BlockingPod[];
  /** The earlier revision a rollback would return to ("revision 3 (api-7d9c)"); null when there is none. */
  previous: string | null;
  /** The progress-deadline message when it was exceeded; null otherwise (StatefulSets and DaemonSets have none). */
  deadline: string | null;
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

/** `{ plugins }` for a blocking pod the scheduler could not place (every plugin its message names), else nothing. */
export function schedulerPlugins(trouble: Pick<PodClassification, 'scheduling'>): { plugins?: string[] } {
  if (trouble.scheduling === null) return {};
  const plugins = new Set<string>();
  for (const r of trouble.scheduling.reasons) if (r.plugin !== null) plugins.add(r.plugin);
  return { plugins: [...plugins].sort() };
}

function undo(f: RolloutFacts): string {
  const command = `kubectl -n ${f.namespace} rollout undo ${f.kind.toLowerCase()}/${f.name}`;
  // With OrderedReady, a StatefulSet does not replace a broken pod by itself after the template is
  // reverted: the pod has to be deleted (Kubernetes docs, "Forced rollback").
  return f.kind === 'StatefulSet' ? `${command}, then delete the pods that run the bad revision` : command;
}

/** What to do when new pods cannot be scheduled: it depends on which filter rejects them. */
function unplaceable(pod: BlockingPod, f: RolloutFacts): RolloutStatus['recommendation'] {
  if (pod.cause === 'VolumeBinding' && f.claim != null) return { action: 'fix storage', reason: f.claim.fix };
  if (pod.cause === 'VolumeBinding') {
    return {
      action: 'fix storage',
      reason: `a PersistentVolumeClaim of the new pods is not bound: check its StorageClass exists and provisions (kubectl -n ${f.namespace} get pvc; kubectl get storageclass)`,
    };
  }
  // The scheduler reports the first filter a node fails, and NodeResourcesFit runs after NodeAffinity:
  // nodes that lack room matched the pod's selector/affinity. Then most nodes refusing it for affinity
  // (a GPU pod pinned to its pool, refused by every other pool) is by design, and room is what is missing.
  // Not so for taints: a node without the taint may simply have none of the resource.
  const someFitButFull = pod.cause === 'NodeAffinity' && (pod.plugins?.includes('NodeResourcesFit') ?? false);
  if (pod.cause !== null && PLACEMENT_PLUGINS.has(pod.cause) && !someFitButFull) {
    return f.previous === null
      ? {
          action: 'fix the template',
          reason: `no node accepts the new template (${pod.cause}): fix its tolerations or node selector/affinity`,
        }
      : {
          action: 'roll back',
          reason: `no node accepts the new template (${pod.cause}: its tolerations or node selector/affinity changed); ${f.previous} could be placed: ${undo(f)}`,
        };
  }
  return {
    action: 'fix capacity',
    reason: 'no node has room for the new pods: add capacity, free it, or lower the requests',
  };
}

/**
 * Why a rollout cannot finish on its own, and what to do — the same reasoning for every kind, in
 * order: paused, refused at creation (quota), a template that fails to run, new pods nobody can place,
 * the progress deadline; else wait.
 */
export function explainRollout(f: RolloutFacts): Pick<RolloutStatus, 'stuckReason' | 'recommendation'> {
  if (f.done) return { stuckReason: null, recommendation: { action: 'none', reason: 'rolled out' } };
  if (f.paused) {
    return {
      stuckReason: 'paused (spec.paused)',
      recommendation: {
        action: 'resume',
        reason: `kubectl -n ${f.namespace} rollout resume ${f.kind.toLowerCase()}/${f.name} when the pause is no longer wanted`,
      },
    };
  }
  if (f.admission != null) {
    const a = f.admission;
    const who = admissionLabel(a);
    return {
      stuckReason:
        a.outcome === 'DENIED'
          ? `new pods refused at admission: ${who} denied the request: ${a.detail}`
          : `new pods refused at admission: ${who} cannot be called: ${a.detail}`,
      recommendation: {
        action: 'fix admission',
        reason:
          a.outcome === 'DENIED'
            ? `the ${a.engine === 'webhook' ? 'webhook' : 'policy'} rejects the new template${a.policies.length > 0 ? ` (${a.policies.join(', ')})` : ''}: change the template to comply, or ask the policy's owners for an exception; the old pods keep serving`
            : `the API server cannot reach ${who} and it fails closed: check its pods and Service (kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations), then the controller retries`,
      },
    };
  }
  if (f.quota !== null && f.quotaDetail != null) {
    return {
      stuckReason: `new pods refused at creation: ${f.quotaDetail}`,
      recommendation: {
        action: 'fix quota',
        reason: 'new pods are refused at creation; raise the ResourceQuota or lower the requests',
      },
    };
  }
  if (f.quota !== null) {
    return {
      stuckReason: `ReplicaFailure ${f.quota.reason}: ${f.quota.message}`,
      recommendation: {
        action: 'fix quota',
        reason: 'new pods are refused at creation; raise the ResourceQuota or lower the requests',
      },
    };
  }
  const broken = f.blockingPods.find((p) => BROKEN_TEMPLATE.has(p.rule));
  if (broken !== undefined) {
    return {
      stuckReason: `new pods fail: ${broken.name} ${broken.summary}`,
      recommendation:
        f.previous === null
          ? {
              action: 'fix the template',
              reason: 'the template fails to run and there is no earlier revision to go back to',
            }
          : {
              action: 'roll back',
              reason: `the new template fails to run; ${f.previous} is the last one that ran: ${undo(f)}`,
            },
    };
  }
  const noRoom = f.blockingPods.find((p) => NO_ROOM.has(p.rule));
  if (noRoom !== undefined) {
    return {
      stuckReason: `new pods cannot be scheduled: ${noRoom.name} ${noRoom.summary}${noRoom.cause === 'VolumeBinding' && f.claim != null ? `; ${f.claim.text}` : ''}`,
      recommendation: unplaceable(noRoom, f),
    };
  }
  if (f.deadline !== null) {
    const unready = f.blockingPods[0];
    return {
      stuckReason:
        unready === undefined
          ? f.deadline
          : `${f.deadline} New pods not serving: ${unready.name} ${unready.summary}`,
      recommendation: {
        action: 'roll back',
        reason: 'the rollout made no progress within progressDeadlineSeconds',
      },
    };
  }
  return {
    stuckReason: null,
    recommendation: {
      action: 'wait',
      reason:
        f.blockingPods.length === 0 ? 'progressing' : `${f.blockingPods.length} new pod(s) not ready yet`,
    },
  };
}
