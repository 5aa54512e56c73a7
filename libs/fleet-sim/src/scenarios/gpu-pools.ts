import { A100, H100 } from './gpu-models.ts';
import type { ClusterSpec, ScenarioSpec } from './spec.ts';

const PYTORCH = 'nvcr.io/nvidia/pytorch:25.01-py3';

/** The cluster of the `gpu-pools` scenario. */
export const GPU_POOLS_CLUSTER = 'gpu-lab';

/** Facts the scenario is built to produce (see {@link gpuPoolsScenario}). */
export const GPU_POOLS_TRUTH = {
  cluster: GPU_POOLS_CLUSTER,
  fragmentedPool: 'h100-frag',
  /** Free nvidia.com/gpu per node of the fragmented pool, by node name. */
  fragmentedFree: {
    'gpu-lab-h100-frag-0': 1,
    'gpu-lab-h100-frag-1': 1,
    'gpu-lab-h100-frag-2': 1,
    'gpu-lab-h100-frag-3': 1,
    'gpu-lab-h100-frag-4': 2,
    'gpu-lab-h100-frag-5': 2,
  } as Readonly<Record<string, number>>,
  /** The pending pods fragmentation blocks (their Deployment names; one pod each). */
  blocked: [
    { deployment: 'ml/pretrain-8gpu', request: 8, movesHelp: false },
    { deployment: 'ml/sweep-4gpu', request: 4, movesHelp: true },
  ],
  /** One move: a 2-GPU pod off h100-frag-4 into the other 2-GPU hole frees 4 there. */
  sweepMove: {
    fromNode: 'gpu-lab-h100-frag-4',
    toNode: 'gpu-lab-h100-frag-5',
    request: 2,
    owner: 'tune-2gpu',
  },
  mixedDriverPool: 'a100-rollout',
  /** DRA (resource.k8s.io/v1): two nodes of 8 devices, 5 allocated by claims. */
  dra: { pool: 'h100-dra', driver: 'gpu.nvidia.com', nodes: 2, devices: 16, allocated: 5, free: 11 },
  drivers: [
    { version: '570.133.20', nodes: 2 },
    { version: '580.82.07', nodes: 2 },
  ],
  /** The `team` label of the namespaces with GPU pods. */
  teams: { ml: 'research', inference: 'serving' },
  /** The GPU Operator is installed and its ClusterPolicy ready. */
  gpuOperator: { policy: 'cluster-policy', state: 'ready' },
} as const;

const gpuLab: ClusterSpec = {
  name: GPU_POOLS_CLUSTER,
  region: 'lab-1',
  zones: ['lab-1a', 'lab-1b'],
  version: 'v1.35.2',
  provider: 'onprem',
  pools: [
    {
      name: 'system',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'm7i.4xlarge',
      nodes: { small: 1, demo: 1 },
      cpu: 16,
      memoryGi: 64,
    },
    {
      name: 'h100-frag',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'p5.48xlarge',
      nodes: { small: 6, demo: 6 },
      cpu: 192,
      memoryGi: 2048,
      gpu: H100,
    },
    {
      name: 'a100-rollout',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'p4de.24xlarge',
      nodes: { small: 4, demo: 4 },
      cpu: 96,
      memoryGi: 1152,
      gpu: A100,
      driverRollout: { nodes: { small: 2, demo: 2 }, driver: '580.82.07', cuda: '13.0' },
    },
    {
      name: 'h100-dra',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'p5.48xlarge',
      nodes: { small: 2, demo: 2 },
      cpu: 192,
      memoryGi: 2048,
      draDevices: {
        driver: 'gpu.nvidia.com',
        perNode: 8,
        product: 'NVIDIA H100 80GB HBM3',
        driverVersion: '580.82.07',
        memoryGi: 80,
        claims: 5,
        namespace: 'ml',
        claimPrefix: 'infer-gpu',
      },
    },
  ],
  // Placed in this order by the simulator's spread (LeastAllocated, ties to the first node): one
  // 4-GPU and one 2-GPU pod per H100 node, then 1-GPU pods on the first four → free (1,1,1,1,2,2).
  workloads: [
    {
      namespace: 'kube-system',
      name: 'coredns',
      pool: 'system',
      replicas: { small: 1, demo: 1 },
      role: 'system',
      image: 'registry.k8s.io/coredns/coredns:v1.12.0',
      cpu: '100m',
      memory: '70Mi',
      servicePort: 53,
    },
    {
      namespace: 'ml',
      name: 'train-4gpu',
      pool: 'h100-frag',
      replicas: { small: 6, demo: 6 },
      role: 'training',
      image: PYTORCH,
      cpu: '24',
      memory: '256Gi',
      gpus: 4,
    },
    {
      namespace: 'ml',
      name: 'tune-2gpu',
      pool: 'h100-frag',
      replicas: { small: 6, demo: 6 },
      role: 'training',
      image: PYTORCH,
      cpu: '12',
      memory: '128Gi',
      gpus: 2,
    },
    {
      namespace: 'ml',
      name: 'eval-1gpu',
      pool: 'h100-frag',
      replicas: { small: 4, demo: 4 },
      role: 'training',
      image: PYTORCH,
      cpu: '6',
      memory: '64Gi',
      gpus: 1,
    },
    {
      namespace: 'inference',
      name: 'serve-a100',
      pool: 'a100-rollout',
      replicas: { small: 4, demo: 4 },
      role: 'inference',
      image: 'nvcr.io/nvidia/tritonserver:25.01-py3',
      cpu: '8',
      memory: '64Gi',
      gpus: 1,
      servicePort: 8000,
    },
  ],
  // Allocation per team: namespaces carry the `team` label (Fleetscope's default --gpu-team-label).
  namespaceLabels: { ml: { team: 'research' }, inference: { team: 'serving' } },
  incidents: [
    { kind: 'unschedulable-gpu-pod', namespace: 'ml', name: 'sweep-4gpu', pool: 'h100-frag', gpus: 4 },
    { kind: 'unschedulable-gpu-pod', namespace: 'ml', name: 'pretrain-8gpu', pool: 'h100-frag', gpus: 8 },
  ],
};

/**
 * GPU pools with ground truth (`GPU_POOLS_TRUTH`), one cluster `gpu-lab`:
 * - `h100-frag`: six 8-GPU H100 nodes whose 8 free GPUs are scattered (1, 1, 1, 1, 2, 2). Two pods
 *   are Pending although 8 GPUs are free: `ml/sweep-4gpu-…` (4 GPUs) and `ml/pretrain-8gpu-…`
 *   (8 GPUs) — both `pod.blocked-by-fragmentation`. For the 4-GPU pod one move makes room: the
 *   2-GPU `tune-2gpu` pod on h100-frag-4 into the other 2-GPU hole (h100-frag-5). For the 8-GPU pod
 *   no move helps: every node holds a 4-GPU pod that fits nowhere else.
 * - `a100-rollout`: four A100 nodes, two on driver 570.133.20 and two on 580.82.07 — a rollout
 *   half done: `pool.mixed-drivers`.
 * - `h100-dra`: two H100 nodes whose GPUs a DRA driver hands out (no nvidia.com/gpu resource): one
 *   ResourceSlice of 8 devices per node, 5 ResourceClaims allocated → 16 devices, 5 allocated, 11 free.
 *   This cluster serves resource.k8s.io/v1; the clusters of the other scenarios do not.
 * Namespaces `ml` and `inference` carry the team label (`research`, `serving`); the GPU Operator's
 * ClusterPolicy is ready. The cluster serves policy/v1 PodDisruptionBudgets but has none: a test adds
 * one to see a proposal respect it.
 */
export const gpuPoolsScenario: ScenarioSpec = {
  name: 'gpu-pools',
  description:
    'A fragmented H100 pool with 4- and 8-GPU pods pending, and an A100 pool on two driver versions.',
  clusters: [gpuLab],
};
