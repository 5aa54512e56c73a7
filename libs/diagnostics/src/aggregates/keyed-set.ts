/**
 * Records by key, turned into an array only when asked and only after a change: an offender list
 * kept from deltas costs O(1) per change and O(members) per snapshot that follows a change.
 */
export class KeyedSet<R> {
  readonly #items = new Map<string, R>();
  #array: R[] | null = [];

  /** Makes `record` the member under `key`, or removes the key when `record` is undefined. */
  update(key: string, record: R | undefined): void {
    if (record === undefined) {
      if (this.#items.delete(key)) this.#array = null;
      return;
    }
    // Map.set on a present key keeps its position: a member that changes does not move in the list.
    this.#items.set(key, record);
    this.#array = null;
  }

  get size(): number {
    return this.#items.size;
  }

  /** The members in insertion order; the same array until the next change (do not mutate it). */
  values(): R[] {
    this.#array ??= [...this.#items.values()];
    return this.#array;
  }
}
