import {
  type BlockedGpuPod,
  blockedGpuPods,
  isGpuNode,
  nodeView,
  type PodDisruptionBudgetRecord,
} from '@fleetscope/diagnostics';
import type { PodRecord } from '@fleetscope/types';
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
  const inputs = defragInputs(state);
  if (inputs.pending.length === 0) return NONE;
  const cached = cache.get(state);
  if (cached !== undefined && cached.key === inputs.key) return cached.proposals;
  const pdbs = inputs.pdbs();
  const views = [...state.objects.nodes()]
    .filter(isGpuNode)
    .map((n) => nodeView(n, state.objects.podsOnNode(n.name)));
  const proposals = {
    blocked: blockedGpuPods(views, inputs.pending, pdbs ?? []),
    pdbsChecked: pdbs !== null,
  };
  cache.set(state, { key: inputs.key, proposals });
  return proposals;
}

/**
 * What a cluster's proposals are kept under: the GPU pools' revisions, the budgets' revision, and the
 * pending GPU pods (uid and resourceVersion). The same key means the same proposals; the answer cache
 * (graphql/answer-cache) keys on it too.
 */
export function defragRevision(state: ClusterState): string {
  return defragInputs(state).key;
}

function defragInputs(state: ClusterState): {
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
