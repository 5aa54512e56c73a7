import {
  type BlockedGpuPod,
  blockedGpuPods,
  isGpuNode,
  nodeView,
  type PodDisruptionBudgetRecord,
} from '@fleetscope/diagnostics';
import type { ClusterState } from '../stores/cluster-state.ts';

/** A cluster's blocked GPU pods with their proposals, and whether disruption budgets were known. */
export interface DefragProposals {
  blocked: readonly BlockedGpuPod[];
  /** False until PodDisruptionBudgets are listed (or when the API may not list them). */
  pdbsChecked: boolean;
}

const cache = new WeakMap<ClusterState, { key: string; proposals: DefragProposals }>();

const NONE: DefragProposals = { blocked: [], pdbsChecked: false };

/**
 * Blocked GPU pods of one cluster and their defragmentation proposals, computed when asked — by a
 * summary that has a rollout to advise, or by a query — never for every event, and kept per cluster
 * until a GPU pool's revision, the disruption budgets or the set of pending GPU pods moves.
 * PodDisruptionBudgets are respected once listed; until then proposals are made without them and say so.
 */
export function defragProposals(state: ClusterState): DefragProposals {
  const pending = state.tally
    .snapshot()
    .unsettledPods.filter(
      (p) => p.nodeName === '' && (p.gpuRequest > 0 || Object.keys(p.gpuExtendedRequest).length > 0),
    );
  if (pending.length === 0) return NONE;
  const revisions = state.tally
    .pools()
    .map((p) => `${p.pool}@${p.revision}`)
    .join(',');
  // Budgets count once listed; a served policy/v1 that is not listed yet (or forbidden) is unknown.
  const pdbs: readonly PodDisruptionBudgetRecord[] | null =
    state.serves('poddisruptionbudgets') === true ? [...state.objects.list('PodDisruptionBudget')] : null;
  const budgets = pdbs === null ? 'unknown' : String(state.sideRevision('PodDisruptionBudget'));
  const key = `${revisions}|${budgets}|${pending.map((p) => `${p.uid}@${p.resourceVersion}`).join(',')}`;
  const cached = cache.get(state);
  if (cached !== undefined && cached.key === key) return cached.proposals;
  const views = [...state.objects.nodes()]
    .filter(isGpuNode)
    .map((n) => nodeView(n, state.objects.podsOnNode(n.name)));
  const proposals = { blocked: blockedGpuPods(views, pending, pdbs ?? []), pdbsChecked: pdbs !== null };
  cache.set(state, { key, proposals });
  return proposals;
}
