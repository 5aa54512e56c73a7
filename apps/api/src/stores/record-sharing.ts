import type { ContainerStateRecord, ObjectRecord, OwnerRef, PodRecord } from '@fleetscope/types';
import {
  HASH_START,
  hashNumber,
  hashString,
  SharedObjects,
  SharedStrings,
  type ValueKind,
} from './shared-values.ts';

type StringMap = Record<string, string>;
type Amounts = Record<string, number>;
type Containers = ContainerStateRecord[];

/*
 * Equality is over every own property, compared with ===, in order: a field added to a record later is
 * compared too (and an object-valued one compares by identity, so it only stops sharing, never shares
 * wrongly).
 */
const FLAT_RECORDS: ValueKind<object> = {
  hash: hashEntries,
  equal: sameEntries,
};

const CONTAINER_LISTS: ValueKind<Containers> = {
  hash(list) {
    let h = HASH_START;
    for (const c of list) h = hashEntries(c, h);
    return h;
  },
  equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!sameEntries(a[i] as ContainerStateRecord, b[i] as ContainerStateRecord)) return false;
    }
    return true;
  },
  // The list is shared whole, so its records are too: freeze them with it.
  adopt(list) {
    for (const c of list) Object.freeze(c);
  },
};

/**
 * Makes the pods of one store share what they hold in common: namespace and node name strings, the
 * controller reference (every pod of a ReplicaSet has the same), the labels map (pods of one
 * ReplicaSet have identical labels, pod-template-hash included), the GPU extended requests (nearly
 * always empty) and the container states list (identical for the many pods whose containers run
 * ready and never restarted). Shared values are frozen, and equal in content to what projection
 * produced, so analysis sees the same records: only `===` between records' parts changes.
 *
 * Runs after projection, when the store takes a record over, in place: the record's own fields are
 * pointed at the canonical values, so its shape (property order) stays the one projection gave it.
 * Every value is counted once per stored record using it ({@link SharedStrings}, {@link SharedObjects}):
 * the store calls {@link replace} when a record comes in (with the one it replaces, if any) and
 * {@link release} when one goes without a successor, so a value leaves its table with the last record
 * using it.
 *
 * Container lists with a waiting message are kept as they are: kubelet's messages name the pod, so
 * they are never shared and would only cost a table entry.
 */
export class RecordSharing {
  readonly #strings = new SharedStrings();
  readonly #owners = new SharedObjects<OwnerRef>(FLAT_RECORDS);
  readonly #labels = new SharedObjects<StringMap>(FLAT_RECORDS);
  readonly #amounts = new SharedObjects<Amounts>(FLAT_RECORDS);
  readonly #containers = new SharedObjects<Containers>(CONTAINER_LISTS);

  /**
   * `next` is about to be stored in place of `previous` (undefined for a new key). Points `next` at
   * shared values and releases what only `previous` used. A field equal to `previous`'s takes
   * `previous`'s value and its count, which is the common case of a watch event and costs a compare.
   */
  replace(next: ObjectRecord, previous: ObjectRecord | undefined): void {
    const old = sharedPod(previous);
    const pod = sharedPod(next);
    if (pod === undefined) {
      if (old !== undefined) this.release(old);
      return;
    }
    if (pod === old) return; // the same object stored again: its values are counted already
    pod.namespace = this.#string(pod.namespace, old?.namespace);
    pod.nodeName = this.#string(pod.nodeName, old?.nodeName);
    pod.controller = this.#owner(pod.controller, old?.controller);
    pod.labels = this.#object(this.#labels, pod.labels, old?.labels);
    pod.gpuExtendedRequest = this.#object(this.#amounts, pod.gpuExtendedRequest, old?.gpuExtendedRequest);
    pod.containers = this.#containerList(pod.containers, old?.containers);
  }

  /** `record` left the store with no successor: its values are used once fewer. */
  release(record: ObjectRecord): void {
    const pod = sharedPod(record);
    if (pod === undefined) return;
    this.#strings.release(pod.namespace);
    this.#strings.release(pod.nodeName);
    if (pod.controller !== null) this.#owners.release(pod.controller);
    this.#labels.release(pod.labels);
    this.#amounts.release(pod.gpuExtendedRequest);
    this.#containers.release(pod.containers);
  }

  /** How many distinct values each table holds (for tests and diagnostics). */
  sizes(): { strings: number; owners: number; labels: number; amounts: number; containers: number } {
    return {
      strings: this.#strings.size,
      owners: this.#owners.size,
      labels: this.#labels.size,
      amounts: this.#amounts.size,
      containers: this.#containers.size,
    };
  }

  #string(value: string, old: string | undefined): string {
    if (old === value) return old;
    const shared = this.#strings.acquire(value);
    if (old !== undefined) this.#strings.release(old);
    return shared;
  }

  #owner(value: OwnerRef | null, old: OwnerRef | null | undefined): OwnerRef | null {
    if (old !== undefined && old !== null && value !== null && sameEntries(old, value)) return old;
    const shared = value === null ? null : this.#owners.acquire(value);
    if (old !== undefined && old !== null) this.#owners.release(old);
    return shared;
  }

  #object<T extends object>(table: SharedObjects<T>, value: T, old: T | undefined): T {
    if (old !== undefined && (old === value || sameEntries(old, value))) return old;
    const shared = table.acquire(value);
    if (old !== undefined) table.release(old);
    return shared;
  }

  #containerList(value: Containers, old: Containers | undefined): Containers {
    if (old !== undefined && (old === value || CONTAINER_LISTS.equal(old, value))) return old;
    const shared = value.some((c) => c.waitingMessage !== '') ? value : this.#containers.acquire(value);
    if (old !== undefined) this.#containers.release(old);
    return shared;
  }
}

/**
 * The pod records this class manages. A frozen record (built by hand, never by projection) cannot be
 * pointed at shared values: it is left alone on the way in and on the way out alike.
 */
function sharedPod(record: ObjectRecord | undefined): PodRecord | undefined {
  return record !== undefined && record.kind === 'Pod' && !Object.isFrozen(record) ? record : undefined;
}

function sameEntries(a: object, b: object): boolean {
  if (a === b) return true;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i] as string;
    if (key !== bKeys[i]) return false;
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/**
 * A hash of the values only, in order: keys and order are checked by {@link sameEntries}, and a
 * collision costs an equality check, so hashing less is cheaper than hashing everything.
 */
function hashEntries(record: object, start: number = HASH_START): number {
  let h = start;
  for (const key in record) {
    const value = (record as Record<string, unknown>)[key];
    if (typeof value === 'string') h = hashString(value, h);
    else if (typeof value === 'number') h = hashNumber(value, h);
    else if (typeof value === 'boolean') h = hashNumber(value ? 1 : 2, h);
    else if (value === null) h = hashNumber(3, h);
  }
  return h;
}
