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

/**
 * GPU capacity and demand per GPU-like resource, as kube-scheduler counts them: allocatable over Ready
 * nodes; allocated = requests of non-terminal pods bound to a node; pending = requests of non-terminal
 * pods not bound yet; unusable = allocatable on nodes that are not Ready or are cordoned. Whole GPUs,
 * each MIG profile and shared (time-sliced) GPUs are counted apart and never summed together.
 */
export class GpuTotalsBuilder {
  readonly #byResource = new Map<string, GpuResourceTotals>();

  #of(resource: string): GpuResourceTotals {
    let totals = this.#byResource.get(resource);
    if (totals === undefined) {
      totals = emptyResource(resource);
      this.#byResource.set(resource, totals);
    }
    return totals;
  }

  addNode(node: NodeRecord): void {
    const usable = node.ready === true && !node.unschedulable;
    const add = (resource: string, amount: number): void => {
      if (amount <= 0) return;
      const totals = this.#of(resource);
      if (node.ready === true) totals.allocatable += amount;
      if (!usable) totals.unusable += amount;
    };
    add(GPU_RESOURCE, node.gpuAllocatable);
    for (const [resource, amount] of Object.entries(node.gpuExtended)) add(resource, amount);
  }

  /** A non-terminal pod (terminal pods hold nothing). */
  addPod(pod: PodRecord): void {
    const add = (resource: string, amount: number): void => {
      if (amount <= 0) return;
      const totals = this.#of(resource);
      if (pod.nodeName === '') totals.pending += amount;
      else totals.allocated += amount;
    };
    add(GPU_RESOURCE, pod.gpuRequest);
    for (const [resource, amount] of Object.entries(pod.gpuExtendedRequest)) add(resource, amount);
  }

  build(): GpuTotals {
    const byResource = [...this.#byResource.values()].sort(byName).map((t) => ({ ...t }));
    const whole = byResource.find((t) => t.resource === GPU_RESOURCE) ?? emptyResource(GPU_RESOURCE);
    return {
      allocatable: whole.allocatable,
      allocated: whole.allocated,
      pending: whole.pending,
      unusable: whole.unusable,
      byResource,
    };
  }
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
  const list = [...byResource.values()].sort(byName);
  const whole = list.find((t) => t.resource === GPU_RESOURCE) ?? emptyResource(GPU_RESOURCE);
  return {
    allocatable: whole.allocatable,
    allocated: whole.allocated,
    pending: whole.pending,
    unusable: whole.unusable,
    byResource: list,
  };
}
