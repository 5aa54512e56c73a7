import type { ClusterSpec, ScenarioSpec } from './spec.ts';

/** The cluster of the `pending-fit` scenario. */
export const PENDING_FIT_CLUSTER = 'fit-lab';

/** Facts the scenario is built to produce (see {@link pendingFitScenario}). */
export const PENDING_FIT_TRUTH = {
  cluster: PENDING_FIT_CLUSTER,
  /** Three general nodes of 8 cores (7.93 allocatable) and 32Gi. */
  generalNodes: 3,
  /** The pending pod's Deployment: 12 cores on one node, more than any node has. */
  pending: { namespace: 'search', deployment: 'indexer', cpu: 12_000 },
} as const;

const fitLab: ClusterSpec = {
  name: PENDING_FIT_CLUSTER,
  region: 'lab-1',
  zones: ['lab-1a', 'lab-1b'],
  version: 'v1.35.2',
  provider: 'onprem',
  pools: [
    {
      name: 'general',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'm7i.2xlarge',
      nodes: { small: 3, demo: 3 },
      cpu: 8,
      memoryGi: 32,
    },
  ],
  workloads: [
    {
      namespace: 'search',
      name: 'frontend',
      pool: 'general',
      replicas: { small: 3, demo: 3 },
      role: 'inference',
      image: 'ghcr.io/fleetscope-demo/search-frontend:1.2.0',
      cpu: '2',
      memory: '4Gi',
      servicePort: 8080,
    },
  ],
  incidents: [
    {
      kind: 'unschedulable-pod',
      namespace: 'search',
      name: 'indexer',
      pool: 'general',
      cpu: '12',
      memory: '8Gi',
    },
  ],
};

/**
 * One cluster `fit-lab` with three 8-core general nodes (no GPUs) and one pod that cannot fit: the
 * `search/indexer` Deployment asks 12 cores on one node. The scheduler's message (the simulator's
 * filters) says "0/3 nodes are available: 3 Insufficient cpu."; Fleetscope's own fit check must say
 * the same with the largest free cpu named, and no disagreement.
 */
export const pendingFitScenario: ScenarioSpec = {
  name: 'pending-fit',
  description: 'A pod without GPUs that asks more cpu than any node has: our fit check beside the scheduler.',
  clusters: [fitLab],
};
