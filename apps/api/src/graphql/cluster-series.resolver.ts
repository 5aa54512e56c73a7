import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ComponentSeriesService } from './component-series.service.ts';
import { FleetViewService } from './fleet-view.service.ts';
import { budgetOf } from './guards/request-budget.ts';
import { Series, TimeRangeInput } from './models/control-plane.model.ts';
import { ControlPlanePartEnum } from './models/enums.ts';

type ControlPlanePart = (typeof ControlPlanePartEnum)[keyof typeof ControlPlanePartEnum];

/** History as a root query only: it cannot be reached from lists of clusters or from subscriptions. */
@Resolver()
export class ClusterSeriesResolver {
  constructor(
    private readonly series: ComponentSeriesService,
    private readonly views: FleetViewService,
  ) {}

  @Query(() => [Series], {
    nullable: true,
    description:
      'History of the main signals of one control-plane part (p99 latency, error ratio, …), ≤ 300 points per line; null when the cluster is not watched. Runs range queries: at most 14 per request.',
  })
  clusterSeries(
    @Args('cluster') cluster: string,
    @Args('part', { type: () => ControlPlanePartEnum }) part: ControlPlanePart,
    @Args('range', { type: () => TimeRangeInput, nullable: true }) range: TimeRangeInput | null,
    @Context() context: unknown,
  ): Promise<Series[]> | null {
    if (!this.views.cluster(cluster)) return null;
    return this.series.series(cluster, part, range?.lastMinutes ?? 60, budgetOf(context));
  }
}
