import type { GpuDeviceUsage, GpuEngineSource, PodRecord } from '@fleetscope/types';
import { compareText } from '../../verdict/text.ts';
import { DCGM, MIB } from './counters.ts';
import { type DcgmDeviceLabels, type DcgmLabelOptions, dcgmDeviceLabels } from './labels.ts';
import { lastXidChange, type XidPoint } from './xid.ts';

/** One sample of a DCGM counter, from an instant query or a scrape file. */
export interface DcgmSample {
  metric: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  /** ms since epoch. */
  timestampMs: number;
}

/** The XID gauge of one series over a window (a range query), to read XIDs by change. */
export interface DcgmXidSeries {
  labels: Readonly<Record<string, string>>;
  points: readonly XidPoint[];
}

/** What a node's pods say about GPUs, for devices the exporter did not attribute. */
export type NodeGpuPod = Pick<PodRecord, 'namespace' | 'name' | 'gpuRequest' | 'gpuExtendedRequest'>;

export interface DcgmFoldInput extends DcgmLabelOptions {
  cluster: string;
  samples: readonly DcgmSample[];
  xidHistory?: readonly DcgmXidSeries[];
  /**
   * The non-terminal pods bound to a node that request GPU resources; absent when unknown (a scrape
   * file read alone): devices without exporter pod labels then have podSource NONE.
   */
  nodePods?: (node: string) => readonly NodeGpuPod[];
  /** Problems listed at most (the rest are counted). Default 100. */
  maxProblems?: number;
}

export interface DcgmSeriesProblem {
  metric: string;
  labels: Readonly<Record<string, string>>;
  problems: string[];
}

export interface DcgmFold {
  /** Sorted by node, GPU index, MIG instance. */
  devices: GpuDeviceUsage[];
  /** Series that could not be placed, or were odd; capped at `maxProblems`. */
  problems: DcgmSeriesProblem[];
  /** Problems beyond the cap. */
  moreProblems: number;
  /** Series not placed on any device. */
  skippedSeries: number;
  /** Label names seen that are not known DCGM-exporter or Prometheus labels. */
  unknownLabels: string[];
  /** The DCGM counters read that are not among those Fleetscope folds (listed, not interpreted). */
  otherMetrics: string[];
}

interface Accumulator {
  labels: DcgmDeviceLabels;
  values: Map<string, { value: number; at: number }>;
  pods: Set<string>;
  observedAt: number;
}

const FOLDED = new Set<string>(Object.values(DCGM));

/**
 * Folds DCGM samples into one GpuDeviceUsage per device (or MIG instance). Several series of one
 * device (every vGPU or time-sliced pod gets a copy of the device's value) are one device: the
 * newest value is taken, never a sum. Absent counters stay null.
 */
export function foldDcgmSamples(input: DcgmFoldInput): DcgmFold {
  const devices = new Map<string, Accumulator>();
  const problems: DcgmSeriesProblem[] = [];
  const max = input.maxProblems ?? 100;
  let moreProblems = 0;
  let skippedSeries = 0;
  const unknown = new Set<string>();
  const other = new Set<string>();
  const report = (metric: string, labels: Readonly<Record<string, string>>, list: string[]): void => {
    if (list.length === 0) return;
    if (problems.length < max) problems.push({ metric, labels, problems: list });
    else moreProblems++;
  };

  for (const sample of input.samples) {
    if (!FOLDED.has(sample.metric)) {
      if (sample.metric.startsWith('DCGM_')) other.add(sample.metric);
      continue;
    }
    const result = dcgmDeviceLabels(sample.labels, input);
    for (const name of result.unknownLabels) unknown.add(name);
    report(sample.metric, sample.labels, result.problems);
    const labels = result.device;
    if (labels === null) {
      skippedSeries++;
      continue;
    }
    let acc = devices.get(labels.key);
    if (acc === undefined) {
      acc = { labels, values: new Map(), pods: new Set(), observedAt: sample.timestampMs };
      devices.set(labels.key, acc);
    } else {
      fillMissing(acc.labels, labels);
    }
    if (labels.pod !== null) acc.pods.add(`${labels.pod.namespace}/${labels.pod.name}`);
    acc.observedAt = Math.max(acc.observedAt, sample.timestampMs);
    if (!Number.isFinite(sample.value)) continue;
    const seen = acc.values.get(sample.metric);
    if (seen === undefined || sample.timestampMs > seen.at) {
      acc.values.set(sample.metric, { value: sample.value, at: sample.timestampMs });
    }
  }

  // Several series of one device's XID (an `err_code` label that changed, history from two places)
  // are one line of points: the change from the old series' value to the new one's is a change.
  const xidPoints = new Map<string, XidPoint[]>();
  for (const series of input.xidHistory ?? []) {
    const key = dcgmDeviceLabels(series.labels, input).device?.key;
    if (key === undefined) continue;
    const points = xidPoints.get(key) ?? [];
    points.push(...series.points);
    xidPoints.set(key, points);
  }
  const xidByKey = new Map<string, ReturnType<typeof lastXidChange>>();
  for (const [key, points] of xidPoints) xidByKey.set(key, lastXidChange(points));

  // Nodes where the exporter attributes at least one device: its Kubernetes mapping is on there,
  // so a device without pod labels is not allocated (the known gaps aside).
  const mappedNodes = new Set<string>();
  for (const acc of devices.values()) if (acc.pods.size > 0) mappedNodes.add(acc.labels.node);

  const out: GpuDeviceUsage[] = [];
  for (const acc of devices.values()) {
    out.push(toUsage(input, acc, xidByKey.get(acc.labels.key), mappedNodes.has(acc.labels.node)));
  }
  inheritFromMigParents(out);
  out.sort(compareDevices);
  return {
    devices: out,
    problems,
    moreProblems,
    skippedSeries,
    unknownLabels: [...unknown].sort(),
    otherMetrics: [...other].sort(),
  };
}

function fillMissing(into: DcgmDeviceLabels, from: DcgmDeviceLabels): void {
  if (into.uuid === '' && from.uuid !== '') into.uuid = from.uuid;
  if (into.modelName === null) into.modelName = from.modelName;
  if (into.migProfile === null) into.migProfile = from.migProfile;
  if (into.driverVersion === null) into.driverVersion = from.driverVersion;
}

function toUsage(
  input: DcgmFoldInput,
  acc: Accumulator,
  xid: ReturnType<typeof lastXidChange> | undefined,
  mapped: boolean,
): GpuDeviceUsage {
  const value = (metric: string): number | null => acc.values.get(metric)?.value ?? null;
  const { labels } = acc;
  const mig = labels.migInstance !== null;

  let engineActive: number | null = null;
  let engineSource: GpuEngineSource | null = null;
  const active = value(DCGM.engineActive);
  const util = value(DCGM.gpuUtil);
  if (active !== null) {
    engineActive = clampRatio(active);
    engineSource = 'PROF_GR_ENGINE_ACTIVE';
  } else if (util !== null && !mig) {
    // DEV_GPU_UTIL is a whole-GPU measure: never read it for a MIG instance.
    engineActive = clampRatio(util / 100);
    engineSource = 'DEV_GPU_UTIL';
  }

  const fbUsed = value(DCGM.fbUsed);
  const fbFree = value(DCGM.fbFree);
  const rowRemap = value(DCGM.rowRemapFailure);
  const xidNow = value(DCGM.xid);
  let lastXid = xidNow === null || xidNow === 0 ? null : Math.round(xidNow);
  let xidChangedAt: number | null = null;
  if (xid !== undefined) {
    // The window's last point is at most as new as the instant sample; when they agree, its change time holds.
    if (xidNow === null) lastXid = xid.lastXid;
    if (xid.lastXid === lastXid) xidChangedAt = xid.changedAt;
  }

  let pods = [...acc.pods].sort(compareText);
  let podSource: GpuDeviceUsage['podSource'] = pods.length > 0 || mapped ? 'EXPORTER_LABELS' : 'NONE';
  if (pods.length === 0 && !mapped && input.nodePods !== undefined) {
    pods = input
      .nodePods(labels.node)
      .filter((p) => usesDevice(p, labels.migProfile))
      .map((p) => `${p.namespace}/${p.name}`)
      .sort(compareText);
    podSource = 'NODE_PODS';
  }

  return {
    cluster: input.cluster,
    node: labels.node,
    gpu: labels.gpu,
    uuid: labels.uuid,
    modelName: labels.modelName,
    migProfile: labels.migProfile,
    migInstance: labels.migInstance,
    engineActive,
    engineSource,
    framebufferUsedBytes: fbUsed === null ? null : fbUsed * MIB,
    framebufferFreeBytes: fbFree === null ? null : fbFree * MIB,
    powerWatts: value(DCGM.power),
    temperatureC: value(DCGM.temperature),
    lastXid,
    xidChangedAt,
    rowRemapFailure: rowRemap === null ? null : rowRemap > 0,
    pods,
    podSource,
    observedAt: acc.observedAt,
  };
}

/**
 * XIDs and row remapping are per physical GPU: the exporter reports them on a MIG GPU's parent device
 * (no GPU_I labels). Its instances share its health: they take the parent's when they have none.
 */
function inheritFromMigParents(devices: GpuDeviceUsage[]): void {
  const parents = new Map<string, GpuDeviceUsage>();
  for (const d of devices) if (d.migInstance === null) parents.set(`${d.node}/${d.gpu}/${d.uuid}`, d);
  for (const d of devices) {
    if (d.migInstance === null) continue;
    const parent = parents.get(`${d.node}/${d.gpu}/${d.uuid}`);
    if (parent === undefined) continue;
    if (d.lastXid === null && parent.lastXid !== null) {
      d.lastXid = parent.lastXid;
      d.xidChangedAt = parent.xidChangedAt;
    }
    if (d.rowRemapFailure === null) d.rowRemapFailure = parent.rowRemapFailure;
  }
}

/** A whole-GPU device is used by pods requesting nvidia.com/gpu (or gpu.shared); a MIG instance by its profile's resource. */
function usesDevice(pod: NodeGpuPod, migProfile: string | null): boolean {
  if (migProfile !== null) return (pod.gpuExtendedRequest[`nvidia.com/mig-${migProfile}`] ?? 0) > 0;
  return pod.gpuRequest > 0 || (pod.gpuExtendedRequest['nvidia.com/gpu.shared'] ?? 0) > 0;
}

function clampRatio(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function numericOrder(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return compareText(a, b);
}

function compareDevices(a: GpuDeviceUsage, b: GpuDeviceUsage): number {
  return (
    compareText(a.node, b.node) ||
    numericOrder(a.gpu, b.gpu) ||
    compareText(a.uuid, b.uuid) ||
    numericOrder(a.migInstance ?? '', b.migInstance ?? '')
  );
}
