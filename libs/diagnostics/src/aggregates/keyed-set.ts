/**
 * Records by key, turned into an array only when asked and only after a change: an offender list
 * kept from deltas costs O(1) per change and O(members · log members) per snapshot that follows a
 * change. The array comes in `order`, the order summaries name offenders in, so their own sort of it
 * is a single pass while the set does not change (the 5 s tick, events elsewhere).
 */
export class KeyedSet<R> {
  readonly #items = new Map<string, R>();
  readonly #order: (a: R, b: R) => number;
  #array: R[] | null = [];

  constructor(order: (a: R, b: R) => number) {
    this.#order = order;
  }

  /** Makes `record` the member under `key`, or removes the key when `record` is undefined. */
  update(key: string, record: R | undefined): void {
    if (record === undefined) {
      if (this.#items.delete(key)) this.#array = null;
      return;
    }
    this.#items.set(key, record);
    this.#array = null;
  }

  get size(): number {
    return this.#items.size;
  }

  /** The members in `order`; the same array until the next change (do not mutate it). */
  values(): R[] {
    this.#array ??= [...this.#items.values()].sort(this.#order);
    return this.#array;
  }
}
