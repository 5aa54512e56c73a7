import type { ReferenceGrantRecord } from '@fleetscope/types';

/** The Gateway API group: HTTPRoutes and Gateways refer from it. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** What refers (an HTTPRoute's backendRef, a Gateway listener's certificateRef) and to what. */
export interface CrossReference {
  from: { group: string; kind: string; namespace: string };
  to: { group: string; kind: string; namespace: string; name: string };
}

/** Whether a reference is allowed, and by which grant. */
export interface GrantDecision {
  /** The target is in another namespace than the referrer. */
  crossNamespace: boolean;
  /**
   * true: same namespace, or a ReferenceGrant allows it; false: cross-namespace and no grant in the
   * target namespace allows it; null: cross-namespace and the grants are not known (not served, not
   * listed, or absent from a dump) — nothing concluded.
   */
  permitted: boolean | null;
  /** The grant that allows it, namespace/name; null when none (or same namespace). */
  grant: string | null;
}

/** The core group is "" in refs and may be written "core" by hand. */
const group = (g: string): string => (g === 'core' ? '' : g);

/**
 * Whether `ref` is allowed as the Gateway API defines it: a reference into another namespace needs a
 * ReferenceGrant in the target namespace whose `from` names the referrer's group, kind and namespace
 * and whose `to` names the target's group and kind (and its name, or no name: every object of that
 * kind). `grants` null: not known.
 */
export function decideReference(
  ref: CrossReference,
  grants: readonly ReferenceGrantRecord[] | null,
): GrantDecision {
  if (ref.from.namespace === ref.to.namespace) return { crossNamespace: false, permitted: true, grant: null };
  if (grants === null) return { crossNamespace: true, permitted: null, grant: null };
  for (const g of grants) {
    if (g.namespace !== ref.to.namespace) continue;
    const fromOk = g.from.some(
      (f) =>
        group(f.group) === group(ref.from.group) &&
        f.kind === ref.from.kind &&
        f.namespace === ref.from.namespace,
    );
    const toOk = g.to.some(
      (t) =>
        group(t.group) === group(ref.to.group) &&
        t.kind === ref.to.kind &&
        (t.name === '' || t.name === ref.to.name),
    );
    if (fromOk && toOk) return { crossNamespace: true, permitted: true, grant: `${g.namespace}/${g.name}` };
  }
  return { crossNamespace: true, permitted: false, grant: null };
}
