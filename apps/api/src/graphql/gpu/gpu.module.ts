import { Module } from '@nestjs/common';
import { ClusterGpuPoolsResolver } from './gpu.resolver.ts';

/** `Cluster.gpuPools`: the GPU pool inventory the analysis keeps per pool. */
@Module({ providers: [ClusterGpuPoolsResolver] })
export class GpuModule {}
