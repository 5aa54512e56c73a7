import type { NodeSlot, Taint } from './context.ts';

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** What a pod asks of a node, in numbers (cpu in cores, memory in bytes). */
export interface PodDemand {
  requests: Record<string, number>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/**
 * Why a node cannot take the pod, as kube-scheduler words it (reference/workload-diagnostics.md), or an
 * empty list when it fits. Filters run in the scheduler's order and stop at the first plugin that fails;
 * NodeResourcesFit can report several resources at once.
 */
export function filterReasons(node: NodeSlot, demand: PodDemand): string[] {
  if (node.unschedulable) return ['node(s) were unschedulable'];
  const blocking = node.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (blocking.some((t) => !tolerates(demand.tolerations, t))) return ['node(s) had untolerated taint(s)'];
  for (const [key, value] of Object.entries(demand.nodeSelector)) {
    if (node.labels[key] !== value) return ["node(s) didn't match Pod's node affinity/selector"];
  }
  const reasons: string[] = [];
  if (node.pods + 1 > node.maxPods) reasons.push('Too many pods');
  for (const [resource, amount] of Object.entries(demand.requests)) {
    if (amount <= 0) continue;
    const free = (node.allocatable[resource] ?? 0) - (node.used[resource] ?? 0);
    if (amount > free + 1e-9) reasons.push(`Insufficient ${resource}`);
  }
  return reasons;
}

/** Share of the node in use after adding the pod, averaged over cpu, memory and requested extended resources. */
function allocatedShare(node: NodeSlot, demand: PodDemand): number {
  const resources = [
    'cpu',
    'memory',
    ...Object.keys(demand.requests).filter((r) => r !== 'cpu' && r !== 'memory'),
  ];
  let total = 0;
  for (const r of resources) {
    const capacity = node.allocatable[r] ?? 0;
    total += capacity > 0 ? ((node.used[r] ?? 0) + (demand.requests[r] ?? 0)) / capacity : 1;
  }
  return total / resources.length;
}

/**
 * Picks a node like kube-scheduler's default LeastAllocated scoring (spread), ties broken by node order;
 * undefined when no node passes the filters.
 */
export function chooseNode(nodes: readonly NodeSlot[], demand: PodDemand): NodeSlot | undefined {
  let best: NodeSlot | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const node of nodes) {
    if (node.ready !== 'True') continue;
    if (filterReasons(node, demand).length > 0) continue;
    const score = allocatedShare(node, demand);
    if (score < bestScore - 1e-12) {
      best = node;
      bestScore = score;
    }
  }
  return best;
}

/** Records the pod's requests against the node. */
export function bindDemand(node: NodeSlot, demand: PodDemand): void {
  node.pods += 1;
  for (const [resource, amount] of Object.entries(demand.requests)) {
    node.used[resource] = (node.used[resource] ?? 0) + amount;
  }
}

function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort()
    .join(', ');
}

/**
 * The FailedScheduling message kube-scheduler would write for this pod: the filter histogram (sorted as
 * strings), then the preemption part. All simulated pods share one priority, so preemption finds no
 * victims where resources are short and is "not helpful" where a filter other than resources failed.
 */
export function unschedulableMessage(nodes: readonly NodeSlot[], demand: PodDemand): string {
  const reasons: string[] = [];
  const preemption: string[] = [];
  for (const node of nodes) {
    const nodeReasons = filterReasons(node, demand);
    reasons.push(...nodeReasons);
    const resourceOnly =
      nodeReasons.length > 0 &&
      nodeReasons.every((r) => r.startsWith('Insufficient ') || r === 'Too many pods');
    preemption.push(
      resourceOnly
        ? 'No preemption victims found for incoming pod'
        : 'Preemption is not helpful for scheduling',
    );
  }
  const n = nodes.length;
  return `0/${n} nodes are available: ${histogram(reasons)}. preemption: 0/${n} nodes are available: ${histogram(preemption)}.`;
}
