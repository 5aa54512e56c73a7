import type {
  ClusterQueueRecord,
  GatewayClassRecord,
  GatewayRecord,
  HTTPRouteRecord,
  KueueWorkloadRecord,
  LocalQueueRecord,
  ReferenceGrantRecord,
} from './serving.ts';

/** Records of the optional API groups (Gateway API, Kueue): see serving.ts. */
export type ServingRecord =
  | GatewayRecord
  | HTTPRouteRecord
  | GatewayClassRecord
  | ReferenceGrantRecord
  | KueueWorkloadRecord
  | ClusterQueueRecord
  | LocalQueueRecord;

import type {
  ClusterPolicyRecord,
  GpuSideResource,
  LabelSelector,
  NamespaceRecord,
  PodDisruptionBudgetRecord,
  ResourceClaimRecord,
  ResourceSliceRecord,
} from './gpu-side-records.ts';
import type {
  PersistentVolumeClaimRecord,
  ResourceQuotaRecord,
  RuntimeClassRecord,
  SchedulingResource,
  StorageClassRecord,
} from './scheduling-records.ts';

/**
 * Compact projections of Kubernetes objects: only the fields analysis needs. Objects are projected
 * on arrival (like client-go's TransformFunc); whole objects and managedFields are never kept.
 * Times are epoch milliseconds (numbers are cheaper to hold than strings at 150k pods).
 * resourceVersion is opaque: only equality is meaningful.
 */

export interface ObjectKey {
  /** Empty string for cluster-scoped objects. */
  namespace: string;
  name: string;
}

export interface OwnerRef {
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

export interface NodeRecord {
  kind: 'Node';
  uid: string;
  name: string;
  resourceVersion: string;
  createdAt: number;
  /** Pool name resolved from labels (karpenter/GKE/EKS/AKS pool label, else GPU product). */
  pool: string;
  /** GPU product label (nvidia.com/gpu.product) or "" when absent. */
  gpuProduct: string;
  /** Ready condition: true, false, or null when the condition is Unknown/absent. */
  ready: boolean | null;
  readyReason: string;
  unschedulable: boolean;
  taints: Taint[];
  /** Allocatable nvidia.com/gpu (whole GPUs). */
  gpuAllocatable: number;
  /** Capacity nvidia.com/gpu (whole GPUs). */
  gpuCapacity: number;
  /** Other GPU-like extended resources (MIG profiles, gpu.shared) as allocatable counts. */
  gpuExtended: Record<string, number>;
  /**
   * Allocatable cpu in millicores, memory in bytes and the pod count (`pods`), for the fit check of
   * pending pods. Null when the node does not say or says something that is not a quantity (unknown,
   * never 0); absent on records built before these fields existed (unknown too).
   */
  cpuAllocatable?: number | null;
  memoryAllocatable?: number | null;
  podsAllocatable?: number | null;
  /**
   * Other extended resources in allocatable (hugepages, vendor devices that are not GPU-like), only
   * those the node advertises above 0; absent when none (most nodes).
   */
  extendedAllocatable?: Record<string, number>;
  labels: Record<string, string>;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface ContainerStateRecord {
  name: string;
  /** An init container (sidecars included): its crash loops and waits hold the pod back as much as an app container's. */
  init: boolean;
  ready: boolean;
  restartCount: number;
  /** Waiting reason (CrashLoopBackOff, ImagePullBackOff, ContainerCreating, ...) or "". */
  waitingReason: string;
  waitingMessage: string;
  /** Last termination reason (OOMKilled, Error, ...) or "". */
  lastTerminationReason: string;
  lastExitCode: number | null;
}

export interface PodRecord {
  kind: 'Pod';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  createdAt: number;
  deletionTimestamp: number | null;
  nodeName: string;
  phase: PodPhase;
  /** Ready condition true. */
  ready: boolean;
  /** PodScheduled=False: reason and message as kube-scheduler wrote them. */
  unschedulableReason: string;
  unschedulableMessage: string;
  controller: OwnerRef | null;
  labels: Record<string, string>;
  /** Sum of nvidia.com/gpu requests over app containers (max with init containers). */
  gpuRequest: number;
  /** Other GPU-like extended resource requests (MIG profiles, gpu.shared). */
  gpuExtendedRequest: Record<string, number>;
  /**
   * Effective cpu (millicores) and memory (bytes) requests as the scheduler counts them: app containers
   * summed (sidecars too), the largest init container if more, plus spec.overhead. Kept for every pod
   * (a bound pod's requests are its node's usage). Null when a request is not a quantity (unknown);
   * absent on records built before these fields existed (unknown too).
   */
  cpuRequest?: number | null;
  memoryRequest?: number | null;
  containers: ContainerStateRecord[];
  /**
   * Where the pod may run, kept only while it is not bound to a node (the fit check needs it then,
   * and most pods never do): nodeSelector, required node affinity and tolerations.
   */
  placement?: PodPlacement;
  /** spec.schedulingGates names (Kueue's `kueue.x-k8s.io/admission`, …); absent or empty: none. */
  schedulingGates?: readonly string[];
  /** status.reason (e.g. `Evicted`, `NodeLost`, `UnexpectedAdmissionError`); absent or "": none. */
  statusReason?: string;
  /** status.message, e.g. "The node was low on resource: memory."; absent or "": none. */
  statusMessage?: string;
}

/** One requirement of a node selector term (In, NotIn, Exists, DoesNotExist, Gt, Lt). */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: readonly string[];
}

export interface Toleration {
  key: string;
  /** Equal (default) or Exists. */
  operator: string;
  value: string;
  /** "" tolerates every effect. */
  effect: string;
}

export interface PodPlacement {
  nodeSelector: Readonly<Record<string, string>>;
  /** requiredDuringSchedulingIgnoredDuringExecution terms: a node must match one (terms are ORed). */
  requiredTerms: readonly (readonly NodeSelectorRequirement[])[];
  tolerations: readonly Toleration[];
  /**
   * PersistentVolumeClaims the pod mounts (spec.volumes persistentVolumeClaim, and the claims of its
   * generic ephemeral volumes: `<pod>-<volume>`), whose events say why a volume does not bind; absent
   * when none.
   */
  claims?: readonly string[];
  /** Required pod affinity terms (requiredDuringSchedulingIgnoredDuringExecution); absent when none. */
  podAffinity?: readonly PodAffinityTerm[];
  /** Required pod anti-affinity terms; absent when none. */
  podAntiAffinity?: readonly PodAffinityTerm[];
  /** topologySpreadConstraints with whenUnsatisfiable DoNotSchedule; absent when none. */
  topologySpread?: readonly TopologySpreadConstraint[];
  /** spec.runtimeClassName; absent when unset. */
  runtimeClassName?: string;
  /**
   * Requests of resources other than cpu, memory and GPU-like ones (hugepages, vendor devices,
   * ephemeral-storage), effective as for cpu; absent when none.
   */
  otherRequests?: Readonly<Record<string, number>>;
}

/**
 * One required pod (anti-)affinity term: pods matching `selector` in `namespaces` (the pod's own
 * namespace when the term names none), within the domain of `topologyKey`. namespaceSelector is not
 * kept: a term with one has `namespaceSelector: true` and is judged UNKNOWN rather than guessed.
 */
export interface PodAffinityTerm {
  /** null: the term has no labelSelector, which matches no pod. */
  selector: LabelSelector | null;
  namespaces: readonly string[];
  topologyKey: string;
  namespaceSelector?: boolean;
}

/** One topology spread constraint (DoNotSchedule only; ScheduleAnyway never blocks). */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector | null;
  /** null when not given. */
  minDomains: number | null;
}

export interface DeploymentRecord {
  kind: 'Deployment';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  generation: number;
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  statusReplicas: number;
  paused: boolean;
  selector: Record<string, string>;
  conditions: ConditionRecord[];
  /** Set when a GitOps tool left its traces (Argo CD, Flux); absent otherwise. */
  gitops?: GitOpsTrace;
}

export interface StatefulSetRecord {
  kind: 'StatefulSet';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  generation: number;
  observedGeneration: number;
  /** spec.replicas (defaulted to 1). */
  replicas: number;
  statusReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  /** spec.updateStrategy.type: RollingUpdate (default) or OnDelete. */
  updateStrategy: string;
  /** spec.updateStrategy.rollingUpdate is set (the API server defaults it for RollingUpdate). */
  rollingUpdate: boolean;
  /** spec.updateStrategy.rollingUpdate.partition; null when not set. */
  partition: number | null;
  /** status.currentRevision / updateRevision: ControllerRevision names (the pods' controller-revision-hash). */
  currentRevision: string;
  updateRevision: string;
  selector: Record<string, string>;
  gitops?: GitOpsTrace;
}

export interface DaemonSetRecord {
  kind: 'DaemonSet';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  generation: number;
  observedGeneration: number;
  /** spec.updateStrategy.type: RollingUpdate (default) or OnDelete. */
  updateStrategy: string;
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  updatedNumberScheduled: number;
  numberReady: number;
  numberAvailable: number;
  numberUnavailable: number;
  numberMisscheduled: number;
  selector: Record<string, string>;
  gitops?: GitOpsTrace;
}

/** One container of a pod template, as a rollout's template diff compares it (no values of env vars). */
export interface TemplateContainer {
  name: string;
  init: boolean;
  image: string;
  /** Names of env vars (values are never kept: they may be secrets), sorted. */
  envNames: readonly string[];
  /** Canonical one-line probes ("httpGet :8080/ready (period 10s, failures 3)"); null when absent. */
  readinessProbe: string | null;
  livenessProbe: string | null;
  startupProbe: string | null;
  /** "requests cpu=1 memory=2Gi; limits memory=2Gi", keys sorted; "" when none. */
  resources: string;
}

/**
 * The parts of a pod template a rollout's diff compares, kept compactly on each ReplicaSet (never
 * the whole template).
 */
export interface PodTemplateSummary {
  containers: readonly TemplateContainer[];
  /** "key=value" sorted. */
  nodeSelector: readonly string[];
  /** spec.affinity as canonical JSON (keys sorted, cut at 300 characters); "" when none. */
  affinity: string;
  /** "key=value:Effect", "key exists:Effect" (effect "*" for all), sorted. */
  tolerations: readonly string[];
  serviceAccount: string;
  runtimeClass: string;
  /** "name: pvc claim" / "name: configMap x" / "name: secret y" / "name: emptyDir", sorted. */
  volumes: readonly string[];
}

/** What started a rollout, read from the traces a GitOps tool leaves on what it applies. */
export interface GitOpsTrace {
  /** "Argo CD" or "Flux". */
  tool: string;
  /** The Argo CD application, or the Flux Kustomization / HelmRelease (namespace/name when known). */
  name: string;
  /** The label or annotation it was read from, with its value. */
  evidence: string;
}

export interface ConditionRecord {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: number | null;
}

export interface ReplicaSetRecord {
  kind: 'ReplicaSet';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  controller: OwnerRef | null;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  revision: string;
  podTemplateHash: string;
  conditions: ConditionRecord[];
  /**
   * The pod template, compactly, for the old-vs-new diff; absent when the object has none or holds no
   * pods (replicas 0: the revision history is not worth its memory).
   */
  template?: PodTemplateSummary;
}

/**
 * An apps/v1 ControllerRevision: a StatefulSet's or DaemonSet's pod template at one revision, kept
 * compactly for the template diff (never `data` whole).
 */
export interface ControllerRevisionRecord {
  kind: 'ControllerRevision';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** The StatefulSet or DaemonSet that owns it. */
  controller: OwnerRef | null;
  /** `.revision`: higher is newer. */
  revision: number;
  /** The controller-revision-hash label ("" when absent); the pods of this revision carry the same. */
  hash: string;
  /** data.spec.template, compactly; absent when the revision holds none. */
  template?: PodTemplateSummary;
}

export interface ServiceRecord {
  kind: 'Service';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  type: string;
  /** Empty selector means endpoints are managed by hand: not judged on endpoints. */
  selector: Record<string, string>;
}

export interface EndpointSliceRecord {
  kind: 'EndpointSlice';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** kubernetes.io/service-name label. */
  serviceName: string;
  endpoints: number;
  readyEndpoints: number;
}

export interface EventRecord {
  kind: 'Event';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  involvedKind: string;
  involvedName: string;
  involvedNamespace: string;
  count: number;
  lastSeenAt: number;
  reportingComponent: string;
}

export type ObjectRecord =
  | NodeRecord
  | PodRecord
  | DeploymentRecord
  | ReplicaSetRecord
  | ServiceRecord
  | EndpointSliceRecord
  | EventRecord
  | StatefulSetRecord
  | DaemonSetRecord
  | ServingRecord
  | ControllerRevisionRecord
  | ResourceSliceRecord
  | ResourceClaimRecord
  | PodDisruptionBudgetRecord
  | NamespaceRecord
  | ClusterPolicyRecord
  | PersistentVolumeClaimRecord
  | StorageClassRecord
  | RuntimeClassRecord
  | ResourceQuotaRecord;

export type RecordKind = ObjectRecord['kind'];

export const WATCHED_RESOURCES = [
  'nodes',
  'pods',
  'deployments',
  'replicasets',
  'services',
  'endpointslices',
  'events',
] as const;

/**
 * Workload controllers watched beside {@link WATCHED_RESOURCES} for rollout status, and the
 * ControllerRevisions that hold their templates (for the template diff). They are watched and their
 * freshness is recorded like the others; the data-plane counts do not rest on them.
 */
export const WORKLOAD_SET_RESOURCES = ['statefulsets', 'daemonsets', 'controllerrevisions'] as const;

/**
 * Resources of optional API groups (CRDs): watched only where discovery finds their group and
 * version served; elsewhere what depends on them is NOT_APPLICABLE. Gateway API (the serving path) and
 * Kueue (queued workloads).
 */
export const OPTIONAL_RESOURCES = [
  'gateways',
  'httproutes',
  'gatewayclasses',
  'referencegrants',
  'workloads',
  'clusterqueues',
  'localqueues',
] as const;
export type OptionalResource = (typeof OPTIONAL_RESOURCES)[number];

export type WatchedResource =
  | (typeof WATCHED_RESOURCES)[number]
  | (typeof WORKLOAD_SET_RESOURCES)[number]
  | OptionalResource
  | GpuSideResource
  | SchedulingResource;

export const RESOURCE_KIND: Record<WatchedResource, RecordKind> = {
  nodes: 'Node',
  pods: 'Pod',
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  services: 'Service',
  endpointslices: 'EndpointSlice',
  events: 'Event',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  gateways: 'Gateway',
  httproutes: 'HTTPRoute',
  gatewayclasses: 'GatewayClass',
  referencegrants: 'ReferenceGrant',
  workloads: 'Workload',
  clusterqueues: 'ClusterQueue',
  localqueues: 'LocalQueue',
  controllerrevisions: 'ControllerRevision',
  resourceslices: 'ResourceSlice',
  resourceclaims: 'ResourceClaim',
  poddisruptionbudgets: 'PodDisruptionBudget',
  namespaces: 'Namespace',
  clusterpolicies: 'ClusterPolicy',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  storageclasses: 'StorageClass',
  runtimeclasses: 'RuntimeClass',
  resourcequotas: 'ResourceQuota',
};
