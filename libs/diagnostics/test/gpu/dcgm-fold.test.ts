import type { GpuDeviceUsage } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  type DcgmSample,
  dcgmSamplesFromFamilies,
  deviceActivity,
  foldDcgmSamples,
  hasRecentCriticalXid,
  lastXidChange,
  type NodeGpuPod,
  parseExposition,
} from '../../src/index.ts';

const T = 1_700_000_000_000;
const dev = (node: string, gpu: string, extra: Record<string, string> = {}): Record<string, string> => ({
  gpu,
  UUID: `GPU-${node}-${gpu}`,
  Hostname: node,
  modelName: 'NVIDIA H100 80GB HBM3',
  ...extra,
});
const s = (metric: string, labels: Record<string, string>, value: number, at = T): DcgmSample => ({
  metric,
  labels,
  value,
  timestampMs: at,
});

function fold(samples: DcgmSample[], nodePods?: (node: string) => NodeGpuPod[]): GpuDeviceUsage[] {
  return foldDcgmSamples({ cluster: 'c', samples, ...(nodePods ? { nodePods } : {}) }).devices;
}

describe('foldDcgmSamples: engine activity', () => {
  const cases: Array<{
    name: string;
    samples: DcgmSample[];
    engineActive: number | null;
    engineSource: GpuDeviceUsage['engineSource'];
  }> = [
    {
      name: 'PROF_GR_ENGINE_ACTIVE preferred over DEV_GPU_UTIL',
      samples: [
        s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0'), 0.8),
        s('DCGM_FI_DEV_GPU_UTIL', dev('n', '0'), 30),
      ],
      engineActive: 0.8,
      engineSource: 'PROF_GR_ENGINE_ACTIVE',
    },
    {
      name: 'DEV_GPU_UTIL as a fallback, percent to ratio',
      samples: [s('DCGM_FI_DEV_GPU_UTIL', dev('n', '0'), 42)],
      engineActive: 0.42,
      engineSource: 'DEV_GPU_UTIL',
    },
    {
      name: 'DEV_GPU_UTIL never read for a MIG instance',
      samples: [
        s('DCGM_FI_DEV_GPU_UTIL', dev('n', '0', { GPU_I_PROFILE: '1g.10gb', GPU_I_ID: '1' }), 42),
        s('DCGM_FI_DEV_FB_USED', dev('n', '0', { GPU_I_PROFILE: '1g.10gb', GPU_I_ID: '1' }), 10),
      ],
      engineActive: null,
      engineSource: null,
    },
    {
      name: 'MIG instance with PROF_GR_ENGINE_ACTIVE',
      samples: [
        s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0', { GPU_I_PROFILE: '1g.10gb', GPU_I_ID: '1' }), 0.3),
      ],
      engineActive: 0.3,
      engineSource: 'PROF_GR_ENGINE_ACTIVE',
    },
    {
      name: 'no engine counter: null (unknown), not 0',
      samples: [s('DCGM_FI_DEV_POWER_USAGE', dev('n', '0'), 70)],
      engineActive: null,
      engineSource: null,
    },
    {
      name: 'NaN is no value',
      samples: [s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0'), Number.NaN)],
      engineActive: null,
      engineSource: null,
    },
    {
      name: 'out-of-range ratios are clamped',
      samples: [s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0'), 1.03)],
      engineActive: 1,
      engineSource: 'PROF_GR_ENGINE_ACTIVE',
    },
  ];
  it.each(cases)('$name', ({ samples, engineActive, engineSource }) => {
    const [device, ...rest] = fold(samples);
    expect(rest).toEqual([]);
    expect(device).toMatchObject({ engineActive, engineSource });
  });
});

describe('foldDcgmSamples: the other counters', () => {
  it('framebuffer in bytes, power, temperature, row-remap failure; absent ones null', () => {
    const [full] = fold([
      s('DCGM_FI_DEV_FB_USED', dev('n', '0'), 1024),
      s('DCGM_FI_DEV_FB_FREE', dev('n', '0'), 2048),
      s('DCGM_FI_DEV_POWER_USAGE', dev('n', '0'), 612.5),
      s('DCGM_FI_DEV_GPU_TEMP', dev('n', '0'), 71),
      s('DCGM_FI_DEV_ROW_REMAP_FAILURE', dev('n', '0'), 1),
    ]);
    expect(full).toMatchObject({
      framebufferUsedBytes: 1024 * 1024 * 1024,
      framebufferFreeBytes: 2048 * 1024 * 1024,
      powerWatts: 612.5,
      temperatureC: 71,
      rowRemapFailure: true,
      lastXid: null,
    });
    const [bare] = fold([s('DCGM_FI_DEV_ROW_REMAP_FAILURE', dev('n', '0'), 0)]);
    expect(bare).toMatchObject({
      rowRemapFailure: false,
      framebufferUsedBytes: null,
      framebufferFreeBytes: null,
      powerWatts: null,
      temperatureC: null,
    });
  });

  it('XID: the last value, when it changed from the window; 0 is none', () => {
    const labels = dev('n', '0', { err_code: '79', err_msg: 'GPU has fallen off the bus' });
    const points = [
      { t: T - 60_000, v: 0 },
      { t: T - 30_000, v: 79 },
      { t: T, v: 79 },
    ];
    const [d] = foldDcgmSamples({
      cluster: 'c',
      samples: [s('DCGM_FI_DEV_XID_ERRORS', labels, 79)],
      xidHistory: [{ labels, points }],
    }).devices;
    expect(d).toMatchObject({ lastXid: 79, xidChangedAt: T - 30_000 });
    expect(hasRecentCriticalXid(d as GpuDeviceUsage, T, 3_600_000)).toBe(true);
    // Already there for the whole window: changed earlier, when unknown.
    const [old] = foldDcgmSamples({
      cluster: 'c',
      samples: [s('DCGM_FI_DEV_XID_ERRORS', labels, 79)],
      xidHistory: [
        {
          labels,
          points: [
            { t: T - 60_000, v: 79 },
            { t: T, v: 79 },
          ],
        },
      ],
    }).devices;
    expect(old).toMatchObject({ lastXid: 79, xidChangedAt: null });
    expect(hasRecentCriticalXid(old as GpuDeviceUsage, T, 3_600_000)).toBe(false);
    expect(fold([s('DCGM_FI_DEV_XID_ERRORS', labels, 0)])[0]).toMatchObject({
      lastXid: null,
      xidChangedAt: null,
    });
  });

  it('XID series split by an err_code label are one device’s history', () => {
    const [d] = foldDcgmSamples({
      cluster: 'c',
      samples: [s('DCGM_FI_DEV_XID_ERRORS', dev('n', '0', { err_code: '79' }), 79)],
      xidHistory: [
        { labels: dev('n', '0', { err_code: '0' }), points: [{ t: T - 20_000, v: 0 }] },
        {
          labels: dev('n', '0', { err_code: '79' }),
          points: [
            { t: T - 10_000, v: 79 },
            { t: T, v: 79 },
          ],
        },
      ],
    }).devices;
    expect(d).toMatchObject({ lastXid: 79, xidChangedAt: T - 10_000 });
  });

  it('MIG instances take their GPU’s XID and row-remap state from the parent device', () => {
    const mig = (id: string): Record<string, string> =>
      dev('n', '0', { GPU_I_PROFILE: '1g.10gb', GPU_I_ID: id });
    const devices = fold([
      s('DCGM_FI_DEV_XID_ERRORS', dev('n', '0'), 79),
      s('DCGM_FI_DEV_ROW_REMAP_FAILURE', dev('n', '0'), 1),
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', mig('1'), 0.2),
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', mig('2'), 0.4),
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '1', { GPU_I_PROFILE: '1g.10gb', GPU_I_ID: '1' }), 0.4),
    ]);
    expect(devices.map((d) => [d.gpu, d.migInstance, d.lastXid, d.rowRemapFailure])).toEqual([
      ['0', null, 79, true],
      ['0', '1', 79, true],
      ['0', '2', 79, true],
      ['1', '1', null, null],
    ]);
  });

  it('an application XID (13) is not critical', () => {
    expect(hasRecentCriticalXid({ lastXid: 13, xidChangedAt: T }, T, 1000)).toBe(false);
    expect(hasRecentCriticalXid({ lastXid: 48, xidChangedAt: T }, T, 1000)).toBe(true);
  });
});

describe('lastXidChange', () => {
  const cases = [
    { name: 'no points', points: [], want: { lastXid: null, changedAt: null } },
    {
      name: 'always 0',
      points: [
        { t: 1, v: 0 },
        { t: 2, v: 0 },
      ],
      want: { lastXid: null, changedAt: null },
    },
    {
      name: 'one change',
      points: [
        { t: 1, v: 0 },
        { t: 2, v: 79 },
        { t: 3, v: 79 },
      ],
      want: { lastXid: 79, changedAt: 2 },
    },
    {
      name: 'two changes: the last',
      points: [
        { t: 1, v: 13 },
        { t: 2, v: 79 },
        { t: 3, v: 48 },
      ],
      want: { lastXid: 48, changedAt: 3 },
    },
    {
      name: 'exporter restart resets to 0',
      points: [
        { t: 1, v: 79 },
        { t: 2, v: 0 },
      ],
      want: { lastXid: null, changedAt: null },
    },
    {
      name: 'unsorted input',
      points: [
        { t: 3, v: 79 },
        { t: 1, v: 0 },
      ],
      want: { lastXid: 79, changedAt: 3 },
    },
  ];
  it.each(cases)('$name', ({ points, want }) => expect(lastXidChange(points)).toEqual(want));
});

describe('foldDcgmSamples: pods', () => {
  const nodePods = (node: string): NodeGpuPod[] =>
    node === 'n'
      ? [
          { namespace: 'ml', name: 'train', gpuRequest: 2, gpuExtendedRequest: {} },
          {
            namespace: 'inf',
            name: 'mig-user',
            gpuRequest: 0,
            gpuExtendedRequest: { 'nvidia.com/mig-1g.10gb': 1 },
          },
        ]
      : [];

  it('exporter pod labels win; free devices on a mapped node have no pods', () => {
    const devices = fold(
      [
        s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0', { pod: 'train', namespace: 'ml' }), 0.9),
        s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '1'), 0),
      ],
      nodePods,
    );
    expect(devices.map((d) => [d.gpu, d.pods, d.podSource])).toEqual([
      ['0', ['ml/train'], 'EXPORTER_LABELS'],
      ['1', [], 'EXPORTER_LABELS'],
    ]);
  });

  it('no pod labels on the node: the node’s GPU pods by resource (NODE_PODS); none known: NONE', () => {
    const samples = [
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0'), 0.9),
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '1', { GPU_I_PROFILE: '1g.10gb', GPU_I_ID: '3' }), 0.1),
    ];
    expect(fold(samples, nodePods).map((d) => [d.gpu, d.migInstance, d.pods, d.podSource])).toEqual([
      ['0', null, ['ml/train'], 'NODE_PODS'],
      ['1', '3', ['inf/mig-user'], 'NODE_PODS'],
    ]);
    expect(fold(samples).map((d) => d.podSource)).toEqual(['NONE', 'NONE']);
  });

  it('vGPU / time-sliced copies of one device are one device: values not summed, pods joined', () => {
    const devices = fold([
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0', { pod: 'a', namespace: 'ns', vgpu: '0' }), 0.4),
      s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', dev('n', '0', { pod: 'b', namespace: 'ns', vgpu: '1' }), 0.4),
      s('DCGM_FI_DEV_FB_USED', dev('n', '0', { pod: 'a', namespace: 'ns' }), 100),
      s('DCGM_FI_DEV_FB_USED', dev('n', '0', { pod: 'b', namespace: 'ns' }), 100),
    ]);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({
      engineActive: 0.4,
      framebufferUsedBytes: 100 * 1024 * 1024,
      pods: ['ns/a', 'ns/b'],
    });
  });

  it('the newest of several samples of one counter wins', () => {
    const [d] = fold([
      s('DCGM_FI_DEV_GPU_TEMP', dev('n', '0'), 80, T),
      s('DCGM_FI_DEV_GPU_TEMP', dev('n', '0'), 60, T - 1000),
    ]);
    expect(d).toMatchObject({ temperatureC: 80, observedAt: T });
  });
});

describe('foldDcgmSamples: every label variant lands on the same device', () => {
  const variants: Array<{ name: string; labels: Record<string, string> }> = [
    {
      name: 'Hostname/UUID/pod',
      labels: { gpu: '2', UUID: 'GPU-x', Hostname: 'h', pod: 'p', namespace: 'ns' },
    },
    {
      name: 'hostname/uuid/pod_name',
      labels: { gpu: '2', uuid: 'GPU-x', hostname: 'h', pod_name: 'p', pod_namespace: 'ns' },
    },
    {
      name: 'exported_*',
      labels: {
        gpu: '2',
        UUID: 'GPU-x',
        Hostname: 'h',
        exported_pod: 'p',
        exported_namespace: 'ns',
        pod: 'dcgm-exporter-1',
        namespace: 'gpu-operator',
        container: 'dcgm-exporter',
      },
    },
  ];
  it.each(variants)('$name', ({ labels }) => {
    const result = foldDcgmSamples({
      cluster: 'c',
      samples: [s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', labels, 0.5)],
    });
    expect(result.devices).toEqual([
      expect.objectContaining({ node: 'h', gpu: '2', uuid: 'GPU-x', pods: ['ns/p'], engineActive: 0.5 }),
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('foldDcgmSamples: unusable input is reported, not guessed', () => {
  it('lists the series it could not place, unknown labels and unread DCGM counters', () => {
    const result = foldDcgmSamples({
      cluster: 'c',
      samples: [
        s('DCGM_FI_PROF_GR_ENGINE_ACTIVE', { gpu: '0', UUID: 'GPU-a', node_name: 'h' }, 0.5),
        s('DCGM_FI_DEV_SM_CLOCK', dev('n', '0'), 1980),
        s('DCGM_FI_DEV_GPU_TEMP', dev('n', '0'), 50),
      ],
    });
    expect(result.devices.map((d) => d.node)).toEqual(['n']);
    expect(result.skippedSeries).toBe(1);
    expect(result.problems).toEqual([
      {
        metric: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        labels: { gpu: '0', UUID: 'GPU-a', node_name: 'h' },
        problems: ['no host label (Hostname or hostname)', 'unknown labels: node_name'],
      },
    ]);
    expect(result.unknownLabels).toEqual(['node_name']);
    expect(result.otherMetrics).toEqual(['DCGM_FI_DEV_SM_CLOCK']);
  });

  it('caps the problems listed', () => {
    const samples = Array.from({ length: 5 }, (_, i) => s('DCGM_FI_DEV_GPU_TEMP', { gpu: String(i) }, 1));
    const result = foldDcgmSamples({ cluster: 'c', samples, maxProblems: 2 });
    expect([result.problems.length, result.moreProblems, result.skippedSeries]).toEqual([2, 3, 5]);
  });
});

describe('dcgmSamplesFromFamilies + deviceActivity', () => {
  it('reads a dcgm-exporter scrape and judges busy / idle / unknown', () => {
    const text = [
      '# HELP DCGM_FI_PROF_GR_ENGINE_ACTIVE Ratio of time the graphics engine is active.',
      '# TYPE DCGM_FI_PROF_GR_ENGINE_ACTIVE gauge',
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="0",UUID="GPU-1",Hostname="n"} 0.91',
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1",UUID="GPU-2",Hostname="n"} 0.01',
      'DCGM_FI_DEV_GPU_TEMP{gpu="2",UUID="GPU-3",Hostname="n"} 40',
      'other_metric 1',
    ].join('\n');
    const samples = dcgmSamplesFromFamilies(parseExposition(text).families, T);
    expect(samples.every((x) => x.timestampMs === T)).toBe(true);
    const devices = fold(samples);
    expect(devices.map((d) => deviceActivity(d))).toEqual(['BUSY', 'IDLE', 'UNKNOWN']);
  });
});
