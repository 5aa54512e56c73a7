import type { KubeConfig } from '@kubernetes/client-node';
import { kubeRequest, statusError } from '../sources/kubernetes/kube-api.ts';

/** A user as the auth cluster's TokenReview names them. */
export interface KubeUser {
  username: string;
  uid: string;
  groups: string[];
}

/** What TokenReview said of a token: a user, or not authenticated (with the server's error, if any). */
export type TokenReviewAnswer =
  | { authenticated: true; user: KubeUser; audiences: string[] | null }
  | { authenticated: false; error: string | null };

/**
 * The two reviews Kubernetes RBAC mode asks: TokenReview on the one auth cluster, SubjectAccessReview
 * on each watched cluster. A port, so the decision logic is tested without a server; both throw when
 * the API server cannot answer (down, timeout, Fleetscope's own account not allowed to ask).
 */
export interface KubeReviews {
  reviewToken(token: string, audiences: readonly string[]): Promise<TokenReviewAnswer>;
  /** May `user` list pods in every namespace of `cluster`? */
  canListPods(cluster: string, user: KubeUser): Promise<boolean>;
}

/** Reviews sent with the same client code as the watches and probes (kubeconfig auth and TLS). */
export class ClientNodeKubeReviews implements KubeReviews {
  constructor(
    private readonly authConfig: KubeConfig,
    private readonly clusterConfig: (cluster: string) => KubeConfig,
    private readonly timeoutMs: number,
  ) {}

  async reviewToken(token: string, audiences: readonly string[]): Promise<TokenReviewAnswer> {
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token, ...(audiences.length > 0 ? { audiences } : {}) },
    };
    const json = await this.#post(this.authConfig, '/apis/authentication.k8s.io/v1/tokenreviews', body);
    return parseTokenReview(json);
  }

  async canListPods(cluster: string, user: KubeUser): Promise<boolean> {
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: user.username,
        ...(user.uid ? { uid: user.uid } : {}),
        groups: user.groups,
        // No namespace: "all namespaces", what Fleetscope shows of a cluster.
        resourceAttributes: { verb: 'list', resource: 'pods', group: '', version: 'v1' },
      },
    };
    const json = await this.#post(
      this.clusterConfig(cluster),
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body,
    );
    return parseSubjectAccessReview(json);
  }

  async #post(config: KubeConfig, path: string, body: unknown): Promise<unknown> {
    let answer: { status: number; text: string };
    try {
      answer = await kubeRequest(config, 'POST', path, body, AbortSignal.timeout(this.timeoutMs));
    } catch (error) {
      const name = (error as Error).name;
      throw new Error(
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${this.timeoutMs} ms`
          : `unreachable: ${(error as Error).message}`,
      );
    }
    if (answer.status !== 200 && answer.status !== 201) throw statusError(answer.status, answer.text);
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new Error('answer is not JSON');
    }
  }
}

/** Reads a TokenReview answer; anything but a clear "authenticated with a username" is not authenticated. */
export function parseTokenReview(json: unknown): TokenReviewAnswer {
  const status = (json as { status?: unknown } | null)?.status as
    | { authenticated?: unknown; user?: unknown; error?: unknown; audiences?: unknown }
    | undefined;
  if (!status || typeof status !== 'object') throw new Error('TokenReview answer has no status');
  const error = typeof status.error === 'string' && status.error !== '' ? status.error : null;
  const user = (status.user ?? {}) as { username?: unknown; uid?: unknown; groups?: unknown };
  if (status.authenticated !== true || typeof user.username !== 'string' || user.username === '') {
    return { authenticated: false, error };
  }
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return {
    authenticated: true,
    user: {
      username: user.username,
      uid: typeof user.uid === 'string' ? user.uid : '',
      groups: strings(user.groups),
    },
    audiences: Array.isArray(status.audiences) ? strings(status.audiences) : null,
  };
}

/** Reads a SubjectAccessReview answer: allowed only when it says so and does not also say denied. */
export function parseSubjectAccessReview(json: unknown): boolean {
  const status = (json as { status?: unknown } | null)?.status as
    | { allowed?: unknown; denied?: unknown }
    | undefined;
  if (!status || typeof status !== 'object') throw new Error('SubjectAccessReview answer has no status');
  return status.allowed === true && status.denied !== true;
}
