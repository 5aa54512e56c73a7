/**
 * Reference-counted tables of canonical values, so that records holding equal strings or equal small
 * objects hold one instance of each. Strings JSON.parse returns are fresh copies per object (V8
 * internalizes only short ones), and so are the small objects projection builds: at 150 000 pods the
 * same node name, owner reference and label map are held thousands of times over.
 *
 * Why counted references and not a weak scheme: strings cannot be WeakRef targets, a
 * FinalizationRegistry cleans up at the collector's convenience (the table would grow in between, and
 * a test could not say when a value is gone), and the store already knows exactly when a record stops
 * using a value — on the upsert that replaces it and on remove. So every value is in a table exactly
 * while a stored record uses it: the table is bounded by the distinct values in use, never by the
 * values seen.
 */

interface StringEntry {
  readonly value: string;
  refs: number;
}

/** Canonical strings with a count of the records using each. */
export class SharedStrings {
  readonly #entries = new Map<string, StringEntry>();

  /** The canonical instance of `value` (the first one seen while in use), counted once more. */
  acquire(value: string): string {
    if (value === '') return value;
    const entry = this.#entries.get(value);
    if (entry !== undefined) {
      entry.refs += 1;
      return entry.value;
    }
    this.#entries.set(value, { value, refs: 1 });
    return value;
  }

  /** One use of `value` fewer; the entry goes when none is left. No-op for a value not in the table. */
  release(value: string): void {
    if (value === '') return;
    const entry = this.#entries.get(value);
    if (entry === undefined) return;
    entry.refs -= 1;
    if (entry.refs === 0) this.#entries.delete(value);
  }

  get size(): number {
    return this.#entries.size;
  }
}

interface ValueEntry<T> {
  readonly value: T;
  refs: number;
  /** The next entry with the same hash. */
  next: ValueEntry<T> | null;
}

export interface ValueKind<T> {
  hash(value: T): number;
  /** Equal content, as analysis would see it (same keys in the same order, same values). */
  equal(a: T, b: T): boolean;
  /** Called once when a candidate becomes the canonical value, before it is frozen. */
  adopt?(value: T): void;
  /** Called once when the last use of a canonical value is released. */
  drop?(value: T): void;
}

/**
 * Canonical frozen objects, found by a content hash and equality. Keyed by a 32-bit hash rather than
 * a string of the content, so the table holds no copy of what it shares: an entry costs a Map slot
 * and three fields, also for the values that turn out not to be shared (a StatefulSet pod's labels).
 */
export class SharedObjects<T extends object> {
  readonly #buckets = new Map<number, ValueEntry<T>>();
  readonly #kind: ValueKind<T>;
  #size = 0;

  constructor(kind: ValueKind<T>) {
    this.#kind = kind;
  }

  /**
   * The canonical value equal to `candidate`, counted once more; `candidate` itself (adopted and
   * frozen) when none is in use. Callers must not change a candidate after handing it over.
   */
  acquire(candidate: T): T {
    const hash = this.#kind.hash(candidate);
    const head = this.#buckets.get(hash) ?? null;
    for (let entry = head; entry !== null; entry = entry.next) {
      if (entry.value === candidate || this.#kind.equal(entry.value, candidate)) {
        entry.refs += 1;
        return entry.value;
      }
    }
    this.#kind.adopt?.(candidate);
    Object.freeze(candidate);
    this.#buckets.set(hash, { value: candidate, refs: 1, next: head });
    this.#size += 1;
    return candidate;
  }

  /** One use of `value` (a canonical instance) fewer. No-op for an instance not in the table. */
  release(value: T): void {
    const hash = this.#kind.hash(value);
    let before: ValueEntry<T> | null = null;
    for (let entry = this.#buckets.get(hash) ?? null; entry !== null; entry = entry.next) {
      if (entry.value !== value) {
        before = entry;
        continue;
      }
      entry.refs -= 1;
      if (entry.refs > 0) return;
      if (before !== null) before.next = entry.next;
      else if (entry.next !== null) this.#buckets.set(hash, entry.next);
      else this.#buckets.delete(hash);
      this.#size -= 1;
      this.#kind.drop?.(value);
      return;
    }
  }

  get size(): number {
    return this.#size;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `value`, continuing from `hash` (the offset basis to start). */
export function hashString(value: string, hash: number = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // A separator, so that ("ab", "c") and ("a", "bc") hash apart.
  return Math.imul(h ^ 0xff, FNV_PRIME);
}

/** Mixes a number into `hash` (its integer part: a collision costs only an equality check). */
export function hashNumber(value: number, hash: number): number {
  return Math.imul(hash ^ (value | 0), FNV_PRIME);
}

export const HASH_START = FNV_OFFSET;
