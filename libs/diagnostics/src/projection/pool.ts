import type { NodeRecord } from '@fleetscope/types';
/**
 * Node pool labels, first match wins (see shared/reference/gpu.md "Pools"): the autoscaler's or
 * cloud's own pool label is the operator's name for the group; GPU product is only a fallback.
 */
export const DEFAULT_POOL_LABELS: readonly string[] = [
  'karpenter.sh/nodepool',
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  'agentpool',
];

export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/** Pool of GPU nodes that carry neither a pool label nor a GPU product label. */
export const DEFAULT_GPU_POOL = 'default';
/** Pool of nodes with no pool label and no sign of a GPU. */
export const DEFAULT_CPU_POOL = 'cpu';

/** True when labels show a GPU even without a product label (GPU Operator / GFD partial rollout). */
export function labelsIndicateGpu(labels: Readonly<Record<string, string>>): boolean {
  return labels['nvidia.com/gpu.present'] === 'true' || (labels['nvidia.com/gpu.count'] ?? '') !== '';
}

/**
 * Resolves a node's pool from its labels: the first non-empty label among `poolLabels`; else the
 * GPU product, suffixed with the instance type when known ("NVIDIA-H100-80GB-HBM3/p5.48xlarge")
 * because one product can come in differently shaped machines; else "default" for GPU nodes and
 * "cpu" for the rest. `hasGpu` lets the caller add evidence labels cannot show (allocatable GPUs).
 */
export function resolvePool(
  labels: Readonly<Record<string, string>>,
  poolLabels: readonly string[] = DEFAULT_POOL_LABELS,
  hasGpu: boolean = labelsIndicateGpu(labels),
): string {
  for (const key of poolLabels) {
    const value = labels[key];
    if (value !== undefined && value !== '') return value;
  }
  const product = labels[GPU_PRODUCT_LABEL] ?? '';
  if (product !== '') {
    const instanceType = labels[INSTANCE_TYPE_LABEL] ?? '';
    return instanceType === '' ? product : `${product}/${instanceType}`;
  }
  return hasGpu ? DEFAULT_GPU_POOL : DEFAULT_CPU_POOL;
}

/** "580.65.06" from GPU Feature Discovery's labels; null when the node does not say. */
export function driverVersionOf(node: NodeRecord): string | null {
  const full = node.labels['nvidia.com/cuda.driver-version.full'];
  if (full !== undefined && full !== '') return full;
  const major = node.labels['nvidia.com/cuda.driver.major'];
  if (major === undefined || major === '') return null;
  return [major, node.labels['nvidia.com/cuda.driver.minor'], node.labels['nvidia.com/cuda.driver.rev']]
    .filter((x) => x !== undefined && x !== '')
    .join('.');
}
