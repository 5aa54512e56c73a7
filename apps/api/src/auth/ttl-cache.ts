/**
 * A bounded cache of asynchronous lookups with a time to live chosen per result, and coalescing: while
 * a lookup for a key is in flight, every caller of that key awaits the same promise, so a burst of
 * identical requests costs one review. A lookup that throws is not cached (the next caller retries).
 * Keys are whatever the caller makes them; for secrets, make them a hash (auth/kubernetes-rbac.ts).
 */
export class CoalescingTtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<V>>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(options: { now: () => number; maxEntries: number }) {
    if (!(options.maxEntries >= 1)) throw new RangeError('CoalescingTtlCache: maxEntries must be >= 1');
    this.#now = options.now;
    this.#maxEntries = options.maxEntries;
  }

  /** Entries held (expired ones included until they are next touched or evicted). */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached value of `key` while fresh; otherwise one `load` shared by concurrent callers. */
  get(key: string, load: () => Promise<V>, ttlMs: (value: V) => number): Promise<V> {
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return Promise.resolve(hit.value);
    if (hit) this.#entries.delete(key);
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const loading = (async () => {
      try {
        const value = await load();
        const ttl = ttlMs(value);
        if (ttl > 0) this.#store(key, value, this.#now() + ttl);
        return value;
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, loading);
    return loading;
  }

  #store(key: string, value: V, expiresAt: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      // Drop what has expired first; if still full, the oldest insertion (Map keeps insertion order).
      const now = this.#now();
      for (const [k, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(k);
      while (this.#entries.size >= this.#maxEntries) {
        const oldest = this.#entries.keys().next().value;
        if (oldest === undefined) break;
        this.#entries.delete(oldest);
      }
    }
    this.#entries.set(key, { value, expiresAt });
  }
}
