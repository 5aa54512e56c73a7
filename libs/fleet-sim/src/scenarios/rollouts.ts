import { L4 } from './gpu-models.ts';
import type { ClusterSpec, RolloutFailureIncident, ScenarioSpec } from './spec.ts';

/**
 * What each stuck rollout of the scenario must be diagnosed as, through the API and the CLI alike.
 * Written from the incident's definition (generate/rollouts.ts), not from what the analysis says.
 */
export interface RolloutTruth {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  /** The GraphQL PodTroubleState of its new pods; null when none could be created. */
  podState: string | null;
  /** The classification rule of those pods (the finding's rule); null when none. */
  podRule: string | null;
  /** The classification's cause. */
  podCause: string | null;
  /** How many new pods block it. */
  blocking: number;
  /** kubectl's stage, and its message word for word. */
  stage: string;
  message: string;
  action: string;
  /** A phrase the stuck reason must hold. */
  stuckHolds: string;
  /** Template fields that differ between revision 1 and 2 (ReplicaSets, or ControllerRevisions for StatefulSets and DaemonSets). */
  changed: string[];
  /** The GitOps tool and object that applied it; null without traces. */
  trigger: { tool: string; name: string } | null;
}

const incidents: RolloutFailureIncident[] = [
  {
    kind: 'rollout-failure',
    namespace: 'shop',
    name: 'orders',
    pool: 'system',
    failure: 'config-error',
    progressDeadlineExceeded: true,
    gitops: 'argocd',
  },
  {
    kind: 'rollout-failure',
    namespace: 'inference',
    name: 'embedder',
    pool: 'system',
    failure: 'oom',
    gitops: 'flux-kustomize',
  },
  {
    kind: 'rollout-failure',
    namespace: 'shop',
    name: 'search-api',
    pool: 'system',
    failure: 'readiness',
    progressDeadlineExceeded: true,
    gitops: 'flux-helm',
  },
  {
    kind: 'rollout-failure',
    namespace: 'ml-batch',
    name: 'batch-scorer',
    pool: 'l4',
    failure: 'quota',
    gpus: 1,
  },
  {
    kind: 'rollout-failure',
    namespace: 'inference',
    name: 'vision-infer',
    pool: 'l4',
    failure: 'untolerated-taint',
    gpus: 1,
  },
  {
    kind: 'rollout-failure',
    namespace: 'data',
    name: 'feature-store',
    pool: 'system',
    failure: 'pvc-unbound',
  },
];

const updating = (name: string, updated: number): string =>
  `Waiting for deployment "${name}" rollout to finish: ${updated} out of 4 new replicas have been updated...`;

/** The ground truth of every stuck rollout in the `rollouts` scenario. */
export const ROLLOUT_TRUTH: readonly RolloutTruth[] = [
  {
    kind: 'Deployment',
    namespace: 'shop',
    name: 'orders',
    podState: 'CONFIG_ERROR',
    podRule: 'pod.config-error',
    podCause: 'missing ConfigMap or Secret',
    blocking: 2,
    stage: 'DEADLINE_EXCEEDED',
    message: 'deployment "orders" exceeded its progress deadline',
    action: 'roll back',
    stuckHolds: "CreateContainerConfigError: couldn't find key DATABASE_URL in Secret shop/orders-db",
    changed: ['image', 'env'],
    trigger: { tool: 'Argo CD', name: 'shop-orders' },
  },
  {
    namespace: 'inference',
    name: 'embedder',
    kind: 'Deployment',
    podState: 'CRASH_LOOP',
    podRule: 'pod.crashloop',
    podCause: 'OOMKilled',
    blocking: 2,
    stage: 'UPDATING',
    message: updating('embedder', 2),
    action: 'roll back',
    stuckHolds: 'last OOMKilled (exit 137)',
    changed: ['image', 'resources'],
    trigger: { tool: 'Flux', name: 'flux-system/inference-apps' },
  },
  {
    namespace: 'shop',
    name: 'search-api',
    kind: 'Deployment',
    podState: 'NOT_READY',
    podRule: 'pod.not-ready',
    podCause: 'readiness probe',
    blocking: 2,
    stage: 'DEADLINE_EXCEEDED',
    message: 'deployment "search-api" exceeded its progress deadline',
    action: 'roll back',
    stuckHolds: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    changed: ['image', 'readinessProbe'],
    trigger: { tool: 'Flux', name: 'shop/search-api' },
  },
  {
    namespace: 'ml-batch',
    name: 'batch-scorer',
    kind: 'Deployment',
    podState: null,
    podRule: null,
    podCause: null,
    blocking: 0,
    stage: 'UPDATING',
    message: updating('batch-scorer', 0),
    action: 'fix quota',
    // Told from the ResourceQuota (served beside the FailedCreate): its name, the resource, used/hard.
    stuckHolds:
      'ResourceQuota ml-batch-gpu-quota in ml-batch: requests.nvidia.com/gpu 8/8 used; the new pod asks 2',
    changed: ['image', 'resources'],
    trigger: null,
  },
  {
    namespace: 'inference',
    name: 'vision-infer',
    kind: 'Deployment',
    podState: 'UNSCHEDULABLE',
    podRule: 'pod.pending-unschedulable',
    podCause: 'TaintToleration',
    blocking: 2,
    stage: 'UPDATING',
    message: updating('vision-infer', 2),
    action: 'roll back',
    stuckHolds: '8 of 11 nodes have a taint the pod does not tolerate',
    changed: ['image', 'tolerations'],
    trigger: null,
  },
  {
    namespace: 'data',
    name: 'feature-store',
    kind: 'Deployment',
    podState: 'UNSCHEDULABLE',
    podRule: 'pod.pending-unschedulable',
    podCause: 'VolumeBinding',
    blocking: 2,
    stage: 'UPDATING',
    message: updating('feature-store', 2),
    action: 'fix storage',
    stuckHolds:
      'pod has unbound immediate PersistentVolumeClaims — PersistentVolumeClaim feature-store-data: ProvisioningFailed storageclass.storage.k8s.io "fast-nvme" not found; PersistentVolumeClaim data/feature-store-data is Pending: its StorageClass "fast-nvme" does not exist',
    changed: ['image', 'volumes'],
    trigger: null,
  },
  {
    kind: 'StatefulSet',
    namespace: 'data',
    name: 'postgres',
    podState: 'CRASH_LOOP',
    podRule: 'pod.crashloop',
    podCause: 'Error',
    blocking: 1,
    stage: 'WAITING_READY',
    message: 'Waiting for 1 pods to be ready...',
    action: 'roll back',
    stuckHolds: 'new pods fail: postgres-2 container postgres CrashLoopBackOff',
    // From its ControllerRevisions: currentRevision vs updateRevision.
    changed: ['image'],
    trigger: null,
  },
  {
    kind: 'DaemonSet',
    namespace: 'monitoring',
    name: 'dcgm-exporter',
    podState: 'IMAGE_PULL',
    podRule: 'pod.image-pull',
    podCause: 'image pull',
    blocking: 1,
    stage: 'UPDATING',
    message:
      'Waiting for daemon set "dcgm-exporter" rollout to finish: 1 out of 8 new pods have been updated...',
    action: 'roll back',
    stuckHolds: 'ImagePullBackOff',
    // From its ControllerRevisions: the newest against the one before.
    changed: ['image'],
    trigger: null,
  },
];

/**
 * The findings the claim and the quota behind two of the stuck rollouts make, by id suffix (after the
 * cluster): the claim Pending on a StorageClass that does not exist, the quota used up while refusing
 * a ReplicaSet.
 */
export const STORAGE_TRUTH = {
  pvcUnbound: {
    id: 'pvc.unbound/PersistentVolumeClaim/data/feature-store-data',
    namespace: 'data',
    claim: 'feature-store-data',
    cause: 'class-missing',
    title:
      'PersistentVolumeClaim data/feature-store-data is Pending: its StorageClass "fast-nvme" does not exist',
  },
  quotaExhausted: {
    id: 'quota.exhausted/ResourceQuota/ml-batch/ml-batch-gpu-quota',
    namespace: 'ml-batch',
    quota: 'ml-batch-gpu-quota',
    resource: 'requests.nvidia.com/gpu',
    hard: 8,
  },
} as const;

/** A Service whose selector matches no pod: no endpoints, ever. */
export const SELECTOR_MATCHES_NOTHING = { namespace: 'shop', name: 'legacy-frontend' } as const;

const cluster: ClusterSpec = {
  name: 'prod-rollouts',
  region: 'us-west-2',
  zones: ['us-west-2a', 'us-west-2b'],
  version: 'v1.35.2',
  provider: 'aws',
  pools: [
    {
      name: 'system',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'm7i.4xlarge',
      nodes: { small: 3, demo: 4 },
      cpu: 16,
      memoryGi: 64,
    },
    {
      name: 'l4',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'g6.2xlarge',
      nodes: { small: 8, demo: 10 },
      cpu: 8,
      memoryGi: 32,
      gpu: L4,
    },
  ],
  workloads: [
    {
      namespace: 'kube-system',
      name: 'coredns',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'system',
      image: 'registry.k8s.io/coredns/coredns:v1.12.0',
      cpu: '100m',
      memory: '70Mi',
      servicePort: 53,
    },
  ],
  incidents: [
    ...incidents,
    {
      kind: 'set-rollout-failure',
      workload: 'StatefulSet',
      namespace: 'data',
      name: 'postgres',
      pool: 'system',
      replicas: 3,
      failure: 'crash-loop',
    },
    {
      kind: 'set-rollout-failure',
      workload: 'DaemonSet',
      namespace: 'monitoring',
      name: 'dcgm-exporter',
      pool: 'l4',
      failure: 'image-pull',
    },
    {
      kind: 'service-without-endpoints',
      namespace: SELECTOR_MATCHES_NOTHING.namespace,
      name: SELECTOR_MATCHES_NOTHING.name,
      selector: { app: 'legacy-frontend' },
    },
  ],
};

/**
 * Rollouts that stall, one way each (issue 9): new pods that cannot read their config
 * (CreateContainerConfigError), that are OOMKilled, that never pass their readiness probe, that the
 * namespace's GPU quota refuses (FailedCreate), that no GPU node tolerates, and whose claim has no
 * StorageClass; a StatefulSet whose highest ordinal crash-loops on the new revision and a DaemonSet
 * whose first updated pod cannot pull its image; plus a Service whose selector matches nothing. {@link ROLLOUT_TRUTH} says what each
 * must be diagnosed as.
 */
export const rolloutsScenario: ScenarioSpec = {
  name: 'rollouts',
  description:
    'Six Deployments stuck mid-rollout one way each, a StatefulSet and a DaemonSet stopped by their first new pod, and a Service that selects nothing.',
  clusters: [cluster],
};
