import { healthyScenario } from './healthy.ts';
import type { ClusterSpec, IncidentSpec, ScenarioSpec } from './spec.ts';

const incidents: Record<string, IncidentSpec[]> = {
  'prod-us-east': [
    // GLOBAL with prod-eu-west: the shared registry is down.
    {
      kind: 'image-pull-error',
      namespace: 'shop',
      name: 'checkout',
      pool: 'system',
      image: 'registry.example.com/shop/checkout:2.4.1',
    },
    // POOL: two H100 nodes NotReady at once.
    { kind: 'node-not-ready', pool: 'h100-sxm', index: 1, status: 'False', afterPlacement: true },
    { kind: 'node-not-ready', pool: 'h100-sxm', index: 2, status: 'False', afterPlacement: true },
    // POD: one workload crashing among healthy ones.
    { kind: 'crash-loop', namespace: 'inference', name: 'reranker', pool: 'a100-mig', gpus: 1, exitCode: 1 },
  ],
  'prod-eu-west': [
    {
      kind: 'image-pull-error',
      namespace: 'shop',
      name: 'cart',
      pool: 'system',
      image: 'registry.example.com/shop/cart:1.9.0',
    },
    // NODE: one node alone.
    { kind: 'node-not-ready', pool: 'l4-shared', index: 2, status: 'Unknown' },
  ],
};

/**
 * Scope triage ground truth: several independent problems at once, each at its own scope.
 * - GLOBAL: image pulls from registry.example.com fail in both clusters (shop/checkout, shop/cart).
 * - POOL `h100-sxm` (prod-us-east): two nodes NotReady.
 * - NODE (prod-eu-west): one L4 node Unknown.
 * - POD (prod-us-east): Deployment `inference/reranker` in CrashLoopBackOff.
 */
export const triageScenario: ScenarioSpec = {
  name: 'triage',
  description: 'Independent problems at every scope: a registry outage, a pool, a node and a pod.',
  clusters: healthyScenario.clusters
    .filter((cluster) => cluster.name !== 'openb')
    .map((cluster): ClusterSpec => ({ ...cluster, incidents: incidents[cluster.name] ?? [] })),
};
