import type { NodeRecord, PodRecord } from '@fleetscope/types';
import type { PodClassification } from './classify.ts';

/**
 * One troubled pod as a list shows it: who it is, where it runs, and why it is not serving. Only
 * what a view needs is kept (no resourceVersion, no labels), so a pod that changes without changing
 * its trouble does not change the view.
 */
export interface TroubledPod {
  namespace: string;
  name: string;
  /** "" while unscheduled. */
  nodeName: string;
  /** The node's pool when the node is known; null otherwise. */
  pool: string | null;
  phase: PodRecord['phase'];
  /** The controlling owner, "ReplicaSet/api-7d9c" style; null for bare pods. */
  owner: { kind: string; name: string } | null;
  createdAt: number;
  gpuRequest: number;
  classification: PodClassification;
  /** The id of the finding that says the same (every classified pod has one). */
  findingId: string;
}

/** The view of one classified pod. */
export function troubledPod(
  pod: PodRecord,
  classification: PodClassification,
  node: NodeRecord | undefined,
  findingId: string,
): TroubledPod {
  return {
    namespace: pod.namespace,
    name: pod.name,
    nodeName: pod.nodeName,
    pool: node?.pool ?? null,
    phase: pod.phase,
    owner: pod.controller === null ? null : { kind: pod.controller.kind, name: pod.controller.name },
    createdAt: pod.createdAt,
    gpuRequest: pod.gpuRequest,
    classification,
    findingId,
  };
}
