import { type ClusterHealth, inventoryPools, rollUpGpuUsage } from '@fleetscope/diagnostics';
import type { GpuDeviceUsage } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../../src/analysis/fleet-snapshots.ts';
import { createFleetMetrics } from '../../src/telemetry/fleet-metrics.ts';
import { node, pod } from '../support/records.ts';

const T = 1_700_000_000_000;
const nodes = [
  node('h-1', { pool: 'h100' }),
  node('h-2', { pool: 'h100' }),
  node('h-3', { pool: 'h100', gpuAllocatable: 0, labels: { 'nvidia.com/gpu.present': 'true' } }),
];
const pods = [
  pod('train', { namespace: 'ml', nodeName: 'h-1', gpuRequest: 6 }),
  pod('nb', { namespace: 'research', nodeName: 'h-2', gpuRequest: 1 }),
  pod('done', { namespace: 'ml', nodeName: 'h-2', gpuRequest: 4, phase: 'Succeeded' }),
];
const device = (n: string, gpu: string, engineActive: number, owners: string[]): GpuDeviceUsage => ({
  cluster: 'c',
  node: n,
  gpu,
  uuid: `GPU-${n}-${gpu}`,
  modelName: null,
  migProfile: null,
  migInstance: null,
  engineActive,
  engineSource: 'PROF_GR_ENGINE_ACTIVE',
  framebufferUsedBytes: null,
  framebufferFreeBytes: null,
  powerWatts: null,
  temperatureC: null,
  lastXid: null,
  xidChangedAt: null,
  rowRemapFailure: null,
  pods: owners,
  podSource: 'EXPORTER_LABELS',
  observedAt: T,
});

function cluster(devices: GpuDeviceUsage[] | null): {
  health: ClusterHealth;
  usage: ReturnType<typeof rollUpGpuUsage>;
} {
  const health = {
    name: 'c',
    pods: { total: 3 },
    gpuPools: inventoryPools({ nodes, pods }),
  } as unknown as ClusterHealth;
  const usage = rollUpGpuUsage({
    cluster: 'c',
    nodes,
    pods: (n) => pods.filter((p) => p.nodeName === n),
    devices,
    now: T,
    teamOf: (ns) => (ns === 'research' ? 'science' : ns),
  });
  return { health, usage };
}

async function exposition(devices: GpuDeviceUsage[] | null): Promise<string[]> {
  const { health, usage } = cluster(devices);
  const snapshot = { clusters: [health], version: 1, generatedAt: T } as unknown as FleetSnapshot;
  const registry = createFleetMetrics(
    () => snapshot,
    120_000,
    undefined,
    () => usage,
  );
  const names = [
    'fleetscope_gpu_pool_free',
    'fleetscope_gpu_pool_fragmentation_ratio',
    'fleetscope_gpu_not_usable',
    'fleetscope_gpu_allocated',
    'fleetscope_gpu_idle_allocated',
  ];
  const texts = await Promise.all(names.map((n) => registry.getSingleMetricAsString(n)));
  return texts.flatMap((t) => t.split('\n')).filter((l) => l.startsWith('fleetscope_gpu_'));
}

describe('/metrics GPU pool gauges', () => {
  it('free, fragmentation, not usable, allocation per namespace/team and idle-allocated', async () => {
    const lines = await exposition([
      ...['0', '1', '2', '3', '4', '5'].map((g) => device('h-1', g, 0.9, ['ml/train'])),
      device('h-2', '0', 0.0, ['research/nb']),
    ]);
    // h-1: 2 free, h-2: 7 free (the finished pod holds nothing); h-3 is not usable yet.
    expect(lines).toContain('fleetscope_gpu_pool_free{cluster="c",pool="h100",resource="nvidia.com/gpu"} 9');
    // Frag_4 = Stranded_4 / F = 2 / 9 (h-1's two free GPUs cannot take a 4-GPU request).
    expect(lines).toContain(
      `fleetscope_gpu_pool_fragmentation_ratio{cluster="c",pool="h100",resource="nvidia.com/gpu",k="4"} ${2 / 9}`,
    );
    expect(lines).toContain(
      `fleetscope_gpu_pool_fragmentation_ratio{cluster="c",pool="h100",resource="nvidia.com/gpu",k="8"} 1`,
    );
    expect(lines.filter((l) => l.startsWith('fleetscope_gpu_not_usable{'))).toEqual([
      'fleetscope_gpu_not_usable{cluster="c",pool="h100",reason="GPU present but no GPU allocatable yet (device plugin not registered?)"} 1',
    ]);
    expect(lines.filter((l) => l.startsWith('fleetscope_gpu_allocated{'))).toEqual([
      'fleetscope_gpu_allocated{cluster="c",pool="h100",namespace="ml",team="ml"} 6',
      'fleetscope_gpu_allocated{cluster="c",pool="h100",namespace="research",team="science"} 1',
    ]);
    expect(lines.filter((l) => l.startsWith('fleetscope_gpu_idle_allocated{'))).toEqual([
      'fleetscope_gpu_idle_allocated{cluster="c",pool="h100",namespace="ml"} 0',
      'fleetscope_gpu_idle_allocated{cluster="c",pool="h100",namespace="research"} 1',
    ]);
  });

  it('without DCGM: allocation still exported, idle-allocated absent (never 0)', async () => {
    const lines = await exposition(null);
    expect(lines.filter((l) => l.startsWith('fleetscope_gpu_allocated{'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('fleetscope_gpu_idle_allocated{'))).toEqual([]);
  });
});
