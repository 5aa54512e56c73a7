import type { Clock } from '@fleetscope/types';
import { type DynamicModule, Module } from '@nestjs/common';
import { AnalysisScheduler } from './analysis/analysis.scheduler.ts';
import { FleetSnapshots } from './analysis/fleet-snapshots.ts';
import { GPU_USAGE, type GpuUsageReader } from './analysis/gpu-usage.port.ts';
import { GpuUsageRollups } from './analysis/gpu-usage-rollups.ts';
import type { AppConfig } from './config/app-config.ts';
import { APP_CONFIG, CLOCK } from './config/tokens.ts';
import { IoLimiter } from './graphql/guards/io-limiter.ts';
import { IO_CONCURRENCY, IO_QUEUE } from './graphql/guards/request-budget.ts';
import { PushMetrics } from './graphql/push/push-metrics.ts';
import { ShardingLifecycle } from './sharding/sharding.lifecycle.ts';
import { ControlPlaneSources } from './sources/control-plane-sources.ts';
import { type ConfiguredDcgmSource, DCGM_SOURCE, DcgmSources } from './sources/dcgm/dcgm-sources.ts';
import { KUBE_TARGETS, type KubeTargets } from './sources/kubernetes/kube-targets.ts';
import { KubernetesSource } from './sources/kubernetes/kubernetes.source.ts';
import { type ConfiguredMetricsSource, METRICS_SOURCE } from './sources/metrics/tokens.ts';
import { FleetState } from './stores/cluster-state.ts';
import { createFleetMetrics } from './telemetry/fleet-metrics.ts';
import { JsonLogger } from './telemetry/json-logger.ts';
import { METRICS_REGISTRY } from './telemetry/metrics.controller.ts';

export interface CoreOptions {
  config: AppConfig;
  targets: KubeTargets;
  clock: Clock;
  logger: JsonLogger;
  metrics: ConfiguredMetricsSource;
  /** DCGM-exporter series (Prometheus or the simulator); absent or null: GPU usage unknown. */
  dcgm?: ConfiguredDcgmSource;
}

/**
 * sources → stores → analysis, and what every GraphQL feature module reads (config, clock, the
 * latest snapshot, the server-wide I/O cap). Global, so feature modules import only each other.
 */
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock },
        { provide: KUBE_TARGETS, useValue: options.targets },
        { provide: JsonLogger, useValue: options.logger },
        { provide: METRICS_SOURCE, useValue: options.metrics },
        { provide: DCGM_SOURCE, useValue: options.dcgm ?? null },
        FleetState,
        {
          provide: FleetSnapshots,
          inject: [FleetState, CLOCK, APP_CONFIG],
          useFactory: (fleet: FleetState, clock: Clock, config: AppConfig) =>
            new FleetSnapshots(fleet, clock, {
              debounceMs: config.debounceMs,
              maxDelayMs: Math.max(config.debounceMs * 4, 1000),
              intervalMs: config.recomputeIntervalMs,
              staleAfterMs: config.staleAfterMs,
            }),
        },
        { provide: PushMetrics, useValue: new PushMetrics() },
        {
          provide: GpuUsageRollups,
          inject: [GPU_USAGE, FleetState, CLOCK, APP_CONFIG],
          useFactory: (reader: GpuUsageReader, fleet: FleetState, clock: Clock, config: AppConfig) =>
            new GpuUsageRollups(reader, fleet, clock, config.gpuHistory.busyThreshold),
        },
        {
          provide: METRICS_REGISTRY,
          inject: [FleetSnapshots, APP_CONFIG, PushMetrics, GpuUsageRollups, FleetState],
          useFactory: (
            snapshots: FleetSnapshots,
            config: AppConfig,
            pushes: PushMetrics,
            gpu: GpuUsageRollups,
            fleet: FleetState,
          ) =>
            createFleetMetrics(
              () => snapshots.current(),
              config.staleAfterMs,
              pushes,
              (c) => gpu.of(c),
              // Sharded: each replica exports the clusters it owns, so no cluster is counted twice.
              config.sharding === null ? null : (cluster) => fleet.owns(cluster),
            ),
        },
        KubernetesSource,
        ControlPlaneSources,
        DcgmSources,
        { provide: GPU_USAGE, inject: [DcgmSources], useFactory: (d: DcgmSources) => d.reader },
        AnalysisScheduler,
        ShardingLifecycle,
        { provide: IoLimiter, useValue: new IoLimiter(IO_CONCURRENCY, IO_QUEUE) },
      ],
      exports: [
        APP_CONFIG,
        CLOCK,
        KUBE_TARGETS,
        JsonLogger,
        METRICS_SOURCE,
        FleetState,
        FleetSnapshots,
        METRICS_REGISTRY,
        PushMetrics,
        KubernetesSource,
        ShardingLifecycle,
        IoLimiter,
        GPU_USAGE,
        DcgmSources,
        GpuUsageRollups,
      ],
    };
  }
}
