import { timingSafeEqual } from 'node:crypto';
import type { TrustedPeers } from './trusted-peers.ts';

/** Header carrying the shared secret that proves a request came through the authenticating proxy. */
export const PROXY_SECRET_HEADER = 'x-fleetscope-proxy-secret';

/**
 * Who may read Fleetscope's API. Everything Fleetscope serves is read-only, but it describes clusters,
 * so access is checked: bearer tokens, or a header set by a trusted authenticating proxy, or an
 * explicit anonymous mode for wall screens on a trusted network. The proxy header is believed only
 * from a trusted peer address and/or with the proxy's shared secret (the configuration refuses the
 * header mode without either, except on loopback).
 */
export interface AccessPolicy {
  /** Accepted bearer tokens; empty disables token auth. */
  tokens: string[];
  /** Header a trusted auth proxy sets to the user's name (e.g. x-forwarded-user); null disables. */
  proxyHeader: string | null;
  /** Allow requests with no credentials. */
  anonymous: boolean;
  /** When set, the proxy header is believed only from these peer addresses. */
  proxyPeers?: TrustedPeers | null;
  /** When set, the proxy header is believed only with this value in PROXY_SECRET_HEADER. */
  proxySecret?: string | null;
  /**
   * Kubernetes RBAC mode: bearer tokens checked with TokenReview on this context's cluster, clusters
   * shown per SubjectAccessReview (auth/authenticator.ts); excludes the other modes. Null: off.
   */
  kubernetes?: KubernetesAuthConfig | null;
}

export interface KubernetesAuthConfig {
  /** The kubeconfig context whose API server answers TokenReview (e.g. the cluster Fleetscope runs in). */
  context: string;
  /** Audiences asked of TokenReview; empty: the API server's own. */
  audiences: string[];
}

export type AccessDecision = { allowed: true; principal: string } | { allowed: false; reason: string };

/**
 * Decides one request from its headers (lower-case names, as Node gives them) and the address of the
 * peer that connected (the socket's, never a forwarded one). An unknown peer is never trusted.
 */
export function decideAccess(
  policy: AccessPolicy,
  headers: Record<string, string | string[] | undefined>,
  peer?: string,
): AccessDecision {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const authorization = header('authorization');
  if (authorization !== undefined && policy.tokens.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match?.[1] && policy.tokens.some((t) => sameSecret(t, match[1] ?? '')))
      return { allowed: true, principal: 'token' };
    return { allowed: false, reason: 'invalid bearer token' };
  }
  if (policy.proxyHeader) {
    // The proxy must overwrite this header; a comma means a client's value was appended to (or
    // joined with) the proxy's, so it cannot be trusted.
    const user = header(policy.proxyHeader);
    if (user?.includes(',')) return { allowed: false, reason: `ambiguous ${policy.proxyHeader} header` };
    if (user) {
      if (policy.proxyPeers && !policy.proxyPeers.contains(peer)) {
        return { allowed: false, reason: `${policy.proxyHeader} header from an untrusted peer` };
      }
      if (policy.proxySecret && !sameSecret(policy.proxySecret, header(PROXY_SECRET_HEADER) ?? '')) {
        return { allowed: false, reason: `${policy.proxyHeader} header without the proxy's secret` };
      }
      return { allowed: true, principal: `proxy:${user}` };
    }
  }
  if (policy.anonymous) return { allowed: true, principal: 'anonymous' };
  return {
    allowed: false,
    reason:
      policy.tokens.length > 0
        ? 'missing bearer token'
        : `missing ${policy.proxyHeader ?? 'credentials'} header`,
  };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
