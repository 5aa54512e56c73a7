import { HttpMethod, type KubeConfig, RequestContext, Watch } from '@kubernetes/client-node';
import { fetch } from 'undici';

/** An error from the Kubernetes API with its HTTP status and Status reason, when there was one. */
export class KubeApiError extends Error {
  readonly statusCode: number | null;
  readonly reason: string;

  constructor(message: string, statusCode: number | null, reason = '') {
    super(message);
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

export interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken: string;
  /** Objects after this page, when the server says (not with selectors); null otherwise. */
  remainingItemCount?: number | null;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchHandle {
  /** Resolves when the stream ends: null for a clean close, else the error that ended it. */
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
 * deserialisation pass; WATCH uses client-node's Watch with its inactivity timeout.
 */
export class ClientNodeKubeApi implements KubeApi {
  readonly #config: KubeConfig;
  readonly #watchInactivityMs: number;

  constructor(config: KubeConfig, watchInactivityMs: number) {
    this.#config = config;
    this.#watchInactivityMs = watchInactivityMs;
  }

  async list(path: string, params: Record<string, string>, signal: AbortSignal): Promise<ListPage> {
    const cluster = this.#config.getCurrentCluster();
    if (!cluster) throw new KubeApiError('kubeconfig has no current cluster', null);
    const url = new URL(cluster.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await this.#config.applySecurityAuthentication(ctx);
    const response = await fetch(url, {
      method: 'GET',
      headers: { ...ctx.getHeaders(), accept: 'application/json' },
      dispatcher: ctx.getDispatcher(),
      signal,
    });
    const text = await response.text();
    if (response.status !== 200) throw statusError(response.status, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new KubeApiError(`LIST ${path}: response is not JSON`, response.status);
    }
    return parseListPage(path, body);
  }

  async watch(
    path: string,
    params: Record<string, string>,
    onEvent: (type: WatchEventType, object: unknown) => void,
  ): Promise<WatchHandle> {
    const watch = new Watch(this.#config);
    // Declared private in client-node's typings but meant to be tuned: it is the inactivity timeout
    // after which a silent stream is presumed dead (bookmarks keep a healthy one talking).
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = this.#watchInactivityMs;
    let settle: (error: Error | null) => void = () => {};
    const done = new Promise<Error | null>((resolve) => {
      settle = resolve;
    });
    const controller = await watch.watch(
      path,
      params,
      (type: string, object: unknown) => {
        if (isWatchEventType(type)) onEvent(type, object);
      },
      (error: unknown) => settle(error ? toKubeError(error) : null),
    );
    return { done, abort: () => controller.abort() };
  }
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
export function statusError(status: number, body: string): KubeApiError {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && (parsed as { kind?: unknown }).kind === 'Status') {
      const s = parsed as { message?: unknown; reason?: unknown };
      const message = typeof s.message === 'string' ? s.message : `HTTP ${status}`;
      return new KubeApiError(
        `HTTP ${status}: ${message}`,
        status,
        typeof s.reason === 'string' ? s.reason : '',
      );
    }
  } catch {
    // not JSON: fall through to the generic message
  }
  return new KubeApiError(`HTTP ${status}: ${body.slice(0, 200)}`, status);
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
