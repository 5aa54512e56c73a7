/**
 * A least-recently-used map bounded by the bytes its entries say they take (keys and values alike). An
 * entry over `maxEntryBytes` is not kept at all, so one huge value cannot empty the cache.
 */
export class ByteLru<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;
  /** Entries dropped to make room, since start. */
  evictions = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxEntryBytes: number = maxBytes,
  ) {}

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes it the most recent.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` (replacing one under the same key); false when it is too large to keep. */
  set(key: string, value: V, valueBytes: number): boolean {
    const bytes = valueBytes + key.length * 2 + ENTRY_OVERHEAD;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= old.bytes;
    }
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes) return false;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
      this.evictions += 1;
    }
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

/** What a Map entry and its record cost beyond the key and value, roughly (V8, 64-bit). */
const ENTRY_OVERHEAD = 120;
