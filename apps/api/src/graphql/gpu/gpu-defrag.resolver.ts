import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { FleetState } from '../../stores/cluster-state.ts';
import { Cluster } from '../fleet/models/cluster.model.ts';
import { GpuDefragService } from './gpu-defrag.service.ts';
import { GpuBlockedPod } from './models/gpu-defrag.model.ts';

/** `Cluster.gpuBlockedPods`: pending GPU pods fragmentation blocks, with the moves that would make room. */
@Resolver(() => Cluster)
export class ClusterGpuDefragResolver {
  readonly #service: GpuDefragService;

  constructor(fleet: FleetState) {
    this.#service = new GpuDefragService(fleet);
  }

  @ResolveField('gpuBlockedPods', () => [GpuBlockedPod], {
    description:
      'Pending GPU pods that no single node they may use can fit while those nodes have enough free in total (fragmentation, not capacity), largest request first, each with per-node free and the fewest pod moves (or one node to drain) that make room. Computed when asked and kept until a pool or the pending pods change.',
  })
  gpuBlockedPods(
    @Parent() cluster: Cluster,
    @Args('pool', { type: () => String, nullable: true, description: 'Only pods blocked in this pool.' })
    pool: string | null,
  ): GpuBlockedPod[] {
    return this.#service.blockedPods(cluster.source.name, pool ?? null);
  }
}
