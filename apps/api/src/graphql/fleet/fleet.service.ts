import type { ClusterHealth } from '@fleetscope/diagnostics';
import { Inject, Injectable } from '@nestjs/common';
import { FleetSnapshots } from '../../analysis/fleet-snapshots.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG } from '../../config/tokens.ts';
import { toFleetView } from './fleet-view.mapper.ts';
import type { Cluster, Fleet } from './models/cluster.model.ts';

/**
 * The latest snapshot in its GraphQL shape, mapped once per snapshot version (every view carries that
 * snapshot's generatedAt, so ages computed from it are right). Whether one cluster changed is told by
 * its summary's identity (`clusterSource`): FleetSnapshots keeps an unchanged cluster's summary object.
 */
@Injectable()
export class FleetService {
  #cached: { version: number; view: Fleet } | null = null;

  constructor(
    private readonly snapshots: FleetSnapshots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  fleet(): Fleet {
    const snapshot = this.snapshots.current();
    if (this.#cached?.version !== snapshot.version) {
      this.#cached = { version: snapshot.version, view: toFleetView(snapshot, this.config.staleAfterMs) };
    }
    return this.#cached.view;
  }

  /** The summary behind one cluster's view: the same object for as long as that cluster does not change. */
  clusterSource(name: string): ClusterHealth | undefined {
    return this.snapshots.cluster(name);
  }

  cluster(name: string): Cluster | null {
    return this.fleet().clusters.find((c) => c.name === name) ?? null;
  }

  /** Calls back with each new view; returns an unsubscribe function. */
  onChange(listener: (view: Fleet) => void): () => void {
    return this.snapshots.onSnapshot(() => listener(this.fleet()));
  }
}
