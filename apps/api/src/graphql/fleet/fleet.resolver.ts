import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { latestValueIterator } from '../push/latest-value-iterator.ts';
import { FleetService } from './fleet.service.ts';
import { Cluster, Fleet } from './models/cluster.model.ts';

/** Minimum interval between two pushes to one subscriber. */
export const SUBSCRIPTION_MIN_INTERVAL_MS = 1_000;

@Resolver(() => Fleet)
export class FleetResolver {
  constructor(private readonly views: FleetService) {}

  @Query(() => Fleet, {
    description: 'Every watched cluster with control-plane and data-plane verdicts apart.',
  })
  fleet(): Fleet {
    return this.views.fleet();
  }

  @Query(() => Cluster, { nullable: true, description: 'One cluster by name; null when it is not watched.' })
  cluster(@Args('name') name: string): Cluster | null {
    return this.views.cluster(name);
  }

  @Subscription(() => Fleet, {
    description: 'The fleet view whenever it changes (at most once a second per subscriber, newest only).',
    resolve: (value: Fleet) => value,
  })
  fleetChanged(): AsyncIterableIterator<Fleet> {
    return latestValueIterator<Fleet>(
      (push) => this.views.onChange(push),
      SUBSCRIPTION_MIN_INTERVAL_MS,
      this.views.fleet(),
    );
  }

  @Subscription(() => Cluster, {
    description:
      'One cluster whenever that cluster changes (at most once a second per subscriber, newest only).',
    resolve: (value: Cluster) => value,
  })
  clusterChanged(@Args('name') name: string): AsyncIterableIterator<Cluster> {
    const initial = this.views.cluster(name);
    if (!initial)
      throw new GraphQLError(`cluster "${name}" is not watched`, { extensions: { code: 'NOT_FOUND' } });
    let last = this.views.clusterSource(name);
    return latestValueIterator<Cluster>(
      (push) =>
        this.views.onChange(() => {
          // Other clusters' changes are not this subscriber's: an unchanged cluster keeps its summary object.
          const source = this.views.clusterSource(name);
          const view = this.views.cluster(name);
          if (view && source !== last) {
            last = source;
            push(view);
          }
        }),
      SUBSCRIPTION_MIN_INTERVAL_MS,
      initial,
    );
  }
}
