import { describe, expect, it } from 'vitest';
import { projectNode } from '../../src/index.ts';
import { isRecord, loadFixture, loadFixtureObject } from '../fixtures.ts';

function ok<T>(result: { ok: true; record: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`projection failed: ${result.error}`);
  return result.record;
}

describe('projectNode', () => {
  it('projects an H100 node with GFD labels and taints', () => {
    const record = ok(projectNode(loadFixture('node-h100.json')));
    expect(record).toEqual({
      kind: 'Node',
      uid: '5f0c7a1e-3b52-4f8e-9d2a-1c6b7e0d9a41',
      name: 'gpu-h100-07',
      resourceVersion: '48213377',
      createdAt: Date.parse('2026-10-02T08:14:51Z'),
      pool: 'h100-train',
      gpuProduct: 'NVIDIA-H100-80GB-HBM3',
      ready: true,
      readyReason: 'KubeletReady',
      unschedulable: false,
      taints: [
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
        { key: 'karpenter.sh/disrupted', value: '', effect: 'NoSchedule' },
      ],
      gpuAllocatable: 8,
      gpuCapacity: 8,
      gpuExtended: {},
      cpuAllocatable: 191_450,
      memoryAllocatable: 2_034_532_396 * 1024,
      podsAllocatable: 737,
      // Non-GPU extended resources above 0; hugepages at 0 are left out.
      extendedAllocatable: { 'ephemeral-storage': 1_838_716_723_681, 'vpc.amazonaws.com/efa': 32 },
      labels: expect.objectContaining({ 'nvidia.com/gpu.count': '8', 'karpenter.sh/nodepool': 'h100-train' }),
    });
    expect(record).not.toHaveProperty('managedFields');
    expect(record).not.toHaveProperty('namespace');
  });

  it('projects a cordoned MIG node whose kubelet stopped reporting', () => {
    const record = ok(projectNode(loadFixture('node-mig.json')));
    expect(record).toMatchObject({
      name: 'gke-inference-a100-mig-3f9c2d1a-k7rq',
      pool: 'a100-mig',
      ready: null,
      readyReason: 'NodeStatusUnknown',
      unschedulable: true,
      gpuAllocatable: 0,
      gpuCapacity: 0,
      gpuExtended: { 'nvidia.com/mig-1g.10gb': 16, 'nvidia.com/mig-2g.20gb': 8, 'nvidia.com/mig-3g.40gb': 8 },
    });
  });

  it.each([
    { status: 'True', expected: true },
    { status: 'False', expected: false },
    { status: 'Unknown', expected: null },
  ])('Ready=$status → ready $expected', ({ status, expected }) => {
    const raw = { metadata: { name: 'n', uid: 'u' }, status: { conditions: [{ type: 'Ready', status }] } };
    expect(ok(projectNode(raw)).ready).toBe(expected);
  });

  it('treats an absent Ready condition as unknown and defaults the rest', () => {
    expect(ok(projectNode({ metadata: { name: 'bare', uid: 'u' } }))).toEqual({
      kind: 'Node',
      uid: 'u',
      name: 'bare',
      resourceVersion: '',
      createdAt: 0,
      pool: 'cpu',
      gpuProduct: '',
      ready: null,
      readyReason: '',
      unschedulable: false,
      taints: [],
      gpuAllocatable: 0,
      gpuCapacity: 0,
      gpuExtended: {},
      cpuAllocatable: null,
      memoryAllocatable: null,
      podsAllocatable: null,
      labels: {},
    });
  });

  it('calls a GPU node without pool or product labels "default"', () => {
    const raw = { metadata: { name: 'n', uid: 'u' }, status: { capacity: { 'nvidia.com/gpu': '4' } } };
    expect(ok(projectNode(raw)).pool).toBe('default');
  });

  it('honours custom pool labels', () => {
    const raw = { metadata: { name: 'n', uid: 'u', labels: { 'example.com/pool': 'x', agentpool: 'y' } } };
    expect(ok(projectNode(raw, { poolLabels: ['example.com/pool'] })).pool).toBe('x');
  });

  it('keeps no reference into the raw object', () => {
    const raw = loadFixtureObject('node-h100.json');
    const record = ok(projectNode(raw));
    const metadata = raw.metadata;
    if (!isRecord(metadata) || !isRecord(metadata.labels)) throw new Error('fixture shape');
    expect(record.labels).not.toBe(metadata.labels);
    metadata.labels['karpenter.sh/nodepool'] = 'changed';
    expect(record.labels['karpenter.sh/nodepool']).toBe('h100-train');
  });
});
