/** API verbs as the simulated server classifies requests. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/**
 * Faults a test can inject per resource (`pods`, `nodes`, ... or `*` for all).
 * - `drop-watch`: closes the resource's open watch streams once — `abort` (default) destroys the socket
 *   mid-stream, `end` finishes the chunked response cleanly.
 * - `http-error`: the next `times` (default 1) list/watch requests (or `verbs`) answer `status` with a
 *   Status body.
 * - `gone`: compacts history to now, ends open watches, and the next watch with a resourceVersion gets
 *   410 (`form` `stream`: in-stream ERROR event like real apiservers; `http`: HTTP 410).
 * - `forbidden`: every request for the resource answers 403 until cleared.
 * - `delay`: list/watch/get responses wait `ms` first (`times` requests, default until cleared).
 * - `wedge-watch`: the resource's watch streams, open and new, stop delivering: no events, no bookmarks.
 *   By default they also stay open past their deadline (a stuck stream or buffering proxy); with
 *   `closeAtDeadline` they still end on time (a watch cache that stopped receiving from etcd). LIST
 *   keeps answering from storage. Clearing the fault leaves already wedged streams wedged: only new
 *   watches deliver again, as when a client reconnects to a recovered server.
 * - `truncate-line`: the next `times` (default 1) watch streams of the resource send their next event cut
 *   off mid-JSON (a proxy or connection that lost bytes) and a newline; then (`afterCut`, default `end`) the
 *   stream ends, or `continue`s with the following events — a client that skips the bad line has lost
 *   that event for good. The change stays in storage: a re-watch from the last resourceVersion applied
 *   replays it.
 * - `too-many-requests`: the next `times` (default 1) list/watch requests answer 429 TooManyRequests with
 *   a `Retry-After` header and `details.retryAfterSeconds`, as API Priority and Fairness rejects.
 * - `not-found`: list/watch/get answer 404 NotFound "the server could not find the requested resource"
 *   until cleared (a CRD removed or an API group no longer served); open watches of it end.
 */
export type Fault =
  | { kind: 'drop-watch'; mode?: 'abort' | 'end' }
  | { kind: 'http-error'; status: number; times?: number; verbs?: Verb[] }
  | { kind: 'gone'; form?: 'stream' | 'http' }
  | { kind: 'forbidden' }
  | { kind: 'delay'; ms: number; times?: number }
  | { kind: 'wedge-watch'; closeAtDeadline?: boolean }
  | { kind: 'truncate-line'; times?: number; afterCut?: 'end' | 'continue' }
  | { kind: 'too-many-requests'; retryAfterSeconds?: number; times?: number }
  | { kind: 'not-found' };

interface Armed {
  fault: Fault;
  remaining: number;
}

/** Hooks the server gives the injector so that some faults act immediately. */
export interface FaultHooks {
  closeWatches(resource: string, mode: 'abort' | 'end'): number;
  wedgeWatches(resource: string, closeAtDeadline: boolean): number;
  compact(): void;
  /** Open watches of the resource cut their next event short (consuming one `truncate-line` use each). */
  truncateWatches?(resource: string): number;
}

const READ_VERBS: readonly Verb[] = ['list', 'watch'];

/** Per-server fault state. Tests call `set` / `clear`; the server consults the rest on every request. */
export class FaultInjector {
  private readonly armed = new Map<string, Armed[]>();
  private hooks: FaultHooks | undefined;
  /** Form of a genuine "too old resource version" on watch: in-stream ERROR (default, like real servers) or HTTP 410. */
  expiredWatchForm: 'stream' | 'http' = 'stream';

  /** Connects the server's hooks (done by the server itself). */
  attach(hooks: FaultHooks): void {
    this.hooks = hooks;
  }

  /** Arms a fault for a resource (or `*`). A fault of the same kind replaces the previous one. */
  set(resource: string, fault: Fault): void {
    if (fault.kind === 'drop-watch') {
      this.hooks?.closeWatches(resource, fault.mode ?? 'abort');
      return;
    }
    const list = (this.armed.get(resource) ?? []).filter((a) => a.fault.kind !== fault.kind);
    const remaining =
      fault.kind === 'http-error' || fault.kind === 'truncate-line' || fault.kind === 'too-many-requests'
        ? (fault.times ?? 1)
        : fault.kind === 'delay'
          ? (fault.times ?? Number.POSITIVE_INFINITY)
          : fault.kind === 'gone'
            ? 1
            : Number.POSITIVE_INFINITY;
    list.push({ fault, remaining });
    this.armed.set(resource, list);
    if (fault.kind === 'gone') {
      this.hooks?.compact();
      this.hooks?.closeWatches(resource, 'end');
    }
    if (fault.kind === 'wedge-watch') this.hooks?.wedgeWatches(resource, fault.closeAtDeadline ?? false);
    if (fault.kind === 'truncate-line') this.hooks?.truncateWatches?.(resource);
    // A resource type that stops being served ends its watches, as when a CRD is deleted.
    if (fault.kind === 'not-found') this.hooks?.closeWatches(resource, 'end');
  }

  /** Disarms every fault for a resource, or all faults. */
  clear(resource?: string): void {
    if (resource === undefined) this.armed.clear();
    else this.armed.delete(resource);
  }

  /** Faults currently armed for a resource (including `*`). */
  active(resource: string): Fault[] {
    return [...(this.armed.get(resource) ?? []), ...(this.armed.get('*') ?? [])].map((a) => a.fault);
  }

  private find(
    resource: string,
    kind: Fault['kind'],
  ): { list: Armed[]; index: number; key: string } | undefined {
    for (const key of [resource, '*']) {
      const list = this.armed.get(key);
      const index = list?.findIndex((a) => a.fault.kind === kind && a.remaining > 0) ?? -1;
      if (list && index >= 0) return { list, index, key };
    }
    return undefined;
  }

  private consume(found: { list: Armed[]; index: number; key: string }): Fault {
    const armed = found.list[found.index] as Armed;
    armed.remaining -= 1;
    if (armed.remaining <= 0) found.list.splice(found.index, 1);
    return armed.fault;
  }

  /** @internal */
  forbidden(resource: string): boolean {
    return this.find(resource, 'forbidden') !== undefined;
  }

  /** @internal Whether the resource is not served at all (`not-found`). */
  notFound(resource: string): boolean {
    return this.find(resource, 'not-found') !== undefined;
  }

  /** @internal Retry-After seconds for a 429 to answer this list/watch with, consuming one use. */
  takeTooManyRequests(resource: string, verb: Verb): number | undefined {
    if (verb !== 'list' && verb !== 'watch') return undefined;
    const found = this.find(resource, 'too-many-requests');
    if (!found) return undefined;
    const fault = this.consume(found);
    return fault.kind === 'too-many-requests' ? (fault.retryAfterSeconds ?? 1) : undefined;
  }

  /** @internal Whether (and how) a watch stream should cut its next event short, consuming one use. */
  takeTruncate(resource: string): 'end' | 'continue' | undefined {
    const found = this.find(resource, 'truncate-line');
    if (!found) return undefined;
    const fault = this.consume(found);
    return fault.kind === 'truncate-line' ? (fault.afterCut ?? 'end') : undefined;
  }

  /** @internal How a new watch of the resource is wedged, or undefined when it is served normally. */
  wedged(resource: string): { closeAtDeadline: boolean } | undefined {
    const found = this.find(resource, 'wedge-watch');
    const fault = found?.list[found.index]?.fault;
    return fault?.kind === 'wedge-watch' ? { closeAtDeadline: fault.closeAtDeadline ?? false } : undefined;
  }

  /** @internal The HTTP status to fail this request with, consuming one use. */
  takeHttpError(resource: string, verb: Verb): number | undefined {
    const found = this.find(resource, 'http-error');
    if (!found) return undefined;
    const fault = found.list[found.index]?.fault;
    if (fault?.kind !== 'http-error') return undefined;
    if (!(fault.verbs ?? READ_VERBS).includes(verb)) return undefined;
    this.consume(found);
    return fault.status;
  }

  /** @internal Milliseconds to wait before answering, consuming one use. */
  takeDelay(resource: string, verb: Verb): number {
    if (verb !== 'list' && verb !== 'watch' && verb !== 'get') return 0;
    const found = this.find(resource, 'delay');
    if (!found) return 0;
    const fault = this.consume(found);
    return fault.kind === 'delay' ? fault.ms : 0;
  }

  /** @internal Whether the next watch must get 410, and in which form; consumes the fault. */
  takeGone(resource: string): 'stream' | 'http' | undefined {
    const found = this.find(resource, 'gone');
    if (!found) return undefined;
    const fault = this.consume(found);
    return fault.kind === 'gone' ? (fault.form ?? 'stream') : undefined;
  }
}

/** Counts requests per resource and verb, for assertions. */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  record(resource: string, verb: Verb | string): void {
    const key = `${resource}:${verb}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Requests for a resource, optionally for one verb. */
  count(resource: string, verb?: Verb): number {
    if (verb) return this.counts.get(`${resource}:${verb}`) ?? 0;
    let total = 0;
    for (const [key, n] of this.counts) if (key.startsWith(`${resource}:`)) total += n;
    return total;
  }

  /** Every counter as `resource:verb` → n. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
