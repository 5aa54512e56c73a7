import { type BackoffPolicy, backoffDelay } from '../kubernetes/backoff.ts';
import {
  type InstantSeries,
  parseEnvelope,
  type QueryData,
  type RangeSeries,
  ResponseShapeError,
} from './prometheus-response.ts';

/** The slice of `fetch` the client uses; injectable so tests can play any server behaviour. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type PrometheusErrorKind = 'network' | 'timeout' | 'http' | 'not_json' | 'bad_response' | 'query';

/** A failed Prometheus call. The message always starts with `Prometheus <url>:` so it can be shown as is. */
export class PrometheusError extends Error {
  readonly url: string;
  readonly kind: PrometheusErrorKind;
  /** HTTP status when a response arrived. */
  readonly status: number | null;
  /** Worth retrying: network errors, 5xx, 429. A bad query or a garbled answer will not improve. */
  readonly retryable: boolean;

  constructor(
    url: string,
    kind: PrometheusErrorKind,
    detail: string,
    status: number | null,
    retryable: boolean,
  ) {
    super(`Prometheus ${url}: ${detail}`);
    this.name = 'PrometheusError';
    this.url = url;
    this.kind = kind;
    this.status = status;
    this.retryable = retryable;
  }
}

export interface PrometheusClientOptions {
  /** Base URL of any Prometheus-compatible API (Prometheus, Thanos, Mimir's /prometheus, VictoriaMetrics). */
  url: string;
  fetch?: FetchLike;
  /** Per attempt, including reading the body. Default 5000. */
  timeoutMs?: number;
  /** Extra attempts after the first for retryable failures. Default 2. */
  retries?: number;
  backoff?: BackoffPolicy;
  /** Injected for tests: returns [0,1). */
  random?: () => number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PROMETHEUS_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 2_000, factor: 2 };

/**
 * Minimal Prometheus HTTP API client: instant and range queries, validated responses, bounded retries.
 * Queries are POSTed form-encoded (supported by every compatible API) so long fallback expressions
 * never hit URL length limits.
 */
export class PrometheusClient {
  /** The URL as shown to people: credentials redacted. */
  readonly url: string;
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: PrometheusClientOptions) {
    const parsed = new URL(options.url);
    this.#headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    // fetch refuses URLs with credentials: move user:password into a Basic header, keep it out of messages.
    if (parsed.username !== '' || parsed.password !== '') {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      this.#headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    this.#base = parsed.toString().replace(/\/+$/, '');
    this.url = this.#base;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#retries = options.retries ?? 2;
    this.#backoff = options.backoff ?? DEFAULT_PROMETHEUS_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Instant query at `timeMs` (epoch ms). Resolves to a vector or scalar. */
  async query(promql: string, timeMs: number): Promise<InstantSeries[]> {
    const data = await this.#request('/api/v1/query', { query: promql, time: seconds(timeMs) });
    if (data.resultType === 'vector') return data.result;
    if (data.resultType === 'scalar') return [{ metric: {}, ...data.result }];
    throw this.#error(
      'bad_response',
      `expected a vector or scalar result, got ${data.resultType}`,
      200,
      false,
    );
  }

  /** Range query over [startMs, endMs] every `stepSeconds`. Resolves to a matrix. */
  async queryRange(
    promql: string,
    startMs: number,
    endMs: number,
    stepSeconds: number,
  ): Promise<RangeSeries[]> {
    const data = await this.#request('/api/v1/query_range', {
      query: promql,
      start: seconds(startMs),
      end: seconds(endMs),
      step: String(stepSeconds),
    });
    if (data.resultType === 'matrix') return data.result;
    throw this.#error('bad_response', `expected a matrix result, got ${data.resultType}`, 200, false);
  }

  async #request(path: string, params: Record<string, string>): Promise<QueryData> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(path, params);
      } catch (error) {
        if (!(error instanceof PrometheusError) || !error.retryable || attempt >= this.#retries) throw error;
        await this.#sleep(backoffDelay(this.#backoff, attempt + 1, this.#random()));
      }
    }
  }

  async #attempt(path: string, params: Record<string, string>): Promise<QueryData> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await this.#fetch(this.#base + path, {
        method: 'POST',
        headers: this.#headers,
        body: new URLSearchParams(params).toString(),
        signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw this.#transportError(error, signal);
    }

    let body: unknown;
    let isJson = true;
    try {
      body = JSON.parse(text);
    } catch {
      isJson = false;
    }

    if (status < 200 || status >= 300) {
      const retryable = status >= 500 || status === 429;
      const envelope = isJson ? safeEnvelope(body) : null;
      const reported = envelope?.status === 'error' ? `${envelope.errorType}: ${envelope.error}` : null;
      // A rejected query (400 bad_data, 422 execution) is best reported in Prometheus' own words.
      if (!retryable && reported !== null) throw this.#error('query', reported, status, false);
      throw this.#error('http', `HTTP ${status}${reported ? ` (${reported})` : ''}`, status, retryable);
    }
    if (!isJson) throw this.#error('not_json', 'response is not JSON', status, false);
    let envelope: ReturnType<typeof parseEnvelope>;
    try {
      envelope = parseEnvelope(body);
    } catch (error) {
      if (error instanceof ResponseShapeError) {
        throw this.#error('bad_response', `unexpected response: ${error.message}`, status, false);
      }
      throw error;
    }
    if (envelope.status === 'error') {
      throw this.#error('query', `${envelope.errorType}: ${envelope.error}`, status, false);
    }
    return envelope.data;
  }

  #transportError(error: unknown, signal: AbortSignal): PrometheusError {
    // Retrying a timeout would multiply the wait on a Prometheus that is already struggling.
    if (signal.aborted || (error instanceof Error && error.name === 'TimeoutError')) {
      return this.#error('timeout', `timed out after ${formatMs(this.#timeoutMs)}`, null, false);
    }
    return this.#error('network', `network error: ${networkDetail(error)}`, null, true);
  }

  #error(
    kind: PrometheusErrorKind,
    detail: string,
    status: number | null,
    retryable: boolean,
  ): PrometheusError {
    return new PrometheusError(this.url, kind, detail, status, retryable);
  }
}

function safeEnvelope(body: unknown): ReturnType<typeof parseEnvelope> | null {
  try {
    return parseEnvelope(body);
  } catch {
    return null;
  }
}

/** fetch wraps the useful part ("connect ECONNREFUSED 127.0.0.1:9090") in `cause`. */
function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    if (cause.message !== '') return cause.message;
    const code = (cause as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error.message;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
