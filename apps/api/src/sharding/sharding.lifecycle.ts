import type { Clock } from '@fleetscope/types';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { FleetSnapshots } from '../analysis/fleet-snapshots.ts';
import type { AppConfig } from '../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../config/tokens.ts';
import { KUBE_TARGETS, type KubeTargets, kubeConfigFor } from '../sources/kubernetes/kube-targets.ts';
import { KubernetesSource } from '../sources/kubernetes/kubernetes.source.ts';
import { FleetState } from '../stores/cluster-state.ts';
import { JsonLogger } from '../telemetry/json-logger.ts';
import { ClusterBroker } from './cluster-broker.ts';
import { ClientNodeLeaseApi } from './lease-api.ts';
import { ShardCoordinator } from './shard-coordinator.ts';

/** Starts the shard coordinator once every source is set up (only when --shard-broker-url is given). */
@Injectable()
export class ShardingLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  #coordinator: ShardCoordinator | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KUBE_TARGETS) private readonly targets: KubeTargets,
    private readonly source: KubernetesSource,
    private readonly fleet: FleetState,
    private readonly snapshots: FleetSnapshots,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const sharding = this.config.sharding;
    if (sharding === null) return;
    const leases = new ClientNodeLeaseApi(
      kubeConfigFor(this.targets, sharding.leaseContext),
      sharding.namespace,
    );
    const broker = new ClusterBroker(sharding.brokerUrl, sharding.leaseDurationMs, this.logger);
    this.#coordinator = new ShardCoordinator(
      sharding,
      this.targets.contexts,
      leases,
      broker,
      this.source,
      this.fleet,
      this.snapshots,
      this.clock,
      this.logger,
    );
    this.#coordinator.start();
    this.logger.info('sharded over replicas', {
      identity: sharding.identity,
      clusters: this.targets.contexts,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.#coordinator?.stop();
  }

  /** The coordinator, when sharded (health endpoints and tests read what this replica owns). */
  coordinator(): ShardCoordinator | null {
    return this.#coordinator;
  }
}
