import type { OwnerRef } from '@fleetscope/types';
import {
  elementObject,
  fail,
  type JsonObject,
  optionalArray,
  optionalBoolean,
  optionalObject,
  optionalString,
  optionalTime,
  requiredString,
  stringMap,
} from './fields.ts';

/** The identity fields every namespaced record keeps. */
export interface Identity {
  uid: string;
  /** "" for cluster-scoped kinds. */
  namespace: string;
  name: string;
  resourceVersion: string;
}

/** Object metadata, required (the API server always sets it). */
export function metadataOf(raw: JsonObject): JsonObject {
  return optionalObject(raw, 'metadata', '') ?? fail('metadata missing');
}

/** Reads identity: name and uid are required everywhere, namespace for namespaced kinds. */
export function readIdentity(metadata: JsonObject, namespaced: boolean): Identity {
  const name = requiredString(metadata, 'name', 'metadata');
  const namespace = namespaced ? requiredString(metadata, 'namespace', 'metadata') : '';
  return {
    uid: requiredString(metadata, 'uid', 'metadata'),
    namespace,
    name,
    resourceVersion: optionalString(metadata, 'resourceVersion', 'metadata'),
  };
}

/** creationTimestamp as epoch ms; 0 when absent (objects written by hand). */
export function readCreatedAt(metadata: JsonObject): number {
  return optionalTime(metadata, 'creationTimestamp', 'metadata') ?? 0;
}

/** Copied labels (needed for selectors and pools). */
export function readLabels(metadata: JsonObject): Record<string, string> {
  return stringMap(metadata, 'labels', 'metadata');
}

/** The ownerReference with `controller: true` (at most one per object), or null. */
export function readController(metadata: JsonObject): OwnerRef | null {
  const refs = optionalArray(metadata, 'ownerReferences', 'metadata');
  for (let i = 0; i < refs.length; i++) {
    const path = `metadata.ownerReferences[${i}]`;
    const ref = elementObject(refs[i], 'metadata.ownerReferences', i);
    if (!optionalBoolean(ref, 'controller', path)) continue;
    return {
      kind: requiredString(ref, 'kind', path),
      name: requiredString(ref, 'name', path),
      uid: requiredString(ref, 'uid', path),
      controller: true,
    };
  }
  return null;
}
