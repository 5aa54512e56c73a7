import { healthyScenario } from './healthy.ts';
import type { ClusterSpec, IncidentSpec, ScenarioSpec } from './spec.ts';

/** The driver a half-finished rollout put on part of prod-us-east's H100 pool. */
export const BROKEN_DRIVER = '580.95.05';

const incidents: Record<string, IncidentSpec[]> = {
  'prod-us-east': [
    // POOL: the new driver breaks GPU validation on 3 of the pool's nodes — all on that driver.
    { kind: 'gpu-validation-failing', pool: 'h100-sxm', nodes: { small: 1, demo: 3 }, driver: BROKEN_DRIVER },
    // POD: one bad pod among healthy workloads.
    { kind: 'crash-loop', namespace: 'inference', name: 'reranker', pool: 'a100-mig', gpus: 1, exitCode: 1 },
  ],
  'prod-eu-west': [
    // NODE: one GPU of the newest H100 node fell off the bus.
    { kind: 'gpu-fell-off-bus', pool: 'h100-eu', index: -1 },
  ],
};

/**
 * GPU scope triage ground truth (issue: scope + wall), with several problems at once:
 * - POOL `h100-sxm` (prod-us-east): its 3 newest nodes (9 at the demo size) have GPUs not usable (GPU
 *   Operator validation failing), all on driver 580.95.05 — the others, on the old driver, are fine.
 * - NODE (prod-eu-west): one node of `h100-eu` has 1 of 8 GPUs unhealthy (fallen off the bus).
 * - POD (prod-us-east): Deployment `inference/reranker` in CrashLoopBackOff.
 * - The GPU Operator's ClusterPolicy on prod-us-east is `notReady` (its validation operand does not come
 *   up on the broken nodes); on prod-eu-west it is `ready`.
 * Run it with the control-plane scenario `admission-webhook-timeout` on prod-us-east for a CLUSTER
 * problem on the operations path only, beside the others.
 */
export const gpuTriageScenario: ScenarioSpec = {
  name: 'gpu-triage',
  description: 'A driver rollout breaking a pool, a GPU off the bus, and a crashing pod — at once.',
  clusters: healthyScenario.clusters
    .filter((cluster) => cluster.name !== 'openb')
    .map(
      (cluster): ClusterSpec => ({
        ...cluster,
        // The autoscaler added three nodes to h100-sxm from the new node image (one at the small size).
        // prod-eu-west's H100 pool has one node more than the healthy fleet: the one that loses a GPU.
        pools: cluster.pools.map((pool) =>
          pool.name === 'h100-sxm'
            ? { ...pool, nodes: { small: pool.nodes.small + 1, demo: pool.nodes.demo + 3 } }
            : pool.name === 'h100-eu'
              ? { ...pool, nodes: { small: pool.nodes.small + 1, demo: pool.nodes.demo + 1 } }
              : pool,
        ),
        incidents: incidents[cluster.name] ?? [],
      }),
    ),
};
