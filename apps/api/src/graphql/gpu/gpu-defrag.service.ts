import {
  type BlockedGpuPod,
  blockedGpuPods,
  isGpuNode,
  nodeView,
  type PodDisruptionBudgetRecord,
} from '@fleetscope/diagnostics';
import type { PodRecord } from '@fleetscope/types';
import { Injectable } from '@nestjs/common';
import { type ClusterState, FleetState } from '../../stores/cluster-state.ts';
import { type GpuBlockedPod, GpuDefragOutcome } from './models/gpu-defrag.model.ts';

const OUTCOMES: Record<string, GpuDefragOutcome> = {
  fits: GpuDefragOutcome.FITS,
  capacity: GpuDefragOutcome.CAPACITY,
  moves: GpuDefragOutcome.MOVES,
  'no-solution': GpuDefragOutcome.NO_SOLUTION,
  'not-computed': GpuDefragOutcome.NOT_COMPUTED,
};

/**
 * Blocked GPU pods and their defragmentation proposals, computed when asked — never on the event
 * path — and kept per cluster until a GPU pool's revision or the set of pending GPU pods moves.
 * PodDisruptionBudgets are watched: a move that would evict a pod its budget does not allow is not
 * proposed. Until they are listed (or when the API may not list them), proposals are made without
 * them and say so (`pdbsChecked: false`).
 */
@Injectable()
export class GpuDefragService {
  readonly #fleet: FleetState;
  readonly #cache = new Map<string, { key: string; pods: GpuBlockedPod[]; raw: BlockedGpuPod[] }>();

  constructor(fleet: FleetState) {
    this.#fleet = fleet;
  }

  /** One blocked pod's entry (with its proposal), when fragmentation blocks it. */
  find(cluster: string, namespace: string, name: string, resource: string): GpuBlockedPod | null {
    return (
      this.#compute(cluster).find(
        (b) => b.namespace === namespace && b.name === name && b.resource === resource,
      ) ?? null
    );
  }

  /**
   * Each blocked pod's proposal in the analysis' own shape (for advice composed elsewhere, such as a
   * rollout's recommendation): computed and kept like `blockedPods`.
   */
  proposals(cluster: string): readonly BlockedGpuPod[] {
    this.#compute(cluster);
    return this.#cache.get(cluster)?.raw ?? [];
  }

  blockedPods(cluster: string, pool: string | null): GpuBlockedPod[] {
    const all = this.#compute(cluster);
    return pool === null ? all : all.filter((b) => b.pool === pool || b.pools.includes(pool));
  }

  /**
   * What a cluster's proposals are kept under: the GPU pools' aggregate revisions, the budgets'
   * revision, and the pending GPU pods (uid and resourceVersion). The same key while it holds means the
   * same proposals; the answer cache (graphql/answer-cache) keys on it too.
   */
  revision(cluster: string): string {
    const state = this.#fleet.get(cluster);
    return state === undefined ? 'none' : this.#inputs(state).key;
  }

  #inputs(state: ClusterState): {
    key: string;
    pending: PodRecord[];
    pdbs: () => readonly PodDisruptionBudgetRecord[] | null;
  } {
    const pending = state.tally
      .snapshot()
      .unsettledPods.filter(
        (p) => p.nodeName === '' && (p.gpuRequest > 0 || Object.keys(p.gpuExtendedRequest).length > 0),
      );
    const revisions = state.tally
      .pools()
      .map((p) => `${p.pool}@${p.revision}`)
      .join(',');
    // Budgets count once listed; a served policy/v1 that is not listed yet (or forbidden) is unknown.
    const served = state.serves('poddisruptionbudgets') === true;
    const budgets = served ? String(state.sideRevision('PodDisruptionBudget')) : 'unknown';
    const key = `${revisions}|${budgets}|${pending.map((p) => `${p.uid}@${p.resourceVersion}`).join(',')}`;
    return { key, pending, pdbs: () => (served ? [...state.objects.list('PodDisruptionBudget')] : null) };
  }

  #compute(cluster: string): GpuBlockedPod[] {
    const state = this.#fleet.get(cluster);
    if (state === undefined) return [];
    const inputs = this.#inputs(state);
    const { key, pending } = inputs;
    const cached = this.#cache.get(cluster);
    if (cached !== undefined && cached.key === key) return cached.pods;
    const pdbs = inputs.pdbs();
    let pods: GpuBlockedPod[] = [];
    let raw: BlockedGpuPod[] = [];
    if (pending.length > 0) {
      const views = [...state.objects.nodes()]
        .filter(isGpuNode)
        .map((n) => nodeView(n, state.objects.podsOnNode(n.name)));
      raw = blockedGpuPods(views, pending, pdbs ?? []);
      pods = raw.map((b) => toModel(b, pdbs !== null));
    }
    this.#cache.set(cluster, { key, pods, raw });
    return pods;
  }
}

function toModel(b: BlockedGpuPod, pdbsChecked: boolean): GpuBlockedPod {
  const s = b.suggestion;
  return {
    pod: `${b.pod.namespace}/${b.pod.name}`,
    namespace: b.pod.namespace,
    name: b.pod.name,
    pool: b.pool,
    pools: b.pools,
    resource: b.resource,
    request: b.request,
    free: b.free,
    perNodeFree: b.perNodeFree,
    suggestion: {
      outcome: OUTCOMES[s.outcome] ?? GpuDefragOutcome.NO_SOLUTION,
      targetNode: s.targetNode,
      moves: s.moves,
      drainNode: s.drainNode,
      podsDisrupted: s.podsDisrupted,
      blockedByPdb: s.blockedByPdb,
      pdbsChecked,
      exact: s.exact,
      summary: s.summary,
    },
  };
}
