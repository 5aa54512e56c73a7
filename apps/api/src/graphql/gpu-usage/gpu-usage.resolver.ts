import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Cluster, Fleet } from '../fleet/models/cluster.model.ts';
import { GpuDevicesArgs } from './dto/gpu-devices.args.ts';
import { GpuUsageService } from './gpu-usage.service.ts';
import { ClusterGpuUsage, FleetGpu, GpuDevice } from './models/gpu-usage.model.ts';

@Resolver(() => Cluster)
export class ClusterGpuUsageResolver {
  constructor(private readonly service: GpuUsageService) {}

  @ResolveField('gpuUsage', () => ClusterGpuUsage, {
    description:
      'GPU allocation against real use (DCGM-exporter through Prometheus): per resource, pool and namespace/team, idle-allocated devices with their pods, unhealthy GPUs. Use figures are null while usage is unknown.',
  })
  gpuUsage(@Parent() cluster: Cluster): ClusterGpuUsage {
    return this.service.ofCluster(cluster.source);
  }

  @ResolveField('gpuDevices', () => [GpuDevice], {
    description:
      'Every GPU and MIG instance DCGM reported, in node, GPU, MIG instance order; empty while unknown.',
  })
  gpuDevices(@Parent() cluster: Cluster, @Args() args: GpuDevicesArgs): GpuDevice[] {
    return this.service.devices(cluster.name, args.first);
  }
}

@Resolver(() => Fleet)
export class FleetGpuResolver {
  constructor(private readonly service: GpuUsageService) {}

  @ResolveField('gpu', () => FleetGpu, {
    description:
      'GPU allocation against real use over the fleet: totals per resource, idle-allocated and unhealthy GPUs.',
  })
  gpu(@Parent() fleet: Fleet): FleetGpu {
    return this.service.ofFleet(fleet.sources);
  }
}
