import type { ClusterHealth } from '@fleetscope/diagnostics';
import { Inject, Injectable } from '@nestjs/common';
import { FleetSnapshots } from '../analysis/fleet-snapshots.ts';
import type { AppConfig } from '../config/app-config.ts';
import { APP_CONFIG } from '../config/tokens.ts';
import { toClusterView, toFleetView } from './fleet-view.mapper.ts';
import type { Cluster, Fleet } from './models/cluster.model.ts';

/**
 * The latest snapshot in its GraphQL shape, mapped once per snapshot version. A cluster whose summary did
 * not change keeps its view object (and the generatedAt of the snapshot that last changed it), so a
 * subscription to one cluster is pushed only when that cluster changes.
 */
@Injectable()
export class FleetViewService {
  #cached: { version: number; view: Fleet } | null = null;
  readonly #clusterViews = new WeakMap<ClusterHealth, Cluster>();

  constructor(
    private readonly snapshots: FleetSnapshots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  fleet(): Fleet {
    const snapshot = this.snapshots.current();
    if (this.#cached?.version !== snapshot.version) {
      const staleAfterMs = this.config.staleAfterMs;
      const clusterView = (c: ClusterHealth): Cluster => {
        let view = this.#clusterViews.get(c);
        if (view === undefined) {
          view = toClusterView(c, snapshot.generatedAt, staleAfterMs);
          this.#clusterViews.set(c, view);
        }
        return view;
      };
      this.#cached = { version: snapshot.version, view: toFleetView(snapshot, staleAfterMs, clusterView) };
    }
    return this.#cached.view;
  }

  cluster(name: string): Cluster | null {
    return this.fleet().clusters.find((c) => c.name === name) ?? null;
  }

  /** Calls back with each new view; returns an unsubscribe function. */
  onChange(listener: (view: Fleet) => void): () => void {
    return this.snapshots.onSnapshot(() => listener(this.fleet()));
  }
}
