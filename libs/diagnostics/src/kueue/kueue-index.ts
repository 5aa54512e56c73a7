import type {
  ClusterQueueRecord,
  ConditionRecord,
  KueueWorkloadRecord,
  LocalQueueRecord,
  OptionalApiState,
  PodRecord,
} from '@fleetscope/types';

/** Kueue's admission scheduling gate on the pods it manages (pod, deployment, statefulset integrations). */
export const KUEUE_ADMISSION_GATE = 'kueue.x-k8s.io/admission';
/** The label naming a job's (or pod's) LocalQueue. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** A workload's place in its ClusterQueue, as the visibility API answers (pendingworkloads). */
export interface QueuePosition {
  positionInClusterQueue: number;
  positionInLocalQueue: number | null;
}

/** What Kueue says about a gated pod: which queue it waits in, why, and where it stands. */
export interface KueueWait {
  /** The ClusterQueue (via the LocalQueue); null when neither the Workload nor the queue is known. */
  clusterQueue: string | null;
  localQueue: string | null;
  /** The Workload standing for the pod (namespace/name); null when none found. */
  workload: string | null;
  /**
   * Position in the ClusterQueue (1 = next) when the visibility API answered; null otherwise (not read,
   * not served, or the workload not in its answer).
   */
  position: number | null;
  /** The QuotaReserved condition when it is not True (reason e.g. Pending, WaitingForQuota, NoMatchingFlavor). */
  quotaReserved: ConditionRecord | null;
}

export interface KueueInput {
  /** Whether kueue.x-k8s.io is served (discovery). */
  api: OptionalApiState;
  /** Workloads, LocalQueues and ClusterQueues have been listed. */
  listed: boolean;
  workloads: Iterable<KueueWorkloadRecord>;
  localQueues: Iterable<LocalQueueRecord>;
  clusterQueues: Iterable<ClusterQueueRecord>;
  /**
   * Positions from the visibility API (`visibility.kueue.x-k8s.io …/pendingworkloads`), by workload
   * "namespace/name"; absent when it was not read.
   */
  positions?: ReadonlyMap<string, QueuePosition>;
}

export function conditionOf(conditions: readonly ConditionRecord[], type: string): ConditionRecord | null {
  return conditions.find((c) => c.type === type) ?? null;
}

/**
 * Kueue's objects indexed for the questions pods and findings ask: which Workload stands for a pod
 * (its ownerReferences name the pod, or the pod's controller such as a Job), which ClusterQueue a
 * LocalQueue feeds, and a pending workload's position when the visibility API gave one.
 */
export class KueueIndex {
  readonly api: OptionalApiState;
  readonly listed: boolean;
  readonly workloads: readonly KueueWorkloadRecord[];
  readonly localQueues: ReadonlyMap<string, LocalQueueRecord>;
  readonly clusterQueues: ReadonlyMap<string, ClusterQueueRecord>;
  readonly #byOwner = new Map<string, KueueWorkloadRecord>();
  readonly #positions: ReadonlyMap<string, QueuePosition> | undefined;

  constructor(input: KueueInput) {
    this.api = input.api;
    this.listed = input.listed;
    this.workloads = [...input.workloads];
    this.localQueues = new Map([...input.localQueues].map((q) => [`${q.namespace}/${q.name}`, q]));
    this.clusterQueues = new Map([...input.clusterQueues].map((q) => [q.name, q]));
    for (const w of this.workloads) for (const uid of w.ownerUids) this.#byOwner.set(uid, w);
    this.#positions = input.positions;
  }

  /** Kueue is served and its objects are in: questions get answers. */
  get usable(): boolean {
    return this.api.served === 'SERVED' && this.listed;
  }

  /** The Workload standing for a pod: owned by the pod itself (pod groups) or by its controller (Job …). */
  workloadOf(pod: PodRecord): KueueWorkloadRecord | undefined {
    return (
      this.#byOwner.get(pod.uid) ??
      (pod.controller === null ? undefined : this.#byOwner.get(pod.controller.uid))
    );
  }

  /** The ClusterQueue a workload is admitted to, else the one its LocalQueue feeds; null when unknown. */
  clusterQueueOf(workload: KueueWorkloadRecord): string | null {
    if (workload.admittedClusterQueue !== '') return workload.admittedClusterQueue;
    return this.localQueues.get(`${workload.namespace}/${workload.queueName}`)?.clusterQueue || null;
  }

  position(workload: KueueWorkloadRecord): number | null {
    return this.#positions?.get(`${workload.namespace}/${workload.name}`)?.positionInClusterQueue ?? null;
  }

  /** Whether the visibility API was read (positions are then known or the workload is not pending there). */
  get positionsRead(): boolean {
    return this.#positions !== undefined;
  }

  /** What Kueue says about a pod held by its admission gate; null when Kueue's objects are not usable. */
  waitOf(pod: PodRecord): KueueWait | null {
    if (!this.usable) return null;
    const workload = this.workloadOf(pod);
    const queueName = workload?.queueName || pod.labels[KUEUE_QUEUE_LABEL] || '';
    const localQueue = queueName === '' ? null : queueName;
    const clusterQueue =
      workload !== undefined
        ? this.clusterQueueOf(workload)
        : localQueue === null
          ? null
          : this.localQueues.get(`${pod.namespace}/${localQueue}`)?.clusterQueue || null;
    const quota = workload === undefined ? null : conditionOf(workload.conditions, 'QuotaReserved');
    return {
      clusterQueue,
      localQueue,
      workload: workload === undefined ? null : `${workload.namespace}/${workload.name}`,
      position: workload === undefined ? null : this.position(workload),
      quotaReserved: quota !== null && quota.status !== 'True' ? quota : null,
    };
  }
}
