import { type ClusterGpuUsage, type ClusterHealth, isGpuNode, rollUpGpuUsage } from '@fleetscope/diagnostics';
import { type Clock, DEFAULT_GPU_BUSY_THRESHOLD } from '@fleetscope/types';
import type { FleetState } from '../stores/cluster-state.ts';
import type { GpuUsageReader } from './gpu-usage.port.ts';

/**
 * One cluster's GPU allocation against use, computed once per (cluster summary, DCGM read) and shared
 * by GraphQL and /metrics. The summary object changes only when the cluster's content does, so a
 * scrape or a query between changes costs a map lookup.
 */
export class GpuUsageRollups {
  readonly #cache = new WeakMap<ClusterHealth, { asOf: number | null; value: ClusterGpuUsage }>();

  constructor(
    private readonly reader: GpuUsageReader,
    private readonly fleet: FleetState,
    private readonly clock: Clock,
    /** Engine activity from which an allocated GPU counts as used (--gpu-busy-threshold). */
    readonly busyThreshold: number = DEFAULT_GPU_BUSY_THRESHOLD,
    /** Team of a namespace; namespaces are not watched yet, so the default is the namespace itself. */
    private readonly teamOf: (cluster: string, namespace: string) => string = (_c, ns) => ns,
  ) {}

  of(health: ClusterHealth): ClusterGpuUsage {
    const asOf = this.reader.asOf(health.name);
    const cached = this.#cache.get(health);
    if (cached !== undefined && cached.asOf === asOf) return cached.value;
    const state = this.fleet.get(health.name);
    const value = rollUpGpuUsage({
      cluster: health.name,
      nodes: state === undefined ? [] : [...state.objects.nodes()].filter(isGpuNode),
      pods: (node) => state?.objects.podsOnNode(node) ?? [],
      devices: this.reader.devices(health.name),
      now: this.clock.now(),
      busyThreshold: this.busyThreshold,
      teamOf: (ns) => this.teamOf(health.name, ns),
    });
    this.#cache.set(health, { asOf, value });
    return value;
  }
}
