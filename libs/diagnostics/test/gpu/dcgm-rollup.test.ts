import type { GpuDeviceUsage, PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { rollUpGpuUsage } from '../../src/index.ts';
import { node, pod } from '../factories.ts';

const T = 1_700_000_000_000;
function device(
  n: string,
  gpu: string,
  engineActive: number | null,
  pods: string[],
  extra: Partial<GpuDeviceUsage> = {},
): GpuDeviceUsage {
  return {
    cluster: 'c',
    node: n,
    gpu,
    uuid: `GPU-${n}-${gpu}`,
    modelName: 'H100',
    migProfile: null,
    migInstance: null,
    engineActive,
    engineSource: engineActive === null ? null : 'PROF_GR_ENGINE_ACTIVE',
    framebufferUsedBytes: null,
    framebufferFreeBytes: null,
    powerWatts: null,
    temperatureC: null,
    lastXid: null,
    xidChangedAt: null,
    rowRemapFailure: false,
    pods,
    podSource: 'EXPORTER_LABELS',
    observedAt: T,
    ...extra,
  };
}

const nodes = [node('a', { pool: 'h100' }), node('b', { pool: 'h100' })];
const pods: Record<string, PodRecord[]> = {
  a: [
    pod('train', { namespace: 'ml', nodeName: 'a', gpuRequest: 2 }),
    pod('nb', { namespace: 'research', nodeName: 'a', gpuRequest: 1 }),
    pod('old', { namespace: 'ml', nodeName: 'a', gpuRequest: 4, phase: 'Succeeded' }),
  ],
  b: [
    pod('batch', { namespace: 'ml', nodeName: 'b', gpuRequest: 2 }),
    pod('nb2', { namespace: 'research', nodeName: 'b', gpuRequest: 2 }),
  ],
};
const devices: GpuDeviceUsage[] = [
  device('a', '0', 0.9, ['ml/train']),
  device('a', '1', 0.85, ['ml/train']),
  device('a', '2', 0.0, ['research/nb']),
  device('a', '3', 0.0, [], { lastXid: 79, xidChangedAt: T - 60_000 }),
  // Node b: no exporter pod labels; 4 GPUs allocated, 2 busy, 2 idle, 4 free.
  ...['0', '1'].map((g) => device('b', g, 0.7, ['ml/batch', 'research/nb2'], { podSource: 'NODE_PODS' })),
  ...['2', '3', '4', '5', '6', '7'].map((g) =>
    device('b', g, 0.0, ['ml/batch', 'research/nb2'], { podSource: 'NODE_PODS' }),
  ),
];

describe('rollUpGpuUsage', () => {
  it('allocated vs actively used vs idle-allocated, per resource, pool and namespace', () => {
    const usage = rollUpGpuUsage({
      cluster: 'c',
      nodes,
      pods: (n) => pods[n] ?? [],
      devices,
      now: T,
      teamOf: (ns) => `team-${ns}`,
    });
    expect(usage.usageKnown).toBe(true);
    expect(usage.byResource).toEqual([
      { resource: 'nvidia.com/gpu', allocated: 7, activelyUsed: 4, idleAllocated: 3, usageUnknown: 0 },
    ]);
    expect(usage.byPool).toEqual([
      {
        pool: 'h100',
        resource: 'nvidia.com/gpu',
        allocated: 7,
        activelyUsed: 4,
        idleAllocated: 3,
        usageUnknown: 0,
      },
    ]);
    expect(usage.byNamespace).toEqual([
      {
        pool: 'h100',
        namespace: 'ml',
        team: 'team-ml',
        resource: 'nvidia.com/gpu',
        allocated: 4,
        activelyUsed: 3,
        idleAllocated: 1,
        usageUnknown: 0,
      },
      {
        pool: 'h100',
        namespace: 'research',
        team: 'team-research',
        resource: 'nvidia.com/gpu',
        allocated: 3,
        activelyUsed: 1,
        idleAllocated: 2,
        usageUnknown: 0,
      },
    ]);
    // Only devices the exporter attributes are named with their pods.
    expect(usage.idleAllocated.map((d) => [d.node, d.gpu, d.pods])).toEqual([['a', '2', ['research/nb']]]);
    expect(usage.unhealthy.map((d) => [d.node, d.gpu, d.reasons])).toEqual([['a', '3', ['XID 79']]]);
  });

  it('time-slicing: units shared over the GPUs holding pods; used + idle + unknown = allocated', () => {
    const shared = node('l4', { pool: 'l4', gpuAllocatable: 8, labels: { 'nvidia.com/gpu.replicas': '4' } });
    const slicePods = [
      pod('a', { namespace: 'chat', nodeName: 'l4', gpuRequest: 1 }),
      pod('b', { namespace: 'chat', nodeName: 'l4', gpuRequest: 1 }),
      pod('c', { namespace: 'batch', nodeName: 'l4', gpuRequest: 2 }),
    ];
    const usage = rollUpGpuUsage({
      cluster: 'c',
      nodes: [shared],
      pods: () => slicePods,
      // GPU 0 carries a and b (the exporter labels a), GPU 1 carries c.
      devices: [device('l4', '0', 0.6, ['chat/a']), device('l4', '1', 0.0, ['batch/c'])],
      now: T,
    });
    expect(usage.byResource).toEqual([
      { resource: 'nvidia.com/gpu', allocated: 4, activelyUsed: 2, idleAllocated: 2, usageUnknown: 0 },
    ]);
    for (const n of usage.byNamespace) {
      expect((n.activelyUsed ?? 0) + (n.idleAllocated ?? 0) + n.usageUnknown).toBeCloseTo(n.allocated);
    }
  });

  it('usage unknown: allocation stands, every use figure null (never 0)', () => {
    const usage = rollUpGpuUsage({ cluster: 'c', nodes, pods: (n) => pods[n] ?? [], devices: null, now: T });
    expect(usage.usageKnown).toBe(false);
    expect(usage.byResource).toEqual([
      { resource: 'nvidia.com/gpu', allocated: 7, activelyUsed: null, idleAllocated: null, usageUnknown: 7 },
    ]);
    expect(usage.byNamespace.map((n) => n.team)).toEqual(['ml', 'research']);
  });

  it('MIG: instances count for their profile, parents not at all; an old XID or an application XID is not unhealthy', () => {
    const mig = [
      device('m', '0', null, [], { lastXid: 13, xidChangedAt: T }),
      device('m', '0', 0.5, ['inf/w'], { migProfile: '1g.10gb', migInstance: '1' }),
      device('m', '0', 0.0, [], {
        migProfile: '1g.10gb',
        migInstance: '2',
        lastXid: 79,
        xidChangedAt: T - 7_200_000,
      }),
    ];
    const usage = rollUpGpuUsage({
      cluster: 'c',
      nodes: [node('m', { pool: 'a100', gpuAllocatable: 0 })],
      pods: () => [
        pod('w', { namespace: 'inf', nodeName: 'm', gpuExtendedRequest: { 'nvidia.com/mig-1g.10gb': 1 } }),
      ],
      devices: mig,
      now: T,
    });
    expect(usage.byResource).toEqual([
      {
        resource: 'nvidia.com/mig-1g.10gb',
        allocated: 1,
        activelyUsed: 1,
        idleAllocated: 0,
        usageUnknown: 0,
      },
    ]);
    expect(usage.unhealthy).toEqual([]);
    // A critical XID on the GPU: listed once, for the GPU, not again for each instance sharing it.
    const fallen = rollUpGpuUsage({
      cluster: 'c',
      nodes: [node('m', { pool: 'a100', gpuAllocatable: 0 })],
      pods: () => [],
      devices: mig.map((d) => ({ ...d, lastXid: 79, xidChangedAt: T })),
      now: T,
    });
    expect(fallen.unhealthy.map((d) => [d.gpu, d.migInstance, d.reasons])).toEqual([['0', null, ['XID 79']]]);
  });
});
