import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { HttpMethod, type KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch } from 'undici';

/** An error from the Kubernetes API with its HTTP status and Status reason, when there was one. */
export class KubeApiError extends Error {
  readonly statusCode: number | null;
  readonly reason: string;
  /** Seconds the server asked us to wait (`Retry-After` on 429/503), when it said. */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    statusCode: number | null,
    reason = '',
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The longest watch event line we accept. etcd stores objects up to 1.5 MiB (kube-apiserver's default
 * --max-request-bytes); JSON of such an object plus its envelope stays well below this. A longer line
 * is a broken stream, and reading it further would only cost memory.
 */
export const MAX_WATCH_LINE_BYTES = 8 * 1024 * 1024;

/** How long a LIST page or a watch's response headers may take by default. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken: string;
  /** Objects after this page, when the server says (not with selectors); null otherwise. */
  remainingItemCount?: number | null;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchHandle {
  /** Resolves when the stream ends: null when the server ended it cleanly, else the error (AbortError when we aborted it). */
  done: Promise<Error | null>;
  abort(): void;
}

/**
 * The slice of the Kubernetes API the reflector needs: paged raw LIST and raw WATCH. A port, so
 * tests can swap it; the production adapter below uses @kubernetes/client-node for auth, TLS and
 * the watch stream.
 */
export interface KubeApi {
  list(path: string, params: Record<string, string>, signal: AbortSignal): Promise<ListPage>;
  watch(
    path: string,
    params: Record<string, string>,
    onEvent: (type: WatchEventType, object: unknown) => void,
  ): Promise<WatchHandle>;
}

/**
 * KubeApi over @kubernetes/client-node for one kubeconfig context. LIST is fetched raw (not through
 * the generated typed client) so objects arrive as JSON for projection, without a model-class
 * deserialisation pass; WATCH is read line by line here too (see `watch`), with an inactivity timeout.
 */
export class ClientNodeKubeApi implements KubeApi {
  readonly #config: KubeConfig;
  readonly #watchInactivityMs: number;
  readonly #requestTimeoutMs: number;

  /**
   * @param watchInactivityMs a watch stream silent this long is presumed dead.
   * @param requestTimeoutMs a LIST page, or a watch's response headers, taking longer fails (a very slow
   *   or hung API server must not hold the reflector forever).
   */
  constructor(config: KubeConfig, watchInactivityMs: number, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS) {
    this.#config = config;
    this.#watchInactivityMs = watchInactivityMs;
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  async list(path: string, params: Record<string, string>, signal: AbortSignal): Promise<ListPage> {
    const cluster = this.#config.getCurrentCluster();
    if (!cluster) throw new KubeApiError('kubeconfig has no current cluster', null);
    const url = new URL(cluster.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await this.#config.applySecurityAuthentication(ctx);
    const timeout = AbortSignal.timeout(this.#requestTimeoutMs);
    let text: string;
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(url, {
        method: 'GET',
        headers: { ...ctx.getHeaders(), accept: 'application/json' },
        dispatcher: ctx.getDispatcher(),
        signal: AbortSignal.any([signal, timeout]),
      });
      text = await response.text();
    } catch (error) {
      if (timeout.aborted && !signal.aborted) {
        throw new KubeApiError(
          `LIST ${path}: no complete answer within ${formatMs(this.#requestTimeoutMs)} (API server very slow or hung)`,
          null,
          'Timeout',
        );
      }
      throw error;
    }
    if (response.status !== 200)
      throw statusError(response.status, text, response.headers.get('retry-after'));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new KubeApiError(`LIST ${path}: response is not JSON`, response.status);
    }
    return parseListPage(path, body);
  }

  /**
   * WATCH, read line by line. Not client-node's Watch: it skips lines that are not JSON without a word
   * (a corrupt stream would silently lose events), drops the Status body and Retry-After of a refused
   * watch, and reads lines of any length. Here a bad or oversized line ends the stream with an error
   * (reason `CorruptStream`), and the reflector relists and says why.
   */
  async watch(
    path: string,
    params: Record<string, string>,
    onEvent: (type: WatchEventType, object: unknown) => void,
  ): Promise<WatchHandle> {
    const cluster = this.#config.getCurrentCluster();
    if (!cluster) throw new KubeApiError('kubeconfig has no current cluster', null);
    const url = new URL(cluster.server.replace(/\/$/, '') + path);
    url.searchParams.set('watch', 'true');
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await this.#config.applySecurityAuthentication(ctx);
    const controller = new AbortController();
    let settled = false;
    let settle: (error: Error | null) => void = () => {};
    const done = new Promise<Error | null>((resolve) => {
      settle = (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        controller.abort();
        resolve(error);
      };
    });
    let timer: NodeJS.Timeout | undefined;
    // Before the headers, a timeout is an error (a very slow or hung server); once streaming, silence
    // past the inactivity limit ends the stream as a TimeoutError, which confirms nothing.
    const arm = (ms: number, error: () => Error): void => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(error()), ms);
      timer.unref();
    };
    const connectMs = Math.min(this.#requestTimeoutMs, this.#watchInactivityMs);
    arm(
      connectMs,
      () =>
        new KubeApiError(
          `WATCH ${path}: no answer within ${formatMs(connectMs)} (API server very slow or hung)`,
          null,
          'Timeout',
        ),
    );
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(url, {
        method: 'GET',
        headers: { ...ctx.getHeaders(), accept: 'application/json' },
        dispatcher: ctx.getDispatcher(),
        signal: controller.signal,
      });
    } catch (error) {
      settle(toKubeError(error));
      return { done, abort: () => settle(abortedByUs()) };
    }
    if (response.status !== 200) {
      const text = await response.text().catch(() => '');
      settle(statusError(response.status, text, response.headers.get('retry-after')));
      return { done, abort: () => settle(abortedByUs()) };
    }
    const inactive = (): Error => {
      const error = new Error(`WATCH ${path}: nothing received for ${formatMs(this.#watchInactivityMs)}`);
      error.name = 'TimeoutError';
      return error;
    };
    arm(this.#watchInactivityMs, inactive);
    const body = response.body ? Readable.fromWeb(response.body as never) : Readable.from([]);
    let bytesInLine = 0;
    body.on('data', (chunk: Buffer) => {
      arm(this.#watchInactivityMs, inactive);
      // Bounded memory: readline would buffer a line of any length; we refuse one past the limit.
      const newline = chunk.lastIndexOf(10);
      bytesInLine = newline < 0 ? bytesInLine + chunk.length : chunk.length - newline - 1;
      if (bytesInLine > MAX_WATCH_LINE_BYTES) {
        settle(
          new KubeApiError(
            `WATCH ${path}: corrupt stream, an event line longer than ${MAX_WATCH_LINE_BYTES / 1024 / 1024} MiB; relisting`,
            null,
            'CorruptStream',
          ),
        );
        body.destroy();
      }
    });
    body.on('error', (error) => settle(toKubeError(error)));
    const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (settled || line.trim() === '') return;
      let event: { type?: unknown; object?: unknown };
      try {
        event = JSON.parse(line) as { type?: unknown; object?: unknown };
      } catch {
        settle(
          new KubeApiError(
            `WATCH ${path}: corrupt stream, a line is not JSON (${line.length} bytes, starts ${JSON.stringify(line.slice(0, 60))}); relisting`,
            null,
            'CorruptStream',
          ),
        );
        return;
      }
      if (
        typeof event?.type !== 'string' ||
        !isWatchEventType(event.type) ||
        typeof event.object !== 'object'
      ) {
        settle(
          new KubeApiError(
            `WATCH ${path}: corrupt stream, a line is not a watch event (${JSON.stringify(line.slice(0, 60))}); relisting`,
            null,
            'CorruptStream',
          ),
        );
        return;
      }
      onEvent(event.type, event.object);
    });
    // readline re-emits its input's errors (an aborted or cut stream); `body` already settled them.
    lines.on('error', (error) => settle(toKubeError(error)));
    lines.on('close', () => settle(null));
    return { done, abort: () => settle(abortedByUs()) };
  }
}

/**
 * How a stream we aborted ends: an AbortError, never null. Null means the server ended the stream, which
 * the reflector counts as a confirmation of our copy; our own abort confirms nothing.
 */
function abortedByUs(): Error {
  const error = new Error('watch aborted by Fleetscope');
  error.name = 'AbortError';
  return error;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

/** One authenticated request to the API server of `config`'s current context (used by probes). */
export async function kubeRequest(
  config: KubeConfig,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body: unknown,
  signal: AbortSignal,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new KubeApiError('kubeconfig has no current cluster', null);
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  const ctx = new RequestContext(url.toString(), HttpMethod[method]);
  await config.applySecurityAuthentication(ctx);
  const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: ctx.getDispatcher(),
    signal,
  });
  return { status: response.status, text: await response.text() };
}

function isWatchEventType(type: string): type is WatchEventType {
  return (
    type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK' || type === 'ERROR'
  );
}

function toKubeError(error: unknown): Error {
  if (error instanceof KubeApiError) return error;
  if (error instanceof Error) {
    const status = (error as Error & { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') return new KubeApiError(`HTTP ${status} ${error.message}`, status);
    return error;
  }
  return new Error(String(error));
}

/** Builds an error from a non-200 answer, using the Status object's message and reason when present. */
export function statusError(status: number, body: string, retryAfter: string | null = null): KubeApiError {
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && (parsed as { kind?: unknown }).kind === 'Status') {
      const s = parsed as { message?: unknown; reason?: unknown };
      const message = typeof s.message === 'string' ? s.message : `HTTP ${status}`;
      return new KubeApiError(
        `HTTP ${status}: ${message}`,
        status,
        typeof s.reason === 'string' ? s.reason : '',
        retryAfterSeconds,
      );
    }
  } catch {
    // not JSON: fall through to the generic message
  }
  return new KubeApiError(`HTTP ${status}: ${body.slice(0, 200)}`, status, '', retryAfterSeconds);
}

/** Retry-After in seconds (kube-apiserver sends whole seconds; an HTTP date is accepted too). */
function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function parseListPage(path: string, body: unknown): ListPage {
  if (!body || typeof body !== 'object') throw new KubeApiError(`LIST ${path}: body is not an object`, 200);
  const list = body as {
    items?: unknown;
    metadata?: { resourceVersion?: unknown; continue?: unknown; remainingItemCount?: unknown };
  };
  if (!Array.isArray(list.items)) throw new KubeApiError(`LIST ${path}: items is not an array`, 200);
  const rv = list.metadata?.resourceVersion;
  if (typeof rv !== 'string' || rv === '') {
    throw new KubeApiError(`LIST ${path}: metadata.resourceVersion missing`, 200);
  }
  const cont = list.metadata?.continue;
  const remaining = list.metadata?.remainingItemCount;
  return {
    items: list.items,
    resourceVersion: rv,
    continueToken: typeof cont === 'string' ? cont : '',
    remainingItemCount:
      typeof remaining === 'number' && Number.isInteger(remaining) && remaining >= 0 ? remaining : null,
  };
}
