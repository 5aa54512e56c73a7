import { type Bucket, withSaturation } from '@fleetscope/diagnostics';
import type { Signal, SignalName, SignalSample, SignalSet } from '@fleetscope/types';
import type { BackoffPolicy } from '../kubernetes/backoff.ts';
import {
  MAX_SERIES_POINTS,
  type MetricsSource,
  type SeriesLine,
  type SeriesRange,
  type SeriesSource,
  type SignalSeries,
} from '../metrics/metrics-source.ts';
import { mapBounded } from './bounded.ts';
import { buildQueries, type CatalogQuery, catalogEntry, TARGET_UP_JOB_LABEL } from './catalog.ts';
import { type FetchLike, PrometheusClient } from './prometheus-client.ts';
import { type PrometheusConfig, prometheusFor } from './prometheus-config.ts';
import type { InstantSeries } from './prometheus-response.ts';

export interface PrometheusLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

export interface PrometheusSourceOptions {
  config: PrometheusConfig;
  logger: PrometheusLogger;
  /** Injected for tests; default global fetch. */
  fetch?: FetchLike;
  backoff?: BackoffPolicy;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Control-plane signals from Prometheus: every catalog query for a cluster, run concurrently (bounded),
 * each turned into a Signal with samples or an error. Nothing here throws: Prometheus being down,
 * slow, 5xx, garbled or answering ±Inf makes the affected signals carry an error (UNKNOWN downstream).
 */
export class PrometheusSource implements MetricsSource, SeriesSource {
  readonly #config: PrometheusConfig;
  readonly #logger: PrometheusLogger;
  readonly #options: PrometheusSourceOptions;
  readonly #clients = new Map<string, PrometheusClient>();
  /** Last failure summary per cluster, so a lasting outage is logged once, not on every collection. */
  readonly #lastFailure = new Map<string, string>();

  constructor(options: PrometheusSourceOptions) {
    this.#config = options.config;
    this.#logger = options.logger;
    this.#options = options;
  }

  /** The Prometheus URL serving `cluster` (credentials redacted), or null when none is configured. */
  urlFor(cluster: string): string | null {
    const target = prometheusFor(this.#config, cluster);
    return target === null ? null : this.#client(target.url).url;
  }

  async collect(cluster: string, now: number): Promise<SignalSet> {
    const target = prometheusFor(this.#config, cluster);
    // No Prometheus for this cluster: nothing collected (absent signals are UNKNOWN downstream).
    if (target === null)
      return { cluster, signals: {}, observable: { etcd: true, scheduler: true, controllers: true } };

    const client = this.#client(target.url);
    const queries = buildQueries(
      { jobs: this.#config.jobs, clusterLabel: target.clusterLabel, cluster, window: this.#config.window },
      this.#config.queries,
    );
    const signals = await mapBounded(queries, this.#config.concurrency, (q) =>
      this.#collectOne(client, q, now),
    );

    const record: Partial<Record<SignalName, Signal>> = {};
    for (const signal of signals) record[signal.name] = signal;
    this.#logOutcome(cluster, client.url, signals);

    const up = record.target_up;
    // "Not observable here" needs proof: Prometheus answered and has no target for that job. When the
    // `up` query itself failed nothing is known, and the parts stay observable so they read UNKNOWN.
    // No `up` at all for this cluster means the selectors match nothing (a cluster-label typo, a
    // job rename) — not a managed control plane: keep every part observable so it reads UNKNOWN.
    const seen = (job: string): boolean =>
      up === undefined ||
      up.error !== null ||
      up.samples.length === 0 ||
      up.samples.some((s) => s.labels.job === job);
    return {
      cluster,
      signals: record,
      observable: {
        etcd: seen(TARGET_UP_JOB_LABEL.etcd),
        scheduler: seen(TARGET_UP_JOB_LABEL.scheduler),
        controllers: seen(TARGET_UP_JOB_LABEL.controllerManager),
      },
    };
  }

  async series(cluster: string, signal: SignalName, range: SeriesRange): Promise<SignalSeries> {
    const target = prometheusFor(this.#config, cluster);
    const entry = catalogEntry(signal);
    const source = target === null ? 'prometheus' : `prometheus ${this.#client(target.url).url}`;
    const durationSeconds = Math.max(0, (range.end - range.start) / 1000);
    // n points span (n-1) steps: this keeps a chart at MAX_SERIES_POINTS or fewer.
    const stepSeconds = Math.max(1, range.stepSeconds, Math.ceil(durationSeconds / (MAX_SERIES_POINTS - 1)));
    const result: SignalSeries = { name: signal, lines: [], stepSeconds, window: '', source, error: null };
    if (entry === undefined) return { ...result, error: `${signal} is not provided by Prometheus` };
    if (target === null) return { ...result, error: `no Prometheus configured for cluster ${cluster}` };
    if (!(range.end >= range.start)) return { ...result, error: 'range end is before its start' };

    const client = this.#client(target.url);
    const query = buildQueries(
      { jobs: this.#config.jobs, clusterLabel: target.clusterLabel, cluster, window: this.#config.window },
      this.#config.queries,
    ).find((q) => q.name === signal);
    if (query === undefined) return { ...result, error: `${signal} has no query` };
    result.window = query.window;
    try {
      const matrix = await client.queryRange(query.query, range.start, range.end, stepSeconds);
      const lines: SeriesLine[] = [];
      for (const s of matrix) {
        const labels = keep(s.metric, query.labels);
        const infinite = s.points.find((p) => Number.isFinite(p.v) === false && !Number.isNaN(p.v));
        if (infinite) return { ...result, error: infiniteError(client.url, signal, labels, infinite.v) };
        // NaN = no traffic at that instant: a gap in the chart, not a zero.
        lines.push({ labels, points: s.points.filter((p) => !Number.isNaN(p.v)) });
      }
      return { ...result, lines };
    } catch (error) {
      return { ...result, error: describeError(client.url, error) };
    }
  }

  async #collectOne(client: PrometheusClient, query: CatalogQuery, now: number): Promise<Signal> {
    const base = { name: query.name, window: query.window, source: `prometheus ${client.url}` };
    try {
      const vector = await client.query(query.query, now);
      const result = toSamples(client.url, query, vector);
      if (query.histogram !== null && result.samples.length > 0) {
        result.samples = await this.#flagSaturated(client, query, result.samples, now);
      }
      return { ...base, ...result, observedAt: now };
    } catch (error) {
      return { ...base, samples: [], observedAt: null, error: describeError(client.url, error) };
    }
  }

  /**
   * histogram_quantile answers the top finite bound when the rank falls in +Inf. The bucket rates and
   * the mean, queried alongside, tell such a floor from a measured value. If they cannot be read,
   * the samples stay as they are (logged): the quantile itself was answered.
   */
  async #flagSaturated(
    client: PrometheusClient,
    query: CatalogQuery,
    samples: SignalSample[],
    now: number,
  ): Promise<SignalSample[]> {
    const companions = query.histogram;
    if (companions === null) return samples;
    try {
      const [buckets, means] = await Promise.all([
        client.query(companions.buckets, now),
        client.query(companions.mean, now),
      ]);
      return samples.map((sample) => {
        const key = labelKey(sample.labels);
        const own: Bucket[] = [];
        for (const series of buckets) {
          const le = series.metric.le;
          if (le === undefined || labelKey(keep(series.metric, query.labels)) !== key) continue;
          own.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count: series.value });
        }
        const mean = means.find((m) => labelKey(keep(m.metric, query.labels)) === key)?.value ?? null;
        return withSaturation(sample, 0.99, own, mean);
      });
    } catch (error) {
      this.#logger.warn('histogram companions of a quantile unavailable', {
        signal: query.name,
        error: describeError(client.url, error),
      });
      return samples;
    }
  }

  #client(url: string): PrometheusClient {
    let client = this.#clients.get(url);
    if (client === undefined) {
      const o = this.#options;
      client = new PrometheusClient({
        url,
        timeoutMs: this.#config.timeoutMs,
        retries: this.#config.retries,
        ...(o.fetch ? { fetch: o.fetch } : {}),
        ...(o.backoff ? { backoff: o.backoff } : {}),
        ...(o.random ? { random: o.random } : {}),
        ...(o.sleep ? { sleep: o.sleep } : {}),
      });
      this.#clients.set(url, client);
    }
    return client;
  }

  #logOutcome(cluster: string, url: string, signals: Signal[]): void {
    const failed = signals.filter((s) => s.error !== null);
    const summary = failed.length === 0 ? '' : `${failed.length} failed; first: ${failed[0]?.error}`;
    const previous = this.#lastFailure.get(cluster) ?? '';
    if (summary === previous) return;
    this.#lastFailure.set(cluster, summary);
    if (summary === '') {
      this.#logger.info('prometheus signals recovered', { cluster, url });
    } else {
      this.#logger.warn('prometheus signals unavailable', {
        cluster,
        url,
        failed: failed.map((s) => s.name),
        error: failed[0]?.error,
      });
    }
  }
}

/**
 * Instant vector → samples. NaN (a quantile or ratio over a window without traffic) drops that series:
 * no traffic is not a latency and not an error. ±Inf (a division by zero) fails the whole signal.
 */
export function toSamples(
  url: string,
  query: Pick<CatalogQuery, 'name' | 'labels'>,
  vector: readonly InstantSeries[],
): { samples: SignalSample[]; error: string | null } {
  const samples: SignalSample[] = [];
  for (const series of vector) {
    const labels = keep(series.metric, query.labels);
    if (Number.isNaN(series.value)) continue;
    if (!Number.isFinite(series.value)) {
      return { samples: [], error: infiniteError(url, query.name, labels, series.value) };
    }
    samples.push({ labels, value: series.value });
  }
  return { samples, error: null };
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

function keep(metric: Record<string, string>, labels: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const label of labels) {
    const value = metric[label];
    if (value !== undefined) kept[label] = value;
  }
  return kept;
}

function infiniteError(url: string, name: string, labels: Record<string, string>, value: number): string {
  const where = Object.keys(labels).length === 0 ? '' : ` for ${JSON.stringify(labels)}`;
  return `Prometheus ${url}: ${name} is ${value > 0 ? '+Inf' : '-Inf'}${where}`;
}

function describeError(url: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('Prometheus ') ? message : `Prometheus ${url}: ${message}`;
}
