import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Cluster } from '../fleet/models/cluster.model.ts';
import { GpuSideService } from './gpu-side.service.ts';
import { GpuDraInventory } from './models/gpu-dra.model.ts';
import { GpuOperatorStatus } from './models/gpu-operator.model.ts';

@Resolver(() => Cluster)
export class ClusterGpuSideResolver {
  constructor(private readonly service: GpuSideService) {}

  @ResolveField('gpuDra', () => GpuDraInventory, {
    description:
      'DRA (resource.k8s.io/v1) devices, watched live: complete ResourceSlices minus ResourceClaim allocations, per DRA pool with its node pool. NOT_APPLICABLE where the cluster does not serve the API.',
  })
  gpuDra(@Parent() cluster: Cluster): GpuDraInventory {
    return this.service.dra(cluster.name);
  }

  @ResolveField('gpuOperator', () => GpuOperatorStatus, {
    description:
      'The NVIDIA GPU Operator’s ClusterPolicy state and conditions, watched live. NOT_APPLICABLE where the ClusterPolicy CRD is not served.',
  })
  gpuOperator(@Parent() cluster: Cluster): GpuOperatorStatus {
    return this.service.operator(cluster.name);
  }
}
