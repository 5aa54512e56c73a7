import { Module } from '@nestjs/common';
import { ClusterGpuUsageResolver, FleetGpuResolver } from './gpu-usage.resolver.ts';
import { GpuUsageService } from './gpu-usage.service.ts';

/** `Fleet.gpu`, `Cluster.gpuUsage`, `Cluster.gpuDevices`: allocation against DCGM-measured use. */
@Module({
  providers: [GpuUsageService, ClusterGpuUsageResolver, FleetGpuResolver],
  exports: [GpuUsageService],
})
export class GpuUsageModule {}
