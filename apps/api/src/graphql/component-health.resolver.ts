import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ComponentSeriesService } from './component-series.service.ts';
import { budgetOf } from './guards/request-budget.ts';
import { ComponentHealth, Series, TimeRangeInput } from './models/control-plane.model.ts';

@Resolver(() => ComponentHealth)
export class ComponentHealthResolver {
  constructor(private readonly series: ComponentSeriesService) {}

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
