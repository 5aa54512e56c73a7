import { arr, at, parseQuantity, rec, str, stringMap } from '../model/access.ts';
import type { SimCluster } from '../model/cluster.ts';
import type { KubeObject } from '../model/types.ts';
import { type DcgmClusterSpec, IDLE_ACTIVITY, ROLE_ACTIVITY } from './spec.ts';

/** One simulated GPU (or MIG instance) as the exporter on its node would see it. */
export interface SimGpuDevice {
  node: string;
  pool: string;
  gpu: number;
  uuid: string;
  /** e.g. "NVIDIA H100 80GB HBM3". */
  modelName: string;
  driverVersion: string;
  pciBusId: string;
  migProfile: string | null;
  migInstance: number | null;
  /** The pods using this device; the exporter labels only the first (time-slicing's known gap). */
  pods: Array<{ namespace: string; name: string; container: string; workload: string; role: string }>;
  /** 0..1; null for a MIG parent (its work is on its instances). */
  activity: number | null;
  fbTotalMiB: number;
  fbUsedMiB: number;
  /** Device-level counters (whole GPUs and MIG parents); null on MIG instances. */
  powerWatts: number | null;
  temperatureC: number | null;
  xid: number | null;
  rowRemapFailure: number | null;
  /** Idle-but-allocated by scenario (a notebook). */
  idleByScenario: boolean;
}

const POOL_LABELS = [
  'karpenter.sh/nodepool',
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  'agentpool',
];

/** Board power of the simulated models (W); the idle floor is a tenth of it. */
const TDP: Readonly<Record<string, number>> = { hopper: 700, ampere: 400, 'ada-lovelace': 72 };

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

function uuidOf(cluster: string, node: string, gpu: number): string {
  const hex = (seed: string, n: number): string =>
    Array.from({ length: n }, (_, i) => Math.floor(hash(`${seed}/${i}`) * 16).toString(16)).join('');
  const seed = `${cluster}/${node}/${gpu}`;
  return `GPU-${hex(seed, 8)}-${hex(`${seed}a`, 4)}-${hex(`${seed}b`, 4)}-${hex(`${seed}c`, 4)}-${hex(`${seed}d`, 12)}`;
}

/** The GPU product label without sharing suffixes, as a model name. */
function modelNameOf(product: string): string {
  return product
    .replace(/-SHARED$/, '')
    .replace(/-MIG-.*$/, '')
    .replaceAll('-', ' ');
}

function poolOf(labels: Record<string, string>): string {
  for (const key of POOL_LABELS) if (labels[key]) return labels[key] as string;
  return labels['nvidia.com/gpu.product'] ?? '';
}

function isBoundAndLive(pod: KubeObject): boolean {
  const phase = str(at(pod, 'status', 'phase'));
  return (str(at(pod, 'spec', 'nodeName')) ?? '') !== '' && phase !== 'Succeeded' && phase !== 'Failed';
}

function requestOf(pod: KubeObject, resource: string): number {
  const spec = rec(pod.spec);
  const one = (c: unknown): number => {
    const r = rec(rec(c).resources);
    return parseQuantity(rec(r.requests)[resource]) ?? parseQuantity(rec(r.limits)[resource]) ?? 0;
  };
  const app = arr(spec.containers).reduce<number>((sum, c) => sum + one(c), 0);
  const init = arr(spec.initContainers).reduce<number>((m, c) => Math.max(m, one(c)), 0);
  return Math.max(app, init);
}

interface PodUse {
  namespace: string;
  name: string;
  container: string;
  workload: string;
  role: string;
  count: number;
}

function podUse(pod: KubeObject, resource: string): PodUse | null {
  const count = requestOf(pod, resource);
  if (count <= 0) return null;
  const labels = stringMap(pod.metadata.labels);
  const containers = arr(at(pod, 'spec', 'containers'));
  return {
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name,
    container: str(rec(containers[0]).name) ?? '',
    workload: labels.app ?? pod.metadata.name,
    role: labels['app.kubernetes.io/component'] ?? 'service',
    count,
  };
}

/** Gives each pod `count` consecutive slots, in pod-name order (a stable stand-in for the device plugin). */
function assignSlots(uses: PodUse[], slots: number): Array<PodUse[]> {
  const out: Array<PodUse[]> = Array.from({ length: slots }, () => []);
  let next = 0;
  for (const use of [...uses].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    for (let i = 0; i < use.count && next < slots; i++) out[next++]?.push(use);
  }
  return out;
}

/**
 * Every GPU device of the cluster's GPU nodes at `now`, following the pods bound to them: training
 * busy, a scenario's idle workloads idle with memory held, free GPUs idle with no pods; MIG nodes
 * as per-instance devices (plus the parent GPU's device-level counters); time-sliced GPUs shared.
 */
export function simulatedGpuDevices(
  cluster: SimCluster,
  spec: DcgmClusterSpec,
  createdAt: number,
  now: number,
): SimGpuDevice[] {
  const nodes = cluster.store
    .list('nodes')
    .filter((n) => stringMap(n.metadata.labels)['nvidia.com/gpu.present'] === 'true')
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const podsByNode = new Map<string, KubeObject[]>();
  for (const pod of cluster.store.list('pods')) {
    if (!isBoundAndLive(pod)) continue;
    const node = str(at(pod, 'spec', 'nodeName')) ?? '';
    const list = podsByNode.get(node) ?? [];
    list.push(pod);
    podsByNode.set(node, list);
  }
  const idle = new Set(spec.idleWorkloads ?? []);
  const nodeIndexInPool = new Map<string, number>();
  const perPool = new Map<string, number>();
  for (const node of nodes) {
    const pool = poolOf(stringMap(node.metadata.labels));
    const index = perPool.get(pool) ?? 0;
    nodeIndexInPool.set(node.metadata.name, index);
    perPool.set(pool, index + 1);
  }

  const devices: SimGpuDevice[] = [];
  for (const node of nodes) {
    const name = node.metadata.name;
    const labels = stringMap(node.metadata.labels);
    const pool = poolOf(labels);
    const count = Number(labels['nvidia.com/gpu.count'] ?? 0);
    if (!(count > 0)) continue;
    const product = labels['nvidia.com/gpu.product'] ?? '';
    const memoryMiB = Number(labels['nvidia.com/gpu.memory'] ?? 0) || 16_384;
    const family = labels['nvidia.com/gpu.family'] ?? '';
    const tdp = TDP[family] ?? 300;
    const allocatable = rec(at(node, 'status', 'allocatable'));
    const pods = podsByNode.get(name) ?? [];
    const xidOf = (gpu: number): number | null => {
      const fault = (spec.xid ?? []).find(
        (f) => f.pool === pool && f.nodeIndex === nodeIndexInPool.get(name) && f.gpu === gpu,
      );
      if (fault === undefined) return 0;
      return now >= createdAt + fault.afterMs ? fault.code : 0;
    };
    const base = (gpu: number) => ({
      node: name,
      pool,
      gpu,
      uuid: uuidOf(cluster.name, name, gpu),
      modelName: modelNameOf(product),
      driverVersion: labels['nvidia.com/cuda.driver-version.full'] ?? '',
      pciBusId: `00000000:${(0x18 + gpu * 0x10).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
    });
    const wobble = (key: string): number =>
      (hash(key) - 0.5) * 0.06 + Math.sin(now / 300_000 + hash(key) * 6) * 0.02;
    const activityOf = (uses: PodUse[], key: string): { activity: number; idle: boolean } => {
      if (uses.length === 0) return { activity: 0, idle: false };
      const scenarioIdle = uses.every((u) => idle.has(`${u.namespace}/${u.workload}`));
      if (scenarioIdle) return { activity: IDLE_ACTIVITY, idle: true };
      const sum = uses.reduce(
        (s, u) => s + (idle.has(`${u.namespace}/${u.workload}`) ? 0 : (ROLE_ACTIVITY[u.role] ?? 0.25)),
        0,
      );
      return { activity: Math.min(1, Math.max(0.06, sum + wobble(key))), idle: false };
    };
    const migProfiles = Object.keys(allocatable)
      .filter((k) => k.startsWith('nvidia.com/mig-'))
      .map((k) => ({
        resource: k,
        profile: k.slice('nvidia.com/mig-'.length),
        total: parseQuantity(allocatable[k]) ?? 0,
      }))
      .filter((p) => p.total > 0)
      .sort((a, b) => (a.profile < b.profile ? -1 : 1));

    if (migProfiles.length > 0) {
      // MIG: each profile's instances spread evenly over the GPUs; pods fill them in name order.
      const slotsByProfile = new Map<string, Array<PodUse[]>>();
      for (const p of migProfiles) {
        const uses = pods.map((pod) => podUse(pod, p.resource)).filter((u): u is PodUse => u !== null);
        slotsByProfile.set(p.profile, assignSlots(uses, p.total));
      }
      for (let gpu = 0; gpu < count; gpu++) {
        devices.push({
          ...base(gpu),
          migProfile: null,
          migInstance: null,
          pods: [],
          activity: null,
          fbTotalMiB: memoryMiB,
          fbUsedMiB: 0,
          powerWatts: 0,
          temperatureC: 0,
          xid: xidOf(gpu),
          rowRemapFailure: 0,
          idleByScenario: false,
        });
        const parent = devices[devices.length - 1] as SimGpuDevice;
        let instance = 1;
        let parentActivity = 0;
        for (const p of migProfiles) {
          const perGpu = Math.floor(p.total / count);
          const slots = slotsByProfile.get(p.profile) ?? [];
          const slices = Number(p.profile.split('g.')[0]) || 1;
          for (let k = 0; k < perGpu; k++) {
            const uses = slots[gpu * perGpu + k] ?? [];
            const key = `${name}/${gpu}/${instance}`;
            const { activity, idle: scenarioIdle } = activityOf(uses, key);
            const fbTotal = Math.round((memoryMiB * slices) / 8);
            devices.push({
              ...base(gpu),
              migProfile: p.profile,
              migInstance: instance,
              pods: uses.map(({ count: _c, ...u }) => u),
              activity,
              fbTotalMiB: fbTotal,
              fbUsedMiB: uses.length === 0 ? 0 : Math.round(fbTotal * (scenarioIdle ? 0.3 : 0.6)),
              powerWatts: null,
              temperatureC: null,
              xid: null,
              rowRemapFailure: null,
              idleByScenario: scenarioIdle,
            });
            parentActivity += (activity * slices) / 7;
            instance++;
          }
        }
        parent.powerWatts = round1(tdp * 0.1 + tdp * 0.9 * Math.min(1, parentActivity));
        parent.temperatureC = Math.round(32 + Math.min(1, parentActivity) * 40);
      }
      continue;
    }

    // Whole GPUs, or time-sliced replicas of them.
    const replicas = Math.max(1, Number(labels['nvidia.com/gpu.replicas'] ?? 1) || 1);
    const gpuAllocatable = parseQuantity(allocatable['nvidia.com/gpu']) ?? 0;
    const uses = pods.map((pod) => podUse(pod, 'nvidia.com/gpu')).filter((u): u is PodUse => u !== null);
    const slots = assignSlots(uses, Math.max(gpuAllocatable, count * replicas));
    for (let gpu = 0; gpu < count; gpu++) {
      const sharing = slots.slice(gpu * replicas, (gpu + 1) * replicas).flat();
      const unique = [...new Map(sharing.map((u) => [u.name, u])).values()];
      const { activity, idle: scenarioIdle } = activityOf(unique, `${name}/${gpu}`);
      const xid = xidOf(gpu);
      const fallen = xid === 79;
      devices.push({
        ...base(gpu),
        migProfile: null,
        migInstance: null,
        pods: unique.map(({ count: _c, ...u }) => u),
        activity: fallen ? 0 : activity,
        fbTotalMiB: memoryMiB,
        fbUsedMiB:
          unique.length === 0
            ? 0
            : Math.round(memoryMiB * (scenarioIdle ? 0.15 : 0.55 + hash(`${name}/${gpu}`) * 0.35)),
        powerWatts: round1(tdp * 0.1 + tdp * 0.9 * (fallen ? 0 : activity)),
        temperatureC: Math.round(32 + (fallen ? 0 : activity) * 40),
        xid,
        rowRemapFailure: 0,
        idleByScenario: scenarioIdle,
      });
    }
  }
  return devices;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
