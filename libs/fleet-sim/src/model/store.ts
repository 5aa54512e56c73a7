import type { Clock } from '../clock.ts';
import { toKubeTime } from '../clock.ts';
import type { Random } from '../random.ts';
import { resourceTypeByName } from './resources.ts';
import type { ChangeRecord, KubeObject, WatchEventType } from './types.ts';

export type StoreListener = (record: ChangeRecord) => void;

export interface ObjectStoreOptions {
  clock: Clock;
  random: Random;
  /** Change records kept for watch resumption before the oldest are compacted away (default 20 000). */
  maxHistory?: number;
}

/** Thrown by `create` when the key is taken. */
export class AlreadyExistsError extends Error {}

/** `namespace/name` (or `name` for cluster-scoped objects): the order etcd lists keys in. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One cluster's storage, shaped like etcd behind the watch cache: a single monotonically increasing
 * resourceVersion for every write, and a bounded log of changes that watches resume from. Versions at or
 * below the compaction point can no longer be replayed (watch → 410 Gone, continue → 410 Expired).
 *
 * Stored objects are never mutated in place: every write stores a fresh copy, so references handed out
 * stay valid snapshots.
 */
export class ObjectStore {
  private lastRv = 0;
  private compactedThrough = 0;
  private readonly byResource = new Map<string, Map<string, KubeObject>>();
  private history: ChangeRecord[] = [];
  private readonly lastChangeByResource = new Map<string, number>();
  private readonly listeners = new Set<StoreListener>();
  /** Keys of each resource in key order, kept until an object of it is added or removed. */
  private readonly sortedKeys = new Map<string, string[]>();
  /**
   * Recent list snapshots (`resource@rv` → objects in key order), so the pages of one paged LIST are cut
   * from one snapshot instead of rebuilding and sorting it for every page (what made a 150 000-pod LIST
   * in pages of 500 quadratic). A snapshot at a fixed version never changes; it is dropped once compacted.
   */
  private readonly snapshots = new Map<string, KubeObject[]>();
  private readonly clock: Clock;
  private readonly random: Random;
  readonly maxHistory: number;

  constructor(options: ObjectStoreOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.maxHistory = options.maxHistory ?? 20_000;
  }

  /** The newest resourceVersion, as the decimal string clients see. */
  resourceVersion(): string {
    return String(this.lastRv);
  }

  latestRv(): number {
    return this.lastRv;
  }

  /** resourceVersion of the newest change to one resource (0 when it never changed since start). */
  lastChangeRv(resource: string): number {
    return this.lastChangeByResource.get(resource) ?? 0;
  }

  /** Changes with rv <= this are gone; a watch or continue from an older version gets 410. */
  compactedRv(): number {
    return this.compactedThrough;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byResource.get(resource)?.get(objectKey(namespace, name));
  }

  /** How many objects of one resource are stored. */
  count(resource: string): number {
    return this.byResource.get(resource)?.size ?? 0;
  }

  /** Current objects of one resource in key order. Treat them as read-only. */
  list(resource: string): KubeObject[] {
    const map = this.byResource.get(resource);
    if (!map) return [];
    let keys = this.sortedKeys.get(resource);
    if (keys === undefined) {
      keys = [...map.keys()].sort(compareKeys);
      this.sortedKeys.set(resource, keys);
    }
    return keys.map((key) => map.get(key) as KubeObject);
  }

  /**
   * The objects of one resource at `rv` in key order, as a paged LIST reads them (see `snapshotAt`), kept
   * for the next pages of the same list; undefined when `rv` is compacted or in the future. Treat the
   * array and its objects as read-only.
   */
  listAt(resource: string, rv: number): readonly KubeObject[] | undefined {
    if (rv < this.compactedThrough || rv > this.lastRv) return undefined;
    // Nothing of this resource changed after rv: the snapshot is the current list.
    const at = Math.min(rv, this.lastChangeRv(resource));
    const id = `${resource}@${at}`;
    let objects = this.snapshots.get(id);
    if (objects === undefined) {
      objects = at === this.lastChangeRv(resource) ? this.list(resource) : this.snapshotAt(resource, rv);
      if (objects === undefined) return undefined;
      // Few lists page at a time: keep the newest handful, and none a continue token could no longer use.
      for (const key of [...this.snapshots.keys()]) {
        if (Number(key.slice(key.lastIndexOf('@') + 1)) < this.compactedThrough) this.snapshots.delete(key);
      }
      const oldest = this.snapshots.keys().next();
      if (this.snapshots.size >= 8 && oldest.done !== true) this.snapshots.delete(oldest.value);
      this.snapshots.set(id, objects);
    }
    return objects;
  }

  /** Adds a new object; throws AlreadyExistsError when the key is taken. */
  create(resource: string, object: KubeObject): KubeObject {
    if (this.get(resource, object.metadata.namespace, object.metadata.name)) {
      throw new AlreadyExistsError(`${resource} "${object.metadata.name}" already exists`);
    }
    return this.write(resource, object);
  }

  /** Creates or replaces an object. */
  put(resource: string, object: KubeObject): KubeObject {
    return this.write(resource, object);
  }

  /** Applies `mutate` to a copy of the stored object and stores it; undefined when it does not exist. */
  update(
    resource: string,
    namespace: string | undefined,
    name: string,
    mutate: (object: KubeObject) => void,
  ): KubeObject | undefined {
    const current = this.get(resource, namespace, name);
    if (!current) return undefined;
    const copy = structuredClone(current);
    mutate(copy);
    copy.metadata.name = name;
    if (namespace) copy.metadata.namespace = namespace;
    return this.write(resource, copy);
  }

  /** Deletes an object; returns its last state (stamped with the deletion's resourceVersion). */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const map = this.byResource.get(resource);
    const key = objectKey(namespace, name);
    const previous = map?.get(key);
    if (!map || !previous) return undefined;
    map.delete(key);
    this.sortedKeys.delete(resource);
    const rv = ++this.lastRv;
    const object = structuredClone(previous);
    object.metadata.resourceVersion = String(rv);
    this.record({ rv, resource, type: 'DELETED', object, previous });
    return object;
  }

  /**
   * Drops change history up to `rv` (default: everything so far). Watches and continue tokens from
   * versions below this point get 410 afterwards.
   */
  compact(rv: number = this.lastRv): void {
    const through = Math.min(Math.max(rv, this.compactedThrough), this.lastRv);
    this.history = this.history.filter((r) => r.rv > through);
    this.compactedThrough = through;
  }

  /** Changes of one resource after `rv`, oldest first; undefined when `rv` is already compacted. */
  changesSince(resource: string, rv: number): ChangeRecord[] | undefined {
    if (rv < this.compactedThrough) return undefined;
    return this.history.filter((r) => r.rv > rv && r.resource === resource);
  }

  /**
   * The objects of one resource as they were at `rv` (key order), rebuilt by undoing newer changes;
   * undefined when `rv` is compacted or in the future.
   */
  snapshotAt(resource: string, rv: number): KubeObject[] | undefined {
    if (rv < this.compactedThrough || rv > this.lastRv) return undefined;
    const state = new Map(this.byResource.get(resource) ?? []);
    for (let i = this.history.length - 1; i >= 0; i--) {
      const change = this.history[i] as ChangeRecord;
      if (change.rv <= rv) break;
      if (change.resource !== resource) continue;
      const key = objectKey(change.object.metadata.namespace, change.object.metadata.name);
      if (change.type === 'ADDED') state.delete(key);
      else if (change.previous) state.set(key, change.previous);
    }
    return [...state.entries()].sort((a, b) => compareKeys(a[0], b[0])).map((e) => e[1]);
  }

  /** Registers a listener for every change; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(resource: string, input: KubeObject): KubeObject {
    const type = resourceTypeByName(resource);
    let map = this.byResource.get(resource);
    if (!map) {
      map = new Map();
      this.byResource.set(resource, map);
    }
    const object = structuredClone(input);
    if (!type.namespaced) delete object.metadata.namespace;
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const previous = map.get(key);
    const rv = ++this.lastRv;
    const meta = object.metadata;
    meta.resourceVersion = String(rv);
    if (previous) {
      // Identity fields belong to the server, whatever the writer sent.
      meta.uid = previous.metadata.uid;
      meta.creationTimestamp = previous.metadata.creationTimestamp;
      if (type.hasGeneration) {
        const specChanged = JSON.stringify(object.spec) !== JSON.stringify(previous.spec);
        meta.generation = (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      }
    } else {
      if (!meta.uid) meta.uid = this.random.uuid();
      if (!meta.creationTimestamp) meta.creationTimestamp = toKubeTime(this.clock.now());
      if (type.hasGeneration) meta.generation = meta.generation ?? 1;
    }
    if (!previous) this.sortedKeys.delete(resource);
    map.set(key, object);
    const change: WatchEventType = previous ? 'MODIFIED' : 'ADDED';
    this.record({ rv, resource, type: change, object, ...(previous ? { previous } : {}) });
    return object;
  }

  private record(change: ChangeRecord): void {
    this.history.push(change);
    this.lastChangeByResource.set(change.resource, change.rv);
    // Compact in batches so a busy store does not shift the array on every write.
    if (this.history.length > this.maxHistory * 1.25) {
      const drop = this.history.length - this.maxHistory;
      this.compactedThrough = (this.history[drop - 1] as ChangeRecord).rv;
      this.history = this.history.slice(drop);
    }
    for (const listener of [...this.listeners]) listener(change);
  }
}
