import type { NodeRecord, PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { fitPendingGpuPods, gpuPoolFindings, inventoryPools, poolLine } from '../../src/index.ts';
import { container, node, pod } from '../factories.ts';

const driver = (v: string): Record<string, string> => ({ 'nvidia.com/cuda.driver-version.full': v });
const gpuPod = (name: string, nodeName: string, gpus: number, extra: Partial<PodRecord> = {}): PodRecord =>
  pod(name, { nodeName, gpuRequest: gpus, namespace: 'ml', ...extra });

describe('inventoryPools', () => {
  it('counts per node and per resource over usable nodes only, listing the others with why', () => {
    const nodes: NodeRecord[] = [
      node('h-1', { labels: driver('580.65.06') }),
      node('h-2', { labels: driver('580.65.06') }),
      node('h-3', { labels: driver('570.86.15') }),
      node('h-4', { gpuAllocatable: 0, labels: { 'nvidia.com/gpu.present': 'true' } }),
      node('h-5', { labels: { 'karpenter.sh/nodepool': 'h100', 'karpenter.sh/registered': 'true' } }),
      node('cpu-1', { pool: 'general', gpuProduct: '', gpuAllocatable: 0, gpuCapacity: 0 }),
    ];
    const pods = [
      gpuPod('a', 'h-1', 7),
      gpuPod('b', 'h-2', 6),
      gpuPod('c', 'h-3', 4),
      gpuPod('done', 'h-3', 4, { phase: 'Succeeded' }),
    ];
    const [h100, ...others] = inventoryPools({ nodes, pods });
    expect(others).toEqual([]); // CPU pools are not GPU pools
    expect(h100).toMatchObject({
      pool: 'h100',
      sku: 'NVIDIA-H100-80GB-HBM3',
      gpusPerNode: 8,
      nodes: { total: 5, ready: 5, usable: 3, cordoned: 0 },
      driverVersions: [
        { version: '580.65.06', nodes: 2 },
        { version: '570.86.15', nodes: 1 },
      ],
      notUsableYet: [
        { node: 'h-4', reason: 'GPU present but no GPU allocatable yet (device plugin not registered?)' },
        { node: 'h-5', reason: 'Karpenter node launched, not initialized yet' },
      ],
    });
    const gpu = h100?.resources[0];
    expect(gpu).toMatchObject({ resource: 'nvidia.com/gpu', allocatable: 24, requested: 17, free: 7 });
    // f = (1, 2, 4): a 4-GPU request fits on h-3 only; an 8-GPU one nowhere.
    expect(gpu?.fragmentation.largestPlaceable).toEqual({ size: 4, node: 'h-3' });
    expect(gpu?.fragmentation.bySize.find((s) => s.size === 8)?.share).toBe(1);
  });

  it('MIG mixed: each profile is its own resource, never summed with whole GPUs', () => {
    const nodes = [
      node('mig-1', {
        gpuAllocatable: 0,
        gpuCapacity: 0,
        gpuExtended: { 'nvidia.com/mig-1g.10gb': 14, 'nvidia.com/mig-3g.40gb': 2 },
        labels: { 'nvidia.com/mig.strategy': 'mixed' },
      }),
    ];
    const pods = [pod('nb', { nodeName: 'mig-1', gpuExtendedRequest: { 'nvidia.com/mig-1g.10gb': 1 } })];
    const [pool] = inventoryPools({ nodes, pods });
    expect(pool?.sharing).toEqual({ mode: 'mig-mixed', migProfiles: ['1g.10gb', '3g.40gb'], replicas: null });
    expect(pool?.resources.map((r) => [r.resource, r.allocatable, r.requested, r.free])).toEqual([
      ['nvidia.com/mig-1g.10gb', 14, 1, 13],
      ['nvidia.com/mig-3g.40gb', 2, 0, 2],
    ]);
    expect(pool?.notUsableYet).toEqual([]);
  });

  it('a node still validating is not usable yet, with the validator step', () => {
    const nodes = [node('h-1')];
    const validator = pod('nvidia-operator-validator-x', {
      nodeName: 'h-1',
      namespace: 'gpu-operator',
      phase: 'Pending',
      ready: false,
      labels: { app: 'nvidia-operator-validator' },
      containers: [
        container({ name: 'driver-validation', init: true, ready: false, waitingReason: 'PodInitializing' }),
      ],
    });
    const [pool] = inventoryPools({ nodes, pods: [validator] });
    expect(pool?.notUsableYet).toEqual([
      {
        node: 'h-1',
        reason: 'GPU Operator validation not done (driver-validation PodInitializing)',
        attributes: { node: 'h-1', pool: 'h100', gpuProduct: 'NVIDIA-H100-80GB-HBM3' },
      },
    ]);
    expect(pool?.nodes.usable).toBe(0);
  });

  it('a node whose device plugin holds GPUs back as unhealthy keeps its healthy ones usable', () => {
    const nodes = [
      node('h-1', { gpuCapacity: 8, gpuAllocatable: 7, labels: driver('580.65.06') }),
      node('h-2', { gpuCapacity: 8, gpuAllocatable: 8 }),
      // Not usable at all: said once, as not usable, not also as unhealthy.
      node('h-3', { gpuCapacity: 8, gpuAllocatable: 0 }),
    ];
    const [pool] = inventoryPools({ nodes, pods: [] });
    expect(pool?.unhealthyGpus).toEqual([
      {
        node: 'h-1',
        capacity: 8,
        allocatable: 7,
        attributes: {
          node: 'h-1',
          pool: 'h100',
          gpuProduct: 'NVIDIA-H100-80GB-HBM3',
          driverVersion: '580.65.06',
        },
      },
    ]);
    expect(pool?.resources[0]).toMatchObject({ allocatable: 15, free: 15 });
    const findings = gpuPoolFindings('c', pool === undefined ? [] : [pool], [], 0);
    const unhealthy = findings.filter((f) => f.rule === 'node.gpu-unhealthy');
    expect(unhealthy.map((f) => [f.subjects[0]?.name, f.title])).toEqual([
      ['h-1', 'node h-1: 1 of 8 GPUs unhealthy (allocatable 7 of capacity 8)'],
    ]);
    expect(unhealthy[0]?.attributes.driverVersion).toBe('580.65.06');
  });
});

describe('pending GPU pods and pool findings', () => {
  const nodes = [node('h-1'), node('h-2'), node('h-3', { labels: driver('570.86.15') })];
  const pods = [
    gpuPod('a', 'h-1', 6),
    gpuPod('b', 'h-2', 4),
    gpuPod('c', 'h-2', 2),
    gpuPod('d', 'h-3', 5),
    gpuPod('want-4', '', 4, { phase: 'Pending', ready: false, containers: [] }),
    gpuPod('want-16', '', 16, { phase: 'Pending', ready: false, containers: [] }),
  ];

  it('fits per node: 7 free GPUs over three nodes do not fit a 4-GPU pod, and says what to move', () => {
    const fits = fitPendingGpuPods({ nodes, pods });
    const four = fits.find((f) => f.pod.name === 'want-4');
    expect(four?.verdict).toMatchObject({ fits: false, blockedByFragmentation: true });
    expect(four?.largest).toEqual({ free: 3, node: 'h-3' });
    expect(four?.verdict.moves?.pods.length).toBe(1);
    // 16 GPUs are not free anywhere: capacity, not fragmentation.
    expect(fits.find((f) => f.pod.name === 'want-16')?.verdict.blockedByFragmentation).toBe(false);
  });

  it('emits pool findings: blocked by fragmentation, mixed drivers; none moves a status', () => {
    const pools = inventoryPools({ nodes: [...nodes, node('h-4', { labels: driver('580.65.06') })], pods });
    const findings = gpuPoolFindings('prod-a', pools, fitPendingGpuPods({ nodes, pods }), null);
    expect(findings.map((f) => [f.id, f.scope, f.status])).toEqual([
      ['prod-a/pool.mixed-drivers/Pool/h100', 'POOL', null],
      ['prod-a/pod.blocked-by-fragmentation/Pod/ml/want-4', 'POD', null],
    ]);
    expect(findings[1]?.title).toMatch(
      /needs 4 nvidia\.com\/gpu on one node; enough are free, but spread out \(largest 3 on h-3\): moving ml\/c → h-1 frees 4 on h-2/,
    );
    const [h100] = pools;
    expect(h100 === undefined ? '' : poolLine(h100)).toMatch(
      /^h100: NVIDIA-H100-80GB-HBM3, 4\/4 nodes usable; 32 nvidia\.com\/gpu usable, 17 requested, 15 free/,
    );
  });
});
