import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Cluster } from '../fleet/models/cluster.model.ts';
import { GpuDefragService } from './gpu-defrag.service.ts';
import { GpuBlockedPod, GpuDefragSuggestion } from './models/gpu-defrag.model.ts';
import { GpuPoolBlockedPod } from './models/gpu-heatmap.model.ts';

/** `Cluster.gpuBlockedPods`: pending GPU pods fragmentation blocks, with the moves that would make room. */
@Resolver(() => Cluster)
export class ClusterGpuDefragResolver {
  constructor(private readonly service: GpuDefragService) {}

  @ResolveField('gpuBlockedPods', () => [GpuBlockedPod], {
    description:
      'Pending GPU pods that no single node they may use can fit while those nodes have enough free in total (fragmentation, not capacity), largest request first, each with per-node free and the fewest pod moves (or one node to drain) that make room. Computed when asked and kept until a pool or the pending pods change.',
  })
  gpuBlockedPods(
    @Parent() cluster: Cluster,
    @Args('pool', { type: () => String, nullable: true, description: 'Only pods blocked in this pool.' })
    pool: string | null,
  ): GpuBlockedPod[] {
    return this.service.blockedPods(cluster.source.name, pool ?? null);
  }
}

/** `GpuPoolBlockedPod.suggestion`: the same proposal as `Cluster.gpuBlockedPods`, next to the pool that shows the pod. */
@Resolver(() => GpuPoolBlockedPod)
export class GpuPoolBlockedPodSuggestionResolver {
  constructor(private readonly service: GpuDefragService) {}

  @ResolveField('suggestion', () => GpuDefragSuggestion, {
    nullable: true,
    description:
      'The fewest pod moves (or one node to drain) that would let it fit, as Cluster.gpuBlockedPods proposes; null when the proposal sees it no longer blocked.',
  })
  suggestion(@Parent() blocked: GpuPoolBlockedPod): GpuDefragSuggestion | null {
    return (
      this.service.find(blocked.cluster, blocked.namespace, blocked.name, blocked.resource)?.suggestion ??
      null
    );
  }
}
