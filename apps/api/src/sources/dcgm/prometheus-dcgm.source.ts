import { DCGM, DCGM_COUNTERS, type DcgmSample, type DcgmXidSeries } from '@fleetscope/diagnostics';
import { type FetchLike, PrometheusClient } from '../prometheus/prometheus-client.ts';
import { type PrometheusConfig, prometheusFor } from '../prometheus/prometheus-config.ts';
import type { DcgmReading, DcgmSampleSource } from './dcgm-source.ts';

export interface PrometheusDcgmOptions {
  config: PrometheusConfig;
  /** How far back an XID change counts as seen (a Prometheus range), default 1 h. */
  xidWindowMs?: number;
  /** More series than this in one answer is refused (a selector matching another fleet's GPUs). */
  maxSeries?: number;
  fetch?: FetchLike;
}

export const DEFAULT_XID_WINDOW_MS = 3_600_000;
const DEFAULT_MAX_SERIES = 200_000;
/** Points per XID line at most. */
const XID_POINTS = 240;

/**
 * DCGM-exporter series from Prometheus: one instant query for every counter read (a name regex, so
 * one round trip per cluster and tick), and — only when some XID changed within the window — the
 * XID gauge over that window, to tell when (XIDs are read by change, not by value).
 */
export class PrometheusDcgmSource implements DcgmSampleSource {
  readonly #config: PrometheusConfig;
  readonly #xidWindowMs: number;
  readonly #maxSeries: number;
  readonly #fetch: FetchLike | undefined;
  readonly #clients = new Map<string, PrometheusClient>();

  constructor(options: PrometheusDcgmOptions) {
    this.#config = options.config;
    this.#xidWindowMs = options.xidWindowMs ?? DEFAULT_XID_WINDOW_MS;
    this.#maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
    this.#fetch = options.fetch;
  }

  async read(cluster: string, now: number): Promise<DcgmReading | null> {
    const target = prometheusFor(this.#config, cluster);
    if (target === null) return null;
    const client = this.#client(target.url);
    const matcher =
      target.clusterLabel === null ? '' : `,${target.clusterLabel}="${escapeLabelValue(cluster)}"`;
    const names = DCGM_COUNTERS.join('|');
    const vector = await client.query(`{__name__=~"${names}"${matcher}}`, now);
    if (vector.length > this.#maxSeries) {
      throw new Error(
        `Prometheus ${client.url}: ${vector.length} DCGM series for ${cluster} (limit ${this.#maxSeries})`,
      );
    }
    const samples: DcgmSample[] = [];
    for (const series of vector) {
      const metric = series.metric.__name__;
      if (metric === undefined) continue;
      samples.push({ metric, labels: series.metric, value: series.value, timestampMs: series.timestampMs });
    }
    const xid = matcher === '' ? DCGM.xid : `${DCGM.xid}{${matcher.slice(1)}}`;
    const window = `${Math.max(1, Math.round(this.#xidWindowMs / 1000))}s`;
    const changed = await client.query(`changes(${xid}[${window}]) > 0`, now);
    let xidHistory: DcgmXidSeries[] = [];
    if (changed.length > 0) {
      const stepSeconds = Math.max(1, Math.ceil(this.#xidWindowMs / 1000 / (XID_POINTS - 1)));
      const matrix = await client.queryRange(xid, now - this.#xidWindowMs, now, stepSeconds);
      xidHistory = matrix.map((m) => ({ labels: m.metric, points: m.points }));
    }
    return {
      samples,
      xidHistory,
      source: `prometheus ${client.url}`,
      ...(target.clusterLabel === null ? {} : { sourceLabels: [target.clusterLabel] }),
    };
  }

  #client(url: string): PrometheusClient {
    let client = this.#clients.get(url);
    if (client === undefined) {
      client = new PrometheusClient({
        url,
        timeoutMs: this.#config.timeoutMs,
        retries: this.#config.retries,
        ...(this.#fetch ? { fetch: this.#fetch } : {}),
      });
      this.#clients.set(url, client);
    }
    return client;
  }
}

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}
