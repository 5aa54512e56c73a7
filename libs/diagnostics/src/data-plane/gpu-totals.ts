import type { GpuResourceTotals, GpuTotals, NodeRecord, PodRecord } from '@fleetscope/types';
import { GPU_RESOURCE } from '../projection/gpu-resources.ts';

function emptyResource(resource: string): GpuResourceTotals {
  return { resource, allocatable: 0, allocated: 0, pending: 0, unusable: 0 };
}

function byName(a: GpuResourceTotals, b: GpuResourceTotals): number {
  if (a.resource === GPU_RESOURCE) return -1;
  if (b.resource === GPU_RESOURCE) return 1;
  return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
}

/** One resource's totals and how many (record, resource) contributions they hold. */
interface Entry {
  totals: GpuResourceTotals;
  /** A resource is listed while any node or pod contributes to it, even when its sums are 0. */
  contributors: number;
}

/**
 * GPU capacity and demand per GPU-like resource, as kube-scheduler counts them: allocatable over Ready
 * nodes; allocated = requests of non-terminal pods bound to a node; pending = requests of non-terminal
 * pods not bound yet; unusable = allocatable on nodes that are not Ready or are cordoned. Whole GPUs,
 * each MIG profile and shared (time-sliced) GPUs are counted apart and never summed together.
 *
 * Signed: a record added with sign 1 is taken back with sign -1 (the same record), so an incremental
 * tally keeps one builder up to date from store deltas instead of rebuilding it.
 */
export class GpuTotalsBuilder {
  readonly #byResource = new Map<string, Entry>();

  /**
   * Adds `sign` × the amounts to a resource, with `contributors` contributions (taken back when
   * `sign` is -1). Positional numbers: this runs per pod in a full tally, so nothing is allocated.
   */
  #add(
    resource: string,
    sign: number,
    contributors: number,
    allocatable: number,
    allocated: number,
    pending: number,
    unusable: number,
  ): void {
    let entry = this.#byResource.get(resource);
    if (entry === undefined) {
      entry = { totals: emptyResource(resource), contributors: 0 };
      this.#byResource.set(resource, entry);
    }
    entry.totals.allocatable += sign * allocatable;
    entry.totals.allocated += sign * allocated;
    entry.totals.pending += sign * pending;
    entry.totals.unusable += sign * unusable;
    entry.contributors += sign * contributors;
    if (entry.contributors <= 0) this.#byResource.delete(resource);
  }

  addNode(node: NodeRecord, sign: 1 | -1 = 1): void {
    const ready = node.ready === true;
    const usable = ready && !node.unschedulable;
    if (node.gpuAllocatable > 0) {
      const amount = node.gpuAllocatable;
      this.#add(GPU_RESOURCE, sign, 1, ready ? amount : 0, 0, 0, usable ? 0 : amount);
    }
    for (const resource in node.gpuExtended) {
      const amount = node.gpuExtended[resource] ?? 0;
      if (amount > 0) this.#add(resource, sign, 1, ready ? amount : 0, 0, 0, usable ? 0 : amount);
    }
  }

  /** A non-terminal pod (terminal pods hold nothing). */
  addPod(pod: PodRecord, sign: 1 | -1 = 1): void {
    const bound = pod.nodeName !== '';
    if (pod.gpuRequest > 0) {
      const amount = pod.gpuRequest;
      this.#add(GPU_RESOURCE, sign, 1, 0, bound ? amount : 0, bound ? 0 : amount, 0);
    }
    for (const resource in pod.gpuExtendedRequest) {
      const amount = pod.gpuExtendedRequest[resource] ?? 0;
      if (amount > 0) this.#add(resource, sign, 1, 0, bound ? amount : 0, bound ? 0 : amount, 0);
    }
  }

  /** Adds (sign 1) or takes back (sign -1) everything another builder holds: O(resources). */
  addAll(other: GpuTotalsBuilder, sign: 1 | -1 = 1): void {
    for (const [resource, { totals, contributors }] of other.#byResource) {
      this.#add(
        resource,
        sign,
        contributors,
        totals.allocatable,
        totals.allocated,
        totals.pending,
        totals.unusable,
      );
    }
  }

  /** True when no node or pod contributes anything. */
  isEmpty(): boolean {
    return this.#byResource.size === 0;
  }

  build(): GpuTotals {
    return totalsOf([...this.#byResource.values()].map((e) => ({ ...e.totals })));
  }
}

/** GpuTotals from per-resource totals: sorted, whole GPUs first and as the headline numbers. */
function totalsOf(byResource: GpuResourceTotals[]): GpuTotals {
  byResource.sort(byName);
  const whole = byResource.find((t) => t.resource === GPU_RESOURCE) ?? emptyResource(GPU_RESOURCE);
  return {
    allocatable: whole.allocatable,
    allocated: whole.allocated,
    pending: whole.pending,
    unusable: whole.unusable,
    byResource,
  };
}

/**
 * Fleet totals: each resource summed over clusters, still apart from the others. Clusters whose totals
 * are unknown (null: never reached) are left out, never counted as 0.
 */
export function sumGpuTotals(totals: Iterable<GpuTotals | null>): GpuTotals {
  const byResource = new Map<string, GpuResourceTotals>();
  for (const cluster of totals) {
    if (cluster === null) continue;
    for (const t of cluster.byResource) {
      const sum = byResource.get(t.resource) ?? emptyResource(t.resource);
      sum.allocatable += t.allocatable;
      sum.allocated += t.allocated;
      sum.pending += t.pending;
      sum.unusable += t.unusable;
      byResource.set(t.resource, sum);
    }
  }
  return totalsOf([...byResource.values()]);
}
