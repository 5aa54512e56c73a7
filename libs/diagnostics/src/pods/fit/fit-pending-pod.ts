import type {
  PersistentVolumeClaimRecord,
  PodRecord,
  RuntimeClassRecord,
  StorageClassRecord,
} from '@fleetscope/types';
import { type NodeView, singular } from '../../gpu/pools.ts';
import { compareText } from '../../verdict/text.ts';
import { matchesNodeAffinity, placementRejection, untoleratedTaint } from '../placement.ts';
import { interPodAffinity } from './inter-pod-affinity.ts';
import { formatAmount } from './quantities.ts';
import { fitResources, podResourceRequests, type ResourceVerdict } from './resources-fit.ts';
import { checkRuntimeClass } from './runtime-class.ts';
import { topologySpread } from './topology-spread.ts';
import { checkVolumes, type PreFilterRejection } from './volume-binding.ts';

export type { PreFilterRejection } from './volume-binding.ts';

/** What the fit check reads besides the pod: every node with its bound pods, and the pod's scheduling objects. */
export interface FitContext {
  /** Every node of the cluster with the requests of its bound pods (kept per node, not rebuilt per pod). */
  views: readonly NodeView[];
  /** null: not watched — the volume check is then UNKNOWN, never passed. */
  claims: readonly PersistentVolumeClaimRecord[] | null;
  storageClasses: readonly StorageClassRecord[] | null;
  /** null: not watched — the RuntimeClass check is then UNKNOWN. */
  runtimeClasses: readonly RuntimeClassRecord[] | null;
}

/** One bar of the histogram: a group of nodes one filter rejected for one reason. */
export interface FitReason {
  /** The kube-scheduler plugin that rejects them; null for our own checks (node not Ready, GPUs not usable yet). */
  plugin: string | null;
  /** The reason in the scheduler's words ("Insufficient cpu"); null when the scheduler has none for it. */
  scheduler: string | null;
  /** Ours, richer, for "<n> <ours>": "lack 2 free cpu (largest free: 1.5 on n-3)". */
  ours: string;
  nodes: number;
  /** For NodeResourcesFit: the resource short. */
  resource?: string;
}

/** A pending pod fitted against every node like the scheduler's filters. */
export interface PodFit {
  namespace: string;
  name: string;
  nodesTotal: number;
  /** Nodes that pass every filter we check. */
  fitting: number;
  /** Up to five of them, by name. */
  fittingNodes: string[];
  /** A rejection of the whole pod before any node (unbound claim, missing RuntimeClass); null when none. */
  prefilter: PreFilterRejection | null;
  /** Nodes per reason, most first; a node short of several resources counts under each, as in the scheduler's. */
  reasons: FitReason[];
  /** Checks we could not make and why ("volumes (PersistentVolumeClaims not watched)", "cpu on 2 nodes"). */
  unknown: string[];
  /** "0/40 nodes: 36 lack 4 free nvidia.com/gpu (largest free: 3 on gpu-node-12), 4 have an untolerated taint …" */
  explanation: string;
  /** The same in the scheduler's format ("0/40 nodes are available: …."); null when some node fits. */
  schedulerStyle: string | null;
}

/** A pod the fit check is for: not bound, not finished, not held by scheduling gates. */
export function isPendingUnbound(pod: PodRecord): boolean {
  return pod.nodeName === '' && pod.phase === 'Pending' && (pod.schedulingGates?.length ?? 0) === 0;
}

function taintText(taint: { key: string; value: string; effect: string }): string {
  return `${taint.key}${taint.value === '' ? '' : `=${taint.value}`}:${taint.effect}`;
}

/**
 * Fits one pending pod against every node, evaluating filters in kube-scheduler's order and counting
 * each node under the first filter that rejects it: PreFilter (claims, RuntimeClass), then per node
 * NodeUnschedulable, TaintToleration, NodeAffinity, (ours) node Ready and GPUs usable, NodeResourcesFit
 * (pod count, cpu, memory, GPU-like and other extended resources; several at once), PodTopologySpread,
 * InterPodAffinity. GPU requests are fitted per node, never against pool totals.
 */
export function fitPendingPod(pod: PodRecord, context: FitContext): PodFit {
  const views = [...context.views].sort((a, b) => compareText(a.node.name, b.node.name));
  const total = views.length;
  const unknown: string[] = [];
  const runtime = checkRuntimeClass(pod, context.runtimeClasses);
  const volumes = checkVolumes(pod, context.claims, context.storageClasses);
  unknown.push(...runtime.unknown, ...volumes.unknown);
  const prefilter = volumes.rejection ?? runtime.rejection;
  if (prefilter !== null) return finish(pod, total, [], [], prefilter, unknown);

  const placement = pod.placement;
  const requests = podResourceRequests(pod);
  // The pod's own request that is not a quantity (or a record from before it was kept): unknown.
  for (const [resource, amount] of [
    ['cpu', pod.cpuRequest],
    ['memory', pod.memoryRequest],
  ] as const) {
    if (amount == null) unknown.push(`its own ${resource} request (unknown)`);
  }
  const wantsGpu = pod.gpuRequest > 0 || Object.keys(pod.gpuExtendedRequest).length > 0;
  const affinity = interPodAffinity(pod, views);
  if (affinity !== null) unknown.push(...affinity.unknown);
  const spread = topologySpread(
    pod,
    views,
    (v) => placement === undefined || matchesNodeAffinity(placement, v.node),
  );

  const counts = new Map<string, FitReason>();
  const reject = (reason: Omit<FitReason, 'nodes'>): void => {
    const key = `${reason.plugin}\u0000${reason.ours}`;
    const held = counts.get(key);
    if (held === undefined) counts.set(key, { ...reason, nodes: 1 });
    else held.nodes++;
  };
  // NodeResourcesFit is judged on every node that reaches it first, then worded with the largest
  // free amount among them.
  const reached: { view: NodeView; verdict: ResourceVerdict }[] = [];
  const unknownResources = new Map<string, number>();
  const fitting: string[] = [];
  for (const view of views) {
    const { node } = view;
    const rejection = placementRejection(placement, node);
    if (rejection === 'unschedulable') {
      reject({ plugin: 'NodeUnschedulable', scheduler: 'node(s) were unschedulable', ours: 'are cordoned' });
      continue;
    }
    if (rejection === 'taint') {
      const taint = untoleratedTaint(
        placement ?? { nodeSelector: {}, requiredTerms: [], tolerations: [] },
        node,
      );
      reject({
        plugin: 'TaintToleration',
        scheduler:
          taint === null
            ? 'node(s) had untolerated taint(s)'
            : `node(s) had untolerated taint {${taint.key}: ${taint.value}}`,
        ours: `have an untolerated taint${taint === null ? '' : ` ${taintText(taint)}`}`,
      });
      continue;
    }
    if (rejection === 'node-affinity') {
      reject({
        plugin: 'NodeAffinity',
        scheduler: "node(s) didn't match Pod's node affinity/selector",
        ours: "don't match its node selector/affinity",
      });
      continue;
    }
    if (node.ready !== true) {
      reject({
        plugin: null,
        scheduler: null,
        ours: node.ready === false ? 'are not Ready' : 'have Ready unknown',
      });
      continue;
    }
    if (wantsGpu && view.notUsable !== null) {
      reject({ plugin: null, scheduler: null, ours: 'have GPUs not usable yet' });
      continue;
    }
    const verdict = fitResources(view, requests);
    for (const r of verdict.unknown) unknownResources.set(r, (unknownResources.get(r) ?? 0) + 1);
    reached.push({ view, verdict });
  }
  const largest = new Map<string, { free: number; node: string }>();
  largestFree(reached, requests, largest);
  for (const { view, verdict } of reached) {
    if (verdict.tooManyPods || verdict.short.length > 0) {
      if (verdict.tooManyPods) {
        reject({
          plugin: 'NodeResourcesFit',
          scheduler: 'Too many pods',
          ours: 'are full (allocatable pods reached)',
          resource: 'pods',
        });
      }
      for (const s of verdict.short) {
        const most = largest.get(s.resource);
        const where =
          most === undefined ? '' : ` (largest free: ${formatAmount(s.resource, most.free)} on ${most.node})`;
        reject({
          plugin: 'NodeResourcesFit',
          scheduler: `Insufficient ${s.resource}`,
          ours: `lack ${formatAmount(s.resource, s.amount)} free ${s.resource}${where}`,
          resource: s.resource,
        });
      }
      continue;
    }
    const spreadRejection = spread?.(view) ?? null;
    if (spreadRejection !== null) {
      reject(
        spreadRejection === 'missing-label'
          ? {
              plugin: 'PodTopologySpread',
              scheduler: "node(s) didn't match pod topology spread constraints (missing required label)",
              ours: 'lack the label its topology spread is keyed on',
            }
          : {
              plugin: 'PodTopologySpread',
              scheduler: "node(s) didn't match pod topology spread constraints",
              ours: 'would break its topology spread (maxSkew)',
            },
      );
      continue;
    }
    const affinityRejection = affinity?.reject(view) ?? null;
    if (affinityRejection === 'affinity') {
      reject({
        plugin: 'InterPodAffinity',
        scheduler: "node(s) didn't match pod affinity rules",
        ours: 'have no pod its affinity requires in their topology domain',
      });
      continue;
    }
    if (affinityRejection === 'anti-affinity') {
      reject({
        plugin: 'InterPodAffinity',
        scheduler: "node(s) didn't match pod anti-affinity rules",
        ours: 'have a pod its anti-affinity excludes in their topology domain',
      });
      continue;
    }
    fitting.push(view.node.name);
  }
  for (const [resource, nodes] of unknownResources) {
    unknown.push(
      `${resource} on ${nodes} node${nodes === 1 ? '' : 's'} (${resource === 'pods' ? 'allocatable pods' : 'allocatable or bound requests'} unknown)`,
    );
  }
  if (requests.some((r) => !r.usageKnown)) {
    const others = requests.filter((r) => !r.usageKnown).map((r) => r.resource);
    unknown.push(`${others.join(', ')} checked against allocatable only (bound pods' use not kept)`);
  }
  return finish(pod, total, fitting, [...counts.values()], null, unknown);
}

/** The largest free amount of each requested resource among the nodes that reached NodeResourcesFit. */
function largestFree(
  reached: readonly { view: NodeView; verdict: ResourceVerdict }[],
  requests: ReturnType<typeof podResourceRequests>,
  into: Map<string, { free: number; node: string }>,
): void {
  for (const request of requests) {
    for (const { view, verdict } of reached) {
      const short = verdict.short.find((s) => s.resource === request.resource);
      // A node not short has at least the request free; only the short ones say how much exactly.
      if (short === undefined) continue;
      const free = Math.max(0, short.free);
      const held = into.get(request.resource);
      if (held === undefined || free > held.free) into.set(request.resource, { free, node: view.node.name });
    }
  }
}

function finish(
  pod: PodRecord,
  total: number,
  fitting: readonly string[],
  reasons: FitReason[],
  prefilter: PreFilterRejection | null,
  unknown: string[],
): PodFit {
  reasons.sort((a, b) => b.nodes - a.nodes || compareText(a.ours, b.ours));
  const head = `${fitting.length}/${total} nodes`;
  const body =
    prefilter !== null
      ? `: ${prefilter.ours}`
      : reasons.length === 0
        ? ''
        : `: ${reasons.map((r) => `${r.nodes} ${r.nodes === 1 ? singular(r.ours) : r.ours}`).join(', ')}`;
  const notChecked = unknown.length === 0 ? '' : `; not checked: ${unknown.join('; ')}`;
  return {
    namespace: pod.namespace,
    name: pod.name,
    nodesTotal: total,
    fitting: fitting.length,
    fittingNodes: fitting.slice(0, 5),
    prefilter,
    reasons,
    unknown,
    explanation: `${head}${body}${notChecked}`,
    schedulerStyle: fitting.length > 0 ? null : schedulerStyle(total, reasons, prefilter),
  };
}

/** The histogram as kube-scheduler writes it: "0/N nodes are available: <count> <reason>, … ." sorted as strings. */
function schedulerStyle(
  total: number,
  reasons: readonly FitReason[],
  prefilter: PreFilterRejection | null,
): string {
  const head = `0/${total} nodes are available: `;
  if (prefilter !== null) return `${head}${prefilter.scheduler ?? prefilter.ours}.`;
  const merged = new Map<string, number>();
  for (const r of reasons) {
    if (r.scheduler === null) continue;
    merged.set(r.scheduler, (merged.get(r.scheduler) ?? 0) + r.nodes);
  }
  const parts = [...merged].map(([reason, n]) => `${n} ${reason}`).sort();
  return `${head}${parts.join(', ')}.`;
}
