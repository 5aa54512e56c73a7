import type { PodAffinityTerm, PodRecord } from '@fleetscope/types';
import type { NodeView } from '../../gpu/pools.ts';
import { selectorMatches } from '../../projection/pdb.ts';

/** Whether a bound pod is one a term of `owner` (in `ownerNamespace`) selects. */
export function termMatches(term: PodAffinityTerm, ownerNamespace: string, pod: PodRecord): boolean {
  if (term.selector === null) return false;
  const namespaces = term.namespaces.length === 0 ? [ownerNamespace] : term.namespaces;
  return namespaces.includes(pod.namespace) && selectorMatches(term.selector, pod.labels);
}

/** The topology domains (values of the term's key) that hold at least one pod the term selects. */
function domainsWithMatches(
  term: PodAffinityTerm,
  namespace: string,
  views: readonly NodeView[],
): { domains: Set<string>; any: boolean } {
  const domains = new Set<string>();
  let any = false;
  for (const view of views) {
    const domain = view.node.labels[term.topologyKey];
    for (const pod of view.pods) {
      if (!termMatches(term, namespace, pod)) continue;
      any = true;
      if (domain !== undefined) domains.add(domain);
      break;
    }
  }
  return { domains, any };
}

/** Required inter-pod affinity of one pending pod, precomputed once over the bound pods. */
export interface InterPodAffinity {
  /** Terms we cannot judge (namespaceSelector): listed as unknown, never passed or failed. */
  unknown: string[];
  /** Why this node fails, in the scheduler's words; null when it passes. */
  reject(view: NodeView): 'affinity' | 'anti-affinity' | null;
}

/**
 * The InterPodAffinity filter for the pod's own required terms: each affinity term needs a pod it
 * selects in the node's domain (the first pod of a group that selects itself is let through, as
 * kube-scheduler does when no pod matches anywhere), each anti-affinity term needs none. The
 * symmetric check — existing pods' anti-affinity against this pod — needs bound pods' terms, which
 * are not kept; it is not made.
 */
export function interPodAffinity(pod: PodRecord, views: readonly NodeView[]): InterPodAffinity | null {
  const affinity = pod.placement?.podAffinity ?? [];
  const anti = pod.placement?.podAntiAffinity ?? [];
  if (affinity.length === 0 && anti.length === 0) return null;
  const unknown: string[] = [];
  const judged = (terms: readonly PodAffinityTerm[]): PodAffinityTerm[] =>
    terms.filter((t) => {
      if (t.namespaceSelector !== true) return true;
      unknown.push(`pod (anti-)affinity term on ${t.topologyKey} with a namespaceSelector`);
      return false;
    });
  const affinityTerms = judged(affinity).map((term) => ({
    term,
    ...domainsWithMatches(term, pod.namespace, views),
  }));
  const antiTerms = judged(anti).map((term) => ({ term, ...domainsWithMatches(term, pod.namespace, views) }));
  // No pod anywhere matches any affinity term, and the pod matches all its own terms: the first of
  // its group may go anywhere (the term's key still has to be on the node).
  const selfAffine =
    affinityTerms.every((t) => !t.any) &&
    affinityTerms.length > 0 &&
    affinityTerms.every((t) => termMatches(t.term, pod.namespace, pod));
  return {
    unknown,
    reject(view) {
      for (const t of affinityTerms) {
        const domain = view.node.labels[t.term.topologyKey];
        if (domain === undefined) return 'affinity';
        if (!selfAffine && !t.domains.has(domain)) return 'affinity';
      }
      for (const t of antiTerms) {
        const domain = view.node.labels[t.term.topologyKey];
        if (domain !== undefined && t.domains.has(domain)) return 'anti-affinity';
      }
      return null;
    },
  };
}
