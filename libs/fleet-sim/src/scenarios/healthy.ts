import { A100, H100, L4 } from './gpu-models.ts';
import type { ClusterSpec, ScenarioSpec } from './spec.ts';

const PYTORCH = 'nvcr.io/nvidia/pytorch:25.01-py3';
const COREDNS = 'registry.k8s.io/coredns/coredns:v1.12.0';

const usEast: ClusterSpec = {
  name: 'prod-us-east',
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  version: 'v1.35.2',
  provider: 'aws',
  pools: [
    {
      name: 'system',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'm7i.4xlarge',
      nodes: { small: 2, demo: 3 },
      cpu: 16,
      memoryGi: 64,
    },
    {
      name: 'h100-sxm',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'p5.48xlarge',
      nodes: { small: 2, demo: 6 },
      cpu: 192,
      memoryGi: 2048,
      gpu: H100,
      capacityType: 'reserved',
    },
    {
      name: 'a100-mig',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'p4de.24xlarge',
      nodes: { small: 2, demo: 4 },
      cpu: 96,
      memoryGi: 1152,
      gpu: A100,
      mig: {
        nodes: { small: 1, demo: 2 },
        config: 'all-balanced',
        perGpu: { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 },
      },
      capacityType: 'on-demand',
    },
  ],
  workloads: [
    {
      namespace: 'ml-training',
      name: 'llm-pretrain',
      pool: 'h100-sxm',
      replicas: { small: 1, demo: 2 },
      role: 'training',
      image: PYTORCH,
      cpu: '48',
      memory: '512Gi',
      gpus: 8,
    },
    {
      namespace: 'ml-training',
      name: 'llm-finetune',
      pool: 'h100-sxm',
      replicas: { small: 1, demo: 3 },
      role: 'training',
      image: PYTORCH,
      cpu: '24',
      memory: '256Gi',
      gpus: 4,
    },
    {
      namespace: 'ml-training',
      name: 'embeddings-train',
      pool: 'h100-sxm',
      replicas: { small: 1, demo: 4 },
      role: 'training',
      image: PYTORCH,
      cpu: '12',
      memory: '128Gi',
      gpus: 2,
    },
    {
      namespace: 'ml-training',
      name: 'eval-harness',
      pool: 'h100-sxm',
      replicas: { small: 1, demo: 2 },
      role: 'training',
      image: PYTORCH,
      cpu: '8',
      memory: '64Gi',
      gpus: 1,
    },
    {
      namespace: 'inference',
      name: 'whisper-mig',
      pool: 'a100-mig',
      replicas: { small: 2, demo: 6 },
      role: 'inference',
      image: 'nvcr.io/nvidia/tritonserver:25.01-py3',
      cpu: '2',
      memory: '8Gi',
      gpus: 1,
      gpuResource: 'nvidia.com/mig-1g.10gb',
      servicePort: 8000,
    },
    {
      namespace: 'inference',
      name: 'triton-a100',
      pool: 'a100-mig',
      replicas: { small: 1, demo: 4 },
      role: 'inference',
      image: 'nvcr.io/nvidia/tritonserver:25.01-py3',
      cpu: '8',
      memory: '64Gi',
      gpus: 1,
      servicePort: 8000,
    },
    {
      namespace: 'platform',
      name: 'api-gateway',
      pool: 'system',
      replicas: { small: 2, demo: 3 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/api-gateway:1.14.2',
      cpu: '500m',
      memory: '512Mi',
      servicePort: 8080,
    },
    {
      namespace: 'monitoring',
      name: 'prometheus',
      pool: 'system',
      replicas: { small: 1, demo: 1 },
      role: 'service',
      image: 'quay.io/prometheus/prometheus:v3.2.1',
      cpu: '1',
      memory: '4Gi',
      servicePort: 9090,
    },
    {
      namespace: 'kube-system',
      name: 'coredns',
      pool: 'system',
      replicas: { small: 2, demo: 2 },
      role: 'system',
      image: COREDNS,
      cpu: '100m',
      memory: '70Mi',
      servicePort: 53,
    },
  ],
  incidents: [],
};

const euWest: ClusterSpec = {
  name: 'prod-eu-west',
  region: 'europe-west4',
  zones: ['europe-west4-a', 'europe-west4-b', 'europe-west4-c'],
  version: 'v1.34.3-gke.1245000',
  provider: 'gcp',
  pools: [
    {
      name: 'system',
      poolLabel: 'cloud.google.com/gke-nodepool',
      instanceType: 'e2-standard-8',
      nodes: { small: 1, demo: 2 },
      cpu: 8,
      memoryGi: 32,
    },
    {
      name: 'l4-shared',
      poolLabel: 'cloud.google.com/gke-nodepool',
      instanceType: 'g2-standard-8',
      nodes: { small: 2, demo: 6 },
      cpu: 8,
      memoryGi: 32,
      gpu: L4,
      timeSlicing: { replicas: 4 },
    },
    {
      name: 'h100-eu',
      poolLabel: 'cloud.google.com/gke-nodepool',
      instanceType: 'a3-highgpu-8g',
      nodes: { small: 1, demo: 2 },
      cpu: 208,
      memoryGi: 1872,
      gpu: H100,
    },
  ],
  workloads: [
    {
      namespace: 'inference',
      name: 'chat-frontend',
      pool: 'system',
      replicas: { small: 2, demo: 3 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/chat-frontend:2.3.0',
      cpu: '250m',
      memory: '256Mi',
      servicePort: 80,
    },
    {
      namespace: 'inference',
      name: 'llm-serve-l4',
      pool: 'l4-shared',
      replicas: { small: 4, demo: 16 },
      role: 'inference',
      image: 'vllm/vllm-openai:v0.8.5',
      cpu: '1',
      memory: '6Gi',
      gpus: 1,
      servicePort: 8000,
    },
    {
      namespace: 'ml-training',
      name: 'h100-finetune',
      pool: 'h100-eu',
      replicas: { small: 1, demo: 2 },
      role: 'training',
      image: PYTORCH,
      cpu: '48',
      memory: '512Gi',
      gpus: 8,
    },
    {
      namespace: 'kube-system',
      name: 'coredns',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'system',
      image: COREDNS,
      cpu: '100m',
      memory: '70Mi',
      servicePort: 53,
    },
  ],
  incidents: [],
};

const openb: ClusterSpec = {
  name: 'openb',
  region: 'cn-openb',
  zones: ['openb-a', 'openb-b'],
  version: 'v1.35.2',
  provider: 'onprem',
  pools: [
    {
      name: 'system',
      poolLabel: 'node-pool.fleetscope.dev/name',
      instanceType: 'ecs.g7.4xlarge',
      nodes: { small: 1, demo: 2 },
      cpu: 16,
      memoryGi: 64,
    },
  ],
  workloads: [
    {
      namespace: 'kube-system',
      name: 'coredns',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'system',
      image: COREDNS,
      cpu: '100m',
      memory: '70Mi',
      servicePort: 53,
    },
  ],
  openb: { stride: { small: 60, demo: 10, full: 1 }, namespace: 'openb' },
  incidents: [],
};

/**
 * The healthy fleet: three clusters, every pod scheduled and Ready, every node Ready and schedulable,
 * every Service backed by ready endpoints.
 *
 * - `prod-us-east` (EKS-like, Karpenter node pools): `system` (CPU), `h100-sxm` (H100 80GB HBM3 ×8 per
 *   node: training pods of 8, 4, 2 and 1 GPUs), `a100-mig` (A100 80GB ×8; the first nodes run MIG with
 *   the mixed strategy and `all-balanced` layout, serving `nvidia.com/mig-1g.10gb` inference pods; the
 *   others serve whole-GPU Triton pods).
 * - `prod-eu-west` (GKE-like, `cloud.google.com/gke-nodepool`): `system`, `l4-shared` (one L4 per node,
 *   time-sliced ×4: allocatable `nvidia.com/gpu: 4`, product `NVIDIA-L4-SHARED`), `h100-eu`.
 * - `openb`: GPU nodes and the running pods' request mix from Alibaba's cluster-trace-gpu-v2023
 *   (every 10th node and running pod at demo size; all of them at `full`), plus a small CPU system pool.
 *   Pods that do not fit anywhere at that sample are left out rather than Pending.
 *
 * Findings it should produce: none. (The openb sample is fragmented by nature — free GPUs are spread
 * over many nodes — which a fragmentation measure reports as a number, not as a problem.)
 */
export const healthyScenario: ScenarioSpec = {
  name: 'healthy',
  description: 'Three healthy clusters: H100, A100 with MIG, L4 time-sliced, and the openb trace.',
  clusters: [usEast, euWest, openb],
};
