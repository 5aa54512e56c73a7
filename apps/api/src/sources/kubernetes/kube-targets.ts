import { KubeConfig } from '@kubernetes/client-node';

/** The clusters to watch: one kubeconfig and the contexts in it. Cluster name = context name. */
export interface KubeTargets {
  kubeconfigPath: string;
  contexts: string[];
}

export const KUBE_TARGETS = Symbol('KUBE_TARGETS');

/**
 * Loads the kubeconfig and resolves which contexts to watch, failing with a message a user can act on.
 * With no contexts asked for, the current context is used.
 */
export function resolveKubeTargets(kubeconfigPath: string, wanted: string[]): KubeTargets {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(kubeconfigPath);
  } catch (error) {
    throw new Error(`cannot load kubeconfig ${kubeconfigPath}: ${(error as Error).message}`);
  }
  const available = kc.getContexts().map((c) => c.name);
  if (available.length === 0) throw new Error(`kubeconfig ${kubeconfigPath} has no contexts`);
  const contexts = wanted.length > 0 ? wanted : [kc.getCurrentContext()].filter((c) => c !== '');
  if (contexts.length === 0) {
    throw new Error(
      `kubeconfig ${kubeconfigPath} has no current-context; pass --context (one of: ${available.join(', ')})`,
    );
  }
  const missing = contexts.filter((c) => !available.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `context ${missing.join(', ')} not in ${kubeconfigPath} (available: ${available.join(', ')})`,
    );
  }
  return { kubeconfigPath, contexts: [...new Set(contexts)] };
}

/** A KubeConfig whose current context is `context`. */
export function kubeConfigFor(targets: KubeTargets, context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(targets.kubeconfigPath);
  kc.setCurrentContext(context);
  return kc;
}
