import { Counter, type Registry } from 'prom-client';
import type { Authenticator } from './authenticator.ts';

/**
 * Kubernetes RBAC mode on /metrics: reviews asked (cache misses) and reviews that failed, by review
 * (tokenreview, subjectaccessreview) and cluster. A failed SubjectAccessReview hid that cluster from
 * the user; a failed TokenReview admitted nobody. Nothing is registered in the other modes.
 */
export function registerAuthMetrics(registry: Registry, authenticator: Authenticator): void {
  const stats = authenticator.rbacStats;
  if (!stats) return;
  for (const [name, counts, help] of [
    [
      'fleetscope_auth_reviews_total',
      stats.reviews,
      'Kubernetes reviews asked (cache misses), by review and cluster.',
    ],
    [
      'fleetscope_auth_review_failures_total',
      stats.failures,
      'Kubernetes reviews that failed (API server down, slow or refusing): a failed TokenReview admits nobody, a failed SubjectAccessReview hides that cluster from the user.',
    ],
  ] as const) {
    new Counter({
      name,
      help,
      labelNames: ['review', 'cluster'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [key, n] of counts) {
          const [review = '', cluster = ''] = key.split('\u0000');
          this.inc({ review, cluster }, n);
        }
      },
    });
  }
}
