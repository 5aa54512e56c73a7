import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { FleetService } from '../fleet/fleet.service.ts';
import { budgetOf } from '../guards/request-budget.ts';
import { ControlPlaneService } from './control-plane.service.ts';
import { ComponentHealth, Series, TimeRangeInput } from './models/control-plane.model.ts';
import { ControlPlanePartEnum } from './models/control-plane-part.enum.ts';

type ControlPlanePart = (typeof ControlPlanePartEnum)[keyof typeof ControlPlanePartEnum];

/** History as a root query only: it cannot be reached from lists of clusters or from subscriptions. */
@Resolver()
export class ClusterSeriesResolver {
  constructor(
    private readonly series: ControlPlaneService,
    private readonly fleet: FleetService,
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
    if (!this.fleet.cluster(cluster)) return null;
    return this.series.series(cluster, part, range?.lastMinutes ?? 60, budgetOf(context));
  }
}

@Resolver(() => ComponentHealth)
export class ComponentHealthResolver {
  constructor(private readonly series: ControlPlaneService) {}

  @ResolveField('series', () => [Series], {
    description:
      'History of the main signals of this part (p99 latency, error ratio, …), ≤ 300 points per line.',
    deprecationReason:
      'Use Query.clusterSeries(cluster, part, range): history is I/O and does not belong in lists or subscriptions. Refused in subscriptions; removed in schema 2.0.',
  })
  history(
    @Parent() component: ComponentHealth,
    @Args('range') range: TimeRangeInput,
    @Context() context: unknown,
  ): Promise<Series[]> {
    return this.series.series(component.cluster, component.component, range.lastMinutes, budgetOf(context));
  }
}
