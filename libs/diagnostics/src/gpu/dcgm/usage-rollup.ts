import {
  DEFAULT_GPU_BUSY_THRESHOLD,
  type GpuDeviceUsage,
  type NodeRecord,
  type PodRecord,
} from '@fleetscope/types';
import { isTerminalPhase } from '../../data-plane/tally.ts';
import { GPU_RESOURCE, MIG_RESOURCE_PREFIX } from '../../projection/gpu-resources.ts';
import { compareText } from '../../verdict/text.ts';
import { deviceActivity } from './activity.ts';
import { isCriticalXid } from './counters.ts';

/** Allocation against use for one group (a resource, a pool, a namespace). */
export interface GpuUsageCounts {
  /** Units requested by non-terminal pods bound to nodes (what Kubernetes says). */
  allocated: number;
  /**
   * Allocated units on devices whose engine activity is at or over the threshold (a unit is a GPU, a
   * MIG instance, or a time-sliced replica); null when usage is unknown. Where the exporter does not
   * say which pod holds which device, a node's units are shared over its pods by request.
   */
  activelyUsed: number | null;
  /** Allocated units on idle devices; null when usage is unknown. activelyUsed + idleAllocated + usageUnknown = allocated. */
  idleAllocated: number | null;
  /** Allocated units no engine reading covers (no device matched, or no engine counter). */
  usageUnknown: number;
}

export interface GpuUsageByResource extends GpuUsageCounts {
  resource: string;
}

export interface GpuUsageByPool extends GpuUsageCounts {
  pool: string;
  resource: string;
}

export interface GpuUsageByNamespace extends GpuUsageCounts {
  pool: string;
  namespace: string;
  team: string;
  resource: string;
}

/** A device worth naming: allocated but idle, or unhealthy. */
export interface GpuDeviceRef {
  node: string;
  pool: string;
  gpu: string;
  uuid: string;
  migProfile: string | null;
  migInstance: string | null;
  engineActive: number | null;
  pods: string[];
  podSource: GpuDeviceUsage['podSource'];
}

export interface UnhealthyGpu extends GpuDeviceRef {
  /** "XID 79", "row-remap failure". */
  reasons: string[];
  lastXid: number | null;
  xidChangedAt: number | null;
}

export interface ClusterGpuUsage {
  cluster: string;
  /** False when no DCGM data covers the cluster: every use figure is then null, never 0. */
  usageKnown: boolean;
  byResource: GpuUsageByResource[];
  byPool: GpuUsageByPool[];
  byNamespace: GpuUsageByNamespace[];
  /** Allocated devices that are idle, with their pods (idlest first). */
  idleAllocated: GpuDeviceRef[];
  /** Devices with a critical XID that changed within the window, or a row-remap failure. */
  unhealthy: UnhealthyGpu[];
  /** Devices DCGM reported (GPUs and MIG instances). */
  devices: number;
}

export interface GpuUsageInput {
  cluster: string;
  nodes: Iterable<NodeRecord>;
  pods: (node: string) => readonly PodRecord[];
  /** Null when usage is unknown (no DCGM source, nothing read yet). */
  devices: readonly GpuDeviceUsage[] | null;
  now: number;
  /** A critical XID counts as unhealthy for this long after it changed. Default 1 h. */
  xidWindowMs?: number;
  busyThreshold?: number;
  /** Team of a namespace (its `team` label where namespaces are known); default the namespace. */
  teamOf?: (namespace: string) => string;
}

const DEFAULT_XID_WINDOW_MS = 3_600_000;

interface Acc {
  allocated: number;
  used: number;
  idle: number;
  unknown: number;
}

const emptyAcc = (): Acc => ({ allocated: 0, used: 0, idle: 0, unknown: 0 });

function add(map: Map<string, Acc>, key: string, delta: Partial<Acc>): void {
  const acc = map.get(key) ?? emptyAcc();
  acc.allocated += delta.allocated ?? 0;
  acc.used += delta.used ?? 0;
  acc.idle += delta.idle ?? 0;
  acc.unknown += delta.unknown ?? 0;
  map.set(key, acc);
}

function resourceOf(device: GpuDeviceUsage): string {
  return device.migProfile === null ? GPU_RESOURCE : `${MIG_RESOURCE_PREFIX}${device.migProfile}`;
}

function podRequests(pod: PodRecord): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  if (pod.gpuRequest > 0) out.push([GPU_RESOURCE, pod.gpuRequest]);
  for (const [resource, n] of Object.entries(pod.gpuExtendedRequest)) if (n > 0) out.push([resource, n]);
  return out;
}

/**
 * Allocation against real use for one cluster, per resource, pool and namespace (and team), with the
 * idle-allocated devices and their pods, and the unhealthy ones. Where the exporter attributes
 * devices to pods, each device counts for its pod's namespace; where it does not (podSource
 * NODE_PODS), a node's busy devices are shared over its GPU pods in proportion to their requests —
 * the most that can be said without the pod-resources mapping.
 */
export function rollUpGpuUsage(input: GpuUsageInput): ClusterGpuUsage {
  const threshold = input.busyThreshold ?? DEFAULT_GPU_BUSY_THRESHOLD;
  const teamOf = input.teamOf ?? ((ns: string) => ns);
  const known = input.devices !== null;
  const devicesByNode = new Map<string, GpuDeviceUsage[]>();
  for (const d of input.devices ?? []) {
    const list = devicesByNode.get(d.node) ?? [];
    list.push(d);
    devicesByNode.set(d.node, list);
  }
  const byResource = new Map<string, Acc>();
  const byPool = new Map<string, Acc>();
  const byNamespace = new Map<string, Acc>();
  const idleAllocated: GpuDeviceRef[] = [];
  const unhealthy: UnhealthyGpu[] = [];
  const windowMs = input.xidWindowMs ?? DEFAULT_XID_WINDOW_MS;
  const nodePool = new Map<string, string>();

  for (const node of input.nodes) {
    nodePool.set(node.name, node.pool);
    const pods = input.pods(node.name).filter((p) => !isTerminalPhase(p.phase));
    const devices = devicesByNode.get(node.name) ?? [];
    // Per resource on this node: the pods requesting it and the devices serving it.
    const requests = new Map<string, Array<{ pod: PodRecord; n: number }>>();
    for (const pod of pods) {
      for (const [resource, n] of podRequests(pod)) {
        const list = requests.get(resource) ?? [];
        list.push({ pod, n });
        requests.set(resource, list);
      }
    }
    const parents = new Set(devices.filter((d) => d.migInstance !== null).map((d) => d.gpu));
    const serving = new Map<string, GpuDeviceUsage[]>();
    for (const d of devices) {
      // A MIG parent's work is on its instances.
      if (d.migInstance === null && parents.has(d.gpu)) continue;
      const resource = resourceOf(d);
      const list = serving.get(resource) ?? [];
      list.push(d);
      serving.set(resource, list);
    }
    for (const [resource, reqs] of requests) {
      const allocated = reqs.reduce((s, r) => s + r.n, 0);
      const key = (ns: string): string => `${node.pool}\u0000${ns}\u0000${resource}`;
      add(byResource, resource, { allocated });
      add(byPool, `${node.pool}\u0000${resource}`, { allocated });
      for (const r of reqs) add(byNamespace, key(r.pod.namespace), { allocated: r.n });
      if (!known) continue;
      const devs = serving.get(resource) ?? [];
      const labelled = devs.some((d) => d.podSource === 'EXPORTER_LABELS');
      // Time-slicing: one device serves `replicas` allocated units.
      const replicas =
        resource === GPU_RESOURCE ? Math.max(1, Number(node.labels['nvidia.com/gpu.replicas'] ?? 1) || 1) : 1;
      // Units over the node's pods in proportion to their requests (no per-device attribution).
      const spread = (used: number, idle: number, unknown: number): void => {
        add(byResource, resource, { used, idle, unknown });
        add(byPool, `${node.pool}\u0000${resource}`, { used, idle, unknown });
        for (const r of reqs) {
          const share = r.n / allocated;
          add(byNamespace, key(r.pod.namespace), {
            used: used * share,
            idle: idle * share,
            unknown: unknown * share,
          });
        }
      };
      const activities = (list: readonly GpuDeviceUsage[]): { busy: number; idle: number } => ({
        busy: list.filter((d) => deviceActivity(d, threshold) === 'BUSY').length,
        idle: list.filter((d) => deviceActivity(d, threshold) === 'IDLE').length,
      });
      if (labelled && replicas === 1) {
        // Each device counts for the namespace of its (first) pod.
        let covered = 0;
        for (const d of devs) {
          const owner = d.pods[0];
          if (owner === undefined) continue;
          const ns = owner.slice(0, owner.indexOf('/'));
          const activity = deviceActivity(d, threshold);
          const delta =
            activity === 'BUSY' ? { used: 1 } : activity === 'IDLE' ? { idle: 1 } : { unknown: 1 };
          add(byResource, resource, delta);
          add(byPool, `${node.pool}\u0000${resource}`, delta);
          add(byNamespace, key(ns), delta);
          covered++;
        }
        const rest = Math.max(0, allocated - covered);
        if (rest > 0) {
          add(byResource, resource, { unknown: rest });
          add(byPool, `${node.pool}\u0000${resource}`, { unknown: rest });
        }
      } else if (labelled) {
        // Time-sliced and labelled: the exporter names one pod per GPU, so the node's units are shared
        // over the GPUs that hold any pod, busy or idle as those GPUs are.
        const owned = devs.filter((d) => d.pods.length > 0);
        const { busy, idle } = activities(owned);
        if (owned.length === 0) spread(0, 0, allocated);
        else {
          const used = (allocated * busy) / owned.length;
          const idleUnits = (allocated * idle) / owned.length;
          spread(used, idleUnits, allocated - used - idleUnits);
        }
      } else {
        // No attribution: at most `allocated` units of the node's devices are the pods'; the busy ones first.
        const { busy, idle } = activities(devs);
        const used = Math.min(allocated, busy * replicas);
        const idleUnits = Math.min(allocated - used, idle * replicas);
        spread(used, idleUnits, allocated - used - idleUnits);
      }
    }
  }

  // A MIG GPU's health is its parent device's: its instances (which share it) are not listed again.
  const migParents = new Set(
    (input.devices ?? []).filter((d) => d.migInstance !== null).map((d) => `${d.node}/${d.gpu}`),
  );
  const hasParent = new Set(
    (input.devices ?? [])
      .filter((d) => d.migInstance === null && migParents.has(`${d.node}/${d.gpu}`))
      .map((d) => `${d.node}/${d.gpu}`),
  );
  for (const d of input.devices ?? []) {
    const pool = nodePool.get(d.node) ?? '';
    const ref: GpuDeviceRef = {
      node: d.node,
      pool,
      gpu: d.gpu,
      uuid: d.uuid,
      migProfile: d.migProfile,
      migInstance: d.migInstance,
      engineActive: d.engineActive,
      pods: d.pods,
      podSource: d.podSource,
    };
    if (d.podSource === 'EXPORTER_LABELS' && d.pods.length > 0 && deviceActivity(d, threshold) === 'IDLE') {
      idleAllocated.push(ref);
    }
    const reasons: string[] = [];
    if (
      d.lastXid !== null &&
      isCriticalXid(d.lastXid) &&
      d.xidChangedAt !== null &&
      input.now - d.xidChangedAt <= windowMs
    ) {
      reasons.push(`XID ${d.lastXid}`);
    }
    if (d.rowRemapFailure === true) reasons.push('row-remap failure');
    if (d.migInstance !== null && hasParent.has(`${d.node}/${d.gpu}`)) continue;
    if (reasons.length > 0)
      unhealthy.push({ ...ref, reasons, lastXid: d.lastXid, xidChangedAt: d.xidChangedAt });
  }
  idleAllocated.sort(
    (a, b) =>
      (a.engineActive ?? 0) - (b.engineActive ?? 0) ||
      compareText(a.node, b.node) ||
      compareText(a.gpu, b.gpu),
  );

  const counts = (acc: Acc): GpuUsageCounts => ({
    allocated: acc.allocated,
    activelyUsed: known ? round(acc.used) : null,
    idleAllocated: known ? round(acc.idle) : null,
    usageUnknown: known ? round(acc.unknown) : acc.allocated,
  });
  const split = (key: string): string[] => key.split('\u0000');
  return {
    cluster: input.cluster,
    usageKnown: known,
    byResource: [...byResource]
      .map(([resource, acc]) => ({ resource, ...counts(acc) }))
      .sort((a, b) => resourceOrder(a.resource, b.resource)),
    byPool: [...byPool]
      .map(([key, acc]) => {
        const [pool = '', resource = ''] = split(key);
        return { pool, resource, ...counts(acc) };
      })
      .sort((a, b) => compareText(a.pool, b.pool) || resourceOrder(a.resource, b.resource)),
    byNamespace: [...byNamespace]
      .map(([key, acc]) => {
        const [pool = '', namespace = '', resource = ''] = split(key);
        return { pool, namespace, team: teamOf(namespace), resource, ...counts(acc) };
      })
      .sort(
        (a, b) =>
          compareText(a.pool, b.pool) ||
          compareText(a.namespace, b.namespace) ||
          resourceOrder(a.resource, b.resource),
      ),
    idleAllocated,
    unhealthy,
    devices: input.devices?.length ?? 0,
  };
}

function resourceOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === GPU_RESOURCE) return -1;
  if (b === GPU_RESOURCE) return 1;
  return compareText(a, b);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
