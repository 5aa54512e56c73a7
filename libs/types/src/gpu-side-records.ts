/**
 * Compact projections of the objects GPU analysis reads beside nodes and pods: DRA ResourceSlices
 * and ResourceClaims, PodDisruptionBudgets (defragmentation moves), Namespaces (team label only) and
 * the GPU Operator's ClusterPolicy. Like the other records, only what analysis reads is kept.
 */

/** What Fleetscope keeps of a resource.k8s.io/v1 ResourceSlice: its pool and the names of its devices. */
export interface ResourceSliceRecord {
  kind: 'ResourceSlice';
  uid: string;
  name: string;
  /** Opaque; only equality means anything. "" when a dump left it out. */
  resourceVersion: string;
  driver: string;
  pool: { name: string; generation: number; resourceSliceCount: number };
  /** The node the devices are on; null for slices of several nodes (nodeSelector or allNodes). */
  nodeName: string | null;
  devices: string[];
}

/** What Fleetscope keeps of a resource.k8s.io/v1 ResourceClaim: which devices it holds. */
export interface ResourceClaimRecord {
  kind: 'ResourceClaim';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** status.allocation.devices.results: the devices allocated to it. */
  allocated: { driver: string; pool: string; device: string }[];
}

/** One requirement of a label selector (In, NotIn, Exists, DoesNotExist). */
export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A metav1.LabelSelector: every matchLabels entry and every requirement must hold. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelRequirement[];
}

/**
 * What Fleetscope keeps of a policy/v1 PodDisruptionBudget: which pods it covers and how many of
 * them may be evicted now. Only moves read it (defragmentation proposals).
 */
export interface PodDisruptionBudgetRecord {
  kind: 'PodDisruptionBudget';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** null: no selector (policy/v1 then selects no pod). An empty selector selects every pod of the namespace. */
  selector: LabelSelector | null;
  /** status.disruptionsAllowed; null when the disruption controller has not written a status yet. */
  disruptionsAllowed: number | null;
}

/**
 * What Fleetscope keeps of a Namespace: its name and the value of the configured team label (never
 * its other labels or annotations). "" when the namespace has no such label.
 */
export interface NamespaceRecord {
  kind: 'Namespace';
  uid: string;
  name: string;
  resourceVersion: string;
  team: string;
}

/** One status condition of a ClusterPolicy, as the GPU Operator writes it. */
export interface ClusterPolicyCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** What Fleetscope keeps of an nvidia.com/v1 ClusterPolicy (the GPU Operator's single configuration object). */
export interface ClusterPolicyRecord {
  kind: 'ClusterPolicy';
  uid: string;
  name: string;
  resourceVersion: string;
  /** status.state: `ready`, `notReady`, `ignored` (a second policy), or "" before the operator wrote one. */
  state: string;
  conditions: ClusterPolicyCondition[];
}

/**
 * Resources watched for GPU analysis only. Their freshness is kept apart from the core watches: a
 * cluster without DRA or the GPU Operator answers 404 for them, which is NOT_APPLICABLE there, never a
 * degraded control plane.
 */
export const GPU_SIDE_RESOURCES = [
  'resourceslices',
  'resourceclaims',
  'poddisruptionbudgets',
  'namespaces',
  'clusterpolicies',
] as const;

export type GpuSideResource = (typeof GPU_SIDE_RESOURCES)[number];
