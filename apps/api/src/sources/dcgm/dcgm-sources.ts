import type { Clock } from '@fleetscope/types';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type GpuUsageReader, NO_GPU_USAGE } from '../../analysis/gpu-usage.port.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../../config/tokens.ts';
import { FleetState } from '../../stores/cluster-state.ts';
import { JsonLogger } from '../../telemetry/json-logger.ts';
import type { DcgmSampleSource } from './dcgm-source.ts';
import { GpuUsageStore } from './gpu-usage.store.ts';
import { DEFAULT_XID_WINDOW_MS } from './prometheus-dcgm.source.ts';

/** The configured DCGM source (Prometheus or the simulator), or null when there is none. */
export const DCGM_SOURCE = Symbol('DCGM_SOURCE');
export type ConfiguredDcgmSource = DcgmSampleSource | null;

/** Starts and stops the DCGM reads; `reader` is what GPU_USAGE provides (NO_GPU_USAGE without a source). */
@Injectable()
export class DcgmSources implements OnModuleInit, OnModuleDestroy {
  readonly store: GpuUsageStore | null;

  constructor(
    @Inject(DCGM_SOURCE) source: ConfiguredDcgmSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
    fleet: FleetState,
    logger: JsonLogger,
  ) {
    this.store =
      source === null
        ? null
        : new GpuUsageStore(source, fleet, clock, {
            intervalMs: config.metricsIntervalMs,
            xidWindowMs: DEFAULT_XID_WINDOW_MS,
            logger,
          });
  }

  get reader(): GpuUsageReader {
    return this.store ?? NO_GPU_USAGE;
  }

  onModuleInit(): void {
    this.store?.start();
  }

  onModuleDestroy(): void {
    this.store?.stop();
  }
}
