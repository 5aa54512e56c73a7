import type { DcgmClusterSpec } from '../dcgm/spec.ts';

/**
 * A scenario is data: which clusters, pools, workloads and incidents a simulated fleet contains. The
 * generators in `../generate/` turn it into Kubernetes objects.
 */

/** How big to build the fleet: `small` for fast tests, `demo` for the dashboard, `full` = demo plus the whole openb trace. */
export type FleetSize = 'small' | 'demo' | 'full';

/** A count that depends on the fleet size (`full` uses `demo` unless given). */
export interface Sized {
  small: number;
  demo: number;
  full?: number;
}

export interface GpuModel {
  /** GFD `nvidia.com/gpu.product`, before any sharing suffix. */
  product: string;
  /** GPUs per node. */
  count: number;
  memoryMiB: number;
  family: string;
  computeMajor: number;
  computeMinor: number;
  /** NVIDIA driver version, e.g. `570.133.20`. */
  driver: string;
  /** CUDA driver API version the driver supports, e.g. `12.8`. */
  cuda: string;
}

export interface MigLayout {
  /** How many nodes of the pool run MIG (the first N). */
  nodes: Sized;
  /** `nvidia.com/mig.config` value. */
  config: string;
  /** Instances per GPU of each profile, e.g. `{ '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 }`. */
  perGpu: Record<string, number>;
}

/** DRA devices of a pool: one ResourceSlice per node, and `claims` ResourceClaims allocated to the first devices. */
export interface DraDevices {
  driver: string;
  perNode: number;
  product: string;
  driverVersion: string;
  memoryGi: number;
  claims: number;
  /** Namespace and name prefix of the claims. */
  namespace: string;
  claimPrefix: string;
}

export interface PoolSpec {
  name: string;
  /** Label that names the pool (first-match rule in reference/gpu.md); absent → pools fall back to the GPU product. */
  poolLabel?: string;
  instanceType: string;
  nodes: Sized;
  cpu: number;
  memoryGi: number;
  gpu?: GpuModel;
  /** Time-slicing: each physical GPU is advertised `replicas` times. */
  timeSlicing?: { replicas: number };
  /** MIG with the mixed strategy on some nodes of the pool. */
  mig?: MigLayout;
  capacityType?: 'on-demand' | 'spot' | 'reserved';
  /**
   * GPUs handed out by a DRA driver (resource.k8s.io/v1) instead of the device plugin: the nodes carry
   * no nvidia.com/gpu resource; each gets a ResourceSlice, and the cluster serves the DRA API.
   */
  draDevices?: DraDevices;
  /** A driver rollout half done: the first N nodes of the pool already run this driver. */
  driverRollout?: { nodes: Sized; driver: string; cuda: string };
}

export type WorkloadRole = 'training' | 'inference' | 'batch' | 'service' | 'system';

export interface WorkloadSpec {
  namespace: string;
  name: string;
  pool: string;
  replicas: Sized;
  role: WorkloadRole;
  image: string;
  cpu: string;
  memory: string;
  /** GPUs (or MIG slices) per pod. */
  gpus?: number;
  /** Extended resource requested; default `nvidia.com/gpu`. */
  gpuResource?: string;
  /** Service in front of the pods, on this port. */
  servicePort?: number;
}

/** Situations layered on a healthy cluster. Each documents the finding it should cause. */
export type IncidentSpec =
  /** A Deployment whose single pod needs more GPUs than any node of the pool has free: Pending + FailedScheduling. */
  | { kind: 'unschedulable-gpu-pod'; namespace: string; name: string; pool: string; gpus: number }
  /**
   * A Deployment without GPUs whose single pod asks more cpu (and memory) than any node of the pool has
   * free: Pending + FailedScheduling with the scheduler's "Insufficient cpu" histogram.
   */
  | { kind: 'unschedulable-pod'; namespace: string; name: string; pool: string; cpu: string; memory: string }
  /** A Deployment whose pod crashes on start: CrashLoopBackOff with BackOff events. */
  | { kind: 'crash-loop'; namespace: string; name: string; pool: string; gpus?: number; exitCode: number }
  /**
   * A training Deployment whose GPU preflight init container crashes: the pod stays Pending in
   * Init:CrashLoopBackOff (its app container waits in PodInitializing), with BackOff events.
   */
  | { kind: 'init-crash-loop'; namespace: string; name: string; pool: string; gpus: number; exitCode: number }
  /** A node whose Ready condition is False (kubelet reports) or Unknown (kubelet silent). */
  | {
      kind: 'node-not-ready';
      pool: string;
      index: number;
      status: 'False' | 'Unknown';
      /** The node failed after its pods were placed (they stay bound there), not before. */
      afterPlacement?: boolean;
    }
  /** A Deployment whose image cannot be pulled (registry unreachable, typo): ImagePullBackOff with Pulling/Failed/BackOff events. */
  | {
      kind: 'image-pull-error';
      namespace: string;
      name: string;
      pool: string;
      image: string;
      replicas?: number;
    }
  /**
   * A Deployment whose pods the CNI cannot wire up (calico's agent lost its credentials): scheduled,
   * ContainerCreating, no pod IP, FailedCreatePodSandBox events naming the plugin.
   */
  | { kind: 'sandbox-failure'; namespace: string; name: string; pool: string; replicas?: number }
  /** One GPU of a node fell off the bus (XID 79): allocatable nvidia.com/gpu is one below capacity. */
  | { kind: 'gpu-fell-off-bus'; pool: string; index: number }
  /**
   * A driver rollout broke GPU validation on the last (newest) `nodes` nodes of a pool: they run `driver`,
   * the GPU Operator validator crash-loops in driver-validation, no GPU is allocatable there.
   */
  | { kind: 'gpu-validation-failing'; pool: string; nodes: Sized; driver: string }
  /** A node marked unschedulable (kubectl cordon). */
  | { kind: 'cordoned'; pool: string; index: number }
  /** A Service whose selector matches no pod. */
  | { kind: 'service-without-endpoints'; namespace: string; name: string; selector: Record<string, string> }
  /**
   * A Deployment rolled from revision 1 (running) to a revision 2 that cannot finish, stuck as the
   * deployment controller leaves it (see generate/rollouts.ts for each failure's exact wording).
   */
  | RolloutFailureIncident
  | GatewayRoutesIncident
  | KueueQuotaIncident
  /**
   * A StatefulSet or DaemonSet whose new revision's first pod fails (crash loop or image pull) and so
   * stops the rolling update: a StatefulSet at its highest ordinal, a DaemonSet on one node.
   */
  | {
      kind: 'set-rollout-failure';
      workload: 'StatefulSet' | 'DaemonSet';
      namespace: string;
      name: string;
      pool: string;
      /** StatefulSet replicas (a DaemonSet runs on every node of the pool). */
      replicas?: number;
      failure: 'crash-loop' | 'image-pull';
    };

/** One HTTPRoute of a {@link GatewayRoutesIncident}, and what its backend Service is like. */
export interface RouteSpec {
  name: string;
  hostname: string;
  /** The Service its single rule forwards to. */
  backend: string;
  /**
   * `serving`: a Service of one of the cluster's workloads (it must exist); `no-endpoints`: the
   * incident creates the Service, whose selector matches no pod (empty EndpointSlice); `missing`: no
   * such Service, and the controller says ResolvedRefs=False BackendNotFound.
   */
  backendState: 'serving' | 'no-endpoints' | 'missing';
  port?: number;
  /**
   * The backend's namespace when not the route's: a ReferenceGrant there allows the route when
   * `grant` is true (ResolvedRefs=True); without one the controller says ResolvedRefs=False
   * RefNotPermitted.
   */
  backendNamespace?: string;
  grant?: boolean;
}

/**
 * A Gateway (gateway.networking.k8s.io/v1, Programmed) in `namespace` with HTTPRoutes attached, their
 * status written as a Gateway controller writes it. The cluster then serves the Gateway API.
 */
export interface GatewayRoutesIncident {
  kind: 'gateway-routes';
  namespace: string;
  gateway: string;
  gatewayClass: string;
  /**
   * The GatewayClass (cluster-scoped) and whether its controller runs: `accepted` (default) — Accepted
   * and the Gateway Programmed; `no-controller` — no controller claims its controllerName, so the class
   * and the Gateway stay Accepted=Unknown Pending ("Waiting for controller") and nothing is programmed.
   */
  classState?: 'accepted' | 'no-controller';
  /** spec.controllerName of the class; default Envoy Gateway's. */
  controllerName?: string;
  routes: RouteSpec[];
}

/**
 * Kueue (kueue.x-k8s.io/v1beta2) with one ClusterQueue of `gpus` GPUs in flavor `flavor` (the pool's
 * GPUs), a LocalQueue in `namespace`, a Deployment `admitted` (pod integration: one Workload per pod,
 * admitted) using the whole quota, a pod `waiting` held by Kueue's admission gate whose Workload cannot
 * reserve quota, and a Workload `evicted` that was preempted. The cluster then serves Kueue.
 */
export interface KueueQuotaIncident {
  kind: 'kueue-quota-wait';
  namespace: string;
  pool: string;
  clusterQueue: string;
  localQueue: string;
  flavor: string;
  gpus: number;
  admitted: string;
  waiting: string;
  evicted: string;
}

/** How revision 2 of a rolled-out Deployment fails. */
export type RolloutFailure =
  /** A new env var from a Secret key that does not exist: CreateContainerConfigError. */
  | 'config-error'
  /** A lower memory limit: CrashLoopBackOff, last terminated OOMKilled (exit 137). */
  | 'oom'
  /** A new readiness probe path that answers 503: Running, Ready=false, Unhealthy events. */
  | 'readiness'
  /** More GPUs per pod than the namespace's ResourceQuota has left: ReplicaSet FailedCreate, ReplicaFailure. */
  | 'quota'
  /** The GPU toleration dropped from the template: Pending, untolerated taint nvidia.com/gpu. */
  | 'untolerated-taint'
  /** A PersistentVolumeClaim of a StorageClass that does not exist: Pending, unbound immediate PVCs. */
  | 'pvc-unbound'
  /**
   * The new template lacks the `team` label a Kyverno policy requires: its webhook denies every new
   * pod, so the ReplicaSet reports FailedCreate and no new pod exists.
   */
  | 'admission-denied';

export interface RolloutFailureIncident {
  kind: 'rollout-failure';
  namespace: string;
  name: string;
  pool: string;
  failure: RolloutFailure;
  /** Desired replicas; default 4. */
  replicas?: number;
  /** GPUs per pod (revision 1); default 0. */
  gpus?: number;
  /** Progressing=False, ProgressDeadlineExceeded (default: still within progressDeadlineSeconds). */
  progressDeadlineExceeded?: boolean;
  /** Traces a GitOps tool leaves on what it applies. */
  gitops?: 'argocd' | 'flux-kustomize' | 'flux-helm';
}

export interface ClusterSpec {
  name: string;
  region: string;
  zones: string[];
  /** API server gitVersion, also the kubelet version. */
  version: string;
  provider: 'aws' | 'gcp' | 'onprem';
  pools: PoolSpec[];
  workloads: WorkloadSpec[];
  /** Build GPU nodes and pods from the Alibaba openb trace: keep every `stride`-th node and running pod. */
  openb?: { stride: Sized; namespace: string };
  incidents: IncidentSpec[];
  /** Extra labels of namespaces, by namespace (e.g. `{ ml: { team: 'research' } }`: allocation per team). */
  namespaceLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** How the cluster's simulated dcgm-exporter behaves (idle notebooks, an XID, label naming); default: by workload role. */
  dcgm?: DcgmClusterSpec;
}

export interface ScenarioSpec {
  name: string;
  description: string;
  clusters: ClusterSpec[];
}

/** Resolves a sized count. */
export function sized(value: Sized, size: FleetSize): number {
  if (size === 'full') return value.full ?? value.demo;
  return value[size];
}
