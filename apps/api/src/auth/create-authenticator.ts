import type { Clock } from '@fleetscope/types';
import type { KubeConfig } from '@kubernetes/client-node';
import type { AppConfig } from '../config/app-config.ts';
import { type KubeTargets, kubeConfigFor } from '../sources/kubernetes/kube-targets.ts';
import type { JsonLogger } from '../telemetry/json-logger.ts';
import { Authenticator } from './authenticator.ts';
import { ClientNodeKubeReviews } from './kube-reviews.ts';
import { KubernetesRbac } from './kubernetes-rbac.ts';

/** A review that takes longer fails: TokenReview answers 503, a SubjectAccessReview hides its cluster. */
export const REVIEW_TIMEOUT_MS = 5_000;

/** The authenticator for the configured mode; Kubernetes RBAC mode reviews through the kubeconfig's contexts. */
export function createAuthenticator(
  config: AppConfig,
  targets: KubeTargets,
  clock: Clock,
  logger: JsonLogger,
): Authenticator {
  const kubernetes = config.access.kubernetes;
  if (!kubernetes) return new Authenticator(config.access, null, () => targets.contexts);
  checkAuthContext(targets, kubernetes.context);
  const configs = new Map<string, KubeConfig>();
  const configOf = (context: string): KubeConfig => {
    let kc = configs.get(context);
    if (!kc) {
      kc = kubeConfigFor(targets, context);
      configs.set(context, kc);
    }
    return kc;
  };
  const reviews = new ClientNodeKubeReviews(configOf(kubernetes.context), configOf, REVIEW_TIMEOUT_MS);
  const rbac = new KubernetesRbac(reviews, {
    audiences: kubernetes.audiences,
    authCluster: kubernetes.context,
    now: () => clock.now(),
    warn: (message, fields) => logger.warn(message, fields),
  });
  return new Authenticator(config.access, rbac, () => targets.contexts);
}

/** Fails with a message a user can act on when the auth context is not in the kubeconfig. */
export function checkAuthContext(targets: KubeTargets, context: string): void {
  const kc = kubeConfigFor(targets, targets.contexts[0] ?? context);
  const available = kc.getContexts().map((c) => c.name);
  if (!available.includes(context)) {
    throw new Error(
      `--auth-kubernetes-context ${context} is not in ${targets.kubeconfigPath} (available: ${available.join(', ')})`,
    );
  }
}
