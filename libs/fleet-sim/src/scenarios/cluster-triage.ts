import { healthyScenario } from './healthy.ts';
import type { ClusterSpec, IncidentSpec, ScenarioSpec } from './spec.ts';

const incidents: Record<string, IncidentSpec[]> = {
  'prod-us-east': [
    // CLUSTER (operations path): a Kyverno policy refuses the new pods of two unrelated rollouts.
    {
      kind: 'rollout-failure',
      namespace: 'shop',
      name: 'checkout',
      pool: 'system',
      failure: 'admission-denied',
    },
    {
      kind: 'rollout-failure',
      namespace: 'ml-platform',
      name: 'feature-store',
      pool: 'system',
      failure: 'admission-denied',
    },
  ],
  'prod-eu-west': [
    // CLUSTER (user path): calico cannot wire new pods on nodes of two pools.
    { kind: 'sandbox-failure', namespace: 'chat', name: 'session-cache', pool: 'system', replicas: 2 },
    { kind: 'sandbox-failure', namespace: 'inference', name: 'tokenizer', pool: 'l4-shared', replicas: 2 },
  ],
};

/**
 * Cluster-wide causes the triage groups by what failing objects share rather than by node or pool:
 * - CLUSTER prod-us-east, admission: Kyverno's `validate.kyverno.svc-fail` webhook denies the new pods
 *   of Deployments `shop/checkout` and `ml-platform/feature-store` (policy `require-team-label`); their
 *   old pods keep serving — the operations path only.
 * - CLUSTER prod-eu-west, network: pod sandboxes fail on nodes of `system` and `l4-shared` with calico
 *   unauthorized (`chat/session-cache`, `inference/tokenizer`, 2 pods each, stuck ContainerCreating).
 */
export const clusterTriageScenario: ScenarioSpec = {
  name: 'cluster-triage',
  description: 'An admission policy refusing new pods in one cluster; the CNI failing sandboxes in another.',
  clusters: healthyScenario.clusters
    .filter((cluster) => cluster.name !== 'openb')
    .map((cluster): ClusterSpec => ({ ...cluster, incidents: incidents[cluster.name] ?? [] })),
};
