import {
  fitPending,
  gpuPoolFindings,
  inventoryPool,
  isGpuNode,
  type NodeView,
  nodeView,
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
 * Keeps one cluster's GPU pool inventories, recomputing a pool only when its aggregate's revision
 * moved (a node of the pool or a pod bound to one changed): the cost of an event is its pool's, not
 * the cluster's. Pending GPU pods are fitted per node against the kept views.
 */
export class GpuPoolCache {
  readonly #pools = new Map<string, CachedPool>();

  compute(state: ClusterState, now: number): GpuPoolsResult {
    const aggregates = state.tally.pools();
    const live = new Set(aggregates.map((a) => a.pool));
    for (const name of [...this.#pools.keys()]) if (!live.has(name)) this.#pools.delete(name);
    let byPool: Map<string, NodeRecord[]> | null = null;
    for (const aggregate of aggregates) {
      const cached = this.#pools.get(aggregate.pool);
      if (cached !== undefined && cached.revision === aggregate.revision) continue;
      byPool ??= gpuNodesByPool(state.objects.nodes());
      const nodes = byPool.get(aggregate.pool);
      if (nodes === undefined) {
        this.#pools.delete(aggregate.pool);
        continue;
      }
      const views = nodes.map((node) => nodeView(node, state.objects.podsOnNode(node.name)));
      this.#pools.set(aggregate.pool, {
        revision: aggregate.revision,
        views,
        inventory: inventoryPool(aggregate.pool, views),
      });
    }
    const cached = [...this.#pools.values()].sort((a, b) => (a.inventory.pool < b.inventory.pool ? -1 : 1));
    const pools = cached.map((c) => c.inventory);
    const pending = state.tally
      .snapshot()
      .unsettledPods.filter(
        (p) => p.nodeName === '' && (p.gpuRequest > 0 || Object.keys(p.gpuExtendedRequest).length > 0),
      );
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
    return { pools, findings: gpuPoolFindings(state.name, pools, fits, now) };
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
