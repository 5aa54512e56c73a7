import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { WorstNodesArgs } from './dto/worst-nodes.args.ts';
import { GpuHeatmapService } from './gpu-heatmap.service.ts';
import { FreeNodesCount, GpuHeatmap, GpuNodeCells, GpuPoolBlockedPod } from './models/gpu-heatmap.model.ts';
import { GpuPool, GpuPoolResource } from './models/gpu-pool.model.ts';

@Resolver(() => GpuPool)
export class GpuPoolHeatmapResolver {
  constructor(private readonly service: GpuHeatmapService) {}

  @ResolveField('heatmap', () => GpuHeatmap, {
    nullable: true,
    description:
      'Node × GPU cells of the pool (free, allocated busy / idle / use unknown, unhealthy, not usable). Null before the pool was first counted.',
  })
  heatmap(@Parent() pool: GpuPool): GpuHeatmap | null {
    return this.service.heatmap(pool.cluster, pool.pool);
  }

  @ResolveField('worstNodes', () => [GpuNodeCells], {
    description:
      "The heatmap's text alternative: nodes with unhealthy, not usable, idle or unmeasured held GPUs, worst first (in that order), at most `first`.",
  })
  worstNodes(@Parent() pool: GpuPool, @Args() args: WorstNodesArgs): GpuNodeCells[] {
    return this.service.worstNodes(pool.cluster, pool.pool, args.first);
  }

  @ResolveField('blockedPods', () => [GpuPoolBlockedPod], {
    description:
      'Pending pods that fragmentation — not capacity — keeps from starting, listed under the pool with the most free for them (findings: pod.blocked-by-fragmentation).',
  })
  blockedPods(@Parent() pool: GpuPool): GpuPoolBlockedPod[] {
    return this.service.blockedPods(pool.cluster, pool.pool);
  }
}

@Resolver(() => GpuPoolResource)
export class GpuPoolResourceFreeResolver {
  constructor(private readonly service: GpuHeatmapService) {}

  @ResolveField('freePerNode', () => [FreeNodesCount], {
    description: 'Usable nodes by free units of this resource ("2 nodes with 1 free, …"), fewest free first.',
  })
  freePerNode(@Parent() resource: GpuPoolResource): FreeNodesCount[] {
    return this.service.freePerNode(resource.cluster, resource.pool, resource.resource);
  }
}
