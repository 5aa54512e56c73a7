import type {
  EventRecord,
  PersistentVolumeClaimRecord,
  ReplicaSetRecord,
  ResourceQuotaRecord,
  RuntimeClassRecord,
  StorageClassRecord,
} from '@fleetscope/types';

/**
 * The objects that decide whether a pod can be created and placed beside nodes and pods: its claims,
 * their StorageClasses, RuntimeClasses and the namespace's ResourceQuotas. A kind that was not listed
 * (a dump without it, a watch not synced or forbidden) is absent, so what rests on it stays unknown —
 * never "missing".
 */
export interface SchedulingObjects {
  /** A claim by namespace and name; undefined when not there. Absent: claims not known. */
  claim?(namespace: string, name: string): PersistentVolumeClaimRecord | undefined;
  /** Claims not Bound (the only ones findings look at); absent: claims not known. */
  pendingClaims?(): Iterable<PersistentVolumeClaimRecord>;
  /** Every StorageClass; absent: classes not known. */
  storageClasses?: readonly StorageClassRecord[];
  /** Every RuntimeClass; absent: not known. */
  runtimeClasses?: readonly RuntimeClassRecord[];
  /** A namespace's ResourceQuotas; absent: quotas not known. */
  quotas?(namespace: string): readonly ResourceQuotaRecord[];
  /** Every ResourceQuota (few: at most a handful per namespace); absent: not known. */
  allQuotas?(): Iterable<ResourceQuotaRecord>;
  /**
   * A namespace's ReplicaSets refused new pods (ReplicaFailure True), when the caller keeps them apart
   * (the API does, from deltas); absent: quota findings look through all of the namespace's ReplicaSets.
   */
  refusedReplicaSets?(namespace: string): readonly ReplicaSetRecord[];
  /** A claim's own events (persistentvolume-controller's ProvisioningFailed, …); absent: none known. */
  claimEvents?(namespace: string, name: string): readonly EventRecord[];
}

/** The arrays a dump or a test holds, indexed for {@link SchedulingObjects}; an absent array is unknown. */
export function indexSchedulingObjects(input: {
  claims?: readonly PersistentVolumeClaimRecord[];
  storageClasses?: readonly StorageClassRecord[];
  runtimeClasses?: readonly RuntimeClassRecord[];
  quotas?: readonly ResourceQuotaRecord[];
  claimEvents?: (namespace: string, name: string) => readonly EventRecord[];
}): SchedulingObjects {
  const out: SchedulingObjects = {};
  const claims = input.claims;
  if (claims !== undefined) {
    const byKey = new Map(claims.map((c) => [`${c.namespace}/${c.name}`, c]));
    out.claim = (namespace, name) => byKey.get(`${namespace}/${name}`);
    out.pendingClaims = () => claims.filter((c) => c.phase !== 'Bound');
  }
  if (input.storageClasses !== undefined) out.storageClasses = input.storageClasses;
  if (input.runtimeClasses !== undefined) out.runtimeClasses = input.runtimeClasses;
  const quotas = input.quotas;
  if (quotas !== undefined) {
    out.quotas = (namespace) => quotas.filter((q) => q.namespace === namespace);
    out.allQuotas = () => quotas;
  }
  if (input.claimEvents !== undefined) out.claimEvents = input.claimEvents;
  return out;
}

/**
 * The default StorageClass as the API server picks it: among classes annotated default, the newest
 * (by creation, then name) — Kubernetes ≥ 1.26 tolerates several. null when there is none; undefined
 * when classes are not known.
 */
export function defaultStorageClass(
  classes: readonly StorageClassRecord[] | undefined,
): StorageClassRecord | null | undefined {
  if (classes === undefined) return undefined;
  let best: StorageClassRecord | null = null;
  for (const c of classes) {
    if (!c.isDefault) continue;
    if (
      best === null ||
      c.createdAt > best.createdAt ||
      (c.createdAt === best.createdAt && c.name < best.name)
    )
      best = c;
  }
  return best;
}
