import type { PersistentVolumeClaimRecord, PodRecord, StorageClassRecord } from '@fleetscope/types';

/** A rejection of the whole pod before any node is looked at, like the scheduler's PreFilter. */
export interface PreFilterRejection {
  plugin: string;
  /** The scheduler's words ("persistentvolumeclaim \"x\" not found"); null when the scheduler says nothing of it. */
  scheduler: string | null;
  /** Ours, naming what is missing. */
  ours: string;
}

/** What the volume check found: a PreFilter rejection, or checks it could not make. */
export interface VolumeVerdict {
  rejection: PreFilterRejection | null;
  unknown: string[];
}

const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

/** Claims by "namespace/name", built once per claims array (a cluster's claims are read by every pending pod). */
const indexes = new WeakMap<
  readonly PersistentVolumeClaimRecord[],
  Map<string, PersistentVolumeClaimRecord>
>();

function claimIndex(
  claims: readonly PersistentVolumeClaimRecord[],
): Map<string, PersistentVolumeClaimRecord> {
  let index = indexes.get(claims);
  if (index === undefined) {
    index = new Map(claims.map((c) => [`${c.namespace}/${c.name}`, c]));
    indexes.set(claims, index);
  }
  return index;
}

/**
 * VolumeBinding's PreFilter for the pod's claims: a claim that does not exist, or an Immediate claim
 * still unbound, stops the pod on every node. A WaitForFirstConsumer claim binds once a node is chosen,
 * so it is no blocker by itself. Claims or StorageClasses not watched (null) leave the check UNKNOWN.
 */
export function checkVolumes(
  pod: PodRecord,
  claims: readonly PersistentVolumeClaimRecord[] | null,
  storageClasses: readonly StorageClassRecord[] | null,
): VolumeVerdict {
  const names = pod.placement?.claims ?? [];
  if (names.length === 0) return { rejection: null, unknown: [] };
  if (claims === null) {
    return { rejection: null, unknown: ['volumes (PersistentVolumeClaims not watched)'] };
  }
  const unknown: string[] = [];
  const unbound: string[] = [];
  const index = claimIndex(claims);
  for (const name of names) {
    const claim = index.get(`${pod.namespace}/${name}`);
    if (claim === undefined) {
      return {
        rejection: {
          plugin: 'VolumeBinding',
          scheduler: `persistentvolumeclaim "${name}" not found`,
          ours: `PersistentVolumeClaim ${pod.namespace}/${name} does not exist`,
        },
        unknown: [],
      };
    }
    if (claim.phase === 'Bound') continue;
    if (claim.phase === 'Lost') {
      unbound.push(`${name} is Lost (its PersistentVolume ${claim.volumeName || '?'} is gone)`);
      continue;
    }
    // Pending (or no status yet): what its class says about when it binds.
    if (claim.storageClassName === '') {
      unbound.push(`${name} asks for no StorageClass and no PersistentVolume is bound to it`);
      continue;
    }
    if (storageClasses === null) {
      unknown.push(`StorageClass of claim ${name} (StorageClasses not watched)`);
      continue;
    }
    const className = claim.storageClassName ?? storageClasses.find((c) => c.isDefault)?.name ?? null;
    if (className === null) {
      unbound.push(`${name} names no StorageClass and the cluster has no default one`);
      continue;
    }
    const storageClass = storageClasses.find((c) => c.name === className);
    if (storageClass === undefined) {
      unbound.push(`${name} is Pending: StorageClass "${className}" does not exist`);
      continue;
    }
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer') continue;
    unbound.push(
      `${name} is Pending: StorageClass "${className}" (Immediate, provisioner ${storageClass.provisioner}) has not bound it`,
    );
  }
  if (unbound.length > 0) {
    return {
      rejection: {
        plugin: 'VolumeBinding',
        scheduler: UNBOUND_IMMEDIATE,
        ours: `unbound PersistentVolumeClaim${unbound.length === 1 ? '' : 's'}: ${unbound.join('; ')}`,
      },
      unknown,
    };
  }
  return { rejection: null, unknown };
}
