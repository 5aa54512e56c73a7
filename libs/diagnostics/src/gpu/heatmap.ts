/**
 * A pool's node × GPU heatmap in the shape a canvas draws without reshaping: node names in a stable
 * order (by name: rows never jump when states change), a fixed number of columns, and one flat,
 * row-major array of small integer codes (`HEATMAP_CODES`). Pure: node views from the pool inventory,
 * DCGM devices from the usage reader (or null when there is none), and the time they are judged at.
 *
 * What a cell says, first rule that applies:
 * 1. UNHEALTHY: DCGM reports a row-remap failure, or a critical XID (not one of the application XIDs
 *    the device plugin ignores) that changed within `xidWindowMs`; or the device plugin withdrew the
 *    GPU (capacity − allocatable of `nvidia.com/gpu`: Kubernetes does not say which one, so those
 *    are drawn in the node's last columns).
 * 2. NOT_USABLE: the whole node when it is not usable yet (driver, validator, MIG, Karpenter); on a
 *    node that is not Ready or is cordoned, the GPUs nothing holds (they cannot take a pod).
 * 3. ALLOCATED_BUSY / ALLOCATED_IDLE: a device DCGM maps to pods, by its engine activity against the
 *    busy threshold; ALLOCATED_UNKNOWN when DCGM maps pods but measured no activity.
 * 4. ALLOCATED_UNKNOWN: held by Kubernetes' count (requests of bound pods) where no DCGM device maps
 *    the holder — Kubernetes says how many GPUs of a node are held, not which, so these take the
 *    node's first free columns. Never drawn as busy or as idle.
 * 5. FREE otherwise.
 *
 * MIG and shared GPUs: a cell is always one physical GPU. A MIG GPU is held when any of its instances
 * is (DCGM groups instances under their GPU index: busy when any held instance is busy); without
 * DCGM, the node's held share of partitioned units (MIG instances, time-slicing replicas: requested ÷
 * allocatable) is rounded up to whole GPUs. Fragmentation per MIG profile stays in the pool's
 * resources; the heatmap answers "which GPUs hold work and do they use it". One exception, because
 * Kubernetes says nothing finer: time-slicing *without* rename advertises each replica as
 * `nvidia.com/gpu` (capacity = GPUs × replicas), so such a node has one cell per replica, the unit its
 * pods request; with rename (`nvidia.com/gpu.shared`) a cell is a physical GPU again.
 */
import {
  DEFAULT_GPU_BUSY_THRESHOLD,
  type GpuCellState,
  type GpuDeviceUsage,
  type NodeRecord,
} from '@fleetscope/types';
import { GPU_RESOURCE } from '../projection/gpu-resources.ts';
import { compareText } from '../verdict/text.ts';
import { APPLICATION_XIDS } from './dcgm/counters.ts';
import type { NodeView } from './pools.ts';

/** Cell codes in array order: `HEATMAP_CODES[code]` is the state; EMPTY pads nodes with fewer GPUs. */
export const HEATMAP_CODES = [
  'FREE',
  'ALLOCATED_BUSY',
  'ALLOCATED_IDLE',
  'ALLOCATED_UNKNOWN',
  'UNHEALTHY',
  'NOT_USABLE',
  'EMPTY',
] as const;
export type HeatmapCellCode = (typeof HEATMAP_CODES)[number];

export const CELL = {
  FREE: 0,
  ALLOCATED_BUSY: 1,
  ALLOCATED_IDLE: 2,
  ALLOCATED_UNKNOWN: 3,
  UNHEALTHY: 4,
  NOT_USABLE: 5,
  /** No GPU at this column: the node has fewer GPUs than the pool's widest node. */
  EMPTY: 6,
} as const satisfies Record<HeatmapCellCode, number>;

/** The code of a GPU cell state. */
export function cellCode(state: GpuCellState | 'EMPTY'): number {
  return CELL[state];
}

/** A critical XID counts against a GPU for this long after it last changed (the exporter keeps the value until it restarts). */
export const DEFAULT_XID_WINDOW_MS = 24 * 3_600_000;

/** Columns a heatmap draws at most per node, and cells at most per pool (rows beyond are cut, and counted). */
export const MAX_GPUS_PER_NODE = 64;
export const MAX_HEATMAP_CELLS = 200_000;

export interface HeatmapOptions {
  /** When the cells are judged (ms since epoch): the XID window counts back from here. */
  now: number;
  busyThreshold?: number;
  xidWindowMs?: number;
  maxCells?: number;
}

/** Per node, what the text alternative says about its row. */
export interface HeatmapNodeSummary {
  node: string;
  /** Cells per state on this node (EMPTY not counted). */
  counts: Record<GpuCellState, number>;
  /** Why the node cannot take GPU pods (not usable yet, not Ready, cordoned); null when it can. */
  reason: string | null;
  /** Free units per GPU-like resource this node offers (allocatable − requested; 0 when not usable). */
  free: number;
}

export interface PoolHeatmap {
  /** Row order: node names, sorted by name (stable across refreshes). */
  nodes: string[];
  /** Columns per row: the pool's widest node, at most MAX_GPUS_PER_NODE. */
  gpusPerNode: number;
  /** Row-major codes, `nodes.length × gpusPerNode` long. */
  cells: Uint8Array;
  /** Cells per state over the drawn rows. */
  counts: Record<GpuCellState, number>;
  /** Nodes left out to keep the array under `maxCells` (the last by name). */
  truncatedNodes: number;
  /** Whether any DCGM device of the pool's nodes was read: without it, every held GPU is ALLOCATED_UNKNOWN. */
  usageKnown: boolean;
  /** One summary per drawn row, in row order. */
  rows: HeatmapNodeSummary[];
}

const COUNT_LABEL = 'nvidia.com/gpu.count';

function countsOf(byCode: Int32Array): Record<GpuCellState, number> {
  return {
    FREE: byCode[CELL.FREE] ?? 0,
    ALLOCATED_BUSY: byCode[CELL.ALLOCATED_BUSY] ?? 0,
    ALLOCATED_IDLE: byCode[CELL.ALLOCATED_IDLE] ?? 0,
    ALLOCATED_UNKNOWN: byCode[CELL.ALLOCATED_UNKNOWN] ?? 0,
    UNHEALTHY: byCode[CELL.UNHEALTHY] ?? 0,
    NOT_USABLE: byCode[CELL.NOT_USABLE] ?? 0,
  };
}

/**
 * What DCGM says about one node's GPUs (MIG instances folded into their GPU), in arrays reused from
 * row to row (a pool of 5,000 nodes would otherwise allocate a map per node on every refresh).
 */
class Readings {
  /** Per GPU index: bit 1 unhealthy, bit 2 held (pods mapped). */
  readonly flags = new Uint8Array(MAX_GPUS_PER_NODE);
  /** Per GPU index: the highest engine activity among held instances; NaN when none was measured. */
  readonly engine = new Float64Array(MAX_GPUS_PER_NODE);

  read(devices: readonly GpuDeviceUsage[] | undefined, now: number, windowMs: number): void {
    this.flags.fill(0);
    this.engine.fill(Number.NaN);
    if (devices === undefined) return;
    for (const d of devices) {
      const index = Number(d.gpu);
      if (!Number.isInteger(index) || index < 0 || index >= MAX_GPUS_PER_NODE) continue;
      if (isUnhealthy(d, now, windowMs)) this.flags[index] = (this.flags[index] ?? 0) | 1;
      if (d.pods.length > 0) {
        this.flags[index] = (this.flags[index] ?? 0) | 2;
        const e = d.engineActive;
        const held = this.engine[index] ?? Number.NaN;
        if (e !== null && !(e <= held)) this.engine[index] = e;
      }
    }
  }
}

function isUnhealthy(d: GpuDeviceUsage, now: number, windowMs: number): boolean {
  if (d.rowRemapFailure === true) return true;
  if (d.lastXid === null || d.lastXid === 0 || APPLICATION_XIDS.has(d.lastXid)) return false;
  return d.xidChangedAt !== null && now - d.xidChangedAt <= windowMs;
}

/** Allocatable units of a node's partitioned resources (MIG profiles, gpu.shared), summed. */
function partitionedAllocatable(node: NodeRecord): number {
  let sum = 0;
  for (const resource in node.gpuExtended) {
    const n = node.gpuExtended[resource] ?? 0;
    if (n > 0) sum += n;
  }
  return sum;
}

/** Physical GPUs of a node: the GPU Feature Discovery count, else capacity, else what DCGM lists. */
export function physicalGpus(node: NodeRecord, dcgmIndexes = 0): number {
  const label = Number(node.labels[COUNT_LABEL]);
  const counted = Number.isInteger(label) && label > 0 ? label : 0;
  const n = Math.max(counted, node.gpuCapacity, dcgmIndexes);
  // A partitioned node that says nothing of its GPUs is at least one GPU.
  if (n === 0 && partitionedAllocatable(node) > 0) return 1;
  return n;
}

function nodeReason(view: NodeView): string | null {
  if (view.notUsable !== null) return view.notUsable;
  if (view.node.ready !== true) return view.node.ready === null ? 'readiness unknown' : 'not Ready';
  if (view.node.unschedulable) return 'cordoned';
  return null;
}

/** GPUs Kubernetes counts as held on a node: whole-GPU requests, plus partitioned units rounded up to GPUs. */
function heldGpus(view: NodeView, gpus: number): number {
  const whole = view.requested.get(GPU_RESOURCE) ?? 0;
  let allocatableParts = 0;
  let requestedParts = 0;
  for (const resource in view.node.gpuExtended) {
    const n = view.node.gpuExtended[resource] ?? 0;
    if (n <= 0) continue;
    allocatableParts += n;
    requestedParts += view.requested.get(resource) ?? 0;
  }
  const backing = Math.max(0, gpus - view.node.gpuCapacity);
  const heldParts =
    allocatableParts === 0 || requestedParts === 0
      ? 0
      : Math.min(Math.max(backing, 1), Math.ceil((Math.max(backing, 1) * requestedParts) / allocatableParts));
  return whole + heldParts;
}

function freeUnits(view: NodeView): number {
  if (!view.usable) return 0;
  let free = Math.max(0, view.node.gpuAllocatable - (view.requested.get(GPU_RESOURCE) ?? 0));
  for (const resource in view.node.gpuExtended) {
    free += Math.max(0, (view.node.gpuExtended[resource] ?? 0) - (view.requested.get(resource) ?? 0));
  }
  return free;
}

/** The cell codes of one node's row (length `columns`), written into `out` at `offset`. */
function fillRow(
  view: NodeView,
  gpus: number,
  columns: number,
  dcgm: Readings,
  options: Required<Omit<HeatmapOptions, 'maxCells'>>,
  out: Uint8Array,
  offset: number,
): void {
  const UNSET = 255;
  const drawn = Math.min(gpus, columns);
  out.fill(UNSET, offset, offset + drawn);
  out.fill(CELL.EMPTY, offset + drawn, offset + columns);
  const { flags, engine } = dcgm;
  // 1. Unhealthy: DCGM's word per device, then the device plugin's withdrawn GPUs in the last columns.
  let unhealthy = 0;
  for (let i = 0; i < drawn; i++) {
    if (((flags[i] ?? 0) & 1) !== 0) {
      out[offset + i] = CELL.UNHEALTHY;
      unhealthy += 1;
    }
  }
  if (view.notUsable !== null) {
    // 2. A node not usable yet: every other GPU.
    for (let i = 0; i < drawn; i++) if (out[offset + i] === UNSET) out[offset + i] = CELL.NOT_USABLE;
    return;
  }
  const withdrawn = Math.max(0, view.node.gpuCapacity - view.node.gpuAllocatable);
  for (let i = drawn - 1; i >= 0 && unhealthy < withdrawn; i--) {
    if (out[offset + i] === UNSET) {
      out[offset + i] = CELL.UNHEALTHY;
      unhealthy += 1;
    }
  }
  // 3. Devices DCGM maps to pods.
  let held = heldGpus(view, gpus);
  for (let i = 0; i < drawn; i++) {
    if (((flags[i] ?? 0) & 2) === 0) continue;
    // A held GPU that is unhealthy still holds one of the node's requested GPUs.
    held -= 1;
    if (out[offset + i] !== UNSET) continue;
    const e = engine[i] ?? Number.NaN;
    out[offset + i] = Number.isNaN(e)
      ? CELL.ALLOCATED_UNKNOWN
      : e >= options.busyThreshold
        ? CELL.ALLOCATED_BUSY
        : CELL.ALLOCATED_IDLE;
  }
  // 4. Held by Kubernetes' count, holder not mapped: the first columns left.
  for (let i = 0; i < drawn && held > 0; i++) {
    if (out[offset + i] !== UNSET) continue;
    out[offset + i] = CELL.ALLOCATED_UNKNOWN;
    held -= 1;
  }
  // 5. The rest: free, or not usable on a node that cannot take pods (not Ready, cordoned).
  const rest = view.usable ? CELL.FREE : CELL.NOT_USABLE;
  for (let i = 0; i < drawn; i++) if (out[offset + i] === UNSET) out[offset + i] = rest;
}

/**
 * The heatmap of one pool from its node views and the cluster's DCGM devices (null: no usage data,
 * every held GPU is ALLOCATED_UNKNOWN).
 */
export function poolHeatmap(
  views: readonly NodeView[],
  devices: readonly GpuDeviceUsage[] | null,
  options: HeatmapOptions,
): PoolHeatmap {
  const settings = {
    now: options.now,
    busyThreshold: options.busyThreshold ?? DEFAULT_GPU_BUSY_THRESHOLD,
    xidWindowMs: options.xidWindowMs ?? DEFAULT_XID_WINDOW_MS,
  };
  const maxCells = options.maxCells ?? MAX_HEATMAP_CELLS;
  const sorted = [...views].sort((a, b) => compareText(a.node.name, b.node.name));
  // Devices by node, and the highest GPU index each node's devices name.
  const byNode = new Map<string, { devices: GpuDeviceUsage[]; gpus: number }>();
  if (devices !== null) {
    for (const v of sorted) byNode.set(v.node.name, { devices: [], gpus: 0 });
    for (const d of devices) {
      const entry = byNode.get(d.node);
      if (entry === undefined) continue;
      entry.devices.push(d);
      const index = Number(d.gpu);
      if (Number.isInteger(index) && index >= entry.gpus) entry.gpus = index + 1;
    }
  }
  let usageKnown = false;
  const gpus = sorted.map((v) => {
    const entry = byNode.get(v.node.name);
    if (entry !== undefined && entry.devices.length > 0) usageKnown = true;
    return physicalGpus(v.node, entry?.gpus ?? 0);
  });
  let widest = 1;
  for (const g of gpus) if (g > widest) widest = g;
  const columns = Math.min(MAX_GPUS_PER_NODE, widest);
  const rowsFit = Math.max(1, Math.floor(maxCells / columns));
  const drawn = sorted.slice(0, rowsFit);
  const cells = new Uint8Array(drawn.length * columns);
  const total = new Int32Array(HEATMAP_CODES.length);
  const own = new Int32Array(HEATMAP_CODES.length);
  const dcgm = new Readings();
  const rows: HeatmapNodeSummary[] = [];
  for (let r = 0; r < drawn.length; r++) {
    const view = drawn[r] as NodeView;
    const offset = r * columns;
    dcgm.read(byNode.get(view.node.name)?.devices, settings.now, settings.xidWindowMs);
    fillRow(view, gpus[r] ?? 0, columns, dcgm, settings, cells, offset);
    own.fill(0);
    for (let c = 0; c < columns; c++) {
      const code = cells[offset + c] ?? CELL.EMPTY;
      own[code] = (own[code] ?? 0) + 1;
      total[code] = (total[code] ?? 0) + 1;
    }
    rows.push({
      node: view.node.name,
      counts: countsOf(own),
      reason: nodeReason(view),
      free: freeUnits(view),
    });
  }
  const counts = countsOf(total);
  return {
    nodes: drawn.map((v) => v.node.name),
    gpusPerNode: columns,
    cells,
    counts,
    truncatedNodes: sorted.length - drawn.length,
    usageKnown,
    rows,
  };
}

/**
 * The nodes a person should look at first, worst first: unhealthy GPUs, then GPUs not usable, then
 * held-but-idle, then held with use unknown; nodes with none of these are left out. Ties by name.
 */
export function worstNodes(heatmap: PoolHeatmap, first: number): HeatmapNodeSummary[] {
  const score = (r: HeatmapNodeSummary): number[] => [
    r.counts.UNHEALTHY,
    r.counts.NOT_USABLE,
    r.counts.ALLOCATED_IDLE,
    r.counts.ALLOCATED_UNKNOWN,
  ];
  return heatmap.rows
    .filter((r) => score(r).some((n) => n > 0))
    .sort((a, b) => {
      const sa = score(a);
      const sb = score(b);
      for (let i = 0; i < sa.length; i++) {
        const d = (sb[i] ?? 0) - (sa[i] ?? 0);
        if (d !== 0) return d;
      }
      return compareText(a.node, b.node);
    })
    .slice(0, Math.max(0, first));
}

/** Per-node free units of one resource over usable nodes, as "how many nodes have f free", f ascending. */
export function freeHistogram(
  views: readonly NodeView[],
  resource: string,
): { free: number; nodes: number }[] {
  const counts = new Map<number, number>();
  for (const v of views) {
    if (!v.usable) continue;
    const allocatable =
      resource === GPU_RESOURCE ? v.node.gpuAllocatable : (v.node.gpuExtended[resource] ?? 0);
    if (allocatable === 0 && !v.requested.has(resource)) continue;
    const free = Math.max(0, allocatable - (v.requested.get(resource) ?? 0));
    counts.set(free, (counts.get(free) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([free, nodes]) => ({ free, nodes }));
}
