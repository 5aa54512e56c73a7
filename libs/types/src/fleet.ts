import type { ResourceFreshness } from './freshness.ts';
import type { Verdict } from './health.ts';

export interface NodeCounts {
  total: number;
  ready: number;
  notReady: number;
  /** Ready condition Unknown (kubelet stopped posting status). */
  unknown: number;
  cordoned: number;
}

export interface PodCounts {
  total: number;
  running: number;
  ready: number;
  pending: number;
  failed: number;
  succeeded: number;
  /** Running or Pending pods with a container in CrashLoopBackOff. */
  crashLooping: number;
}

/** One GPU-like extended resource (nvidia.com/gpu, a MIG profile, nvidia.com/gpu.shared), counted apart. */
export interface GpuResourceTotals {
  resource: string;
  allocatable: number;
  allocated: number;
  pending: number;
  unusable: number;
}

/**
 * Whole GPUs (nvidia.com/gpu) at the top level; every GPU-like resource apart in `byResource` — a MIG
 * slice or a time-sliced replica is not a GPU, so they are never summed into one number.
 */
export interface GpuTotals {
  /** Sum of allocatable nvidia.com/gpu over Ready nodes. */
  allocatable: number;
  /** GPU requests of non-terminal pods bound to nodes. */
  allocated: number;
  /** GPUs requested by pods that are not yet bound to a node. */
  pending: number;
  /** Allocatable on nodes that are not Ready or are cordoned (capacity not usable now). */
  unusable: number;
  /** Each GPU-like resource with any capacity or demand: nvidia.com/gpu first, then by name. */
  byResource: GpuResourceTotals[];
}

export interface WorkloadCounts {
  deployments: number;
  /** availableReplicas >= spec.replicas. */
  deploymentsAvailable: number;
  services: number;
  /** Services with a selector and no ready endpoint. */
  servicesWithoutEndpoints: number;
}

export interface PlaneHealth extends Verdict {}

export interface ClusterSummary {
  name: string;
  controlPlane: PlaneHealth;
  dataPlane: PlaneHealth;
  /** null while unknown: the nodes were never listed (unreachable, forbidden) — never read as 0. */
  nodes: NodeCounts | null;
  /** null while unknown: the pods were never listed. */
  pods: PodCounts | null;
  /** null while unknown: nodes or pods were never listed. */
  gpus: GpuTotals | null;
  workloads: WorkloadCounts;
  freshness: ResourceFreshness[];
  /** Epoch ms of the newest input this summary reflects; null when nothing has arrived. */
  dataAsOf: number | null;
  /** True when any resource this summary depends on is stale or never synced. */
  stale: boolean;
}

export interface FleetSummary {
  clusters: ClusterSummary[];
  /** Summed over the clusters whose GPU totals are known. */
  gpus: GpuTotals;
  /** Worst status over clusters per plane, ordered DOWN > DEGRADED > UNKNOWN > HEALTHY (UNKNOWN never reads as HEALTHY). */
  controlPlane: PlaneHealth;
  dataPlane: PlaneHealth;
  /** Epoch ms when this summary was computed. */
  generatedAt: number;
  /** Monotonic snapshot version. */
  version: number;
}
