import type { ResourceFreshness, WatchedResource } from '@fleetscope/types';
import { ObjectStore } from './object-store.ts';

/** Everything known about one cluster: its objects and how fresh each watched resource is. */
export class ClusterState {
  readonly name: string;
  readonly objects = new ObjectStore();
  readonly #freshness = new Map<WatchedResource, ResourceFreshness>();
  readonly #listeners = new Set<() => void>();

  constructor(name: string) {
    this.name = name;
    this.objects.onChange(() => this.#emit());
  }

  setFreshness(freshness: ResourceFreshness): void {
    this.#freshness.set(freshness.resource, freshness);
    this.#emit();
  }

  freshness(): ResourceFreshness[] {
    return [...this.#freshness.values()].sort((a, b) => a.resource.localeCompare(b.resource));
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** The clusters this process watches, in a stable order (by name) for walls and APIs. */
export class FleetState {
  readonly #clusters = new Map<string, ClusterState>();
  readonly #listeners = new Set<(cluster: string) => void>();

  add(name: string): ClusterState {
    const existing = this.#clusters.get(name);
    if (existing) return existing;
    const state = new ClusterState(name);
    state.onChange(() => {
      for (const listener of this.#listeners) listener(name);
    });
    this.#clusters.set(name, state);
    return state;
  }

  get(name: string): ClusterState | undefined {
    return this.#clusters.get(name);
  }

  list(): ClusterState[] {
    return [...this.#clusters.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Called with the cluster's name whenever its objects or freshness change. */
  onChange(listener: (cluster: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
