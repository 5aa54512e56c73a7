import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { budgetOf } from '../guards/request-budget.ts';
import { GpuHistoryService } from './gpu-history.service.ts';
import { GpuHistoryGroupByEnum, GpuUsageHistory } from './models/gpu-history.model.ts';

/** History as a root query only: no list or subscription can fan its range queries out. */
@Resolver()
export class GpuHistoryResolver {
  constructor(private readonly history: GpuHistoryService) {}

  @Query(() => GpuUsageHistory, {
    description:
      'GPU allocation vs use over [from, to) per cluster (or one), split by cluster, pool, namespace or team: series (≤ 500 steps) and GPU-hours allocated, used and idle, with idle cost when --gpu-price is set. Runs Prometheus range queries (one history lookup). A cluster without Prometheus answers `unavailable`, never zeros.',
  })
  gpuUsageHistory(
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('groupBy', { type: () => GpuHistoryGroupByEnum, defaultValue: 'POOL' })
    groupBy: keyof typeof GpuHistoryGroupByEnum,
    @Args('cluster', {
      type: () => String,
      nullable: true,
      description: 'One cluster; all watched clusters when absent.',
    })
    cluster: string | null,
    @Args('maxGroups', {
      type: () => Int,
      nullable: true,
      description: 'Groups per cluster before the rest are merged (1–100, default 20).',
    })
    maxGroups: number | null,
    @Context() context: unknown,
  ): Promise<GpuUsageHistory> {
    return this.history.history(
      { from, to, groupBy, cluster: cluster ?? null, maxGroups: maxGroups ?? null },
      budgetOf(context),
    );
  }
}
