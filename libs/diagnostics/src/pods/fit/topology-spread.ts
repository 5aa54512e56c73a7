import type { PodRecord, TopologySpreadConstraint } from '@fleetscope/types';
import type { NodeView } from '../../gpu/pools.ts';
import { selectorMatches } from '../../projection/pdb.ts';

/** Why a node fails PodTopologySpread, in the scheduler's two wordings; null when it passes. */
export type SpreadRejection = 'skew' | 'missing-label' | null;

interface Counted {
  constraint: TopologySpreadConstraint;
  counts: Map<string, number>;
  /** The smallest count over eligible domains (0 when fewer domains than minDomains). */
  min: number;
  /** 1 when the pod itself matches the constraint's selector (it adds to its domain). */
  self: number;
}

/**
 * PodTopologySpread with whenUnsatisfiable DoNotSchedule, as kube-scheduler computes it: domains are
 * the values of the key on nodes that pass the pod's node selector and required affinity (the
 * default nodeAffinityPolicy Honor; taints are ignored, nodeTaintsPolicy Ignore); per domain, the
 * bound pods of the pod's namespace its selector matches. A node is rejected when it lacks the key,
 * or when placing the pod there would make its domain exceed the smallest by more than maxSkew.
 */
export function topologySpread(
  pod: PodRecord,
  views: readonly NodeView[],
  eligible: (view: NodeView) => boolean,
): ((view: NodeView) => SpreadRejection) | null {
  const constraints = pod.placement?.topologySpread ?? [];
  if (constraints.length === 0) return null;
  const eligibleViews = views.filter(eligible);
  const counted: Counted[] = constraints.map((constraint) => {
    const counts = new Map<string, number>();
    for (const view of eligibleViews) {
      const domain = view.node.labels[constraint.topologyKey];
      if (domain === undefined) continue;
      let n = counts.get(domain) ?? 0;
      if (constraint.selector !== null) {
        for (const p of view.pods) {
          if (p.namespace === pod.namespace && selectorMatches(constraint.selector, p.labels)) n++;
        }
      }
      counts.set(domain, n);
    }
    let min = counts.size === 0 ? 0 : Math.min(...counts.values());
    if (constraint.minDomains !== null && counts.size < constraint.minDomains) min = 0;
    const self = constraint.selector !== null && selectorMatches(constraint.selector, pod.labels) ? 1 : 0;
    return { constraint, counts, min, self };
  });
  return (view) => {
    for (const c of counted) {
      const domain = view.node.labels[c.constraint.topologyKey];
      if (domain === undefined) return 'missing-label';
      const skew = (c.counts.get(domain) ?? 0) + c.self - c.min;
      if (skew > c.constraint.maxSkew) return 'skew';
    }
    return null;
  };
}
