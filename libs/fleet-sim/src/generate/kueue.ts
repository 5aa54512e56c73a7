import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';
import type { KueueQuotaIncident } from '../scenarios/spec.ts';
import { managedFields } from './meta.ts';

const GV = 'kueue.x-k8s.io/v1beta2';
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
export const KUEUE_GATE = 'kueue.x-k8s.io/admission';

function condition(type: string, status: 'True' | 'False', reason: string, message: string, at: number) {
  return { type, status, reason, message, lastTransitionTime: toKubeTime(at), observedGeneration: 1 };
}

function hex(random: Random): string {
  return random.string(5, '0123456789abcdef');
}

/** The wording Kueue's scheduler writes on a Workload it cannot fit (QuotaReserved=False, Pending). */
export function insufficientQuotaMessage(flavor: string, more: number): string {
  return `couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor ${flavor}, ${more} more needed`;
}

function workloadObject(
  incident: KueueQuotaIncident,
  random: Random,
  name: string,
  owner: { apiVersion: string; kind: string; name: string; uid: string },
  gpus: number,
  createdMs: number,
  status: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: GV,
    kind: 'Workload',
    metadata: {
      name,
      namespace: incident.namespace,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(createdMs),
      labels: { [KUEUE_QUEUE_LABEL]: incident.localQueue },
      ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
      managedFields: managedFields('kueue-controller-manager', GV, createdMs),
    },
    spec: {
      active: true,
      queueName: incident.localQueue,
      priority: 0,
      podSets: [
        {
          name: 'main',
          count: 1,
          template: {
            spec: {
              containers: [
                {
                  name: 'main',
                  resources: {
                    requests: { 'nvidia.com/gpu': String(gpus) },
                    limits: { 'nvidia.com/gpu': String(gpus) },
                  },
                },
              ],
            },
          },
        },
      ],
    },
    status,
  };
}

/** What the Kueue incident writes beside the admitted Deployment (built by the caller). */
export interface KueueObjects {
  flavor: KubeObject;
  clusterQueue: KubeObject;
  localQueue: KubeObject;
  workloads: KubeObject[];
  /** The pod held by Kueue's admission gate. */
  gatedPod: KubeObject;
}

/**
 * Kueue's objects for a {@link KueueQuotaIncident}: the ResourceFlavor, the ClusterQueue whose GPU
 * quota the admitted pods use up, its LocalQueue, one admitted Workload per admitted pod (pod
 * integration: owned by the pod), the gated pod and its Workload that cannot reserve quota, and a
 * Workload of a Job that was preempted and waits again.
 */
export function buildKueueObjects(
  incident: KueueQuotaIncident,
  random: Random,
  now: number,
  admittedPods: readonly KubeObject[],
  nodeSelector: Record<string, string>,
  tolerations: readonly Record<string, unknown>[],
): KueueObjects {
  const created = now - 7 * 86_400_000;
  const { namespace, flavor, clusterQueue: cqName, localQueue: lqName, gpus } = incident;
  const used = admittedPods.length;
  const flavorObject: KubeObject = {
    apiVersion: GV,
    kind: 'ResourceFlavor',
    metadata: {
      name: flavor,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(created),
      managedFields: managedFields('kubectl-client-side-apply', GV, created),
    },
    spec: { nodeLabels: nodeSelector },
  };
  const workloads: KubeObject[] = admittedPods.map((pod) => {
    const name = `pod-${pod.metadata.name}-${hex(random)}`;
    const at = Date.parse(pod.metadata.creationTimestamp ?? toKubeTime(now)) + 500;
    return workloadObject(
      incident,
      random,
      name,
      { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
      1,
      at,
      {
        admission: {
          clusterQueue: cqName,
          podSetAssignments: [
            {
              name: 'main',
              flavors: { 'nvidia.com/gpu': flavor },
              resourceUsage: { 'nvidia.com/gpu': '1' },
              count: 1,
            },
          ],
        },
        conditions: [
          condition('QuotaReserved', 'True', 'QuotaReserved', `Quota reserved in ClusterQueue ${cqName}`, at),
          condition('Admitted', 'True', 'Admitted', 'The workload is admitted', at),
          condition(
            'PodsReady',
            'True',
            'PodsReady',
            'All pods reached readiness and the workload is running',
            at + 30_000,
          ),
        ],
      },
    );
  });
  const waitingCreated = now - 25 * 60_000;
  const gatedPod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: incident.waiting,
      namespace,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(waitingCreated),
      labels: { app: incident.waiting, [KUEUE_QUEUE_LABEL]: lqName, 'kueue.x-k8s.io/managed': 'true' },
      annotations: { 'kueue.x-k8s.io/workload': '' },
      managedFields: managedFields('kubectl-client-side-apply', 'v1', waitingCreated),
    },
    spec: {
      schedulingGates: [{ name: KUEUE_GATE }],
      nodeSelector,
      tolerations,
      containers: [
        {
          name: 'trainer',
          image: 'nvcr.io/nvidia/pytorch:25.01-py3',
          resources: {
            requests: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' },
            limits: { 'nvidia.com/gpu': '1' },
          },
        },
      ],
      restartPolicy: 'Never',
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
          lastProbeTime: null,
          lastTransitionTime: toKubeTime(waitingCreated),
        },
      ],
      qosClass: 'Burstable',
    },
  };
  const waitingName = `pod-${incident.waiting}-${hex(random)}`;
  (gatedPod.metadata.annotations as Record<string, string>)['kueue.x-k8s.io/workload'] = waitingName;
  workloads.push(
    workloadObject(
      incident,
      random,
      waitingName,
      { apiVersion: 'v1', kind: 'Pod', name: gatedPod.metadata.name, uid: gatedPod.metadata.uid },
      1,
      waitingCreated + 500,
      {
        conditions: [
          condition(
            'QuotaReserved',
            'False',
            'Pending',
            insufficientQuotaMessage(flavor, 1),
            waitingCreated + 500,
          ),
        ],
      },
    ),
  );
  const evictedAt = now - 40 * 60_000;
  const admittedUid = (workloads[0]?.metadata.uid as string | undefined) ?? 'unknown';
  const preempted = `Preempted to accommodate a workload (UID: ${admittedUid}, JobUID: UNKNOWN) due to prioritization in the ClusterQueue`;
  workloads.push(
    workloadObject(
      incident,
      random,
      `job-${incident.evicted}-${hex(random)}`,
      { apiVersion: 'batch/v1', kind: 'Job', name: incident.evicted, uid: random.uuid() },
      1,
      now - 3 * 3_600_000,
      {
        requeueState: { count: 1, requeueAt: toKubeTime(evictedAt + 60_000) },
        conditions: [
          condition('QuotaReserved', 'False', 'Pending', insufficientQuotaMessage(flavor, 1), evictedAt),
          condition('Evicted', 'True', 'Preempted', preempted, evictedAt),
          condition('Preempted', 'True', 'InClusterQueue', preempted, evictedAt),
          condition('Requeued', 'True', 'Preempted', preempted, evictedAt),
          condition('Admitted', 'False', 'NoReservation', 'The workload has no reservation', evictedAt),
        ],
      },
    ),
  );
  const quota = String(gpus);
  const clusterQueue: KubeObject = {
    apiVersion: GV,
    kind: 'ClusterQueue',
    metadata: {
      name: cqName,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(created),
      managedFields: managedFields('kubectl-client-side-apply', GV, created),
    },
    spec: {
      namespaceSelector: {},
      queueingStrategy: 'BestEffortFIFO',
      resourceGroups: [
        {
          coveredResources: ['nvidia.com/gpu'],
          flavors: [{ name: flavor, resources: [{ name: 'nvidia.com/gpu', nominalQuota: quota }] }],
        },
      ],
      preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Never' },
    },
    status: {
      pendingWorkloads: 2,
      reservingWorkloads: used,
      admittedWorkloads: used,
      flavorsReservation: [
        { name: flavor, resources: [{ name: 'nvidia.com/gpu', total: String(used), borrowed: '0' }] },
      ],
      flavorsUsage: [
        { name: flavor, resources: [{ name: 'nvidia.com/gpu', total: String(used), borrowed: '0' }] },
      ],
      conditions: [condition('Active', 'True', 'Ready', 'Can admit new workloads', created + 1_000)],
    },
  };
  const localQueue: KubeObject = {
    apiVersion: GV,
    kind: 'LocalQueue',
    metadata: {
      name: lqName,
      namespace,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(created),
      managedFields: managedFields('kubectl-client-side-apply', GV, created),
    },
    spec: { clusterQueue: cqName },
    status: {
      pendingWorkloads: 2,
      reservingWorkloads: used,
      admittedWorkloads: used,
      conditions: [
        condition('Active', 'True', 'Ready', 'Can submit new workloads to localQueue', created + 1_000),
      ],
    },
  };
  return { flavor: flavorObject, clusterQueue, localQueue, workloads, gatedPod };
}
