import { GPU_SIDE_RESOURCES, RESOURCE_KIND } from '@fleetscope/types';
import { Inject, Injectable } from '@nestjs/common';
import { FleetSnapshots } from '../../analysis/fleet-snapshots.ts';
import { GPU_USAGE, type GpuUsageReader } from '../../analysis/gpu-usage.port.ts';
import { DcgmSources } from '../../sources/dcgm/dcgm-sources.ts';
import { type ClusterState, FleetState } from '../../stores/cluster-state.ts';
import { GpuDefragService } from '../gpu/gpu-defrag.service.ts';
import type { AnswerSlice } from './answer-dependencies.ts';

/**
 * The current version of each slice a cached answer may read (answer-dependencies.ts), over every
 * watched cluster. Versions are what the services themselves keep their results under — the snapshot's
 * version, the identity of what a refresh or a read replaced, revisions — never a copy of the data,
 * so reading them costs a few lookups per cluster.
 */
@Injectable()
export class AnswerSlices {
  /** A number per object seen, for values that are replaced (never mutated) when they change. */
  readonly #ids = new WeakMap<object, number>();
  #nextId = 1;

  constructor(
    private readonly snapshots: FleetSnapshots,
    private readonly fleet: FleetState,
    private readonly defrag: GpuDefragService,
    private readonly dcgm: DcgmSources,
    @Inject(GPU_USAGE) private readonly usage: GpuUsageReader,
  ) {}

  /** The versions of `slices`, as one string (part of a cache key). */
  versions(slices: readonly AnswerSlice[]): string {
    return slices.map((slice) => `${slice}=${this.version(slice)}`).join(';');
  }

  version(slice: AnswerSlice): string {
    switch (slice) {
      case 'snapshot':
        return String(this.snapshots.current().version);
      case 'gpuPools':
        return this.#perCluster((state) => {
          const cache = this.snapshots.gpuPoolCache(state.name);
          // A refresh replaces the pending fits and the node views it rebuilt, together.
          return cache === undefined ? '-' : `${this.#id(cache)}.${this.#id(cache.pendingFits())}`;
        });
      case 'gpuUsage':
        return this.#perCluster(
          (state) =>
            `${this.#id(this.usage.devices(state.name))}.${this.usage.asOf(state.name)}.${this.#id(
              this.dcgm.store?.status(state.name) ?? null,
            )}.${state.sideRevision('Namespace')}`,
        );
      case 'gpuSide':
        return this.#perCluster((state) => {
          const side = GPU_SIDE_RESOURCES.map(
            (r) => `${state.serves(r)}:${state.sideRevision(RESOURCE_KIND[r])}`,
          ).join(',');
          const pools = state.tally
            .pools()
            .map((p) => `${p.pool}@${p.revision}`)
            .join(',');
          return `${side}|${pools}`;
        });
      case 'gpuDefrag':
        return this.#perCluster((state) => this.defrag.revision(state.name));
    }
  }

  #perCluster(version: (state: ClusterState) => string): string {
    return this.fleet
      .list()
      .map((state) => `${state.name}:${version(state)}`)
      .join('/');
  }

  #id(value: object | null): number {
    if (value === null) return 0;
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(value, id);
    }
    return id;
  }
}
