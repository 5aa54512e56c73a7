import { Module } from '@nestjs/common';
import { ClusterWorkloadsResolver } from './workloads.resolver.ts';
import { WorkloadsService } from './workloads.service.ts';

/** `Cluster.rollouts` and `Cluster.troubledPods`: why rollouts stall and pods fail (issue 9). */
@Module({ providers: [ClusterWorkloadsResolver, WorkloadsService] })
export class WorkloadsModule {}
