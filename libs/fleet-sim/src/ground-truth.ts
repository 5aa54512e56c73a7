import type { GpuResourceTotals, GpuTotals, NodeCounts, PodCounts, WorkloadCounts } from '@fleetscope/types';
import { arr, at, num, parseQuantity, rec, str, stringMap } from './model/access.ts';
import type { SimCluster } from './model/cluster.ts';
import type { KubeObject } from './model/types.ts';

/** What an analysis of one cluster must report, counted from the simulator's own objects. */
export interface GroundTruth {
  cluster: string;
  resourceVersion: string;
  nodes: NodeCounts;
  pods: PodCounts;
  gpus: GpuTotals;
  workloads: WorkloadCounts;
}

const GPU = 'nvidia.com/gpu';

function conditionStatus(object: KubeObject, type: string): string | undefined {
  const found = arr(at(object, 'status', 'conditions')).find((c) => str(rec(c).type) === type);
  return found === undefined ? undefined : str(rec(found).status);
}

/** A container's request for `resource`; extended resources default their request to the limit. */
function containerRequest(container: unknown, resource: string): number {
  const resources = rec(rec(container).resources);
  return (
    parseQuantity(rec(resources.requests)[resource]) ?? parseQuantity(rec(resources.limits)[resource]) ?? 0
  );
}

/** Effective pod request: max(sum over app containers, max over init containers). */
export function podRequest(pod: KubeObject, resource: string): number {
  const spec = rec(pod.spec);
  const app = arr(spec.containers).reduce<number>((sum, c) => sum + containerRequest(c, resource), 0);
  const init = arr(spec.initContainers).reduce<number>(
    (max, c) => Math.max(max, containerRequest(c, resource)),
    0,
  );
  return Math.max(app, init);
}

function isTerminal(pod: KubeObject): boolean {
  const phase = str(at(pod, 'status', 'phase'));
  return phase === 'Succeeded' || phase === 'Failed';
}

function isCrashLooping(pod: KubeObject): boolean {
  if (isTerminal(pod)) return false;
  const statuses = [
    ...arr(at(pod, 'status', 'containerStatuses')),
    ...arr(at(pod, 'status', 'initContainerStatuses')),
  ];
  return statuses.some((s) => str(at(s, 'state', 'waiting', 'reason')) === 'CrashLoopBackOff');
}

function countNodes(nodes: KubeObject[]): NodeCounts {
  const counts: NodeCounts = { total: nodes.length, ready: 0, notReady: 0, unknown: 0, cordoned: 0 };
  for (const node of nodes) {
    const ready = conditionStatus(node, 'Ready');
    if (ready === 'True') counts.ready++;
    else if (ready === 'Unknown') counts.unknown++;
    else counts.notReady++;
    if (at(node, 'spec', 'unschedulable') === true) counts.cordoned++;
  }
  return counts;
}

function countPods(pods: KubeObject[]): PodCounts {
  const counts: PodCounts = {
    total: pods.length,
    running: 0,
    ready: 0,
    pending: 0,
    failed: 0,
    succeeded: 0,
    crashLooping: 0,
  };
  for (const pod of pods) {
    const phase = str(at(pod, 'status', 'phase'));
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.pending++;
    else if (phase === 'Failed') counts.failed++;
    else if (phase === 'Succeeded') counts.succeeded++;
    if (conditionStatus(pod, 'Ready') === 'True') counts.ready++;
    if (isCrashLooping(pod)) counts.crashLooping++;
  }
  return counts;
}

/** GPU-like extended resources: whole GPUs, MIG profiles (mixed strategy), time-sliced shared GPUs. */
function isGpuLike(resource: string): boolean {
  return resource === GPU || resource === 'nvidia.com/gpu.shared' || resource.startsWith('nvidia.com/mig-');
}

/** GPU-like resources a pod's containers name in requests or limits. */
function podGpuResources(pod: KubeObject): Set<string> {
  const names = new Set<string>();
  const spec = rec(pod.spec);
  for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
    const resources = rec(rec(c).resources);
    for (const list of [rec(resources.requests), rec(resources.limits)]) {
      for (const name of Object.keys(list)) if (isGpuLike(name)) names.add(name);
    }
  }
  return names;
}

function countGpus(nodes: KubeObject[], pods: KubeObject[]): GpuTotals {
  const byResource = new Map<string, GpuResourceTotals>();
  const of = (resource: string): GpuResourceTotals => {
    let t = byResource.get(resource);
    if (!t) {
      t = { resource, allocatable: 0, allocated: 0, pending: 0, unusable: 0 };
      byResource.set(resource, t);
    }
    return t;
  };
  for (const node of nodes) {
    const ready = conditionStatus(node, 'Ready') === 'True';
    const cordoned = at(node, 'spec', 'unschedulable') === true;
    for (const [resource, quantity] of Object.entries(rec(at(node, 'status', 'allocatable')))) {
      const amount = isGpuLike(resource) ? (parseQuantity(quantity) ?? 0) : 0;
      if (amount <= 0) continue;
      if (ready) of(resource).allocatable += amount;
      if (!ready || cordoned) of(resource).unusable += amount;
    }
  }
  for (const pod of pods) {
    if (isTerminal(pod)) continue;
    const bound = Boolean(str(at(pod, 'spec', 'nodeName')));
    for (const resource of podGpuResources(pod)) {
      const request = podRequest(pod, resource);
      if (request <= 0) continue;
      if (bound) of(resource).allocated += request;
      else of(resource).pending += request;
    }
  }
  const list = [...byResource.values()].sort((a, b) =>
    a.resource === GPU ? -1 : b.resource === GPU ? 1 : a.resource.localeCompare(b.resource),
  );
  const whole = byResource.get(GPU) ?? { allocatable: 0, allocated: 0, pending: 0, unusable: 0 };
  return {
    allocatable: whole.allocatable,
    allocated: whole.allocated,
    pending: whole.pending,
    unusable: whole.unusable,
    byResource: list,
  };
}

function countWorkloads(
  deployments: KubeObject[],
  services: KubeObject[],
  slices: KubeObject[],
): WorkloadCounts {
  const available = deployments.filter((d) => {
    const wanted = num(at(d, 'spec', 'replicas')) ?? 1;
    return (num(at(d, 'status', 'availableReplicas')) ?? 0) >= wanted;
  }).length;
  const readyBackends = new Set<string>();
  for (const slice of slices) {
    const service = stringMap(slice.metadata.labels)['kubernetes.io/service-name'];
    if (!service) continue;
    // conditions.ready unset means "unknown, treat as ready" per the discovery/v1 API.
    const hasReady = arr(slice.endpoints).some((e) => at(e, 'conditions', 'ready') !== false);
    if (hasReady) readyBackends.add(`${slice.metadata.namespace ?? ''}/${service}`);
  }
  const withoutEndpoints = services.filter((s) => {
    const selector = stringMap(at(s, 'spec', 'selector'));
    if (Object.keys(selector).length === 0) return false;
    return !readyBackends.has(`${s.metadata.namespace ?? ''}/${s.metadata.name}`);
  }).length;
  return {
    deployments: deployments.length,
    deploymentsAvailable: available,
    services: services.length,
    servicesWithoutEndpoints: withoutEndpoints,
  };
}

/**
 * Counts computed directly from the cluster's stored objects — independently of libs/diagnostics, so
 * comparing an analysis against it is not circular. Field names match `NodeCounts`, `PodCounts`,
 * `GpuTotals` and `WorkloadCounts` in @fleetscope/types.
 */
export function computeGroundTruth(cluster: SimCluster): GroundTruth {
  const { store } = cluster;
  const nodes = store.list('nodes');
  const pods = store.list('pods');
  return {
    cluster: cluster.name,
    resourceVersion: store.resourceVersion(),
    nodes: countNodes(nodes),
    pods: countPods(pods),
    gpus: countGpus(nodes, pods),
    workloads: countWorkloads(
      store.list('deployments'),
      store.list('services'),
      store.list('endpointslices'),
    ),
  };
}
