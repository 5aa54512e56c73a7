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

  #add(resource: string, sign: number, apply: (totals: GpuResourceTotals) => void): void {
    let entry = this.#byResource.get(resource);
    if (entry === undefined) {
      entry = { totals: emptyResource(resource), contributors: 0 };
      this.#byResource.set(resource, entry);
    }
    apply(entry.totals);
    entry.contributors += sign;
    if (entry.contributors <= 0) this.#byResource.delete(resource);
  }

  addNode(node: NodeRecord, sign: 1 | -1 = 1): void {
    const usable = node.ready === true && !node.unschedulable;
    const add = (resource: string, amount: number): void => {
      if (amount <= 0) return;
      this.#add(resource, sign, (totals) => {
        if (node.ready === true) totals.allocatable += sign * amount;
        if (!usable) totals.unusable += sign * amount;
      });
    };
    add(GPU_RESOURCE, node.gpuAllocatable);
    for (const [resource, amount] of Object.entries(node.gpuExtended)) add(resource, amount);
  }

  /** A non-terminal pod (terminal pods hold nothing). */
  addPod(pod: PodRecord, sign: 1 | -1 = 1): void {
    const add = (resource: string, amount: number): void => {
      if (amount <= 0) return;
      this.#add(resource, sign, (totals) => {
        if (pod.nodeName === '') totals.pending += sign * amount;
        else totals.allocated += sign * amount;
      });
    };
    add(GPU_RESOURCE, pod.gpuRequest);
    for (const [resource, amount] of Object.entries(pod.gpuExtendedRequest)) add(resource, amount);
  }

  /** Adds (sign 1) or takes back (sign -1) everything another builder holds: O(resources). */
  addAll(other: GpuTotalsBuilder, sign: 1 | -1 = 1): void {
    for (const [resource, entry] of other.#byResource) {
      let mine = this.#byResource.get(resource);
      if (mine === undefined) {
        mine = { totals: emptyResource(resource), contributors: 0 };
        this.#byResource.set(resource, mine);
      }
      mine.totals.allocatable += sign * entry.totals.allocatable;
      mine.totals.allocated += sign * entry.totals.allocated;
      mine.totals.pending += sign * entry.totals.pending;
      mine.totals.unusable += sign * entry.totals.unusable;
      mine.contributors += sign * entry.contributors;
      if (mine.contributors <= 0) this.#byResource.delete(resource);
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
