import type { StorageClassRecord } from '@fleetscope/types';
import {
  describeValue,
  fail,
  mapEntryString,
  optionalObject,
  optionalString,
  requiredString,
} from './fields.ts';
import { metadataOf, readCreatedAt, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

export type { StorageClassRecord } from '@fleetscope/types';

/** The annotation that makes a StorageClass the default (the beta one is still honoured). */
const DEFAULT_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
] as const;

const BINDING_MODES = new Set(['Immediate', 'WaitForFirstConsumer']);

/** Projects a storage.k8s.io/v1 StorageClass: provisioner, binding mode and whether it is the default. */
export function projectStorageClass(raw: unknown): ProjectionResult<StorageClassRecord> {
  return project('StorageClass', raw, (object) => {
    const metadata = metadataOf(object);
    const { uid, name, resourceVersion } = readIdentity(metadata, false);
    const annotations = optionalObject(metadata, 'annotations', 'metadata') ?? {};
    const mode = optionalString(object, 'volumeBindingMode', '', 'Immediate');
    if (!BINDING_MODES.has(mode)) fail(`volumeBindingMode is not a binding mode: ${describeValue(mode)}`);
    return {
      kind: 'StorageClass',
      uid,
      name,
      resourceVersion,
      createdAt: readCreatedAt(metadata),
      provisioner: requiredString(object, 'provisioner', ''),
      volumeBindingMode: mode,
      // The API server reads the value case-sensitively: only "true" makes a default.
      isDefault: DEFAULT_ANNOTATIONS.some(
        (key) => mapEntryString(annotations, key, 'metadata.annotations') === 'true',
      ),
    };
  });
}
