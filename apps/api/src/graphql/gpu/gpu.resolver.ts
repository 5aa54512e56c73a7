import type { PoolInventory } from '@fleetscope/diagnostics';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Cluster } from '../fleet/models/cluster.model.ts';
import { GpuPool } from './models/gpu-pool.model.ts';

/** The GraphQL shape of one pool inventory. */
export function toGpuPool(p: PoolInventory, cluster: string): GpuPool {
  return {
    cluster,
    pool: p.pool,
    sku: p.sku,
    instanceTypes: p.instanceTypes,
    gpusPerNode: p.gpusPerNode,
    sharingMode: p.sharing.mode,
    migProfiles: p.sharing.migProfiles,
    replicas: p.sharing.replicas,
    driverVersions: p.driverVersions,
    nodes: p.nodes,
    notUsableYet: p.notUsableYet,
    resources: p.resources.map((r) => ({
      cluster,
      pool: p.pool,
      resource: r.resource,
      allocatable: r.allocatable,
      requested: r.requested,
      free: r.free,
      largestPlaceable: r.fragmentation.largestPlaceable.size,
      largestPlaceableNode: r.fragmentation.largestPlaceable.node,
      expectedFragmentation: r.fragmentation.expected,
      mixSource: r.fragmentation.mixSource,
      bySize: r.fragmentation.bySize,
    })),
  };
}

@Resolver(() => Cluster)
export class ClusterGpuPoolsResolver {
  @ResolveField('gpuPools', () => [GpuPool], {
    description:
      'GPU pools of the cluster: SKU, sharing, drivers, usable capacity per resource, nodes not usable yet and fragmentation. Empty when the cluster has no GPU nodes (or nothing was listed yet).',
  })
  gpuPools(@Parent() cluster: Cluster): GpuPool[] {
    return (cluster.source.gpuPools ?? []).map((p) => toGpuPool(p, cluster.name));
  }
}
