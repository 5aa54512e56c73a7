import { Module } from '@nestjs/common';
import { GpuModule } from '../gpu/gpu.module.ts';
import { ClusterWorkloadsResolver } from './workloads.resolver.ts';
import { WorkloadsService } from './workloads.service.ts';

/** `Cluster.rollouts` and `Cluster.troubledPods`: why rollouts stall and pods fail (issue 9). */
@Module({ imports: [GpuModule], providers: [ClusterWorkloadsResolver, WorkloadsService] })
export class WorkloadsModule {}
