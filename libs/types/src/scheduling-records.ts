import type { Toleration } from './projections.ts';

/**
 * Compact projections of the objects that decide whether a pending pod can be placed or created at
 * all, beside nodes and pods: its PersistentVolumeClaims and their StorageClasses (VolumeBinding), its
 * RuntimeClass, and the ResourceQuotas that refuse new pods at creation. Only what analysis reads is kept.
 */

/** What Fleetscope keeps of a PersistentVolumeClaim: whether it is bound, and through which class. */
export interface PersistentVolumeClaimRecord {
  kind: 'PersistentVolumeClaim';
  uid: string;
  namespace: string;
  name: string;
  /** Opaque; only equality means anything. "" when a dump left it out. */
  resourceVersion: string;
  createdAt: number;
  /** status.phase: Pending, Bound or Lost; "" when absent. */
  phase: string;
  /**
   * spec.storageClassName: null when unset (the default StorageClass was applied at creation, if any),
   * "" when explicitly no class (binds only to a pre-provisioned PersistentVolume).
   */
  storageClassName: string | null;
  /** spec.volumeName: the PersistentVolume it is bound (or pre-bound) to; "" when none. */
  volumeName: string;
  /** The volume.kubernetes.io/selected-node annotation (WaitForFirstConsumer chose a node); "" when none. */
  selectedNode: string;
}

/** What Fleetscope keeps of a storage.k8s.io/v1 StorageClass. */
export interface StorageClassRecord {
  kind: 'StorageClass';
  uid: string;
  name: string;
  resourceVersion: string;
  createdAt: number;
  provisioner: string;
  /** Immediate (the API default) or WaitForFirstConsumer. */
  volumeBindingMode: string;
  /** Annotated storageclass.kubernetes.io/is-default-class: "true". */
  isDefault: boolean;
}

/** What Fleetscope keeps of a node.k8s.io/v1 RuntimeClass. */
export interface RuntimeClassRecord {
  kind: 'RuntimeClass';
  uid: string;
  name: string;
  resourceVersion: string;
  createdAt: number;
  handler: string;
  /** scheduling.nodeSelector, merged into the pod's node selector at admission; {} when none. */
  nodeSelector: Record<string, string>;
  /** scheduling.tolerations, appended to the pod's at admission; [] when none. */
  tolerations: Toleration[];
}

/** What Fleetscope keeps of a ResourceQuota: its limits and what is used against them. */
export interface ResourceQuotaRecord {
  kind: 'ResourceQuota';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  createdAt: number;
  /**
   * status.hard and status.used by resource name (`pods`, `requests.cpu`, `requests.nvidia.com/gpu`, …),
   * quantities parsed to numbers (cores, bytes, counts). A quantity that does not parse is left out, so
   * a missing entry means unknown, never zero.
   */
  hard: Record<string, number>;
  used: Record<string, number>;
}

/**
 * Resources watched so pending-pod and rollout explanations can name the claim, class or quota at
 * fault. Their freshness is kept apart from the core watches: a stale PersistentVolumeClaim watch is
 * not a cluster whose pods are unknown, so it never gates the data-plane or control-plane verdicts.
 */
export const SCHEDULING_RESOURCES = [
  'persistentvolumeclaims',
  'storageclasses',
  'runtimeclasses',
  'resourcequotas',
] as const;

export type SchedulingResource = (typeof SCHEDULING_RESOURCES)[number];
