/** JSON values, as they travel on the wire. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: JsonObject[];
}

/**
 * A Kubernetes object as the simulator stores it: always with kind and apiVersion (LIST responses strip
 * them from items, like the real server). Everything outside metadata is free-form JSON.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A watch event type as it appears on the wire. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One entry of a cluster's change log (what watches replay). */
export interface ChangeRecord {
  /** Numeric form of the resourceVersion this change produced (the server may order its own versions). */
  rv: number;
  resource: string;
  type: WatchEventType;
  /** The object after the change (for DELETED: the last state, stamped with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change (absent for ADDED). */
  previous?: KubeObject;
}
