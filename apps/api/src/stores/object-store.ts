import type { RecordChange } from '@fleetscope/diagnostics';
import type {
  DeploymentRecord,
  EndpointSliceRecord,
  EventRecord,
  NodeRecord,
  ObjectRecord,
  PodRecord,
  RecordKind,
  ReplicaSetRecord,
  ServiceRecord,
} from '@fleetscope/types';
import { RecordSharing } from './record-sharing.ts';

export type RecordOfKind<K extends RecordKind> = Extract<ObjectRecord, { kind: K }>;

/**
 * What a write did, so listeners update their aggregates from the records themselves, never by
 * rescanning the store: for each key touched, the record before and after (client-go's Delta, with
 * the old object a listener needs to subtract what it had counted).
 */
export interface StoreChange {
  kind: RecordKind;
  type: 'upsert' | 'remove' | 'replace';
  /** One per key touched; for 'replace' every key added, changed or removed (unchanged keys omitted). */
  deltas: RecordChange[];
}

export type StoreListener = (change: StoreChange) => void;

/** Key of a record: "namespace/name", or "name" for cluster-scoped objects (like client-go's MetaNamespaceKeyFunc). */
export function recordKey(record: { namespace?: string; name: string }): string {
  return record.namespace ? `${record.namespace}/${record.name}` : record.name;
}

/**
 * Compact projections of one cluster's objects with the indexes analysis needs: pods by node and
 * pods by controller. Holds only projected records, never raw objects. Plain class with no framework
 * types so the offline CLI and the API share it.
 */
export class ObjectStore {
  readonly #byKind = new Map<RecordKind, Map<string, ObjectRecord>>();
  readonly #podsByNode = new Map<string, Set<string>>();
  readonly #podsByController = new Map<string, Set<string>>();
  readonly #listeners = new Set<StoreListener>();
  /** Values the stored pods hold in common, held once (see RecordSharing). */
  readonly #sharing = new RecordSharing();

  /**
   * Adds or replaces one record. Returns false when nothing changed (same resourceVersion). The store
   * takes the record over: it may point the record's fields at equal values other records share.
   */
  upsert(record: ObjectRecord): boolean {
    const map = this.#map(record.kind);
    const key = recordKey(record);
    const previous = map.get(key);
    if (previous && sameVersion(previous, record)) return false;
    this.#sharing.replace(record, previous);
    map.set(key, record);
    this.#reindex(key, previous, record);
    this.#emit({ kind: record.kind, type: 'upsert', deltas: [{ key, previous, next: record }] });
    return true;
  }

  /** Removes one record by key. Returns false when it was not there. */
  remove(kind: RecordKind, key: string): boolean {
    const map = this.#map(kind);
    const previous = map.get(key);
    if (!previous) return false;
    map.delete(key);
    this.#unindex(key, previous);
    this.#sharing.release(previous);
    this.#emit({ kind, type: 'remove', deltas: [{ key, previous, next: undefined }] });
    return true;
  }

  /**
   * Replaces every record of a kind (a relist). Records that vanished are removed: this is how a
   * delete missed while the watch was down is noticed (client-go's DeletedFinalStateUnknown). A record
   * at the same uid and resourceVersion as the stored one is the same object state: the stored record
   * stays (the listed one is dropped), as it would for an upsert.
   */
  replaceAll(kind: RecordKind, records: Iterable<ObjectRecord>): StoreChange {
    const map = this.#map(kind);
    const next = new Map<string, ObjectRecord>();
    for (const record of records) {
      if (record.kind !== kind) continue;
      next.set(recordKey(record), record);
    }
    const deltas: RecordChange[] = [];
    for (const [key, previous] of map) {
      const incoming = next.get(key);
      if (incoming && sameVersion(previous, incoming)) {
        next.set(key, previous);
        continue;
      }
      this.#unindex(key, previous);
      if (incoming) this.#sharing.replace(incoming, previous);
      else this.#sharing.release(previous);
      deltas.push({ key, previous, next: incoming });
    }
    for (const [key, record] of next) {
      const previous = map.get(key);
      if (previous === record) continue;
      if (!previous) {
        this.#sharing.replace(record, undefined);
        deltas.push({ key, previous: undefined, next: record });
      }
      this.#index(key, record);
    }
    this.#byKind.set(kind, next);
    const change: StoreChange = { kind, type: 'replace', deltas };
    this.#emit(change);
    return change;
  }

  get<K extends RecordKind>(kind: K, key: string): RecordOfKind<K> | undefined {
    return this.#map(kind).get(key) as RecordOfKind<K> | undefined;
  }

  list<K extends RecordKind>(kind: K): IterableIterator<RecordOfKind<K>> {
    return this.#map(kind).values() as IterableIterator<RecordOfKind<K>>;
  }

  count(kind: RecordKind): number {
    return this.#map(kind).size;
  }

  has(kind: RecordKind, key: string): boolean {
    return this.#map(kind).has(key);
  }

  nodes(): IterableIterator<NodeRecord> {
    return this.list('Node');
  }
  pods(): IterableIterator<PodRecord> {
    return this.list('Pod');
  }
  deployments(): IterableIterator<DeploymentRecord> {
    return this.list('Deployment');
  }
  replicaSets(): IterableIterator<ReplicaSetRecord> {
    return this.list('ReplicaSet');
  }
  services(): IterableIterator<ServiceRecord> {
    return this.list('Service');
  }
  endpointSlices(): IterableIterator<EndpointSliceRecord> {
    return this.list('EndpointSlice');
  }
  events(): IterableIterator<EventRecord> {
    return this.list('Event');
  }

  /** Pods bound to a node (any phase). */
  podsOnNode(nodeName: string): PodRecord[] {
    return this.#resolvePods(this.#podsByNode.get(nodeName));
  }

  /** Pods whose controller ownerReference has this uid. */
  podsOwnedBy(controllerUid: string): PodRecord[] {
    return this.#resolvePods(this.#podsByController.get(controllerUid));
  }

  /** How many distinct values the stored pods share, per table: bounded by what stored pods use. */
  sharedValueCounts(): ReturnType<RecordSharing['sizes']> {
    return this.#sharing.sizes();
  }

  onChange(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #resolvePods(keys: Set<string> | undefined): PodRecord[] {
    if (!keys) return [];
    const pods = this.#map('Pod');
    const out: PodRecord[] = [];
    for (const key of keys) {
      const pod = pods.get(key);
      if (pod?.kind === 'Pod') out.push(pod);
    }
    return out;
  }

  #map(kind: RecordKind): Map<string, ObjectRecord> {
    let map = this.#byKind.get(kind);
    if (!map) {
      map = new Map();
      this.#byKind.set(kind, map);
    }
    return map;
  }

  #index(key: string, record: ObjectRecord): void {
    if (record.kind !== 'Pod') return;
    if (record.nodeName) addToIndex(this.#podsByNode, record.nodeName, key);
    if (record.controller) addToIndex(this.#podsByController, record.controller.uid, key);
  }

  /** Moves a key between index entries only when its node or controller changed (most events change neither). */
  #reindex(key: string, previous: ObjectRecord | undefined, record: ObjectRecord): void {
    if (previous?.kind !== 'Pod' || record.kind !== 'Pod') {
      if (previous) this.#unindex(key, previous);
      this.#index(key, record);
      return;
    }
    if (previous.nodeName !== record.nodeName) {
      if (previous.nodeName) removeFromIndex(this.#podsByNode, previous.nodeName, key);
      if (record.nodeName) addToIndex(this.#podsByNode, record.nodeName, key);
    }
    const before = previous.controller?.uid;
    const after = record.controller?.uid;
    if (before !== after) {
      if (before !== undefined) removeFromIndex(this.#podsByController, before, key);
      if (after !== undefined) addToIndex(this.#podsByController, after, key);
    }
  }

  #unindex(key: string, record: ObjectRecord): void {
    if (record.kind !== 'Pod') return;
    if (record.nodeName) removeFromIndex(this.#podsByNode, record.nodeName, key);
    if (record.controller) removeFromIndex(this.#podsByController, record.controller.uid, key);
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

/** The same object at the same resourceVersion (opaque: only equality means anything). */
function sameVersion(a: ObjectRecord, b: ObjectRecord): boolean {
  return a.resourceVersion === b.resourceVersion && a.uid === b.uid;
}

function addToIndex(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  let set = index.get(indexKey);
  if (!set) {
    set = new Set();
    index.set(indexKey, set);
  }
  set.add(key);
}

function removeFromIndex(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  const set = index.get(indexKey);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) index.delete(indexKey);
}
