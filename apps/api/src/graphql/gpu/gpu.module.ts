import { Module } from '@nestjs/common';
import { ClusterGpuPoolsResolver } from './gpu.resolver.ts';
import { ClusterGpuDefragResolver, GpuPoolBlockedPodSuggestionResolver } from './gpu-defrag.resolver.ts';
import { GpuDefragService } from './gpu-defrag.service.ts';
import { GpuPoolHeatmapResolver, GpuPoolResourceFreeResolver } from './gpu-heatmap.resolver.ts';
import { GpuHeatmapService } from './gpu-heatmap.service.ts';
import { ClusterGpuSideResolver } from './gpu-side.resolver.ts';
import { GpuSideService } from './gpu-side.service.ts';

/**
 * `Cluster.gpuPools`: the GPU pool inventory the analysis keeps per pool, with each pool's heatmap,
 * worst nodes, free units per node and blocked pods; `Cluster.gpuBlockedPods` with suggested moves.
 * GPU usage comes from whatever provides the GPU_USAGE token (see GpuHeatmapService: NO_GPU_USAGE
 * when nothing does).
 */
@Module({
  providers: [
    ClusterGpuPoolsResolver,
    ClusterGpuDefragResolver,
    GpuPoolBlockedPodSuggestionResolver,
    GpuDefragService,
    GpuPoolHeatmapResolver,
    GpuPoolResourceFreeResolver,
    GpuHeatmapService,
    ClusterGpuSideResolver,
    GpuSideService,
  ],
  // Rollouts name the defragmentation proposal when fragmentation blocks their new pods (workloads/).
  exports: [GpuDefragService],
})
export class GpuModule {}
