import type { NodeRecord, NodeSelectorRequirement, PodPlacement, Taint, Toleration } from '@fleetscope/types';

/** Why a node is not a place for the pod, in the scheduler's own words; null when it is. */
export type PlacementRejection = 'node-affinity' | 'taint' | 'unschedulable' | null;

function matches(requirement: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = Number(requirement.values[0]);
      const actual = Number(value);
      if (value === undefined || !Number.isInteger(actual) || !Number.isInteger(bound)) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** nodeSelector and required node affinity (terms ORed, requirements within a term ANDed). */
export function matchesNodeAffinity(placement: PodPlacement, node: NodeRecord): boolean {
  for (const [key, value] of Object.entries(placement.nodeSelector)) {
    if (node.labels[key] !== value) return false;
  }
  if (placement.requiredTerms.length === 0) return true;
  return placement.requiredTerms.some(
    (term) => term.length > 0 && term.every((requirement) => matches(requirement, node.labels)),
  );
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key === '' && toleration.operator === 'Exists') return true;
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || toleration.value === taint.value;
}

/** The first NoSchedule/NoExecute taint no toleration covers, or null. */
export function untoleratedTaint(placement: PodPlacement, node: NodeRecord): Taint | null {
  for (const taint of node.taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!placement.tolerations.some((t) => tolerates(t, taint))) return taint;
  }
  return null;
}

/**
 * Whether the pod may be placed on the node at all, checked in kube-scheduler's filter order (the
 * first that fails is the one a node is counted under): NodeUnschedulable, TaintToleration,
 * NodeAffinity (selector and required affinity).
 * Resources are checked separately (per resource, per node).
 */
export function placementRejection(
  placement: PodPlacement | undefined,
  node: NodeRecord,
): PlacementRejection {
  const p = placement ?? { nodeSelector: {}, requiredTerms: [], tolerations: [] };
  if (node.unschedulable && !p.tolerations.some((t) => t.key === 'node.kubernetes.io/unschedulable')) {
    return 'unschedulable';
  }
  if (untoleratedTaint(p, node) !== null) return 'taint';
  if (!matchesNodeAffinity(p, node)) return 'node-affinity';
  return null;
}
