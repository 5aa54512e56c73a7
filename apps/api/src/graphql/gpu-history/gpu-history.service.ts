import {
  combineClusterHistories,
  DEFAULT_MAX_HISTORY_GROUPS,
  foldUsageHistory,
  type GpuHistoryGroupBy,
  type GpuUsageHistoryResult,
  type HistoryRange,
  historyRange,
  rangePoints,
} from '@fleetscope/diagnostics';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG } from '../../config/tokens.ts';
import { mapBounded } from '../../sources/prometheus/bounded.ts';
import type { GpuHistoryReader } from '../../sources/prometheus/gpu-history.source.ts';
import { type ClusterState, FleetState } from '../../stores/cluster-state.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import { IoLimiter } from '../guards/io-limiter.ts';
import type { RequestBudget } from '../guards/request-budget.ts';
import { clusterHistory, toSeries, unavailableHistory } from './gpu-history.mapper.ts';
import type { ClusterGpuUsageHistory, GpuUsageHistory } from './models/gpu-history.model.ts';

export const GPU_HISTORY_READER = Symbol('GPU_HISTORY_READER');

export const MAX_HISTORY_GROUPS = 100;
/** Clusters read at once within one request (each runs about five range queries). */
const CLUSTERS_IN_FLIGHT = 4;

export interface GpuHistoryArgs {
  from: Date;
  to: Date;
  groupBy: GpuHistoryGroupBy;
  cluster: string | null;
  maxGroups: number | null;
}

/**
 * `Query.gpuUsageHistory`: range queries on demand (one I/O slot per request, within its time
 * budget), folded by the pure usage-history code with the pools Fleetscope sees now.
 */
@Injectable()
export class GpuHistoryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GPU_HISTORY_READER) private readonly reader: GpuHistoryReader,
    private readonly fleet: FleetState,
    private readonly limiter: IoLimiter,
  ) {}

  async history(args: GpuHistoryArgs, budget: RequestBudget): Promise<GpuUsageHistory> {
    const grid = historyRange(args.from.getTime(), args.to.getTime());
    if (!grid.ok) throw badInput(`gpuUsageHistory: ${grid.problem}`);
    const maxGroups = args.maxGroups ?? DEFAULT_MAX_HISTORY_GROUPS;
    if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > MAX_HISTORY_GROUPS) {
      throw badInput(
        `gpuUsageHistory: maxGroups must be an integer from 1 to ${MAX_HISTORY_GROUPS}, got ${maxGroups}`,
      );
    }
    let states: ClusterState[];
    if (args.cluster !== null) {
      const state = this.fleet.get(args.cluster);
      if (state === undefined) {
        throw new GraphQLError(`cluster "${args.cluster}" is not watched`, {
          extensions: { code: ERROR_CODES.NOT_FOUND },
        });
      }
      states = [state];
    } else states = this.fleet.list();

    const { range } = grid;
    const settings = this.config.gpuHistory;
    const read = (): Promise<Array<{ view: ClusterGpuUsageHistory; result: GpuUsageHistoryResult | null }>> =>
      mapBounded(states, CLUSTERS_IN_FLIGHT, (state) => this.one(state, args.groupBy, range, maxGroups));
    const clusters = await this.limiter.run(budget.deadline, read);
    const withHistory = clusters.flatMap((c) => (c.result === null ? [] : [c.result]));
    const fleet = combineClusterHistories(withHistory, range.points, settings.prices.length > 0);
    return {
      from: new Date(range.startMs),
      to: new Date(range.endMs),
      stepSeconds: range.stepSeconds,
      times: rangePoints(range).map((t) => new Date(t)),
      groupBy: args.groupBy,
      busyThreshold: settings.busyThreshold,
      priced: settings.prices.length > 0,
      clusters: clusters.map((c) => c.view),
      series: fleet.totals === null ? null : toSeries(fleet.points),
      totals: fleet.totals,
    };
  }

  private async one(
    state: ClusterState,
    groupBy: GpuHistoryGroupBy,
    range: HistoryRange,
    maxGroups: number,
  ): Promise<{ view: ClusterGpuUsageHistory; result: GpuUsageHistoryResult | null }> {
    const settings = this.config.gpuHistory;
    const outcome = await this.reader.read({
      cluster: state.name,
      groupBy,
      range,
      busyThreshold: settings.busyThreshold,
      teamLabel: settings.teamLabel,
    });
    if (!outcome.ok) {
      return {
        view: unavailableHistory(state.name, outcome.code, outcome.message, range.points, null),
        result: null,
      };
    }
    const { nodePools, poolSkus } = poolsOf(state);
    const result = foldUsageHistory({
      cluster: state.name,
      groupBy,
      range,
      allocation: outcome.reading.allocation,
      usage: outcome.reading.usage,
      nodePools,
      poolSkus,
      namespaceTeams: outcome.reading.namespaceTeams,
      prices: settings.prices,
      maxGroups,
    });
    return { view: clusterHistory(result, outcome.reading.prometheusUrl), result };
  }
}

/** Node → pool and pool → its most common GPU product, from the nodes watched now. */
function poolsOf(state: ClusterState): { nodePools: Map<string, string>; poolSkus: Map<string, string> } {
  const nodePools = new Map<string, string>();
  const products = new Map<string, Map<string, number>>();
  for (const node of state.objects.nodes()) {
    nodePools.set(node.name, node.pool);
    if (node.gpuProduct === '') continue;
    const counts = products.get(node.pool) ?? new Map<string, number>();
    counts.set(node.gpuProduct, (counts.get(node.gpuProduct) ?? 0) + 1);
    products.set(node.pool, counts);
  }
  const poolSkus = new Map<string, string>();
  for (const [pool, counts] of products) {
    const [sku] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [''];
    poolSkus.set(pool, sku);
  }
  return { nodePools, poolSkus };
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.BAD_USER_INPUT } });
}
