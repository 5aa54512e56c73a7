import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_LABELS, resolvePool } from '../../src/index.ts';

describe('resolvePool', () => {
  it.each<{ name: string; labels: Record<string, string>; expected: string }>([
    {
      name: 'karpenter nodepool wins',
      labels: { 'karpenter.sh/nodepool': 'h100-train', 'cloud.google.com/gke-nodepool': 'x' },
      expected: 'h100-train',
    },
    { name: 'GKE node pool', labels: { 'cloud.google.com/gke-nodepool': 'a100-mig' }, expected: 'a100-mig' },
    { name: 'EKS managed node group', labels: { 'eks.amazonaws.com/nodegroup': 'ng-l4' }, expected: 'ng-l4' },
    { name: 'AKS agent pool', labels: { 'kubernetes.azure.com/agentpool': 'gpupool' }, expected: 'gpupool' },
    { name: 'legacy AKS label', labels: { agentpool: 'nc24' }, expected: 'nc24' },
    {
      name: 'empty pool label is skipped',
      labels: { 'karpenter.sh/nodepool': '', agentpool: 'p1' },
      expected: 'p1',
    },
    {
      name: 'GPU product + instance type',
      labels: {
        'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
        'node.kubernetes.io/instance-type': 'p5.48xlarge',
      },
      expected: 'NVIDIA-H100-80GB-HBM3/p5.48xlarge',
    },
    { name: 'GPU product alone', labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' }, expected: 'NVIDIA-L4' },
    {
      name: 'GPU present without product',
      labels: { 'nvidia.com/gpu.present': 'true' },
      expected: 'default',
    },
    {
      name: 'plain CPU node',
      labels: { 'node.kubernetes.io/instance-type': 'm7i.4xlarge' },
      expected: 'cpu',
    },
  ])('$name', ({ labels, expected }) => {
    expect(resolvePool(labels)).toBe(expected);
  });

  it('follows a custom label order', () => {
    const labels = { 'karpenter.sh/nodepool': 'kp', 'example.com/team-pool': 'research' };
    expect(resolvePool(labels, ['example.com/team-pool', ...DEFAULT_POOL_LABELS])).toBe('research');
  });

  it('uses the caller’s GPU evidence when labels show none', () => {
    expect(resolvePool({}, DEFAULT_POOL_LABELS, true)).toBe('default');
  });
});
