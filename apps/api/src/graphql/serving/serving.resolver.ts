import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Cluster } from '../fleet/models/cluster.model.ts';
import { KueueStatus, ServingPath } from './models/serving.model.ts';
import { ServingService } from './serving.service.ts';

@Resolver(() => Cluster)
export class ClusterServingResolver {
  constructor(private readonly service: ServingService) {}

  @ResolveField('servingPath', () => ServingPath, {
    nullable: true,
    description:
      'Gateways and HTTPRoutes (gateway.networking.k8s.io/v1) joined to Services and their endpoints; each trouble is also a route.* / gateway.* finding (findingIds). NOT_APPLICABLE where the Gateway API is not served. null when this replica has no live summary of the cluster.',
  })
  servingPath(@Parent() cluster: Cluster): ServingPath | null {
    return this.service.servingPath(cluster.source);
  }

  @ResolveField('kueue', () => KueueStatus, {
    nullable: true,
    description:
      "Kueue's ClusterQueues and the workloads waiting for quota or evicted (kueue.* findings). NOT_APPLICABLE without Kueue. null when this replica has no live summary of the cluster.",
  })
  kueue(@Parent() cluster: Cluster): KueueStatus | null {
    return this.service.kueue(cluster.source);
  }
}
