import type { ClusterHealth } from '@fleetscope/diagnostics';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { FleetSnapshots } from '../../analysis/fleet-snapshots.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG } from '../../config/tokens.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import { latestValueIterator } from '../push/latest-value-iterator.ts';
import type { SliceEvent } from '../push/slice-event.ts';
import { toFleetView } from './fleet-view.mapper.ts';
import type { Cluster, Fleet } from './models/cluster.model.ts';

/**
 * The latest snapshot in its GraphQL shape, mapped once per snapshot version (every view carries that
 * snapshot's generatedAt, so ages computed from it are right), and the source streams of the fleet
 * subscriptions, keyed by the version of the slice they watch.
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

  /** The source stream of fleetChanged: the current view, then each new version. */
  fleetEvents(): AsyncIterableIterator<SliceEvent<Fleet>> {
    const event = (view: Fleet): SliceEvent<Fleet> => ({ version: view.version, value: view });
    return latestValueIterator((push) => this.onChange((view) => push(event(view))), 0, event(this.fleet()));
  }

  /**
   * The source stream of clusterChanged: the cluster's current view, then a view whenever its slice
   * version moves (`FleetSnapshot.sliceVersions`); other clusters' changes are not this stream's.
   */
  clusterEvents(name: string): AsyncIterableIterator<SliceEvent<Cluster>> {
    const event = (): SliceEvent<Cluster> | null => {
      const view = this.cluster(name);
      const version = this.snapshots.current().sliceVersions[name];
      return view && version !== undefined ? { version, value: view } : null;
    };
    const initial = event();
    if (!initial) {
      throw new GraphQLError(`cluster "${name}" is not watched`, {
        extensions: { code: ERROR_CODES.NOT_FOUND },
      });
    }
    let last = initial.version;
    return latestValueIterator(
      (push) =>
        this.snapshots.onSnapshot(() => {
          const next = event();
          if (next && next.version !== last) {
            last = next.version;
            push(next);
          }
        }),
      0,
      initial,
    );
  }
}
