import type { DcgmClusterSpec } from '../dcgm/spec.ts';
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

/** The demo's dcgm-exporters: idle inference replicas holding A100s, an XID 79 a minute and a half in, 2026 label naming in Europe. */
const dcgm: Record<string, DcgmClusterSpec> = {
  'prod-us-east': {
    idleWorkloads: ['inference/triton-a100'],
    xid: [{ pool: 'h100-sxm', nodeIndex: 1, gpu: 3, code: 79, afterMs: 90_000 }],
  },
  'prod-eu-west': { labelStyle: 'lowercase-hostname' },
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
 * - GPU usage (dcgm-exporter, `/sim/dcgm`): `prod-us-east` `inference/triton-a100` holds its A100s
 *   idle; GPU 3 of the second `h100-sxm` node (name order) reports XID 79 90 s after start;
 *   `prod-eu-west`'s exporter uses the 2026 `hostname` label.
 */
export const demoScenario: ScenarioSpec = {
  name: 'demo',
  description:
    'The healthy fleet plus a pending 4-GPU pod, a crash loop, an Unknown node, a cordon and an empty Service.',
  clusters: healthyScenario.clusters.map(
    (cluster): ClusterSpec => ({
      ...cluster,
      incidents: incidents[cluster.name] ?? [],
      ...(dcgm[cluster.name] ? { dcgm: dcgm[cluster.name] } : {}),
    }),
  ),
};
