import type { BlockedGpuPod } from '@fleetscope/diagnostics';
import { Injectable } from '@nestjs/common';
import { defragProposals, defragRevision } from '../../analysis/gpu-defrag-proposals.ts';
import { FleetState } from '../../stores/cluster-state.ts';
import { type GpuBlockedPod, GpuDefragOutcome } from './models/gpu-defrag.model.ts';

const OUTCOMES: Record<string, GpuDefragOutcome> = {
  fits: GpuDefragOutcome.FITS,
  capacity: GpuDefragOutcome.CAPACITY,
  moves: GpuDefragOutcome.MOVES,
  'no-solution': GpuDefragOutcome.NO_SOLUTION,
  'not-computed': GpuDefragOutcome.NOT_COMPUTED,
};

/**
 * Blocked GPU pods and their defragmentation proposals in the schema's shape. The proposals are the
 * analysis' (`defragProposals`: computed when asked, kept until a pool, the budgets or the pending GPU
 * pods move), so a rollout's recommendation and this field never disagree.
 */
@Injectable()
export class GpuDefragService {
  readonly #fleet: FleetState;
  readonly #models = new WeakMap<readonly BlockedGpuPod[], GpuBlockedPod[]>();

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

  blockedPods(cluster: string, pool: string | null): GpuBlockedPod[] {
    const all = this.#compute(cluster);
    return pool === null ? all : all.filter((b) => b.pool === pool || b.pools.includes(pool));
  }

  /** What the cluster's proposals are kept under (see `defragRevision`); the answer cache keys on it. */
  revision(cluster: string): string {
    const state = this.#fleet.get(cluster);
    return state === undefined ? 'none' : defragRevision(state);
  }

  #compute(cluster: string): GpuBlockedPod[] {
    const state = this.#fleet.get(cluster);
    if (state === undefined) return [];
    const { blocked, pdbsChecked } = defragProposals(state);
    let pods = this.#models.get(blocked);
    if (pods === undefined) {
      pods = blocked.map((b) => toModel(b, pdbsChecked));
      this.#models.set(blocked, pods);
    }
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
