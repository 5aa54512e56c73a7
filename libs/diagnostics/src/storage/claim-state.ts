import type { PersistentVolumeClaimRecord } from '@fleetscope/types';
import { defaultStorageClass, type SchedulingObjects } from './scheduling-objects.ts';

/** Why a claim is not bound, as far as its StorageClass tells. */
export type ClaimProblem =
  /** spec.storageClassName names a StorageClass that does not exist: it never binds. */
  | 'class-missing'
  /** No class named and the cluster has no default StorageClass: it never binds dynamically. */
  | 'no-default'
  /** Its class binds WaitForFirstConsumer: it waits for its pod to be scheduled (not a fault by itself). */
  | 'wait-for-first-consumer'
  /** Its class exists and binds at once: the provisioner has not (yet) made a volume. */
  | 'provisioning'
  /** storageClassName "": only a matching pre-provisioned PersistentVolume binds it. */
  | 'static-only'
  /** phase Lost: its PersistentVolume is gone. */
  | 'lost'
  /** Classes not known (not listed): nothing can be said about them. */
  | 'unknown';

export interface ClaimState {
  problem: ClaimProblem;
  /** One line for a person, e.g. `PersistentVolumeClaim data/x is Pending: its StorageClass "fast-nvme" does not exist`. */
  text: string;
  /** The class it asks for, or the default that applies; null when none. */
  storageClass: string | null;
}

/** Problems that never resolve on their own: a finding, and "fix storage". */
export const CLAIM_FAULTS: ReadonlySet<ClaimProblem> = new Set(['class-missing', 'no-default', 'lost']);

/**
 * Why an unbound claim is not bound, from its class; null for a Bound claim. Pure: the claim and the
 * classes as last listed.
 */
export function claimState(
  claim: PersistentVolumeClaimRecord,
  objects: Pick<SchedulingObjects, 'storageClasses'>,
): ClaimState | null {
  if (claim.phase === 'Bound') return null;
  const subject = `PersistentVolumeClaim ${claim.namespace}/${claim.name} is ${claim.phase || 'not bound'}`;
  if (claim.phase === 'Lost') {
    return {
      problem: 'lost',
      text: `${subject}: its PersistentVolume ${claim.volumeName || '(unnamed)'} is gone`,
      storageClass: claim.storageClassName,
    };
  }
  if (claim.storageClassName === '') {
    return {
      problem: 'static-only',
      text: `${subject}: it asks for no StorageClass (""), so only a matching pre-provisioned PersistentVolume binds it`,
      storageClass: null,
    };
  }
  const classes = objects.storageClasses;
  if (classes === undefined) {
    return {
      problem: 'unknown',
      text: `${subject} (StorageClasses not known here)`,
      storageClass: claim.storageClassName,
    };
  }
  const name = claim.storageClassName ?? defaultStorageClass(classes)?.name ?? null;
  if (name === null) {
    return {
      problem: 'no-default',
      text: `${subject}: it names no StorageClass and the cluster has no default StorageClass`,
      storageClass: null,
    };
  }
  const found = classes.find((c) => c.name === name);
  if (found === undefined) {
    return {
      problem: 'class-missing',
      text: `${subject}: its StorageClass "${name}" does not exist`,
      storageClass: name,
    };
  }
  if (found.volumeBindingMode === 'WaitForFirstConsumer') {
    return {
      problem: 'wait-for-first-consumer',
      text: `${subject}: StorageClass "${name}" is WaitForFirstConsumer, so it binds only once its pod is scheduled${claim.selectedNode === '' ? '' : ` (node ${claim.selectedNode} selected)`}`,
      storageClass: name,
    };
  }
  return {
    problem: 'provisioning',
    text: `${subject}: StorageClass "${name}" (${found.provisioner}) has not provisioned a volume yet`,
    storageClass: name,
  };
}

/** What to do about a claim that does not bind. */
export function claimFix(claim: PersistentVolumeClaimRecord, state: ClaimState): string {
  switch (state.problem) {
    case 'class-missing':
      return `create StorageClass "${state.storageClass}" or point the claim at an existing one (kubectl get storageclass); storageClassName cannot be changed on a claim: recreate ${claim.namespace}/${claim.name}`;
    case 'no-default':
      return 'mark a StorageClass as the default (annotation storageclass.kubernetes.io/is-default-class: "true") or name one in the claim';
    case 'lost':
      return `the claim's PersistentVolume is gone: restore it from backup or recreate the claim ${claim.namespace}/${claim.name}`;
    case 'static-only':
      return 'create a PersistentVolume that matches the claim, or give the claim a StorageClass';
    default:
      return `check the provisioner's logs and the claim's events (kubectl -n ${claim.namespace} describe pvc ${claim.name})`;
  }
}
