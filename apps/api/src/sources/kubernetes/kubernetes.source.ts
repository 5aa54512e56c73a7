import { type Clock, GPU_SIDE_RESOURCES, WATCHED_RESOURCES, WORKLOAD_SET_RESOURCES } from '@fleetscope/types';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../../config/tokens.ts';
import { FleetState } from '../../stores/cluster-state.ts';
import { JsonLogger } from '../../telemetry/json-logger.ts';
import { ClientNodeKubeApi } from './kube-api.ts';
import { KUBE_TARGETS, type KubeTargets, kubeConfigFor } from './kube-targets.ts';
import { defaultWatchTimeoutSeconds, Reflector } from './reflector.ts';

/**
 * Watches the configured contexts: one Reflector per (cluster, resource), feeding that cluster's
 * ObjectStore and freshness. The demo runs this same code against the simulated fleet. Every
 * context is watched from the start, unless clusters are sharded over replicas: then the shard
 * coordinator starts and stops the clusters this replica holds the lease of.
 */
@Injectable()
export class KubernetesSource implements OnModuleInit, OnModuleDestroy {
  readonly #reflectors = new Map<string, Reflector[]>();

  constructor(
    @Inject(KUBE_TARGETS) private readonly targets: KubeTargets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fleet: FleetState,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    for (const context of this.targets.contexts) {
      this.fleet.add(context);
      if (this.config.sharding === null) this.startCluster(context);
    }
    this.logger.info('watching clusters', {
      clusters: this.config.sharding === null ? this.targets.contexts : [],
      sharded: this.config.sharding !== null,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.#reflectors.values()].flat().map((r) => r.stop()));
  }

  /** Starts watching one context (no-op when already watched). */
  startCluster(context: string): void {
    if (this.#reflectors.has(context)) return;
    const cluster = this.fleet.add(context);
    // Our own deadline ends a stream that overruns; client-node's inactivity timer is only a backstop.
    const longestStreamMs = defaultWatchTimeoutSeconds(this.config.staleAfterMs) * 1_500 + 10_000;
    const api = new ClientNodeKubeApi(kubeConfigFor(this.targets, context), longestStreamMs + 30_000);
    const reflectors = [...WATCHED_RESOURCES, ...WORKLOAD_SET_RESOURCES, ...GPU_SIDE_RESOURCES].map(
      (resource) => {
        const reflector = new Reflector({
          cluster: context,
          resource,
          api,
          sink: cluster.objects,
          clock: this.clock,
          logger: this.logger,
          staleAfterMs: this.config.staleAfterMs,
          projection: { teamLabel: this.config.gpuHistory.teamLabel },
          optional: (GPU_SIDE_RESOURCES as readonly string[]).includes(resource),
          onFreshness: (f) => cluster.setFreshness(f),
        });
        cluster.setFreshness(reflector.freshness);
        return reflector;
      },
    );
    this.#reflectors.set(context, reflectors);
    for (const reflector of reflectors) reflector.start();
  }

  /** Stops watching one context and drops what was kept of it. */
  async stopCluster(context: string): Promise<void> {
    const reflectors = this.#reflectors.get(context);
    if (reflectors === undefined) return;
    this.#reflectors.delete(context);
    await Promise.all(reflectors.map((r) => r.stop()));
    this.fleet.reset(context);
  }

  /** The contexts watched by this process. */
  watched(): string[] {
    return [...this.#reflectors.keys()].sort();
  }

  /** True once every watch has either synced or failed at least once (the view then says which). */
  settled(): boolean {
    return [...this.#reflectors.values()]
      .flat()
      .every((r) => r.freshness.state !== 'CONNECTING' || r.freshness.restarts > 0);
  }

  /** Whether one cluster's watches have all synced (a new shard owner publishes only then). */
  synced(context: string): boolean {
    const reflectors = this.#reflectors.get(context);
    return reflectors?.every((r) => r.freshness.state !== 'CONNECTING') ?? false;
  }
}
