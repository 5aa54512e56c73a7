import type { RecordChange } from '@fleetscope/diagnostics';
import type { EventRecord } from '@fleetscope/types';

export interface EventRingOptions {
  /** Events kept per involved object (the newest). */
  perObject: number;
  /**
   * Events kept over all objects. Past it, the object whose events arrived longest ago loses its
   * oldest: an event storm over 150 000 pods costs at most this many entries.
   */
  maxEvents: number;
}

export const DEFAULT_EVENT_RING: EventRingOptions = { perObject: 10, maxEvents: 50_000 };

interface Entry {
  key: string;
  event: EventRecord;
}

function involvedKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function involvedOf(event: EventRecord): string {
  return involvedKey(event.involvedKind, event.involvedNamespace, event.involvedName);
}

/**
 * The last events of each object (Event.involvedObject), fed by the store's Event changes: what
 * `kubectl describe` shows under Events, without a request. Bounded per object and in total. An
 * event the server deletes (its TTL) leaves the ring; an event seen again (count + 1) moves to the
 * newest place. Holds the store's records, not copies.
 */
export class EventRing {
  readonly #options: EventRingOptions;
  /** Rings by involved object, least recently added to first (Map order): eviction starts there. */
  readonly #rings = new Map<string, Entry[]>();
  #size = 0;

  constructor(options: Partial<EventRingOptions> = {}) {
    const resolved = { ...DEFAULT_EVENT_RING, ...options };
    if (!(resolved.perObject >= 1 && resolved.maxEvents >= resolved.perObject)) {
      throw new RangeError(`event ring: need 1 ≤ perObject ≤ maxEvents, got ${JSON.stringify(resolved)}`);
    }
    this.#options = resolved;
  }

  /** Events held over all objects. */
  get size(): number {
    return this.#size;
  }

  /** Objects with at least one event held. */
  get objects(): number {
    return this.#rings.size;
  }

  apply({ key, previous, next }: RecordChange): void {
    if (previous?.kind === 'Event') this.#remove(involvedOf(previous), key);
    if (next?.kind === 'Event') this.#add(key, next);
  }

  /** The object's events held, newest first (by last seen). */
  eventsFor(kind: string, namespace: string, name: string): EventRecord[] {
    const ring = this.#rings.get(involvedKey(kind, namespace, name));
    if (ring === undefined) return [];
    return ring.map((e) => e.event).sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  }

  #add(key: string, event: EventRecord): void {
    const involved = involvedOf(event);
    const ring = this.#rings.get(involved) ?? [];
    this.#size -= ring.length;
    const kept = ring.filter((e) => e.key !== key);
    kept.push({ key, event });
    if (kept.length > this.#options.perObject) kept.splice(0, kept.length - this.#options.perObject);
    this.#size += kept.length;
    // Re-inserted: this object is now the most recently added to.
    this.#rings.delete(involved);
    this.#rings.set(involved, kept);
    this.#evictOverCap();
  }

  #remove(involved: string, key: string): void {
    const ring = this.#rings.get(involved);
    if (ring === undefined) return;
    const at = ring.findIndex((e) => e.key === key);
    if (at < 0) return;
    ring.splice(at, 1);
    this.#size -= 1;
    if (ring.length === 0) this.#rings.delete(involved);
  }

  #evictOverCap(): void {
    while (this.#size > this.#options.maxEvents) {
      const first = this.#rings.entries().next();
      if (first.done) return;
      const [involved, ring] = first.value;
      ring.shift();
      this.#size -= 1;
      if (ring.length === 0) this.#rings.delete(involved);
    }
  }
}
