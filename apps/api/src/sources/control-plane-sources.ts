import type { Clock } from '@fleetscope/types';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../config/tokens.ts';
import { FleetState } from '../stores/cluster-state.ts';
import { JsonLogger } from '../telemetry/json-logger.ts';
import { KUBE_TARGETS, type KubeTargets } from './kubernetes/kube-targets.ts';
import { MetricsCollector } from './metrics/metrics-collector.ts';
import { type ConfiguredMetricsSource, METRICS_SOURCE } from './metrics/tokens.ts';
import { ProbeScheduler } from './probes/probe-scheduler.ts';

/** Starts and stops the timed control-plane sources: metrics collection and synthetic probes. */
@Injectable()
export class ControlPlaneSources implements OnModuleInit, OnModuleDestroy {
  readonly #collector: MetricsCollector | null;
  readonly #probes: ProbeScheduler;

  constructor(
    @Inject(METRICS_SOURCE) metrics: ConfiguredMetricsSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(KUBE_TARGETS) targets: KubeTargets,
    fleet: FleetState,
    logger: JsonLogger,
  ) {
    this.#collector = metrics
      ? new MetricsCollector(metrics, fleet, clock, config.metricsIntervalMs, logger)
      : null;
    this.#probes = new ProbeScheduler(targets, fleet, clock, config.probes, logger);
  }

  onModuleInit(): void {
    this.#collector?.start();
    this.#probes.start();
  }

  onModuleDestroy(): void {
    this.#collector?.stop();
    this.#probes.stop();
  }
}
