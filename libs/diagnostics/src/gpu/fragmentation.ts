import { proposeDefrag } from './defrag.ts';

/**
 * GPU fragmentation of a pool, as shared/reference/gpu.md defines it (after Weng et al., USENIX
 * ATC'23): free GPUs that a k-GPU single-node request cannot use. Computed per resource name — a
 * MIG profile or a shared replica is its own resource, never summed with whole GPUs. Pure.
 */

/** Free capacity of one schedulable, Ready, validated node for one resource. */
export interface NodeFree {
  node: string;
  /** allocatable − requests of the node's non-terminal pods (never below 0). */
  free: number;
}

/** Request sizes the measure is reported for. */
export const FRAGMENT_SIZES = [1, 2, 4, 8] as const;

export interface Fragmentation {
  /** F = Σ f_n. */
  free: number;
  /** Nodes the measure was taken over. */
  nodes: number;
  /** Per k: Stranded_k, Frag_k (0..1; 0 when F = 0) and slots_k = Σ ⌊f_n / k⌋. */
  bySize: { size: number; stranded: number; share: number; slots: number }[];
  /** E = Σ_k p_k · Stranded_k / F over the request mix (0 when F = 0). */
  expected: number;
  /** The largest request one node can take now, and where. */
  largestPlaceable: { size: number; node: string | null };
  /** The request mix used for E (shares summing to 1), and where it came from. */
  mix: { size: number; share: number }[];
  mixSource: 'observed requests' | 'GPUs per node';
}

/** Stranded_k: free GPUs on nodes that have fewer than k free. */
export function stranded(nodes: readonly NodeFree[], k: number): number {
  let sum = 0;
  for (const n of nodes) if (n.free < k) sum += n.free;
  return sum;
}

/**
 * The request mix as shares: from observed request sizes (count per size), or — with no history —
 * all weight on one size (the GPUs per node of the pool).
 */
export function requestMix(
  observed: ReadonlyMap<number, number>,
  gpusPerNode: number,
): { mix: { size: number; share: number }[]; source: Fragmentation['mixSource'] } {
  let total = 0;
  for (const [size, count] of observed) if (size > 0 && count > 0) total += count;
  if (total === 0) return { mix: [{ size: Math.max(1, gpusPerNode), share: 1 }], source: 'GPUs per node' };
  const mix = [...observed]
    .filter(([size, count]) => size > 0 && count > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([size, count]) => ({ size, share: count / total }));
  return { mix, source: 'observed requests' };
}

/**
 * The fragmentation measure of one pool and resource. One pass over the nodes into a histogram of
 * free counts (nodes × distinct values is what every Stranded_k and slots_k then costs), no
 * allocation per node: a 5,000-node pool is measured in a few milliseconds (bench/gpu-fragmentation).
 */
export function measureFragmentation(
  nodes: readonly NodeFree[],
  observedRequests: ReadonlyMap<number, number>,
  gpusPerNode: number,
): Fragmentation {
  const histogram = new Map<number, number>();
  let free = 0;
  // Ties go to the first node by name, so the wall names the same node from one snapshot to the next.
  let largest: { size: number; node: string | null } = { size: 0, node: null };
  for (const n of nodes) {
    const f = Math.max(0, Math.floor(n.free));
    free += f;
    histogram.set(f, (histogram.get(f) ?? 0) + 1);
    if (f > largest.size || (f > 0 && f === largest.size && n.node < (largest.node ?? ''))) {
      largest = { size: f, node: n.node };
    }
  }
  const strandedOf = (k: number): number => {
    let sum = 0;
    for (const [f, count] of histogram) if (f < k) sum += f * count;
    return sum;
  };
  const bySize = FRAGMENT_SIZES.map((size) => {
    const s = strandedOf(size);
    let slots = 0;
    for (const [f, count] of histogram) slots += Math.floor(f / size) * count;
    return { size, stranded: s, share: free === 0 ? 0 : s / free, slots };
  });
  const { mix, source } = requestMix(observedRequests, gpusPerNode);
  const expected = free === 0 ? 0 : mix.reduce((sum, m) => sum + m.share * strandedOf(m.size), 0) / free;
  return { free, nodes: nodes.length, bySize, expected, largestPlaceable: largest, mix, mixSource: source };
}

/** A pod that holds GPUs on a node and could be moved. */
export interface MovablePod {
  key: string;
  node: string;
  request: number;
}

/** Why a pending request does not fit, and the fewest moves that would make room for it. */
export interface FitVerdict {
  fits: boolean;
  /** Nodes with at least `request` free now. */
  fittingNodes: string[];
  /** True when F ≥ request but no single node has it: fragmentation, not capacity, blocks it. */
  blockedByFragmentation: boolean;
  /** The fewest pods to reschedule (each to a node with room) to free `request` on one node; null if none. */
  moves: { node: string; pods: { key: string; to: string }[] } | null;
}

/**
 * Fits a single-node request of `request` GPUs against per-node free capacity — never against the
 * pool's total — and, when fragmentation blocks it, the fewest pods to reschedule (each to another
 * node with room) as `proposeDefrag` finds them, so findings, GraphQL and the CLI name the same moves.
 */
export function fitRequest(
  request: number,
  nodes: readonly NodeFree[],
  pods: readonly MovablePod[],
): FitVerdict {
  const fittingNodes = nodes.filter((n) => n.free >= request).map((n) => n.node);
  const total = nodes.reduce((sum, n) => sum + Math.max(0, n.free), 0);
  if (fittingNodes.length > 0 || request <= 0) {
    return { fits: true, fittingNodes, blockedByFragmentation: false, moves: null };
  }
  const blocked = total >= request;
  let moves: FitVerdict['moves'] = null;
  if (blocked) {
    const proposal = proposeDefrag(
      request,
      nodes,
      pods.map((p) => ({
        key: p.key,
        namespace: p.key.split('/')[0] ?? '',
        node: p.node,
        request: p.request,
        labels: {},
      })),
    );
    if (proposal.outcome === 'moves' && proposal.targetNode !== null) {
      moves = { node: proposal.targetNode, pods: proposal.moves.map((m) => ({ key: m.pod, to: m.toNode })) };
    }
  }
  return { fits: false, fittingNodes: [], blockedByFragmentation: blocked, moves };
}
