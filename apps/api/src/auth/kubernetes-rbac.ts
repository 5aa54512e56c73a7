import { createHash } from 'node:crypto';
import type { KubeReviews, KubeUser } from './kube-reviews.ts';
import { CoalescingTtlCache } from './ttl-cache.ts';

/** How long answers are believed. Documented in docs/SECURITY.md ("Kubernetes RBAC"). */
export const RBAC_CACHE_DEFAULTS = {
  /** An authenticated token, or an allowed cluster: a revoked token or binding takes this long to bite. */
  allowTtlMs: 30_000,
  /** An unknown token, a denied cluster, or a cluster whose review failed (hidden meanwhile). */
  denyTtlMs: 10_000,
  /** Entries per cache (tokens; user × cluster pairs); the oldest go first. */
  maxEntries: 10_000,
} as const;

export type Authentication =
  | { kind: 'user'; user: KubeUser }
  /** The token is not valid (401). */
  | { kind: 'rejected'; reason: string }
  /** TokenReview could not be asked (503): nobody is admitted meanwhile. */
  | { kind: 'unavailable'; reason: string };

type Access = { allowed: boolean; failed: string | null };

/** Counts for /metrics: reviews asked (cache misses) and reviews that failed, by review and cluster. */
export class RbacStats {
  readonly reviews = new Map<string, number>();
  readonly failures = new Map<string, number>();

  count(map: Map<string, number>, review: string, cluster: string): void {
    const key = `${review}\u0000${cluster}`;
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

export interface KubernetesRbacOptions {
  /** Audiences to ask TokenReview for (--auth-kubernetes-audiences); empty: the API server's own. */
  audiences: readonly string[];
  /** The auth cluster's name, for logs and metrics. */
  authCluster: string;
  now: () => number;
  warn: (message: string, fields: Record<string, unknown>) => void;
  cache?: Partial<typeof RBAC_CACHE_DEFAULTS>;
}

/**
 * Kubernetes RBAC mode's decisions: who a bearer token is (TokenReview on the auth cluster) and which
 * clusters that user may see (SubjectAccessReview `list pods` in all namespaces, on each cluster).
 * Both are cached (allowed 30 s, denied 10 s, bounded) and concurrent identical lookups coalesced.
 * Tokens are cached under their SHA-256, never as themselves. A TokenReview that fails admits nobody
 * and is not cached; a SubjectAccessReview that fails hides that cluster (fail closed) for the deny TTL.
 */
export class KubernetesRbac {
  readonly stats = new RbacStats();
  readonly #tokens: CoalescingTtlCache<Authentication>;
  readonly #access: CoalescingTtlCache<Access>;
  readonly #ttl: typeof RBAC_CACHE_DEFAULTS;
  /** When each failure kind was last logged, and how many were not logged since (no log flood in an outage). */
  readonly #warned = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly reviews: KubeReviews,
    private readonly options: KubernetesRbacOptions,
  ) {
    this.#ttl = { ...RBAC_CACHE_DEFAULTS, ...options.cache };
    const cacheOptions = { now: options.now, maxEntries: this.#ttl.maxEntries };
    this.#tokens = new CoalescingTtlCache(cacheOptions);
    this.#access = new CoalescingTtlCache(cacheOptions);
  }

  authenticate(token: string): Promise<Authentication> {
    return this.#tokens.get(
      digest(['token', token]),
      () => this.#review(token),
      (a) => (a.kind === 'user' ? this.#ttl.allowTtlMs : a.kind === 'rejected' ? this.#ttl.denyTtlMs : 0),
    );
  }

  /** The clusters among `clusters` the user may list pods in (all namespaces). */
  async visibleClusters(user: KubeUser, clusters: readonly string[]): Promise<Set<string>> {
    const answers = await Promise.all(
      clusters.map(async (cluster) => {
        const access = await this.#access.get(
          digest(['access', cluster, user.username, user.uid, ...[...user.groups].sort()]),
          () => this.#accessReview(cluster, user),
          (a) => (a.allowed ? this.#ttl.allowTtlMs : this.#ttl.denyTtlMs),
        );
        return access.allowed ? cluster : null;
      }),
    );
    return new Set(answers.filter((c): c is string => c !== null));
  }

  /** Logs a failure at most once per deny TTL per message and cluster; the ones left out are counted. */
  #warn(message: string, fields: Record<string, unknown>): void {
    const key = `${message}\u0000${String(fields.cluster)}`;
    const now = this.options.now();
    const last = this.#warned.get(key);
    if (last && now - last.at < this.#ttl.denyTtlMs) {
      last.suppressed++;
      return;
    }
    this.#warned.set(key, { at: now, suppressed: 0 });
    this.options.warn(message, last?.suppressed ? { ...fields, notLoggedSince: last.suppressed } : fields);
  }

  async #review(token: string): Promise<Authentication> {
    const cluster = this.options.authCluster;
    this.stats.count(this.stats.reviews, 'tokenreview', cluster);
    try {
      const answer = await this.reviews.reviewToken(token, this.options.audiences);
      if (!answer.authenticated) {
        return { kind: 'rejected', reason: answer.error ?? 'token not recognized by the cluster' };
      }
      const wanted = this.options.audiences;
      if (wanted.length > 0 && !(answer.audiences ?? []).some((a) => wanted.includes(a))) {
        return { kind: 'rejected', reason: `token not valid for audience ${wanted.join(', ')}` };
      }
      return { kind: 'user', user: answer.user };
    } catch (error) {
      this.stats.count(this.stats.failures, 'tokenreview', cluster);
      const reason = `TokenReview on cluster ${cluster} failed: ${(error as Error).message}`;
      this.#warn('cannot authenticate: TokenReview failed; nobody is admitted until it answers', {
        cluster,
        error: (error as Error).message,
      });
      return { kind: 'unavailable', reason };
    }
  }

  async #accessReview(cluster: string, user: KubeUser): Promise<Access> {
    this.stats.count(this.stats.reviews, 'subjectaccessreview', cluster);
    try {
      return { allowed: await this.reviews.canListPods(cluster, user), failed: null };
    } catch (error) {
      this.stats.count(this.stats.failures, 'subjectaccessreview', cluster);
      this.#warn('SubjectAccessReview failed: cluster hidden from the user until it answers', {
        cluster,
        user: user.username,
        error: (error as Error).message,
      });
      return { allowed: false, failed: (error as Error).message };
    }
  }
}

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}
