import { Module } from '@nestjs/common';
import { ClusterGpuPoolsResolver } from './gpu.resolver.ts';
import { ClusterGpuDefragResolver } from './gpu-defrag.resolver.ts';

/** `Cluster.gpuPools`: the GPU pool inventory the analysis keeps per pool. */
@Module({ providers: [ClusterGpuPoolsResolver, ClusterGpuDefragResolver] })
export class GpuModule {}
