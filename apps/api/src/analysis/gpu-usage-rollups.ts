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
  readonly #cache = new WeakMap<
    ClusterHealth,
    { asOf: number | null; namespaces: number; value: ClusterGpuUsage }
  >();

  constructor(
    private readonly reader: GpuUsageReader,
    private readonly fleet: FleetState,
    private readonly clock: Clock,
    /** Engine activity from which an allocated GPU counts as used (--gpu-busy-threshold). */
    readonly busyThreshold: number = DEFAULT_GPU_BUSY_THRESHOLD,
    /** Team of a namespace; by default its team label as watched (NamespaceRecord.team), else the namespace. */
    private readonly teamOf: (cluster: string, namespace: string) => string = (c, ns) =>
      fleet.get(c)?.objects.get('Namespace', ns)?.team || ns,
  ) {}

  of(health: ClusterHealth): ClusterGpuUsage {
    const asOf = this.reader.asOf(health.name);
    const state = this.fleet.get(health.name);
    // A team label added or changed re-rolls the cluster (namespaces do not change its summary).
    const namespaces = state?.sideRevision('Namespace') ?? 0;
    const cached = this.#cache.get(health);
    if (cached !== undefined && cached.asOf === asOf && cached.namespaces === namespaces) return cached.value;
    const value = rollUpGpuUsage({
      cluster: health.name,
      nodes: state === undefined ? [] : [...state.objects.nodes()].filter(isGpuNode),
      pods: (node) => state?.objects.podsOnNode(node) ?? [],
      devices: this.reader.devices(health.name),
      now: this.clock.now(),
      busyThreshold: this.busyThreshold,
      teamOf: (ns) => this.teamOf(health.name, ns),
    });
    this.#cache.set(health, { asOf, namespaces, value });
    return value;
  }
}
