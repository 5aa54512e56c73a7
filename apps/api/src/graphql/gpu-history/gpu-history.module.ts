import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG } from '../../config/tokens.ts';
import { PrometheusGpuHistory } from '../../sources/prometheus/gpu-history.source.ts';
import { GpuHistoryResolver } from './gpu-history.resolver.ts';
import { GPU_HISTORY_READER, GpuHistoryService } from './gpu-history.service.ts';

/** `Query.gpuUsageHistory`: GPU allocation vs use over a range, from Prometheus. */
@Module({
  providers: [
    GpuHistoryResolver,
    GpuHistoryService,
    {
      provide: GPU_HISTORY_READER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new PrometheusGpuHistory(config.prometheus),
    },
  ],
})
export class GpuHistoryModule {}
