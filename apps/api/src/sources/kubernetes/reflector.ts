import { projectObject } from '@fleetscope/diagnostics';
import type { Clock, ObjectRecord, RecordKind, ResourceFreshness, WatchedResource } from '@fleetscope/types';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { type KubeApi, KubeApiError, type WatchEventType, type WatchHandle } from './kube-api.ts';
import { RESOURCE_ENDPOINTS } from './resources.ts';

/** Where a reflector delivers projected records. The cluster's ObjectStore implements it. */
export interface ReflectorSink {
  upsert(record: ObjectRecord): void;
  remove(kind: RecordKind, key: string): void;
  replaceAll(kind: RecordKind, records: ObjectRecord[]): void;
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
  /** Server-side watch timeout; the watch is re-established from the last resourceVersion after it. */
  watchTimeoutSeconds?: number;
  /** Called whenever freshness changes (state, events, errors). */
  onFreshness?: (freshness: ResourceFreshness) => void;
  /** Injected for tests: returns [0,1). */
  random?: () => number;
  /** Injected for tests: waits ms (default setTimeout), resolves early on abort. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
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
  readonly #o: Required<Omit<ReflectorOptions, 'onFreshness'>> & Pick<ReflectorOptions, 'onFreshness'>;
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
    this.#o = {
      pageSize: 500,
      backoff: DEFAULT_BACKOFF,
      watchTimeoutSeconds: 300,
      random: Math.random,
      sleep: abortableSleep,
      ...options,
    };
    const endpoint = RESOURCE_ENDPOINTS[options.resource];
    this.#kind = endpoint.kind;
    this.#path = endpoint.path;
    this.#freshness = {
      resource: options.resource,
      state: 'CONNECTING',
      lastEventAt: null,
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
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#watch?.abort();
    // A watch still connecting cannot be aborted through client-node (it hands out its controller only
    // once connected); the loop ends by itself then, but shutdown does not wait more than a moment.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#running,
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
        const forbidden =
          error instanceof KubeApiError && (error.statusCode === 401 || error.statusCode === 403);
        this.#update({
          state: forbidden ? 'FORBIDDEN' : 'RETRYING',
          lastError: describe(error),
          lastErrorAt: this.#o.clock.now(),
          restarts: this.#freshness.restarts + 1,
        });
        this.#o.logger.warn(forbidden ? 'not allowed to list/watch' : 'list/watch failed; retrying', {
          ...this.#fields(),
          error: describe(error),
          attempt: failures,
        });
        const policy = forbidden ? { ...this.#o.backoff, initialMs: this.#o.backoff.maxMs } : this.#o.backoff;
        await this.#o.sleep(backoffDelay(policy, failures, this.#o.random()), this.#abort.signal);
      }
    }
  }

  async #relist(): Promise<void> {
    const records: ObjectRecord[] = [];
    let continueToken = '';
    let resourceVersion = '';
    let restarts = 0;
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
          continue;
        }
        throw error;
      }
      for (const item of page.items) {
        const record = this.#project(item);
        if (record) records.push(record);
      }
      resourceVersion = page.resourceVersion;
      continueToken = page.continueToken;
      if (continueToken === '') break;
    }
    this.#o.sink.replaceAll(this.#kind, records);
    this.#resourceVersion = resourceVersion;
    this.#succeededSinceFailure = true;
    const now = this.#o.clock.now();
    this.#update({
      state: 'SYNCED',
      lastSyncAt: now,
      lastEventAt: now,
      relists: this.#freshness.relists + 1,
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
    handle = await this.#o.api.watch(
      this.#path,
      {
        resourceVersion: this.#resourceVersion,
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(this.#o.watchTimeoutSeconds),
      },
      handleEvent,
    );
    this.#watch = handle;
    // stop() may have run while the watch was connecting: it could not abort a handle it did not have.
    if (gone || streamError || this.#abort.signal.aborted) handle.abort();
    const early = await Promise.race([handle.done, Promise.resolve(undefined)]);
    if (early === undefined && !gone && !streamError) {
      // Connected: the API server answered 200 and the stream is open. That alone does not make the
      // data current (a wedged watch cache or a buffering proxy also answers 200): only events,
      // bookmarks and lists advance lastEventAt.
      this.#succeededSinceFailure = true;
      this.#gonesInARow = 0;
      this.#update({ state: 'SYNCED' });
    }
    const ended = early === undefined ? await handle.done : early;
    this.#watch = null;
    if (gone) throw new GoneError();
    if (streamError) throw streamError;
    if (ended instanceof KubeApiError && ended.statusCode === 410) throw new GoneError();
    if (ended && ended.name !== 'TimeoutError' && ended.name !== 'AbortError') throw ended;
    // Clean close or inactivity timeout: re-watch from the last resourceVersion.
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
    if (type === 'BOOKMARK') {
      if (rv) this.#resourceVersion = rv;
      this.#update({ lastEventAt: now });
      return;
    }
    if (type === 'DELETED') {
      const key = readKey(object);
      if (key) this.#o.sink.remove(this.#kind, key);
    } else {
      const record = this.#project(object);
      if (record) this.#o.sink.upsert(record);
    }
    if (rv) this.#resourceVersion = rv;
    this.#update({ lastEventAt: now });
  }

  #project(raw: unknown): ObjectRecord | null {
    const result = projectObject(this.#kind, raw);
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
