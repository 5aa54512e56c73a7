import {
  fitPending,
  gpuPoolFindings,
  inventoryPool,
  isGpuNode,
  lastHeardAt,
  type NodeView,
  nodeView,
  type PendingFit,
  type PoolInventory,
} from '@fleetscope/diagnostics';
import type { Finding, NodeRecord } from '@fleetscope/types';
import type { ClusterState } from '../stores/cluster-state.ts';

/** A cluster's GPU pools as of one summary, and the findings they give. */
export interface GpuPoolsResult {
  pools: PoolInventory[];
  findings: Finding[];
}

interface CachedPool {
  revision: number;
  views: NodeView[];
  inventory: PoolInventory;
}

/**
 * Keeps one cluster's GPU pool inventories off the event path. Pools are refreshed on the periodic
 * tick (or when asked for the first time), not on every debounced event: a manager's view of
 * capacity and fragmentation may be a tick old, while an event's cost stays its own. On a refresh,
 * only pools whose aggregate revision moved are rebuilt, and within them only nodes whose revision
 * moved are re-read (a node's view costs its own pods).
 */
export class GpuPoolCache {
  readonly #pools = new Map<string, CachedPool>();
  readonly #views = new Map<string, { revision: number; view: NodeView }>();
  #last: GpuPoolsResult | null = null;
  #lastPending = 0;
  #fits: readonly PendingFit[] = [];
  /** Every pool (GPU or not) known at the last refresh. */
  #seen = new Set<string>();

  compute(state: ClusterState, refresh: boolean): GpuPoolsResult {
    const aggregates = state.tally.pools();
    // Between ticks the last result stands, unless a pool appeared (first sync, a new node group).
    if (!refresh && this.#last !== null && aggregates.every((a) => this.#seen.has(a.pool))) return this.#last;
    this.#seen = new Set(aggregates.map((a) => a.pool));
    const live = new Set(aggregates.map((a) => a.pool));
    for (const name of [...this.#pools.keys()]) if (!live.has(name)) this.#pools.delete(name);
    let byPool: Map<string, NodeRecord[]> | null = null;
    let changed = this.#last === null;
    for (const aggregate of aggregates) {
      const cached = this.#pools.get(aggregate.pool);
      if (cached !== undefined && cached.revision === aggregate.revision) continue;
      changed = true;
      byPool ??= gpuNodesByPool(state.objects.nodes());
      const nodes = byPool.get(aggregate.pool);
      if (nodes === undefined) {
        this.#pools.delete(aggregate.pool);
        continue;
      }
      const views = nodes.map((node) => this.#view(state, node));
      this.#pools.set(aggregate.pool, {
        revision: aggregate.revision,
        views,
        inventory: inventoryPool(aggregate.pool, views),
      });
    }
    const pending = state.tally
      .snapshot()
      .unsettledPods.filter(
        (p) => p.nodeName === '' && (p.gpuRequest > 0 || Object.keys(p.gpuExtendedRequest).length > 0),
      );
    // Nothing rebuilt and no pending GPU pod now or at the last refresh: the last result stands.
    if (!changed && pending.length === 0 && this.#lastPending === 0 && this.#last !== null) return this.#last;
    this.#lastPending = pending.length;
    const cached = [...this.#pools.values()].sort((a, b) => (a.inventory.pool < b.inventory.pool ? -1 : 1));
    const pools = cached.map((c) => c.inventory);
    // Every node counts in a fit, as the scheduler counts them; nodes without GPUs only need their
    // placement and readiness (they have nothing to request), so their pods are not read.
    const fits =
      pending.length === 0
        ? []
        : fitPending(
            [
              ...cached.flatMap((c) => c.views),
              ...[...state.objects.nodes()].filter((n) => !isGpuNode(n)).map((n) => nodeView(n, [])),
            ],
            pending,
          );
    // The newest input behind them is the pods' last word from the API server, never "now".
    const pods = state.freshness().find((f) => f.resource === 'pods');
    const heard = pods === undefined ? null : lastHeardAt(pods);
    this.#fits = fits;
    this.#last = { pools, findings: gpuPoolFindings(state.name, pools, fits, heard) };
    return this.#last;
  }

  /**
   * The node views a pool's inventory was built from, as of the last refresh (the heatmap draws them);
   * the same array until the pool is rebuilt. Null for a pool not known.
   */
  nodeViews(pool: string): readonly NodeView[] | null {
    return this.#pools.get(pool)?.views ?? null;
  }

  /** Pending GPU pods as fitted at the last refresh (blocked pods per pool read them). */
  pendingFits(): readonly PendingFit[] {
    return this.#fits;
  }

  #view(state: ClusterState, node: NodeRecord): NodeView {
    const revision = state.tally.nodeRevision(node.name) ?? -1;
    const cached = this.#views.get(node.name);
    if (cached !== undefined && cached.revision === revision && cached.view.node === node) return cached.view;
    const view = nodeView(node, state.objects.podsOnNode(node.name));
    this.#views.set(node.name, { revision, view });
    return view;
  }
}

function gpuNodesByPool(nodes: Iterable<NodeRecord>): Map<string, NodeRecord[]> {
  const byPool = new Map<string, NodeRecord[]>();
  for (const node of nodes) {
    if (!isGpuNode(node)) continue;
    const list = byPool.get(node.pool) ?? [];
    list.push(node);
    byPool.set(node.pool, list);
  }
  return byPool;
}
