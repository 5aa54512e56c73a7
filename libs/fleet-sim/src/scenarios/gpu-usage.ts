import type { DcgmClusterSpec } from '../dcgm/spec.ts';
import { A100, H100 } from './gpu-models.ts';
import type { ClusterSpec, ScenarioSpec, WorkloadSpec } from './spec.ts';

const PYTORCH = 'nvcr.io/nvidia/pytorch:25.01-py3';
const NOTEBOOK = 'quay.io/jupyter/pytorch-notebook:cuda12-2025-01-20';

const workload = (w: Omit<WorkloadSpec, 'cpu' | 'memory'> & Partial<WorkloadSpec>): WorkloadSpec => ({
  cpu: '4',
  memory: '32Gi',
  ...w,
});

/** When the XID happens after the fleet starts (ms): late enough that Prometheus sees the change. */
export const GPU_USAGE_XID_AFTER_MS = 20_000;

/** `gpu-lab`'s exporter: 2026 label naming, notebooks idle, GPU 7 of the second H100 node falls off the bus. */
export const GPU_LAB_DCGM: DcgmClusterSpec = {
  labelStyle: 'lowercase-hostname',
  idleWorkloads: ['research/jupyter', 'research/jupyter-mig'],
  xid: [{ pool: 'h100', nodeIndex: 1, gpu: 7, code: 79, afterMs: GPU_USAGE_XID_AFTER_MS }],
};

const gpuLab: ClusterSpec = {
  name: 'gpu-lab',
  region: 'lab-1',
  zones: ['lab-1a'],
  version: 'v1.35.2',
  provider: 'onprem',
  pools: [
    {
      name: 'system',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'cpu-16',
      nodes: { small: 1, demo: 1 },
      cpu: 16,
      memoryGi: 64,
    },
    {
      name: 'h100',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'dgx-h100',
      nodes: { small: 2, demo: 2 },
      cpu: 224,
      memoryGi: 2048,
      gpu: H100,
    },
    {
      name: 'a100-mig',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'dgx-a100',
      nodes: { small: 1, demo: 1 },
      cpu: 128,
      memoryGi: 1024,
      gpu: A100,
      mig: {
        nodes: { small: 1, demo: 1 },
        config: 'all-balanced',
        perGpu: { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 },
      },
    },
  ],
  workloads: [
    workload({
      namespace: 'ml-training',
      name: 'llm-pretrain',
      pool: 'h100',
      replicas: { small: 1, demo: 1 },
      role: 'training',
      image: PYTORCH,
      gpus: 8,
    }),
    workload({
      namespace: 'research',
      name: 'jupyter',
      pool: 'h100',
      replicas: { small: 3, demo: 3 },
      role: 'service',
      image: NOTEBOOK,
      gpus: 1,
    }),
    workload({
      namespace: 'inference',
      name: 'whisper-mig',
      pool: 'a100-mig',
      replicas: { small: 3, demo: 3 },
      role: 'inference',
      image: 'nvcr.io/nvidia/tritonserver:25.01-py3',
      gpus: 1,
      gpuResource: 'nvidia.com/mig-1g.10gb',
    }),
    workload({
      namespace: 'research',
      name: 'jupyter-mig',
      pool: 'a100-mig',
      replicas: { small: 1, demo: 1 },
      role: 'service',
      image: NOTEBOOK,
      gpus: 1,
      gpuResource: 'nvidia.com/mig-3g.40gb',
    }),
  ],
  incidents: [],
  dcgm: GPU_LAB_DCGM,
};

/** `gpu-lab-legacy`: an old exporter (uuid, pod_name/pod_namespace) without profiling counters. */
const gpuLabLegacy: ClusterSpec = {
  name: 'gpu-lab-legacy',
  region: 'lab-2',
  zones: ['lab-2a'],
  version: 'v1.33.5',
  provider: 'onprem',
  pools: [
    {
      name: 'a100',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'dgx-a100',
      nodes: { small: 1, demo: 1 },
      cpu: 128,
      memoryGi: 1024,
      gpu: A100,
    },
  ],
  workloads: [
    workload({
      namespace: 'batch',
      name: 'render',
      pool: 'a100',
      replicas: { small: 1, demo: 1 },
      role: 'batch',
      image: PYTORCH,
      gpus: 4,
    }),
    workload({
      namespace: 'research',
      name: 'jupyter',
      pool: 'a100',
      replicas: { small: 2, demo: 2 },
      role: 'service',
      image: NOTEBOOK,
      gpus: 1,
    }),
  ],
  incidents: [],
  dcgm: { labelStyle: 'legacy', idleWorkloads: ['research/jupyter'], noProfilingCounters: true },
};

/**
 * GPU usage ground truth (issue 8, DCGM parts): what dcgm-exporter says, against what is allocated.
 *
 * - `gpu-lab` (2026 `hostname` label): one 8-GPU training pod busy on one H100 node; three 1-GPU
 *   Jupyter notebooks holding GPUs idle (memory held, engine ~0) — idle-allocated; the H100 GPUs
 *   nobody requested idle with no pod labels (free); GPU 7 of the second H100 node (name order)
 *   reports XID 79 ("fallen off the bus") {@link GPU_USAGE_XID_AFTER_MS} after start; one A100
 *   node in MIG mode (mixed, 1g.10gb ×2 + 2g.20gb + 3g.40gb per GPU): per-instance series, no
 *   DCGM_FI_DEV_GPU_UTIL, whisper on 1g.10gb instances busy, one notebook on a 3g.40gb idle.
 * - `gpu-lab-legacy` (old `uuid`, `pod_name`/`pod_namespace`, no profiling counters: activity from
 *   DCGM_FI_DEV_GPU_UTIL): a 4-GPU batch job busy, two notebooks idle, two GPUs free.
 *
 * Per-device truth: `expectedGpuDevices(cluster)` (libs/fleet-sim/src/dcgm/state.ts).
 */
export const gpuUsageScenario: ScenarioSpec = {
  name: 'gpu-usage',
  description: 'Busy training, idle-allocated notebooks, free GPUs, an XID 79, a MIG node, an old exporter.',
  clusters: [gpuLab, gpuLabLegacy],
};
