import { type ProjectionOptions, projectObject } from '@fleetscope/diagnostics';
import type { Clock, ObjectRecord, RecordKind, ResourceFreshness, WatchedResource } from '@fleetscope/types';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import {
  type KubeApi,
  KubeApiError,
  type ListPage,
  type WatchEventType,
  type WatchHandle,
} from './kube-api.ts';
import { RESOURCE_ENDPOINTS } from './resources.ts';

/** Where a reflector delivers projected records. The cluster's ObjectStore implements it. */
export interface ReflectorSink {
  upsert(record: ObjectRecord): void;
  remove(kind: RecordKind, key: string): void;
  replaceAll(kind: RecordKind, records: ObjectRecord[]): void;
  /** Records held of one kind (for the census). */
  count(kind: RecordKind): number;
  /** Whether a record is held (for the census: a rejected update of a held object is not extra). */
  has(kind: RecordKind, key: string): boolean;
}

export interface ReflectorLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

export interface ReflectorOptions {
  cluster: string;
  resource: WatchedResource;
  api: KubeApi;
  sink: ReflectorSink;
  clock: Clock;
  logger: ReflectorLogger;
  pageSize?: number;
  backoff?: BackoffPolicy;
  /** Passed to projection (e.g. the namespace label kept as a team). */
  projection?: ProjectionOptions;
  /** A resource some clusters do not serve (DRA, a CRD): a 404 for it is logged as information. */
  optional?: boolean;
  /**
   * How long data may go unconfirmed before it is stale (`--stale-after`). Watch timeouts and the census
   * are derived from it so that a quiet resource is re-confirmed several times per period.
   */
  staleAfterMs?: number;
  /**
   * Base server-side watch timeout (default: a quarter of staleAfterMs, at least 5 s). Each watch asks
   * for 1–1.5× this (jittered, so a fleet's watches do not expire together); when the server ends the
   * stream, it has confirmed our copy, and the watch resumes from the last resourceVersion.
   */
  watchTimeoutSeconds?: number;
  /**
   * How long past its deadline a stream may stay open before we stop trusting it (default 10 s): a
   * stream the server keeps open but never ends confirms nothing, and is aborted and re-watched.
   */
  deadlineGraceMs?: number;
  /**
   * About this often (jittered ±10%), a watch that delivered nothing since the last check gets a census
   * (default staleAfterMs / 3; 0 = off): a LIST with limit=1 counts the server's objects
   * (`remainingItemCount`). A count our copy does not match, with no event explaining it soon after,
   * proves the watch is behind — at most 2.2 × this + censusSettleMs after the change (a delivery just
   * before the change skips one check), so well within stale-after by default.
   */
  censusIntervalMs?: number;
  /** After a census mismatch, how long an event may take to arrive and explain it (default 5 s). */
  censusSettleMs?: number;
  /** Called whenever freshness changes (state, events, errors). */
  onFreshness?: (freshness: ResourceFreshness) => void;
  /**
   * The list/watch path when it is not the resource's default (an optional API group watched at the
   * version discovery found, e.g. kueue.x-k8s.io/v1beta1).
   */
  path?: string;
  /** Injected for tests: returns [0,1). */
  random?: () => number;
  /** Injected for tests: waits ms (default setTimeout), resolves early on abort. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Base watch timeout for a stale-after setting: a quarter of it (jittered up to 1.5×, so a quiet resource
 * is confirmed at least twice per period), between 5 s and 290 s.
 */
export function defaultWatchTimeoutSeconds(staleAfterMs: number): number {
  return Math.min(290, Math.max(5, Math.floor(staleAfterMs / 4_000)));
}

/** How long stop() waits for the loop to finish. */
const STOP_GRACE_MS = 2_000;

/** Raised inside the loop when the server says our resourceVersion is gone: relist. */
class GoneError extends Error {}

/**
 * List-then-watch for one resource in one cluster, like client-go's Reflector, projecting each object
 * on arrival so whole objects are never retained. It owns its restarts: a 410 relists; any other
 * failure (5xx, network, truncated stream) retries with backoff from the last resourceVersion;
 * 401/403 marks the resource FORBIDDEN (its data is UNKNOWN, not empty) and keeps retrying slowly.
 *
 * Why not client-node's informer: its ListWatch caches every whole object (we keep projections only),
 * lists without paging, and stays stopped after a non-410 error.
 */
export class Reflector {
  readonly #o: Required<Omit<ReflectorOptions, 'onFreshness' | 'path'>> &
    Pick<ReflectorOptions, 'onFreshness'>;
  /** Keys of objects the server has but projection rejected: they count in the census. */
  readonly #rejectedKeys = new Set<string>();
  /** Time of the last thing a watch delivered (event or bookmark) or the last list. */
  #deliveredAt = 0;
  #census: Promise<void> | null = null;
  readonly #kind: RecordKind;
  readonly #path: string;
  readonly #abort = new AbortController();
  #freshness: ResourceFreshness;
  #resourceVersion = '';
  #watch: WatchHandle | null = null;
  #running: Promise<void> | null = null;
  #rejected = 0;
  #succeededSinceFailure = false;
  #gonesInARow = 0;

  constructor(options: ReflectorOptions) {
    const staleAfterMs = options.staleAfterMs ?? 120_000;
    this.#o = {
      pageSize: 500,
      backoff: DEFAULT_BACKOFF,
      staleAfterMs,
      watchTimeoutSeconds: defaultWatchTimeoutSeconds(staleAfterMs),
      deadlineGraceMs: 10_000,
      censusIntervalMs: staleAfterMs / 3,
      censusSettleMs: 5_000,
      random: Math.random,
      sleep: abortableSleep,
      projection: {},
      optional: false,
      ...options,
    };
    const endpoint = RESOURCE_ENDPOINTS[options.resource];
    this.#kind = endpoint.kind;
    this.#path = options.path ?? endpoint.path;
    this.#freshness = {
      resource: options.resource,
      state: 'CONNECTING',
      lastEventAt: null,
      confirmedAt: null,
      behind: null,
      lastSyncAt: null,
      lastErrorAt: null,
      lastError: null,
      relists: 0,
      restarts: 0,
    };
  }

  get freshness(): ResourceFreshness {
    return { ...this.#freshness };
  }

  /** Objects rejected by projection (malformed) since start. */
  get rejected(): number {
    return this.#rejected;
  }

  start(): void {
    if (this.#running) return;
    this.#running = this.#loop().catch((error: unknown) => {
      this.#o.logger.warn('reflector loop ended unexpectedly', { ...this.#fields(), error: String(error) });
    });
    if (this.#o.censusIntervalMs > 0) {
      this.#census = this.#censusLoop().catch((error: unknown) => {
        this.#o.logger.warn('census loop ended unexpectedly', { ...this.#fields(), error: String(error) });
      });
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#watch?.abort();
    // A watch still connecting cannot be aborted through client-node (it hands out its controller only
    // once connected); the loop ends by itself then, but shutdown does not wait more than a moment.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([this.#running, this.#census]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  async #loop(): Promise<void> {
    let failures = 0;
    while (!this.#abort.signal.aborted) {
      try {
        if (this.#resourceVersion === '') await this.#relist();
        const startedAt = this.#o.clock.now();
        await this.#watchOnce();
        // A stream the server closed at once is re-opened after a short pause, so a flapping
        // endpoint is not hammered; a normal close (timeout, inactivity) re-watches right away.
        if (this.#o.clock.now() - startedAt < 1_000) {
          await this.#o.sleep(backoffDelay(this.#o.backoff, 1, this.#o.random()), this.#abort.signal);
        }
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        if (error instanceof GoneError) {
          this.#o.logger.info('resourceVersion expired; relisting', this.#fields());
          this.#resourceVersion = '';
          // Repeated 410s without a watch in between would be a tight full-LIST loop: back off.
          this.#gonesInARow += 1;
          if (this.#gonesInARow > 1) {
            await this.#o.sleep(
              backoffDelay(this.#o.backoff, this.#gonesInARow - 1, this.#o.random()),
              this.#abort.signal,
            );
          }
          continue;
        }
        // Backoff grows only across consecutive failures: any successful list or watch since the
        // last failure starts it afresh.
        failures = this.#succeededSinceFailure ? 1 : failures + 1;
        this.#succeededSinceFailure = false;
        // A corrupt stream (a line that is not a watch event, or one past the size limit) may have lost
        // events we cannot name, and a re-watch would replay the same bad line: relist instead.
        if (error instanceof KubeApiError && error.reason === 'CorruptStream') this.#resourceVersion = '';
        const status = error instanceof KubeApiError ? error.statusCode : null;
        const forbidden = status === 401 || status === 403;
        // A resource type the server no longer serves (CRD deleted, API group gone) will not come back
        // in a second: check again at the slow pace, like a 403.
        const notServed = status === 404;
        const slow = forbidden || notServed;
        const policy = slow ? { ...this.#o.backoff, initialMs: this.#o.backoff.maxMs } : this.#o.backoff;
        let delay = backoffDelay(policy, failures, this.#o.random());
        // 429 (API Priority and Fairness) or 503 with Retry-After: wait at least what the server asks
        // (capped at 5 min), and call it throttling, not a failure of the server.
        const retryAfter = error instanceof KubeApiError ? error.retryAfterSeconds : null;
        const throttled = status === 429;
        if (retryAfter !== null) delay = Math.max(delay, Math.min(retryAfter, 300) * 1000);
        let message = describe(error);
        if (throttled) {
          message = `throttled by the API server (${message}); retrying in ${formatSeconds(delay)}${retryAfter !== null ? ` as its Retry-After (${retryAfter} s) asks` : ''}`;
        } else if (notServed) {
          message = `the API server does not serve ${this.#o.resource} (${message}): resource type removed or API group not served; checking again in ${formatSeconds(delay)}`;
        }
        this.#update({
          state: forbidden ? 'FORBIDDEN' : 'RETRYING',
          ...(notServed ? { notServed: true } : {}),
          lastError: message,
          lastErrorAt: this.#o.clock.now(),
          restarts: this.#freshness.restarts + 1,
        });
        // An optional resource (DRA, a CRD) that is not served is the expected answer there, not a fault.
        const log = throttled || (notServed && this.#o.optional) ? this.#o.logger.info : this.#o.logger.warn;
        log.call(
          this.#o.logger,
          forbidden
            ? 'not allowed to list/watch'
            : throttled
              ? 'throttled by the API server; waiting'
              : notServed
                ? 'resource not served by the API server'
                : 'list/watch failed; retrying',
          { ...this.#fields(), error: message, attempt: failures },
        );
        await this.#o.sleep(delay, this.#abort.signal);
      }
    }
  }

  async #relist(): Promise<void> {
    const records: ObjectRecord[] = [];
    let continueToken = '';
    let resourceVersion = '';
    let restarts = 0;
    const rejected: string[] = [];
    for (;;) {
      const params: Record<string, string> = { limit: String(this.#o.pageSize) };
      if (continueToken) params.continue = continueToken;
      let page: Awaited<ReturnType<KubeApi['list']>>;
      try {
        page = await this.#o.api.list(this.#path, params, this.#abort.signal);
      } catch (error) {
        // An expired continue token: the snapshot we were paging through is gone; start over.
        // A partial list must never replace the store: restart paging from the first page, a few times.
        if (continueToken && error instanceof KubeApiError && error.statusCode === 410 && restarts < 3) {
          restarts += 1;
          continueToken = '';
          records.length = 0;
          rejected.length = 0;
          continue;
        }
        throw error;
      }
      for (const item of page.items) {
        const record = this.#project(item);
        if (record) records.push(record);
        else rejected.push(readKey(item));
      }
      resourceVersion = page.resourceVersion;
      continueToken = page.continueToken;
      if (continueToken === '') break;
    }
    this.#o.sink.replaceAll(this.#kind, records);
    this.#rejectedKeys.clear();
    for (const key of rejected) if (key) this.#rejectedKeys.add(key);
    this.#resourceVersion = resourceVersion;
    this.#succeededSinceFailure = true;
    const now = this.#o.clock.now();
    this.#deliveredAt = now;
    this.#update({
      state: 'SYNCED',
      lastSyncAt: now,
      confirmedAt: now,
      behind: null,
      relists: this.#freshness.relists + 1,
      ...(this.#freshness.notServed === true ? { notServed: false } : {}),
    });
  }

  async #watchOnce(): Promise<void> {
    let gone = false;
    let streamError: Error | null = null;
    let handle: WatchHandle | null = null;
    const handleEvent = (type: WatchEventType, object: unknown): void => {
      if (gone || streamError) return;
      try {
        this.#onEvent(type, object);
      } catch (error) {
        if (error instanceof GoneError) gone = true;
        else streamError = error instanceof Error ? error : new Error(String(error));
        handle?.abort();
      }
    };
    // Jittered, so the watches of a fleet do not all expire (and re-watch) in the same second.
    const timeoutSeconds = Math.round(this.#o.watchTimeoutSeconds * (1 + this.#o.random() / 2));
    handle = await this.#o.api.watch(
      this.#path,
      {
        resourceVersion: this.#resourceVersion,
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(timeoutSeconds),
      },
      handleEvent,
    );
    this.#watch = handle;
    const openedAt = this.#o.clock.now();
    // stop() may have run while the watch was connecting: it could not abort a handle it did not have.
    if (gone || streamError || this.#abort.signal.aborted) handle.abort();
    const early = await Promise.race([handle.done, Promise.resolve(undefined)]);
    let overran = false;
    let deadline: NodeJS.Timeout | undefined;
    if (early === undefined && !gone && !streamError) {
      // Connected: the API server answered 200 and the stream is open. That alone does not make the
      // data current (a wedged watch cache or a buffering proxy also answers 200): confirmation comes
      // from what the stream delivers, or from the server ending it.
      this.#succeededSinceFailure = true;
      this.#gonesInARow = 0;
      this.#update({ state: 'SYNCED' });
      // A stream still open well past the deadline we asked for is not being served: give up on it.
      deadline = setTimeout(
        () => {
          overran = true;
          handle?.abort();
        },
        timeoutSeconds * 1000 + this.#o.deadlineGraceMs,
      );
      deadline.unref();
    }
    const ended = early === undefined ? await handle.done : early;
    clearTimeout(deadline);
    this.#watch = null;
    if (gone) throw new GoneError();
    if (streamError) throw streamError;
    if (ended instanceof KubeApiError && ended.statusCode === 410) throw new GoneError();
    if (overran) {
      const message = `the server kept the watch open ${timeoutSeconds + Math.round(this.#o.deadlineGraceMs / 1000)} s without ending it at its ${timeoutSeconds} s deadline; nothing confirmed since`;
      this.#o.logger.warn('watch overran its deadline; re-watching', this.#fields());
      this.#update({ lastError: message, lastErrorAt: this.#o.clock.now() });
      return;
    }
    if (ended && ended.name !== 'TimeoutError' && ended.name !== 'AbortError') throw ended;
    // The server ended the stream (its timeout, or a clean close at least halfway through it): it had
    // the chance to send everything up to now, and the re-watch resumes from our resourceVersion (a
    // gap would be answered with 410). That confirms our copy even when nothing changed. Our own
    // inactivity timeout or abort confirms nothing.
    const now = this.#o.clock.now();
    if (ended === null && now - openedAt >= (timeoutSeconds * 1000) / 2) {
      this.#update({ confirmedAt: now });
    }
  }

  /**
   * About every `censusIntervalMs`, a watch that delivered nothing since the last check is compared with
   * the server: a LIST with limit=1 (one object read; etcd counts the keys) gives the server's count. If it
   * differs from ours and no event arrives within a few seconds to explain it, the watch is behind:
   * it is marked so (stale at once) and re-watched from our resourceVersion, which replays what the
   * server has. The mark clears when a stream delivers again, a census matches, or a relist completes.
   */
  async #censusLoop(): Promise<void> {
    let previousTick = this.#o.clock.now();
    while (!this.#abort.signal.aborted) {
      const interval = this.#o.censusIntervalMs * (0.9 + this.#o.random() / 5);
      await this.#o.sleep(interval, this.#abort.signal);
      if (this.#abort.signal.aborted) return;
      // A watch that delivered something since the last tick is evidently being served.
      const quiet = this.#deliveredAt <= previousTick;
      previousTick = this.#o.clock.now();
      if (this.#freshness.state !== 'SYNCED' || this.#watch === null) continue;
      if (!quiet && this.#freshness.behind === null) continue;
      try {
        await this.#takeCensus();
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        // A failed census proves nothing either way; the watch's own errors speak for the server.
        this.#o.logger.info('census failed', { ...this.#fields(), error: describe(error) });
      }
    }
  }

  async #takeCensus(): Promise<void> {
    const page = await this.#o.api.list(this.#path, { limit: '1' }, this.#abort.signal);
    const serverCount = censusCount(page);
    if (serverCount === null) return; // the server did not say; nothing to compare
    const askedAt = this.#o.clock.now();
    if (serverCount === this.#heldCount()) {
      if (this.#freshness.behind !== null) this.#update({ behind: null });
      return;
    }
    await this.#o.sleep(this.#o.censusSettleMs, this.#abort.signal);
    if (this.#abort.signal.aborted || this.#deliveredAt > askedAt) return;
    const held = this.#heldCount();
    if (held === serverCount) return;
    const behind = `the server lists ${serverCount} ${this.#o.resource}, we hold ${held}, and the watch delivered nothing in the ${formatSeconds(this.#o.censusSettleMs)} that followed`;
    this.#o.logger.warn('watch is behind the server; re-watching', { ...this.#fields(), serverCount, held });
    this.#update({ behind, lastError: behind, lastErrorAt: this.#o.clock.now() });
    this.#watch?.abort();
  }

  /** Objects the server has as far as our watch knows: stored records plus rejected (malformed) ones. */
  #heldCount(): number {
    return this.#o.sink.count(this.#kind) + this.#rejectedKeys.size;
  }

  #onEvent(type: WatchEventType, object: unknown): void {
    const now = this.#o.clock.now();
    if (type === 'ERROR') {
      const status = object as { code?: unknown; message?: unknown; reason?: unknown } | null;
      if (status?.code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone')
        throw new GoneError();
      throw new KubeApiError(
        `watch ERROR: ${typeof status?.message === 'string' ? status.message : 'unknown'}`,
        typeof status?.code === 'number' ? status.code : null,
      );
    }
    const rv = readResourceVersion(object);
    this.#deliveredAt = now;
    if (type === 'BOOKMARK') {
      if (rv) this.#resourceVersion = rv;
      this.#update({ confirmedAt: now, behind: null });
      return;
    }
    const key = readKey(object);
    if (type === 'DELETED') {
      if (key) this.#o.sink.remove(this.#kind, key);
      this.#rejectedKeys.delete(key);
    } else {
      const record = this.#project(object);
      if (record) {
        this.#o.sink.upsert(record);
        this.#rejectedKeys.delete(key);
      } else if (key && !this.#o.sink.has(this.#kind, key)) {
        // A malformed object we hold no copy of still exists on the server: count it in the census.
        this.#rejectedKeys.add(key);
      }
    }
    if (rv) this.#resourceVersion = rv;
    this.#update({ lastEventAt: now, confirmedAt: now, behind: null });
  }

  #project(raw: unknown): ObjectRecord | null {
    const result = projectObject(this.#kind, raw, this.#o.projection);
    if (result.ok) return result.record;
    this.#rejected += 1;
    this.#o.logger.warn('rejected malformed object', { ...this.#fields(), reason: result.error });
    return null;
  }

  #update(patch: Partial<ResourceFreshness>): void {
    this.#freshness = { ...this.#freshness, ...patch };
    this.#o.onFreshness?.(this.freshness);
  }

  #fields(): Record<string, unknown> {
    return { cluster: this.#o.cluster, resource: this.#o.resource };
  }
}

function readResourceVersion(object: unknown): string {
  const rv = (object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof rv === 'string' ? rv : '';
}

function readKey(object: unknown): string {
  const meta = (object as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  if (typeof meta?.name !== 'string') return '';
  return typeof meta.namespace === 'string' && meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/** The server's object count from a limit=1 LIST, or null when it does not say (selectors, old servers). */
function censusCount(page: ListPage): number | null {
  if (page.continueToken === '') return page.items.length;
  const remaining = page.remainingItemCount ?? null;
  return remaining === null ? null : page.items.length + remaining;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
