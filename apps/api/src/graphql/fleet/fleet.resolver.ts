import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import { type SliceEvent, sliceValue } from '../push/slice-event.ts';
import { FleetService } from './fleet.service.ts';
import { Cluster, Fleet } from './models/cluster.model.ts';

@Resolver(() => Fleet)
export class FleetResolver {
  constructor(private readonly fleetService: FleetService) {}

  @Query(() => Fleet, {
    description: 'Every watched cluster with control-plane and data-plane verdicts apart.',
  })
  fleet(): Fleet {
    return this.fleetService.fleet();
  }

  @Query(() => Cluster, { nullable: true, description: 'One cluster by name; null when it is not watched.' })
  cluster(@Args('name') name: string): Cluster | null {
    return this.fleetService.cluster(name);
  }

  @Subscription(() => Fleet, {
    description:
      'The fleet view whenever its version changes (at most once a second per subscriber, newest only).',
    resolve: sliceValue,
  })
  fleetChanged(): AsyncIterableIterator<SliceEvent<Fleet>> {
    return this.fleetService.fleetEvents();
  }

  @Subscription(() => Cluster, {
    description:
      'One cluster whenever that cluster changes (at most once a second per subscriber, newest only).',
    resolve: sliceValue,
  })
  clusterChanged(@Args('name') name: string): AsyncIterableIterator<SliceEvent<Cluster>> {
    return this.fleetService.clusterEvents(name);
  }
}
