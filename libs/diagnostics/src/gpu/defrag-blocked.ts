import type { PodRecord } from '@fleetscope/types';
import { isTerminalPhase } from '../data-plane/tally.ts';
import { placementRejection } from '../pods/placement.ts';
import { GPU_RESOURCE } from '../projection/gpu-resources.ts';
import { type PodDisruptionBudgetRecord, pdbCovers } from '../projection/pdb.ts';
import { compareText } from '../verdict/text.ts';
import { type DefragPod, type DefragProposal, type DisruptionBudget, proposeDefrag } from './defrag.ts';
import type { NodeFree } from './fragmentation.ts';
import type { NodeView } from './pools.ts';

/** A pending GPU pod that fragmentation, not capacity, keeps from starting, and what would make room. */
export interface BlockedGpuPod {
  pod: PodRecord;
  /** The pool of the nodes it may use (the most common one when they span several). */
  pool: string;
  pools: string[];
  resource: string;
  request: number;
  /** Free units on each node it may use, largest first (nodes with none left out). */
  perNodeFree: NodeFree[];
  /** F over the nodes it may use. */
  free: number;
  suggestion: DefragProposal;
}

function requestsOf(pod: PodRecord): [string, number][] {
  const out: [string, number][] = [];
  if (pod.gpuRequest > 0) out.push([GPU_RESOURCE, pod.gpuRequest]);
  for (const [r, n] of Object.entries(pod.gpuExtendedRequest)) if (n > 0) out.push([r, n]);
  return out;
}

function held(pod: PodRecord, resource: string): number {
  return resource === GPU_RESOURCE ? pod.gpuRequest : (pod.gpuExtendedRequest[resource] ?? 0);
}

function allocatable(view: NodeView, resource: string): number {
  return resource === GPU_RESOURCE ? view.node.gpuAllocatable : (view.node.gpuExtended[resource] ?? 0);
}

/** Distinct (placement, request) groups given a proposal per call; the rest say 'not-computed'. */
export const DEFAULT_MAX_PROPOSALS = 32;

function notComputed(request: number): DefragProposal {
  return {
    outcome: 'not-computed',
    request,
    targetNode: null,
    moves: [],
    drainNode: null,
    podsDisrupted: 0,
    unitsMoved: 0,
    blockedByPdb: [],
    exact: false,
    summary: `not searched: proposals are made for the ${DEFAULT_MAX_PROPOSALS} largest blocked requests at a time`,
  };
}

/** PodDisruptionBudget records as the budgets moves respect. */
export function disruptionBudgets(pdbs: readonly PodDisruptionBudgetRecord[]): DisruptionBudget[] {
  return pdbs.map((pdb) => ({
    namespace: pdb.namespace,
    name: pdb.name,
    disruptionsAllowed: pdb.disruptionsAllowed,
    covers: (pod) => pdbCovers(pdb, pod),
  }));
}

/**
 * Every pending GPU pod that no single node it may use can fit while those nodes have enough free in
 * total, largest request first, each with a defragmentation proposal (`proposeDefrag`). The nodes a
 * pod may use are those the scheduler's filters would pass apart from resources (cordon, taints,
 * selector and affinity, Ready, GPUs usable). Pods with the same placement and request share one
 * proposal. `views`: every node of the cluster (or the pools of interest); `pdbs`: when known.
 */
export function blockedGpuPods(
  views: readonly NodeView[],
  pods: Iterable<PodRecord>,
  pdbs: readonly PodDisruptionBudgetRecord[] = [],
  options: { maxProposals?: number } = {},
): BlockedGpuPod[] {
  const budgets = disruptionBudgets(pdbs);
  const sorted = [...views].sort((a, b) => compareText(a.node.name, b.node.name));
  const memo = new Map<string, Omit<BlockedGpuPod, 'pod'> | null>();
  const out: BlockedGpuPod[] = [];
  // Largest requests first, so a cap on proposals leaves out the smallest.
  const requests: { pod: PodRecord; resource: string; request: number }[] = [];
  for (const pod of pods) {
    if (pod.nodeName !== '' || isTerminalPhase(pod.phase)) continue;
    for (const [resource, request] of requestsOf(pod)) requests.push({ pod, resource, request });
  }
  requests.sort(
    (a, b) =>
      b.request - a.request ||
      compareText(a.pod.namespace, b.pod.namespace) ||
      compareText(a.pod.name, b.pod.name) ||
      compareText(a.resource, b.resource),
  );
  let proposals = options.maxProposals ?? DEFAULT_MAX_PROPOSALS;
  for (const { pod, resource, request } of requests) {
    const key = `${resource}\u0000${request}\u0000${JSON.stringify(pod.placement ?? null)}`;
    let entry = memo.get(key);
    if (entry === undefined) {
      entry = analyse(sorted, pod, resource, request, budgets, proposals > 0);
      if (entry !== null) proposals -= 1;
      memo.set(key, entry);
    }
    if (entry !== null) out.push({ pod, ...entry });
  }
  return out.sort(
    (a, b) =>
      b.request - a.request ||
      compareText(a.pod.namespace, b.pod.namespace) ||
      compareText(a.pod.name, b.pod.name) ||
      compareText(a.resource, b.resource),
  );
}

function analyse(
  views: readonly NodeView[],
  pod: PodRecord,
  resource: string,
  request: number,
  budgets: readonly DisruptionBudget[],
  propose: boolean,
): Omit<BlockedGpuPod, 'pod'> | null {
  const candidates = views.filter(
    (v) =>
      placementRejection(pod.placement, v.node) === null && v.node.ready === true && v.notUsable === null,
  );
  const free: NodeFree[] = candidates.map((v) => ({
    node: v.node.name,
    free: Math.max(0, allocatable(v, resource) - (v.requested.get(resource) ?? 0)),
  }));
  const total = free.reduce((s, n) => s + n.free, 0);
  if (total < request || free.some((n) => n.free >= request)) return null;
  const residents: DefragPod[] = candidates.flatMap((v) =>
    v.pods.flatMap((p) => {
      const n = held(p, resource);
      return n > 0
        ? [
            {
              key: `${p.namespace}/${p.name}`,
              namespace: p.namespace,
              node: v.node.name,
              request: n,
              labels: p.labels,
            },
          ]
        : [];
    }),
  );
  const poolCounts = new Map<string, number>();
  for (const v of candidates) poolCounts.set(v.node.pool, (poolCounts.get(v.node.pool) ?? 0) + 1);
  const pools = [...poolCounts.keys()].sort(compareText);
  const pool = [...poolCounts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]?.[0] ?? '';
  return {
    pool,
    pools,
    resource,
    request,
    perNodeFree: free
      .filter((n) => n.free > 0)
      .sort((a, b) => b.free - a.free || compareText(a.node, b.node)),
    free: total,
    suggestion: propose ? proposeDefrag(request, free, residents, budgets) : notComputed(request),
  };
}
