import type { NodeRecord, PodRecord } from '@fleetscope/types';
import { isTerminalPhase } from '../data-plane/tally.ts';
import { placementRejection, untoleratedTaint } from '../pods/placement.ts';
import { nodeAttributes } from '../pods/pod-findings.ts';
import { GPU_RESOURCE, MIG_RESOURCE_PREFIX, SHARED_GPU_RESOURCE } from '../projection/gpu-resources.ts';
import { driverVersionOf } from '../projection/pool.ts';
import { compareText } from '../verdict/text.ts';
import {
  type FitVerdict,
  type Fragmentation,
  fitRequest,
  type MovablePod,
  measureFragmentation,
  type NodeFree,
} from './fragmentation.ts';

/** A node whose device plugin holds back some of its GPUs as unhealthy. */
export interface UnhealthyGpus {
  node: string;
  /** nvidia.com/gpu capacity (every device) and allocatable (healthy devices). */
  capacity: number;
  allocatable: number;
  attributes: Record<string, string>;
}

/** How a pool's GPUs are offered to pods. */
export type SharingMode = 'none' | 'mig-single' | 'mig-mixed' | 'time-slicing' | 'mps';

export interface NotUsableYet {
  node: string;
  reason: string;
  /** The node's grouping keys (pool, GPU product, driver, instance type, zone) for scope triage. */
  attributes: Record<string, string>;
}

/** One GPU-like resource of a pool, counted over its usable nodes. */
export interface PoolResource {
  resource: string;
  /** Allocatable over usable nodes. */
  allocatable: number;
  /** Requests of non-terminal pods bound to usable nodes. */
  requested: number;
  free: number;
  fragmentation: Fragmentation;
}

/** A pool's GPU inventory: what it is, what can be used now, and what is left per node. */
export interface PoolInventory {
  pool: string;
  /** The GPU product most of its nodes report ("" when none does). */
  sku: string;
  instanceTypes: string[];
  /** GPUs per node as its nodes report them (nvidia.com/gpu.count, else capacity); the most common value. */
  gpusPerNode: number;
  sharing: { mode: SharingMode; migProfiles: string[]; replicas: number | null };
  /** Driver versions and how many nodes run each, most first; more than one is a finding. */
  driverVersions: { version: string; nodes: number }[];
  nodes: { total: number; ready: number; usable: number; cordoned: number };
  /** GPU nodes that exist but cannot take GPU pods yet, each with why — never counted as zero capacity. */
  notUsableYet: NotUsableYet[];
  /**
   * Usable nodes that advertise fewer whole GPUs than they have: the device plugin reports the
   * missing ones unhealthy (kubelet's allocatable counts healthy devices only, capacity all of them).
   */
  unhealthyGpus: UnhealthyGpus[];
  resources: PoolResource[];
}

export { driverVersionOf };

const LABEL = {
  present: 'nvidia.com/gpu.present',
  count: 'nvidia.com/gpu.count',
  replicas: 'nvidia.com/gpu.replicas',
  sharing: 'nvidia.com/gpu.sharing-strategy',
  migStrategy: 'nvidia.com/mig.strategy',
  migState: 'nvidia.com/mig.config.state',
  karpenterRegistered: 'karpenter.sh/registered',
  karpenterInitialized: 'karpenter.sh/initialized',
} as const;

function hasGpu(node: NodeRecord): boolean {
  return (
    node.labels[LABEL.present] === 'true' ||
    node.gpuProduct !== '' ||
    node.gpuCapacity > 0 ||
    Object.keys(node.gpuExtended).length > 0
  );
}

function gpuAllocatable(node: NodeRecord): number {
  let sum = node.gpuAllocatable;
  for (const value of Object.values(node.gpuExtended)) sum += value;
  return sum;
}

/** Why a GPU node cannot take GPU pods yet, or null when it can (or is simply not Ready/cordoned). */
export function notUsableReason(node: NodeRecord, podsOnNode: readonly PodRecord[]): string | null {
  if (!hasGpu(node)) return null;
  // Karpenter labels a node registered when it joins and initialized once it is ready for pods;
  // older Karpenter versions set neither, so only "registered but not initialized" counts.
  const karpenter = node.labels[LABEL.karpenterRegistered] === 'true';
  if (karpenter && node.labels[LABEL.karpenterInitialized] !== 'true') {
    return 'Karpenter node launched, not initialized yet';
  }
  const mig = node.labels[LABEL.migState];
  if (mig === 'pending' || mig === 'rebooting' || mig === 'failed') return `MIG reconfiguration ${mig}`;
  const validator = podsOnNode.find(
    (p) => p.labels.app === 'nvidia-operator-validator' && !isTerminalPhase(p.phase) && !p.ready,
  );
  if (validator !== undefined) {
    const waiting = validator.containers.find((c) => c.init && c.waitingReason !== '' && !c.ready);
    return `GPU Operator validation not done${waiting === undefined ? '' : ` (${waiting.name} ${waiting.waitingReason})`}`;
  }
  if (gpuAllocatable(node) === 0)
    return 'GPU present but no GPU allocatable yet (device plugin not registered?)';
  return null;
}

function sharingOf(nodes: readonly NodeRecord[]): PoolInventory['sharing'] {
  const profiles = new Set<string>();
  let replicas: number | null = null;
  let mode: SharingMode = 'none';
  for (const node of nodes) {
    for (const resource of Object.keys(node.gpuExtended)) {
      if (resource.startsWith(MIG_RESOURCE_PREFIX)) profiles.add(resource.slice(MIG_RESOURCE_PREFIX.length));
    }
    const strategy = node.labels[LABEL.migStrategy];
    const sharing = node.labels[LABEL.sharing];
    const r = Number(node.labels[LABEL.replicas]);
    if (Number.isInteger(r) && r > 1) replicas = Math.max(replicas ?? 0, r);
    if (profiles.size > 0 || strategy === 'mixed') mode = 'mig-mixed';
    else if (strategy === 'single' && /-MIG-/.test(node.gpuProduct)) mode = 'mig-single';
    else if (mode === 'none' && (sharing === 'time-slicing' || sharing === 'mps')) mode = sharing;
    else if (mode === 'none' && (node.gpuExtended[SHARED_GPU_RESOURCE] ?? 0) > 0) mode = 'time-slicing';
  }
  return { mode, migProfiles: [...profiles].sort(compareText), replicas };
}

function mostCommon<T>(values: readonly T[], fallback: T): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [v, n] of counts) {
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

/** Requests of one pod per GPU-like resource. */
function podRequests(pod: PodRecord): [string, number][] {
  const out: [string, number][] = [];
  if (pod.gpuRequest > 0) out.push([GPU_RESOURCE, pod.gpuRequest]);
  for (const [resource, n] of Object.entries(pod.gpuExtendedRequest)) if (n > 0) out.push([resource, n]);
  return out;
}

function allocatableOf(node: NodeRecord, resource: string): number {
  return resource === GPU_RESOURCE ? node.gpuAllocatable : (node.gpuExtended[resource] ?? 0);
}

const SINGULAR_VERBS: Readonly<Record<string, string>> = {
  are: 'is',
  "don't": "doesn't",
  have: 'has',
  lack: 'lacks',
};

/** "lack 4 free …" → "lacks 4 free …" for one node. */
export function singular(reason: string): string {
  const [verb = '', ...rest] = reason.split(' ');
  return [SINGULAR_VERBS[verb] ?? verb, ...rest].join(' ');
}

/** What the pool inventory needs about the cluster: its nodes and its pods by node. */
export interface InventoryInput {
  nodes: readonly NodeRecord[];
  /** Non-terminal and terminal pods alike; terminal ones are ignored. */
  pods: readonly PodRecord[];
}

/**
 * One node with what its bound pods request, per resource, and whether it can take GPU pods now.
 * Built from the node and the pods bound to it (any phase; terminal ones are ignored).
 */
export interface NodeView {
  node: NodeRecord;
  usable: boolean;
  notUsable: string | null;
  requested: ReadonlyMap<string, number>;
  /** Non-terminal pods bound to the node. */
  pods: readonly PodRecord[];
  /**
   * cpu (millicores) and memory (bytes) requested by those pods, summed once per view; null when
   * some pod's request is unknown (the fit check then cannot judge that resource on this node).
   */
  cpuRequested: number | null;
  memoryRequested: number | null;
}

type NodeState = NodeView;

/** A node's view from the pods bound to it (e.g. the store's pods-by-node index). */
export function nodeView(node: NodeRecord, podsOnNode: Iterable<PodRecord>): NodeView {
  const requested = new Map<string, number>();
  const pods: PodRecord[] = [];
  let cpuRequested: number | null = 0;
  let memoryRequested: number | null = 0;
  for (const pod of podsOnNode) {
    if (isTerminalPhase(pod.phase)) continue;
    pods.push(pod);
    // Absent (a record from before these fields) or null: unknown, and so is the node's sum.
    cpuRequested = cpuRequested === null || pod.cpuRequest == null ? null : cpuRequested + pod.cpuRequest;
    memoryRequested =
      memoryRequested === null || pod.memoryRequest == null ? null : memoryRequested + pod.memoryRequest;
    for (const [resource, n] of podRequests(pod)) requested.set(resource, (requested.get(resource) ?? 0) + n);
  }
  const notUsable = notUsableReason(node, pods);
  return {
    node,
    usable: node.ready === true && !node.unschedulable && notUsable === null,
    notUsable,
    requested,
    pods,
    cpuRequested,
    memoryRequested,
  };
}

function nodeStates(input: InventoryInput): Map<string, NodeState> {
  const podsByNode = new Map<string, PodRecord[]>();
  for (const pod of input.pods) {
    if (pod.nodeName === '') continue;
    const list = podsByNode.get(pod.nodeName) ?? [];
    list.push(pod);
    podsByNode.set(pod.nodeName, list);
  }
  const states = new Map<string, NodeState>();
  for (const node of input.nodes) states.set(node.name, nodeView(node, podsByNode.get(node.name) ?? []));
  return states;
}

/** Whether a node counts in GPU pools at all (GPU present, by label, product, capacity or resources). */
export function isGpuNode(node: NodeRecord): boolean {
  return hasGpu(node);
}

/**
 * GPU pools of one cluster (nodes grouped by `NodeRecord.pool`, the configurable pool rule applied
 * at projection), GPU pools only. Capacity is counted over usable nodes (Ready, schedulable, not
 * waiting for drivers, validation, MIG or Karpenter); the rest are listed with their reason.
 * Fragmentation per resource uses the pool's own request mix (its pods' request sizes).
 */
export function inventoryPools(input: InventoryInput): PoolInventory[] {
  const byPool = new Map<string, NodeState[]>();
  for (const state of nodeStates(input).values()) {
    if (!hasGpu(state.node)) continue;
    const list = byPool.get(state.node.pool) ?? [];
    list.push(state);
    byPool.set(state.node.pool, list);
  }
  return [...byPool]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([pool, members]) => inventoryPool(pool, members));
}

/** One pool's inventory from its nodes' views (the API recomputes only pools whose nodes or pods changed). */
export function inventoryPool(pool: string, views: readonly NodeView[]): PoolInventory {
  const members = [...views].sort((a, b) => compareText(a.node.name, b.node.name));
  const nodes = members.map((m) => m.node);
  const usable = members.filter((m) => m.usable);
  const resources = new Set<string>();
  for (const m of members) {
    if (m.node.gpuAllocatable > 0 || m.node.gpuCapacity > 0) resources.add(GPU_RESOURCE);
    for (const r of Object.keys(m.node.gpuExtended)) resources.add(r);
    for (const r of m.requested.keys()) resources.add(r);
  }
  const gpusPerNode = mostCommon(
    nodes.map((n) => Number(n.labels[LABEL.count] ?? n.gpuCapacity) || n.gpuCapacity),
    0,
  );
  const drivers = new Map<string, number>();
  for (const n of nodes) {
    const v = driverVersionOf(n);
    if (v !== null) drivers.set(v, (drivers.get(v) ?? 0) + 1);
  }
  return {
    pool,
    sku: mostCommon(
      nodes.map((n) => n.gpuProduct).filter((p) => p !== ''),
      '',
    ),
    instanceTypes: [
      ...new Set(
        nodes
          .map((n) => n.labels['node.kubernetes.io/instance-type'])
          .filter((t): t is string => t !== undefined && t !== ''),
      ),
    ].sort(compareText),
    gpusPerNode,
    sharing: sharingOf(nodes),
    driverVersions: [...drivers]
      .map(([version, count]) => ({ version, nodes: count }))
      .sort((a, b) => b.nodes - a.nodes || compareText(a.version, b.version)),
    nodes: {
      total: nodes.length,
      ready: nodes.filter((n) => n.ready === true).length,
      usable: usable.length,
      cordoned: nodes.filter((n) => n.unschedulable).length,
    },
    notUsableYet: members.flatMap((m) =>
      m.notUsable === null
        ? []
        : [{ node: m.node.name, reason: m.notUsable, attributes: nodeAttributes(m.node) }],
    ),
    unhealthyGpus: members.flatMap((m) =>
      m.notUsable === null && m.node.gpuCapacity > m.node.gpuAllocatable
        ? [
            {
              node: m.node.name,
              capacity: m.node.gpuCapacity,
              allocatable: m.node.gpuAllocatable,
              attributes: nodeAttributes(m.node),
            },
          ]
        : [],
    ),
    resources: [...resources]
      .sort((a, b) => (a === GPU_RESOURCE ? -1 : b === GPU_RESOURCE ? 1 : compareText(a, b)))
      .map((resource) => {
        const free: NodeFree[] = usable.map((m) => ({
          node: m.node.name,
          free: Math.max(0, allocatableOf(m.node, resource) - (m.requested.get(resource) ?? 0)),
        }));
        const mix = new Map<number, number>();
        for (const m of members) {
          for (const pod of m.pods) {
            const n = podRequests(pod).find(([r]) => r === resource)?.[1];
            if (n !== undefined) mix.set(n, (mix.get(n) ?? 0) + 1);
          }
        }
        const allocatable = usable.reduce((sum, m) => sum + allocatableOf(m.node, resource), 0);
        const requested = usable.reduce((sum, m) => sum + (m.requested.get(resource) ?? 0), 0);
        return {
          resource,
          allocatable,
          requested,
          free: free.reduce((sum, n) => sum + n.free, 0),
          fragmentation: measureFragmentation(free, mix, resource === GPU_RESOURCE ? gpusPerNode : 1),
        };
      }),
  };
}

/** A pending GPU pod, fitted per node like the scheduler's filters. */
export interface PendingFit {
  pod: PodRecord;
  resource: string;
  request: number;
  /** Fitted against the nodes that pass every other filter (placement, readiness, GPU readiness). */
  verdict: FitVerdict;
  /** The largest free on one such node, and where. */
  largest: { free: number; node: string | null };
  nodesTotal: number;
  /** Nodes that pass every filter but resources. */
  candidates: number;
  /** Our own histogram, in the scheduler's shape: why each group of nodes cannot take it. */
  rejected: { reason: string; nodes: number }[];
  /** "0/13 nodes: 6 lack 4 free nvidia.com/gpu (largest free: 3 on gpu-12), 6 don't match its node selector/affinity, 1 …" */
  explanation: string;
}

/**
 * Fits every pending GPU pod (not yet bound, not terminal) the way the scheduler filters nodes —
 * cordoned, node selector and required affinity, untolerated taints, not Ready, GPUs not usable yet,
 * then free capacity of the resource it asks on each remaining node, never against pool totals —
 * and, when fragmentation blocks it, the fewest bound pods to move to make room.
 */
export function fitPendingGpuPods(input: InventoryInput): PendingFit[] {
  return fitPending([...nodeStates(input).values()], input.pods);
}

/** {@link fitPendingGpuPods} over node views the caller keeps (every node of the cluster). */
export function fitPending(views: readonly NodeView[], pods: Iterable<PodRecord>): PendingFit[] {
  const states = [...views].sort((a, b) => compareText(a.node.name, b.node.name));
  const out: PendingFit[] = [];
  for (const pod of pods) {
    if (pod.nodeName !== '' || isTerminalPhase(pod.phase)) continue;
    for (const [resource, request] of podRequests(pod)) {
      const counts = new Map<string, number>();
      const reject = (reason: string): void => {
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
      };
      const candidates: NodeState[] = [];
      for (const state of states) {
        const rejection = placementRejection(pod.placement, state.node);
        if (rejection === 'unschedulable') reject('are cordoned');
        else if (rejection === 'node-affinity') reject("don't match its node selector/affinity");
        else if (rejection === 'taint') {
          const taint = pod.placement === undefined ? null : untoleratedTaint(pod.placement, state.node);
          reject(
            `have an untolerated taint${taint === null ? '' : ` ${taint.key}${taint.value === '' ? '' : `=${taint.value}`}:${taint.effect}`}`,
          );
        } else if (state.node.ready !== true) reject('are not Ready');
        else if (state.notUsable !== null) reject('have GPUs not usable yet');
        else candidates.push(state);
      }
      const free: NodeFree[] = candidates.map((s) => ({
        node: s.node.name,
        free: Math.max(0, allocatableOf(s.node, resource) - (s.requested.get(resource) ?? 0)),
      }));
      let largest: PendingFit['largest'] = { free: 0, node: null };
      for (const n of free) if (n.free > largest.free) largest = { free: n.free, node: n.node };
      const short = free.filter((n) => n.free < request).length;
      if (short > 0) {
        const where = largest.node === null ? '' : ` (largest free: ${largest.free} on ${largest.node})`;
        counts.set(`lack ${request} free ${resource}${where}`, short);
      }
      const movable: MovablePod[] = candidates.flatMap((s) =>
        s.pods.flatMap((p) => {
          const n = podRequests(p).find(([r]) => r === resource)?.[1];
          return n === undefined ? [] : [{ key: `${p.namespace}/${p.name}`, node: s.node.name, request: n }];
        }),
      );
      const verdict = fitRequest(request, free, movable);
      const rejected = [...counts]
        .map(([reason, nodes]) => ({ reason, nodes }))
        .sort((a, b) => b.nodes - a.nodes || compareText(a.reason, b.reason));
      const fitting = verdict.fittingNodes.length;
      const explanation = `${fitting}/${states.length} nodes${rejected.length === 0 ? '' : `: ${rejected.map((r) => `${r.nodes} ${r.nodes === 1 ? singular(r.reason) : r.reason}`).join(', ')}`}`;
      out.push({
        pod,
        resource,
        request,
        verdict,
        largest,
        nodesTotal: states.length,
        candidates: candidates.length,
        rejected,
        explanation,
      });
    }
  }
  return out;
}
