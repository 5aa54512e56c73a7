import type { RuntimeClassRecord, Toleration } from '@fleetscope/types';
import {
  elementObject,
  type JsonObject,
  optionalArray,
  optionalObject,
  optionalString,
  requiredString,
  stringMap,
} from './fields.ts';
import { metadataOf, readCreatedAt, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

export type { RuntimeClassRecord } from '@fleetscope/types';

function readTolerations(scheduling: JsonObject): Toleration[] {
  return optionalArray(scheduling, 'tolerations', 'scheduling').map((t, i) => {
    const path = `scheduling.tolerations[${i}]`;
    const item = elementObject(t, 'scheduling.tolerations', i);
    return {
      key: optionalString(item, 'key', path),
      operator: optionalString(item, 'operator', path, 'Equal'),
      value: optionalString(item, 'value', path),
      effect: optionalString(item, 'effect', path),
    };
  });
}

/**
 * Projects a node.k8s.io/v1 RuntimeClass: its handler and the scheduling constraints admission adds to
 * the pods that name it (nodeSelector merged, tolerations appended).
 */
export function projectRuntimeClass(raw: unknown): ProjectionResult<RuntimeClassRecord> {
  return project('RuntimeClass', raw, (object) => {
    const metadata = metadataOf(object);
    const { uid, name, resourceVersion } = readIdentity(metadata, false);
    const scheduling = optionalObject(object, 'scheduling', '') ?? {};
    return {
      kind: 'RuntimeClass',
      uid,
      name,
      resourceVersion,
      createdAt: readCreatedAt(metadata),
      handler: requiredString(object, 'handler', ''),
      nodeSelector: stringMap(scheduling, 'nodeSelector', 'scheduling'),
      tolerations: readTolerations(scheduling),
    };
  });
}
