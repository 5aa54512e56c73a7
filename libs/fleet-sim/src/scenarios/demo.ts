import { healthyScenario } from './healthy.ts';
import type { ClusterSpec, IncidentSpec, ScenarioSpec } from './spec.ts';

const incidents: Record<string, IncidentSpec[]> = {
  'prod-us-east': [
    {
      kind: 'unschedulable-gpu-pod',
      namespace: 'ml-training',
      name: 'llm-sweep-4gpu',
      pool: 'h100-sxm',
      gpus: 4,
    },
    { kind: 'crash-loop', namespace: 'inference', name: 'reranker', pool: 'a100-mig', gpus: 1, exitCode: 1 },
    { kind: 'node-not-ready', pool: 'system', index: 2, status: 'Unknown' },
    {
      kind: 'init-crash-loop',
      namespace: 'ml-training',
      name: 'nccl-allreduce-check',
      pool: 'h100-sxm',
      gpus: 1,
      exitCode: 3,
    },
  ],
  'prod-eu-west': [
    { kind: 'cordoned', pool: 'l4-shared', index: 5 },
    {
      kind: 'service-without-endpoints',
      namespace: 'inference',
      name: 'legacy-ranker',
      selector: { app: 'legacy-ranker' },
    },
  ],
  openb: [],
};

/**
 * The demo fleet (the default): the healthy fleet plus a few realistic problems, so every view has
 * something to show.
 *
 * Expected findings:
 * - `prod-us-east`: pod `ml-training/llm-sweep-4gpu-…` Pending — 4 GPUs requested, H100 pool free GPUs
 *   are scattered (no node has 4 free): FailedScheduling `0/N nodes are available: … Insufficient
 *   nvidia.com/gpu …` (a fragmentation finding at pool scope); pod `inference/reranker-…` in
 *   CrashLoopBackOff (exit code 1, BackOff events), its Deployment unavailable; one system node with
 *   Ready=Unknown (NodeStatusUnknown, `Kubelet stopped posting node status.`); pod
 *   `ml-training/nccl-allreduce-check-…` Pending in Init:CrashLoopBackOff (its GPU preflight init
 *   container exits 3; BackOff events).
 * - `prod-eu-west`: one L4 node cordoned (its 4 GPU slices count as unusable); Service
 *   `inference/legacy-ranker` whose selector matches no pod (no endpoints).
 * - `openb`: nothing beyond the healthy fleet.
 */
export const demoScenario: ScenarioSpec = {
  name: 'demo',
  description:
    'The healthy fleet plus a pending 4-GPU pod, a crash loop, an Unknown node, a cordon and an empty Service.',
  clusters: healthyScenario.clusters.map(
    (cluster): ClusterSpec => ({ ...cluster, incidents: incidents[cluster.name] ?? [] }),
  ),
};
