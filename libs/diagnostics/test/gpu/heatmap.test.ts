import type { GpuDeviceUsage, NodeRecord, PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  CELL,
  freeHistogram,
  HEATMAP_CODES,
  type NodeView,
  nodeView,
  poolHeatmap,
  worstNodes,
} from '../../src/index.ts';
import { NOW, node, pod } from '../factories.ts';

const F = CELL.FREE;
const B = CELL.ALLOCATED_BUSY;
const I = CELL.ALLOCATED_IDLE;
const U = CELL.ALLOCATED_UNKNOWN;
const X = CELL.UNHEALTHY;
const N = CELL.NOT_USABLE;
const E = CELL.EMPTY;

function gpuPod(name: string, nodeName: string, gpus: number, extra: Partial<PodRecord> = {}): PodRecord {
  return pod(name, { nodeName, gpuRequest: gpus, namespace: 'ml', ...extra });
}

function device(nodeName: string, gpu: number, overrides: Partial<GpuDeviceUsage> = {}): GpuDeviceUsage {
  return {
    cluster: 'c',
    node: nodeName,
    gpu: String(gpu),
    uuid: `GPU-${nodeName}-${gpu}`,
    modelName: 'NVIDIA H100 80GB HBM3',
    migProfile: null,
    migInstance: null,
    engineActive: null,
    engineSource: null,
    framebufferUsedBytes: null,
    framebufferFreeBytes: null,
    powerWatts: null,
    temperatureC: null,
    lastXid: null,
    xidChangedAt: null,
    rowRemapFailure: null,
    pods: [],
    podSource: 'NONE',
    observedAt: NOW,
    ...overrides,
  };
}

function view(n: NodeRecord, pods: PodRecord[] = []): NodeView {
  return nodeView(n, pods);
}

const notValidated = node('h-9', { gpuAllocatable: 0, labels: { 'nvidia.com/gpu.present': 'true' } });

interface Case {
  name: string;
  views: NodeView[];
  devices: GpuDeviceUsage[] | null;
  rows: number[][];
}

const cases: Case[] = [
  {
    name: 'no DCGM: held GPUs are ALLOCATED_UNKNOWN in the first columns, never busy or idle',
    views: [view(node('h-1'), [gpuPod('a', 'h-1', 3)])],
    devices: null,
    rows: [[U, U, U, F, F, F, F, F]],
  },
  {
    name: 'DCGM maps pods: busy and idle by engine activity against the threshold, at their own index',
    views: [view(node('h-1'), [gpuPod('a', 'h-1', 2), gpuPod('b', 'h-1', 1)])],
    devices: [
      device('h-1', 2, { pods: ['ml/a'], engineActive: 0.9 }),
      device('h-1', 5, { pods: ['ml/a'], engineActive: 0.01 }),
      device('h-1', 7, { pods: ['ml/b'], engineActive: 0.05 }),
    ],
    rows: [[F, F, B, F, F, I, F, B]],
  },
  {
    name: 'DCGM maps a pod but measured no activity: allocated, use unknown',
    views: [view(node('h-1'), [gpuPod('a', 'h-1', 1)])],
    devices: [device('h-1', 4, { pods: ['ml/a'] })],
    rows: [[F, F, F, F, U, F, F, F]],
  },
  {
    name: 'Kubernetes holds more than DCGM maps: the rest are unknown in the first free columns',
    views: [view(node('h-1'), [gpuPod('a', 'h-1', 3)])],
    devices: [device('h-1', 0, { pods: ['ml/a'], engineActive: 0.8 })],
    rows: [[B, U, U, F, F, F, F, F]],
  },
  {
    name: 'a critical XID within the window wins over the allocation; an application XID does not',
    views: [view(node('h-1'), [gpuPod('a', 'h-1', 2)])],
    devices: [
      device('h-1', 0, { pods: ['ml/a'], engineActive: 0.7, lastXid: 79, xidChangedAt: NOW - 60_000 }),
      device('h-1', 1, { pods: ['ml/a'], engineActive: 0.7, lastXid: 13, xidChangedAt: NOW - 60_000 }),
      device('h-1', 6, { lastXid: 48, xidChangedAt: NOW - 48 * 3_600_000 }),
      device('h-1', 7, { rowRemapFailure: true }),
    ],
    rows: [[X, B, F, F, F, F, F, X]],
  },
  {
    name: 'the device plugin withdrew two GPUs (capacity 8, allocatable 6): unhealthy in the last columns',
    views: [view(node('h-1', { gpuAllocatable: 6 }), [gpuPod('a', 'h-1', 1)])],
    devices: null,
    rows: [[U, F, F, F, F, F, X, X]],
  },
  {
    name: 'a node not usable yet is NOT_USABLE across, never free',
    views: [view(notValidated)],
    devices: null,
    rows: [[N, N, N, N, N, N, N, N]],
  },
  {
    name: 'a cordoned node: held GPUs stay held, the others cannot take pods',
    views: [view(node('h-1', { unschedulable: true }), [gpuPod('a', 'h-1', 2)])],
    devices: null,
    rows: [[U, U, N, N, N, N, N, N]],
  },
  {
    name: 'a node with fewer GPUs than the widest is padded with EMPTY; rows are sorted by name',
    views: [
      view(node('l-2', { gpuAllocatable: 4, gpuCapacity: 4 }), [gpuPod('x', 'l-2', 4)]),
      view(node('l-1', { gpuAllocatable: 8, gpuCapacity: 8 })),
    ],
    devices: null,
    rows: [
      [F, F, F, F, F, F, F, F],
      [U, U, U, U, E, E, E, E],
    ],
  },
  {
    name: 'MIG mixed without DCGM: the held share of instances rounded up to whole GPUs',
    views: [
      view(
        node('mig-1', {
          gpuAllocatable: 0,
          gpuCapacity: 0,
          gpuExtended: { 'nvidia.com/mig-1g.10gb': 14, 'nvidia.com/mig-3g.40gb': 2 },
          labels: { 'nvidia.com/mig.strategy': 'mixed', 'nvidia.com/gpu.count': '2' },
        }),
        [pod('nb', { nodeName: 'mig-1', gpuExtendedRequest: { 'nvidia.com/mig-1g.10gb': 1 } })],
      ),
    ],
    devices: null,
    // 1 of 16 instances held on 2 GPUs: at least one GPU holds work.
    rows: [[U, F]],
  },
  {
    name: 'MIG with DCGM: instances fold into their GPU; busy when any held instance is busy',
    views: [
      view(
        node('mig-1', {
          gpuAllocatable: 0,
          gpuCapacity: 0,
          gpuExtended: { 'nvidia.com/mig-1g.10gb': 14 },
          labels: { 'nvidia.com/gpu.count': '2' },
        }),
        [pod('nb', { nodeName: 'mig-1', gpuExtendedRequest: { 'nvidia.com/mig-1g.10gb': 2 } })],
      ),
    ],
    devices: [
      device('mig-1', 1, { migProfile: '1g.10gb', migInstance: '7', pods: ['ml/nb'], engineActive: 0.0 }),
      device('mig-1', 1, { migProfile: '1g.10gb', migInstance: '8', pods: ['ml/nb'], engineActive: 0.6 }),
      device('mig-1', 0, { migProfile: '1g.10gb', migInstance: '7' }),
    ],
    rows: [[F, B]],
  },
  {
    name: 'time-slicing (gpu.shared 16 on 4 GPUs): 5 replicas held → 2 GPUs hold work',
    views: [
      view(
        node('l4-1', {
          gpuAllocatable: 0,
          gpuCapacity: 0,
          gpuExtended: { 'nvidia.com/gpu.shared': 16 },
          labels: { 'nvidia.com/gpu.count': '4', 'nvidia.com/gpu.replicas': '4' },
        }),
        [pod('s', { nodeName: 'l4-1', gpuExtendedRequest: { 'nvidia.com/gpu.shared': 5 } })],
      ),
    ],
    devices: null,
    rows: [[U, U, F, F]],
  },
];

describe('poolHeatmap', () => {
  for (const c of cases) {
    it(c.name, () => {
      const heatmap = poolHeatmap(c.views, c.devices, { now: NOW });
      const width = heatmap.gpusPerNode;
      const rows = heatmap.nodes.map((_, r) => [...heatmap.cells.subarray(r * width, (r + 1) * width)]);
      expect(rows).toEqual(c.rows);
      // The per-node counts say the same as the cells (the text alternative matches the canvas).
      heatmap.rows.forEach((row, r) => {
        for (const state of HEATMAP_CODES) {
          if (state === 'EMPTY') continue;
          expect(row.counts[state], `${row.node} ${state}`).toBe(
            (rows[r] ?? []).filter((code) => code === CELL[state]).length,
          );
        }
      });
    });
  }

  it('says whether usage was known for the pool, and ignores devices of other nodes', () => {
    const views = [view(node('h-1'), [gpuPod('a', 'h-1', 1)])];
    expect(poolHeatmap(views, null, { now: NOW }).usageKnown).toBe(false);
    expect(
      poolHeatmap(views, [device('elsewhere', 0, { pods: ['x/y'], engineActive: 1 })], { now: NOW }),
    ).toMatchObject({
      usageKnown: false,
      counts: { ALLOCATED_UNKNOWN: 1, FREE: 7, ALLOCATED_BUSY: 0 },
    });
  });

  it('cuts rows beyond the cell cap and says how many', () => {
    const views = ['a', 'b', 'c'].map((n) => view(node(n)));
    const heatmap = poolHeatmap(views, null, { now: NOW, maxCells: 16 });
    expect(heatmap.nodes).toEqual(['a', 'b']);
    expect(heatmap.cells.length).toBe(16);
    expect(heatmap.truncatedNodes).toBe(1);
  });

  it('keeps row order when states change (rows never jump)', () => {
    const before = poolHeatmap([view(node('b')), view(node('a'))], null, { now: NOW });
    const after = poolHeatmap(
      [view(node('b'), [gpuPod('p', 'b', 8)]), view(node('a', { ready: false }))],
      null,
      { now: NOW },
    );
    expect(after.nodes).toEqual(before.nodes);
  });
});

describe('worstNodes', () => {
  it('ranks unhealthy, then not usable, then idle, then unknown; leaves quiet nodes out', () => {
    const views = [
      view(node('quiet')),
      view(node('idle'), [gpuPod('n', 'idle', 2)]),
      view(node('sick', { gpuAllocatable: 7 })),
      view(notValidated),
      view(node('unknown'), [gpuPod('u', 'unknown', 1)]),
    ];
    const devices = [
      device('idle', 0, { pods: ['ml/n'], engineActive: 0 }),
      device('idle', 1, { pods: ['ml/n'], engineActive: 0 }),
    ];
    const heatmap = poolHeatmap(views, devices, { now: NOW });
    const worst = worstNodes(heatmap, 10);
    expect(worst.map((w) => [w.node, w.reason])).toEqual([
      ['sick', null],
      ['h-9', 'GPU present but no GPU allocatable yet (device plugin not registered?)'],
      ['idle', null],
      ['unknown', null],
    ]);
    expect(worstNodes(heatmap, 2).map((w) => w.node)).toEqual(['sick', 'h-9']);
    expect(worst.find((w) => w.node === 'idle')?.free).toBe(6);
  });
});

describe('freeHistogram', () => {
  it('counts usable nodes by free units of one resource', () => {
    const views = [
      view(node('a'), [gpuPod('p', 'a', 7)]),
      view(node('b'), [gpuPod('q', 'b', 6)]),
      view(node('c'), [gpuPod('r', 'c', 7)]),
      view(node('d', { unschedulable: true })),
    ];
    expect(freeHistogram(views, 'nvidia.com/gpu')).toEqual([
      { free: 1, nodes: 2 },
      { free: 2, nodes: 1 },
    ]);
  });
});
