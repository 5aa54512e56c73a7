import { type Clock, WATCHED_RESOURCES, WORKLOAD_SET_RESOURCES } from '@fleetscope/types';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../../config/tokens.ts';
import { FleetState } from '../../stores/cluster-state.ts';
import { JsonLogger } from '../../telemetry/json-logger.ts';
import { ClientNodeKubeApi } from './kube-api.ts';
import { KUBE_TARGETS, type KubeTargets, kubeConfigFor } from './kube-targets.ts';
import { defaultWatchTimeoutSeconds, Reflector } from './reflector.ts';

/**
 * Watches every configured context: one Reflector per (cluster, resource), feeding that cluster's
 * ObjectStore and freshness. The demo runs this same code against the simulated fleet.
 */
@Injectable()
export class KubernetesSource implements OnModuleInit, OnModuleDestroy {
  readonly #reflectors: Reflector[] = [];

  constructor(
    @Inject(KUBE_TARGETS) private readonly targets: KubeTargets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fleet: FleetState,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    for (const context of this.targets.contexts) {
      const cluster = this.fleet.add(context);
      // Our own deadline ends a stream that overruns; client-node's inactivity timer is only a backstop.
      const longestStreamMs = defaultWatchTimeoutSeconds(this.config.staleAfterMs) * 1_500 + 10_000;
      const api = new ClientNodeKubeApi(kubeConfigFor(this.targets, context), longestStreamMs + 30_000);
      for (const resource of [...WATCHED_RESOURCES, ...WORKLOAD_SET_RESOURCES]) {
        const reflector = new Reflector({
          cluster: context,
          resource,
          api,
          sink: cluster.objects,
          clock: this.clock,
          logger: this.logger,
          staleAfterMs: this.config.staleAfterMs,
          onFreshness: (f) => cluster.setFreshness(f),
        });
        cluster.setFreshness(reflector.freshness);
        this.#reflectors.push(reflector);
        reflector.start();
      }
    }
    this.logger.info('watching clusters', { clusters: this.targets.contexts });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.#reflectors.map((r) => r.stop()));
  }

  /** True once every watch has either synced or failed at least once (the view then says which). */
  settled(): boolean {
    return this.#reflectors.every((r) => r.freshness.state !== 'CONNECTING' || r.freshness.restarts > 0);
  }
}
