import {
  type FitContext,
  fitPendingPod,
  isPendingUnbound,
  type NodeView,
  nodeView,
  type PodFit,
} from '@fleetscope/diagnostics';
import type { PodRecord } from '@fleetscope/types';
import type { ClusterState } from '../stores/cluster-state.ts';

/** How long node views (and the fits made against them) stand before they are looked at again. */
export const PENDING_FIT_REFRESH_MS = 5_000;

/**
 * Our own fit check of a cluster's pending pods, off the event path's cost: each node's view (its
 * bound pods' requests summed) is kept and rebuilt only when the node or its pods moved
 * (`tally.nodeRevision`), and a pod's fit is kept until some view changes or the pod does. Views are
 * looked at again at most every {@link PENDING_FIT_REFRESH_MS} (a busy cluster moves some node on
 * every debounced summary; refitting every pending pod against every node each time would make an
 * event's cost follow the cluster), so a fit may be that much behind — like the GPU pools, refreshed
 * on the tick. Nothing runs while no pod is pending: the views are built on the first one asked about.
 */
export class PendingFitCache {
  readonly #views = new Map<string, { revision: number; view: NodeView }>();
  #fits = new WeakMap<PodRecord, PodFit>();
  #tallyRevision = -1;
  #schedulingRevision = -1;
  #context: FitContext | null = null;
  #refreshedAt = Number.NEGATIVE_INFINITY;

  /** A fitter for one summary at `now`: the views are refreshed (when due) once, on its first call. */
  fitter(state: ClusterState, now: number): (pod: PodRecord) => PodFit | null {
    let context: FitContext | null = null;
    return (pod) => {
      if (!isPendingUnbound(pod)) return null;
      if (context === null) {
        const due = this.#context === null || now - this.#refreshedAt >= PENDING_FIT_REFRESH_MS;
        context = due || this.#context === null ? this.#refresh(state, now) : this.#context;
      }
      const held = this.#fits.get(pod);
      if (held !== undefined) return held;
      const fit = fitPendingPod(pod, context);
      this.#fits.set(pod, fit);
      return fit;
    };
  }

  #refresh(state: ClusterState, now: number): FitContext {
    this.#refreshedAt = now;
    const revision = state.tally.revision;
    const scheduling = state.schedulingRevision;
    if (
      this.#context !== null &&
      revision === this.#tallyRevision &&
      scheduling === this.#schedulingRevision
    ) {
      return this.#context;
    }
    this.#tallyRevision = revision;
    let changed = this.#context === null || scheduling !== this.#schedulingRevision;
    this.#schedulingRevision = scheduling;
    const views: NodeView[] = [];
    const live = new Set<string>();
    for (const node of state.objects.nodes()) {
      live.add(node.name);
      const nodeRevision = state.tally.nodeRevision(node.name) ?? -1;
      const cached = this.#views.get(node.name);
      if (cached !== undefined && cached.revision === nodeRevision && cached.view.node === node) {
        views.push(cached.view);
        continue;
      }
      changed = true;
      const view = nodeView(node, state.objects.podsOnNode(node.name));
      this.#views.set(node.name, { revision: nodeRevision, view });
      views.push(view);
    }
    for (const name of [...this.#views.keys()]) {
      if (!live.has(name)) {
        this.#views.delete(name);
        changed = true;
      }
    }
    if (!changed && this.#context !== null) return this.#context;
    // Some node, claim or class moved: every kept fit may be stale.
    this.#fits = new WeakMap();
    // Claims, StorageClasses and RuntimeClasses count once their watch has listed them; before that
    // (or when forbidden) the checks resting on them are UNKNOWN (null), never passed.
    this.#context = {
      views,
      claims: state.schedulingListed('persistentvolumeclaims')
        ? [...state.objects.list('PersistentVolumeClaim')]
        : null,
      storageClasses: state.schedulingListed('storageclasses') ? state.storageClasses() : null,
      runtimeClasses: state.schedulingListed('runtimeclasses') ? state.runtimeClasses() : null,
    };
    return this.#context;
  }
}

const caches = new WeakMap<ClusterState, PendingFitCache>();

/** The fit cache of one cluster state (a state reset — sharded: moved away and back — starts a new one). */
export function pendingFitCacheOf(state: ClusterState): PendingFitCache {
  let cache = caches.get(state);
  if (cache === undefined) {
    cache = new PendingFitCache();
    caches.set(state, cache);
  }
  return cache;
}
