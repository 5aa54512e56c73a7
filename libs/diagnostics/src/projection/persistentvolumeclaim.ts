import type { PersistentVolumeClaimRecord } from '@fleetscope/types';
import { describeValue, fail, mapEntryString, optionalObject, optionalString } from './fields.ts';
import { metadataOf, readCreatedAt, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

export type { PersistentVolumeClaimRecord } from '@fleetscope/types';

/** Set by the scheduler on a WaitForFirstConsumer claim once it picked a node for the pod. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';

/**
 * Projects a core/v1 PersistentVolumeClaim to whether it is bound and through which class. An unset
 * `spec.storageClassName` stays null (the default class, if any, was applied at creation); "" is kept
 * as "" (explicitly no class).
 */
export function projectPersistentVolumeClaim(raw: unknown): ProjectionResult<PersistentVolumeClaimRecord> {
  return project('PersistentVolumeClaim', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const className = spec.storageClassName;
    if (className !== undefined && className !== null && typeof className !== 'string') {
      fail(`spec.storageClassName is not a string: ${describeValue(className)}`);
    }
    const annotations = optionalObject(metadata, 'annotations', 'metadata') ?? {};
    return {
      kind: 'PersistentVolumeClaim',
      ...readIdentity(metadata, true),
      createdAt: readCreatedAt(metadata),
      phase: optionalString(status, 'phase', 'status'),
      storageClassName: typeof className === 'string' ? className : null,
      volumeName: optionalString(spec, 'volumeName', 'spec'),
      selectedNode: mapEntryString(annotations, SELECTED_NODE_ANNOTATION, 'metadata.annotations'),
    };
  });
}
