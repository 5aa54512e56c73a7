import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ComponentSeriesService } from './component-series.service.ts';
import { ComponentHealth, Series, TimeRangeInput } from './models/control-plane.model.ts';

@Resolver(() => ComponentHealth)
export class ComponentHealthResolver {
  constructor(private readonly series: ComponentSeriesService) {}

  @ResolveField('series', () => [Series], {
    description:
      'History of the main signals of this part (p99 latency, error ratio, …), ≤ 300 points per line.',
  })
  history(@Parent() component: ComponentHealth, @Args('range') range: TimeRangeInput): Promise<Series[]> {
    return this.series.series(component.cluster, component.component, range.lastMinutes);
  }
}
