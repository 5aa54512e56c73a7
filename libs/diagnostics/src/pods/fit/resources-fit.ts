import type { PodRecord } from '@fleetscope/types';
import type { NodeView } from '../../gpu/pools.ts';
import { GPU_RESOURCE } from '../../projection/gpu-resources.ts';

/** One resource a pod asks for, in the units the records keep (cpu in millicores, memory in bytes). */
export interface ResourceRequest {
  resource: string;
  amount: number;
  /**
   * Whether bound pods' use of it is known: cpu, memory and GPU-like resources are summed per node;
   * other extended resources are compared with allocatable alone (bound pods' use is not kept).
   */
  usageKnown: boolean;
}

/** Every request of a pending pod the scheduler's NodeResourcesFit checks, GPU-like ones included. */
export function podResourceRequests(pod: PodRecord): ResourceRequest[] {
  const out: ResourceRequest[] = [];
  if (pod.cpuRequest != null && pod.cpuRequest > 0)
    out.push({ resource: 'cpu', amount: pod.cpuRequest, usageKnown: true });
  if (pod.memoryRequest != null && pod.memoryRequest > 0) {
    out.push({ resource: 'memory', amount: pod.memoryRequest, usageKnown: true });
  }
  if (pod.gpuRequest > 0) out.push({ resource: GPU_RESOURCE, amount: pod.gpuRequest, usageKnown: true });
  for (const [resource, amount] of Object.entries(pod.gpuExtendedRequest)) {
    if (amount > 0) out.push({ resource, amount, usageKnown: true });
  }
  for (const [resource, amount] of Object.entries(pod.placement?.otherRequests ?? {})) {
    if (amount > 0) out.push({ resource, amount, usageKnown: false });
  }
  return out;
}

/** Free amount of a resource on a node by allocatable − requests of bound pods; null when unknown. */
export function freeOn(view: NodeView, request: ResourceRequest): number | null {
  const { node } = view;
  switch (request.resource) {
    case 'cpu':
      return node.cpuAllocatable == null || view.cpuRequested === null
        ? null
        : node.cpuAllocatable - view.cpuRequested;
    case 'memory':
      return node.memoryAllocatable == null || view.memoryRequested === null
        ? null
        : node.memoryAllocatable - view.memoryRequested;
    case GPU_RESOURCE:
      return node.gpuAllocatable - (view.requested.get(GPU_RESOURCE) ?? 0);
    default: {
      if (request.usageKnown) {
        return (node.gpuExtended[request.resource] ?? 0) - (view.requested.get(request.resource) ?? 0);
      }
      // A record from before extendedAllocatable existed cannot say; one that has it and does not
      // name the resource offers none.
      if (node.cpuAllocatable === undefined) return null;
      return node.extendedAllocatable?.[request.resource] ?? 0;
    }
  }
}

/** What NodeResourcesFit finds on one node: the resources short (several at once), and what it could not judge. */
export interface ResourceVerdict {
  tooManyPods: boolean;
  short: { resource: string; amount: number; free: number }[];
  unknown: string[];
}

/**
 * NodeResourcesFit on one node, as kube-scheduler's fitsRequest: the pod count first (allocatable
 * `pods`), then every requested resource against allocatable − requests of bound pods. A node can be
 * short of several resources; each is its own reason.
 */
export function fitResources(view: NodeView, requests: readonly ResourceRequest[]): ResourceVerdict {
  const verdict: ResourceVerdict = { tooManyPods: false, short: [], unknown: [] };
  const maxPods = view.node.podsAllocatable;
  if (maxPods == null) verdict.unknown.push('pods');
  else if (view.pods.length + 1 > maxPods) verdict.tooManyPods = true;
  for (const request of requests) {
    const free = freeOn(view, request);
    if (free === null) verdict.unknown.push(request.resource);
    else if (request.amount > free)
      verdict.short.push({ resource: request.resource, amount: request.amount, free });
  }
  return verdict;
}
