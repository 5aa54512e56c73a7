import { type AccessPolicy, decideAccess } from './access-policy.ts';
import type { KubernetesRbac, RbacStats } from './kubernetes-rbac.ts';

/** Who is asking, and which clusters they may see. */
export interface Viewer {
  principal: string;
  /** The clusters this viewer may see; null: every cluster (every mode but Kubernetes RBAC, or a user allowed on all). */
  clusters: ReadonlySet<string> | null;
}

export type AuthResult =
  | { ok: true; viewer: Viewer }
  | { ok: false; status: 401 | 503; code: 'UNAUTHENTICATED' | 'AUTH_UNAVAILABLE'; reason: string };

type Headers = Record<string, string | string[] | undefined>;

/**
 * One authentication for every transport (HTTP hook, /metrics, the websocket's connection_init): the
 * static modes through the access policy, or Kubernetes RBAC mode through TokenReview and
 * SubjectAccessReview (auth/kubernetes-rbac.ts).
 */
export class Authenticator {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly rbac: KubernetesRbac | null,
    /** Every cluster Fleetscope serves (cluster name = kubeconfig context). */
    private readonly clusters: () => readonly string[],
  ) {}

  /** Review counts in Kubernetes RBAC mode; null in the other modes. */
  get rbacStats(): RbacStats | null {
    return this.rbac?.stats ?? null;
  }

  async authenticate(headers: Headers, peer: string | undefined): Promise<AuthResult> {
    if (!this.rbac) {
      const decision = decideAccess(this.policy, headers, peer);
      return decision.allowed
        ? { ok: true, viewer: { principal: decision.principal, clusters: null } }
        : { ok: false, status: 401, code: 'UNAUTHENTICATED', reason: decision.reason };
    }
    const raw = headers.authorization;
    const authorization = Array.isArray(raw) ? raw[0] : raw;
    if (authorization === undefined) {
      return { ok: false, status: 401, code: 'UNAUTHENTICATED', reason: 'missing bearer token' };
    }
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token) return { ok: false, status: 401, code: 'UNAUTHENTICATED', reason: 'malformed bearer token' };
    const outcome = await this.rbac.authenticate(token);
    if (outcome.kind === 'rejected') {
      return { ok: false, status: 401, code: 'UNAUTHENTICATED', reason: outcome.reason };
    }
    if (outcome.kind === 'unavailable') {
      return { ok: false, status: 503, code: 'AUTH_UNAVAILABLE', reason: outcome.reason };
    }
    const all = this.clusters();
    const visible = await this.rbac.visibleClusters(outcome.user, all);
    return {
      ok: true,
      viewer: {
        principal: `kubernetes:${outcome.user.username}`,
        clusters: all.every((c) => visible.has(c)) ? null : visible,
      },
    };
  }
}

const viewers = new WeakMap<object, Viewer>();

/** Remembers who sent a request (keyed by Node's request object) for the GraphQL context. */
export function rememberViewer(request: object, viewer: Viewer): void {
  viewers.set(request, viewer);
}

/** The viewer remembered for a request; undefined when none was (unprotected routes). */
export function viewerOf(request: object | undefined): Viewer | undefined {
  return request ? viewers.get(request) : undefined;
}
