import {
  type AllocationSource,
  allocationCoverageQuery,
  allocationQuery,
  type GpuHistoryGroupBy,
  type HistoryGrain,
  type HistoryQueryContext,
  type HistoryRange,
  type HistoryRow,
  namespaceTeamsQuery,
  type RowLabels,
  usageCoverageQuery,
  usageQuery,
} from '@fleetscope/diagnostics';
import { type FetchLike, PrometheusClient } from './prometheus-client.ts';
import { type PrometheusConfig, prometheusFor } from './prometheus-config.ts';
import type { RangeSeries } from './prometheus-response.ts';

/** What one cluster's Prometheus holds about GPU allocation and use over a range, ready to fold. */
export interface GpuHistoryReading {
  prometheusUrl: string;
  allocation: { source: AllocationSource; rows: HistoryRow[]; labels: RowLabels; coverage: HistoryRow[] };
  usage: { rows: HistoryRow[]; labels: RowLabels; coverage: HistoryRow[] };
  /** Namespace → team from kube-state-metrics' namespace labels or Fleetscope's gauge. */
  namespaceTeams: Map<string, string>;
}

export type GpuHistoryUnavailableCode = 'NO_PROMETHEUS' | 'PROMETHEUS_ERROR';

export type GpuHistoryOutcome =
  | { ok: true; reading: GpuHistoryReading }
  | { ok: false; code: GpuHistoryUnavailableCode; message: string };

export interface GpuHistoryRequest {
  cluster: string;
  groupBy: GpuHistoryGroupBy;
  range: HistoryRange;
  busyThreshold: number;
  teamLabel: string;
}

/** The port the GraphQL service reads history through (Prometheus, or nothing). */
export interface GpuHistoryReader {
  read(request: GpuHistoryRequest): Promise<GpuHistoryOutcome>;
}

/**
 * Runs the usage-history queries against the cluster's Prometheus. Allocation: kube-state-metrics
 * when its pods are there over the range, else Fleetscope's own gauge, else NONE. Never throws: a
 * Prometheus that is down, slow or answers garbage gives PROMETHEUS_ERROR with its message.
 */
export class PrometheusGpuHistory implements GpuHistoryReader {
  readonly #config: PrometheusConfig | null;
  readonly #fetch: FetchLike | undefined;
  readonly #clients = new Map<string, PrometheusClient>();

  constructor(config: PrometheusConfig | null, fetch?: FetchLike) {
    this.#config = config;
    this.#fetch = fetch;
  }

  async read(request: GpuHistoryRequest): Promise<GpuHistoryOutcome> {
    const target = this.#config === null ? null : prometheusFor(this.#config, request.cluster);
    if (target === null) {
      return {
        ok: false,
        code: 'NO_PROMETHEUS',
        message: `GPU history needs Prometheus: no --prometheus-url serves cluster ${request.cluster}`,
      };
    }
    const client = this.#client(target.url);
    const ctx: HistoryQueryContext = {
      clusterLabel: target.clusterLabel,
      cluster: request.cluster,
      busyThreshold: request.busyThreshold,
      teamLabel: request.teamLabel,
    };
    const grain: HistoryGrain =
      request.groupBy === 'NAMESPACE' || request.groupBy === 'TEAM' ? 'namespace' : 'node';
    const { range } = request;
    const lastPoint = range.endMs - range.stepSeconds * 1000;
    const matrix = async (promql: string): Promise<HistoryRow[]> =>
      rows(await client.queryRange(promql, range.startMs, lastPoint, range.stepSeconds));
    try {
      const ksm = allocationQuery('KUBE_STATE_METRICS', grain, ctx);
      const use = usageQuery(grain, ctx);
      const [ksmCoverage, ksmRows, useRows, useCoverage, teams] = await Promise.all([
        matrix(allocationCoverageQuery('KUBE_STATE_METRICS', ctx)),
        matrix(ksm.promql),
        matrix(use.promql),
        matrix(usageCoverageQuery(ctx)),
        grain === 'namespace'
          ? this.#teams(client, ctx, lastPoint)
          : Promise.resolve(new Map<string, string>()),
      ]);
      let allocation: GpuHistoryReading['allocation'] = {
        source: 'KUBE_STATE_METRICS',
        rows: ksmRows,
        labels: ksm.labels,
        coverage: ksmCoverage,
      };
      if (!hasPoints(ksmCoverage)) {
        const own = allocationQuery('FLEETSCOPE', grain, ctx);
        const [ownCoverage, ownRows] = await Promise.all([
          matrix(allocationCoverageQuery('FLEETSCOPE', ctx)),
          matrix(own.promql),
        ]);
        allocation = hasPoints(ownCoverage)
          ? { source: 'FLEETSCOPE', rows: ownRows, labels: own.labels, coverage: ownCoverage }
          : { source: 'NONE', rows: [], labels: {}, coverage: [] };
        // The gauge carries each namespace's team: use it where kube-state-metrics said nothing.
        for (const row of ownRows) {
          const namespace = row.labels.namespace ?? '';
          const team = row.labels.team ?? '';
          if (namespace !== '' && team !== '' && !teams.has(namespace)) teams.set(namespace, team);
        }
      }
      return {
        ok: true,
        reading: {
          prometheusUrl: client.url,
          allocation,
          usage: { rows: useRows, labels: use.labels, coverage: useCoverage },
          namespaceTeams: teams,
        },
      };
    } catch (error) {
      return {
        ok: false,
        code: 'PROMETHEUS_ERROR',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async #teams(
    client: PrometheusClient,
    ctx: HistoryQueryContext,
    atMs: number,
  ): Promise<Map<string, string>> {
    const query = namespaceTeamsQuery(ctx);
    const teams = new Map<string, string>();
    for (const series of await client.query(query.promql, atMs)) {
      const namespace = series.metric[query.labels.namespace ?? 'namespace'] ?? '';
      const team = series.metric[query.labels.team ?? ''] ?? '';
      if (namespace !== '' && team !== '') teams.set(namespace, team);
    }
    return teams;
  }

  #client(url: string): PrometheusClient {
    let client = this.#clients.get(url);
    if (client === undefined) {
      const config = this.#config;
      client = new PrometheusClient({
        url,
        timeoutMs: config?.timeoutMs,
        retries: config?.retries,
        ...(this.#fetch ? { fetch: this.#fetch } : {}),
      });
      this.#clients.set(url, client);
    }
    return client;
  }
}

function rows(matrix: readonly RangeSeries[]): HistoryRow[] {
  return matrix.map((series) => ({ labels: series.metric, points: series.points }));
}

function hasPoints(rows: readonly HistoryRow[]): boolean {
  return rows.some((row) => row.points.length > 0);
}
