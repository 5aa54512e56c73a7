import type {
  DeploymentRecord,
  EndpointSliceRecord,
  EventRecord,
  GpuTotals,
  NodeCounts,
  NodeRecord,
  PodCounts,
  PodRecord,
  ServiceRecord,
  WorkloadCounts,
} from '@fleetscope/types';
import { GpuTotalsBuilder } from './gpu-totals.ts';
import { byKey } from './offenders.ts';

/** The record streams of one cluster. Each iterable is walked exactly once (generators are fine). */
export interface TallyInput {
  nodes: Iterable<NodeRecord>;
  pods: Iterable<PodRecord>;
  deployments: Iterable<DeploymentRecord>;
  services: Iterable<ServiceRecord>;
  endpointSlices: Iterable<EndpointSliceRecord>;
}

/** Counts for ClusterSummary plus the offenders a verdict names (unsorted; verdicts pick the worst). */
export interface ClusterTally {
  nodes: NodeCounts;
  pods: PodCounts;
  gpus: GpuTotals;
  workloads: WorkloadCounts;
  notReadyNodes: NodeRecord[];
  unknownNodes: NodeRecord[];
  crashLoopingPods: PodRecord[];
  /** Running, not terminating, not crash-looping, and Ready=false: probes failing, warming up, gated. */
  runningNotReadyPods: PodRecord[];
  cordonedNodes: NodeRecord[];
  /** Deployments with availableReplicas < replicas. */
  shortDeployments: DeploymentRecord[];
  /** Deployments with replicas > 0. */
  servingDeployments: number;
  /** Serving deployments with no available replica. */
  deploymentsNoneAvailable: DeploymentRecord[];
  /** Services judged on endpoints: non-empty selector and not ExternalName. */
  servicesWithSelector: number;
  servicesWithoutEndpoints: ServiceRecord[];
  /** The node of that name, for attributes of pod findings (pool, zone, instance type). */
  nodeNamed: (name: string) => NodeRecord | undefined;
  /**
   * Pods that may need explaining: Pending (unscheduled, gated, creating, pulling), Running but not
   * Ready, or evicted — what pod classification looks at, so its cost follows them, not the cluster.
   * Ordered by namespace/name.
   */
  unsettledPods: PodRecord[];
  /** Deployments whose rollout `kubectl rollout status` would not call done. Ordered by namespace/name. */
  unfinishedDeployments: DeploymentRecord[];
  /** A pod's own events, when the caller keeps them (the API's event ring); absent: none known. */
  eventsFor?: (pod: PodRecord) => readonly EventRecord[];
}

export const CRASH_LOOP_REASON = 'CrashLoopBackOff';

/** Succeeded and Failed pods hold no resources and are done; every other phase still counts. */
export function isTerminalPhase(phase: PodRecord['phase']): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** A non-terminal pod with any container waiting in CrashLoopBackOff. */
export function isCrashLooping(pod: PodRecord): boolean {
  if (isTerminalPhase(pod.phase)) return false;
  for (const container of pod.containers) {
    if (container.waitingReason === CRASH_LOOP_REASON) return true;
  }
  return false;
}

/**
 * Whether a Service is expected to have endpoints: a selector (without one, endpoints are managed
 * by hand) and a type other than ExternalName (a DNS alias, never has endpoints).
 */
export function serviceExpectsEndpoints(service: ServiceRecord): boolean {
  if (service.type === 'ExternalName') return false;
  for (const _ in service.selector) return true;
  return false;
}

/** Key of a Service, and of the service an EndpointSlice serves (same namespace, kubernetes.io/service-name). */
export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Running, not terminating, not crash-looping and Ready=false: probes failing, warming up, gated. */
export function isRunningNotReady(pod: PodRecord): boolean {
  return pod.phase === 'Running' && !pod.ready && pod.deletionTimestamp === null && !isCrashLooping(pod);
}

/** A Deployment with fewer available replicas than desired. */
export function isShortDeployment(deployment: DeploymentRecord): boolean {
  return deployment.availableReplicas < deployment.replicas;
}

/** A pod classification may have something to say about (see {@link ClusterTally.unsettledPods}). */
export function isUnsettled(pod: PodRecord): boolean {
  if (pod.phase === 'Pending') return true;
  if (pod.phase === 'Running') return !pod.ready && pod.deletionTimestamp === null;
  return pod.phase === 'Failed' && pod.statusReason === 'Evicted';
}

/** Not what `kubectl rollout status` calls "successfully rolled out". */
export function isRolloutUnfinished(d: DeploymentRecord): boolean {
  return (
    d.generation > d.observedGeneration ||
    d.updatedReplicas < d.replicas ||
    d.statusReplicas > d.updatedReplicas ||
    d.availableReplicas < d.updatedReplicas ||
    d.conditions.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')
  );
}

/** A serving Deployment (replicas > 0) with no available replica. */
export function hasNoneAvailable(deployment: DeploymentRecord): boolean {
  return deployment.replicas > 0 && deployment.availableReplicas <= 0;
}

/** Adds (sign 1) or takes back (sign -1) one node in node counts. */
export function countNode(counts: NodeCounts, node: NodeRecord, sign: 1 | -1): void {
  counts.total += sign;
  if (node.ready === true) counts.ready += sign;
  else if (node.ready === false) counts.notReady += sign;
  else counts.unknown += sign;
  if (node.unschedulable) counts.cordoned += sign;
}

/**
 * Adds (sign 1) or takes back (sign -1) one pod in pod counts. `crashLooping` is
 * {@link isCrashLooping} of the pod, for callers that already know it.
 */
export function countPod(
  counts: PodCounts,
  pod: PodRecord,
  sign: 1 | -1,
  crashLooping: boolean = isCrashLooping(pod),
): void {
  counts.total += sign;
  if (pod.phase === 'Running') counts.running += sign;
  else if (pod.phase === 'Pending') counts.pending += sign;
  else if (pod.phase === 'Failed') counts.failed += sign;
  else if (pod.phase === 'Succeeded') counts.succeeded += sign;
  if (pod.ready) counts.ready += sign;
  if (crashLooping) counts.crashLooping += sign;
}

export function emptyNodeCounts(): NodeCounts {
  return { total: 0, ready: 0, notReady: 0, unknown: 0, cordoned: 0 };
}

export function emptyPodCounts(): PodCounts {
  return { total: 0, running: 0, ready: 0, pending: 0, failed: 0, succeeded: 0, crashLooping: 0 };
}

/**
 * One pass over a cluster's records computing the counts of the contract with the simulator's
 * ground truth:
 * - nodes: ready/notReady/unknown from the Ready condition (true/false/null); cordoned = unschedulable.
 * - pods: by phase (pods with a deletionTimestamp still count in their phase); ready = Ready
 *   condition; crashLooping = non-terminal with a container in CrashLoopBackOff.
 * - gpus: allocatable over Ready nodes; allocated = requests of non-terminal pods with a node;
 *   pending = requests of non-terminal pods without one; unusable = allocatable over nodes that are
 *   not Ready OR cordoned. A cordoned Ready node therefore counts in both allocatable and unusable:
 *   its GPUs exist and keep serving their pods, but nothing new can land there.
 * - workloads: deploymentsAvailable = availableReplicas >= replicas; servicesWithoutEndpoints =
 *   services expecting endpoints whose EndpointSlices (same namespace, kubernetes.io/service-name)
 *   sum to zero ready endpoints.
 */
export function tallyCluster(input: TallyInput): ClusterTally {
  const nodes = emptyNodeCounts();
  const pods = emptyPodCounts();
  const gpus = new GpuTotalsBuilder();
  const notReadyNodes: NodeRecord[] = [];
  const unknownNodes: NodeRecord[] = [];
  const crashLoopingPods: PodRecord[] = [];
  const runningNotReadyPods: PodRecord[] = [];
  const cordonedNodes: NodeRecord[] = [];
  const unsettledPods: PodRecord[] = [];
  const nodesByName = new Map<string, NodeRecord>();

  for (const node of input.nodes) {
    countNode(nodes, node, 1);
    nodesByName.set(node.name, node);
    if (node.ready === false) notReadyNodes.push(node);
    else if (node.ready !== true) unknownNodes.push(node);
    if (node.unschedulable) cordonedNodes.push(node);
    gpus.addNode(node);
  }

  for (const pod of input.pods) {
    const looping = isCrashLooping(pod);
    countPod(pods, pod, 1, looping);
    if (isUnsettled(pod)) unsettledPods.push(pod);
    if (isTerminalPhase(pod.phase)) continue;
    gpus.addPod(pod);
    if (looping) crashLoopingPods.push(pod);
    else if (isRunningNotReady(pod)) runningNotReadyPods.push(pod);
  }

  let deployments = 0;
  let deploymentsAvailable = 0;
  let servingDeployments = 0;
  const shortDeployments: DeploymentRecord[] = [];
  const deploymentsNoneAvailable: DeploymentRecord[] = [];
  const unfinishedDeployments: DeploymentRecord[] = [];
  for (const deployment of input.deployments) {
    deployments++;
    if (isRolloutUnfinished(deployment)) unfinishedDeployments.push(deployment);
    if (isShortDeployment(deployment)) shortDeployments.push(deployment);
    else deploymentsAvailable++;
    if (deployment.replicas > 0) servingDeployments++;
    if (hasNoneAvailable(deployment)) deploymentsNoneAvailable.push(deployment);
  }

  const readyByService = new Map<string, number>();
  for (const slice of input.endpointSlices) {
    if (slice.serviceName === '') continue;
    const key = serviceKey(slice.namespace, slice.serviceName);
    readyByService.set(key, (readyByService.get(key) ?? 0) + slice.readyEndpoints);
  }
  let services = 0;
  let servicesWithSelector = 0;
  const servicesWithoutEndpoints: ServiceRecord[] = [];
  for (const service of input.services) {
    services++;
    if (!serviceExpectsEndpoints(service)) continue;
    servicesWithSelector++;
    if ((readyByService.get(serviceKey(service.namespace, service.name)) ?? 0) === 0) {
      servicesWithoutEndpoints.push(service);
    }
  }

  return {
    nodes,
    pods,
    gpus: gpus.build(),
    workloads: {
      deployments,
      deploymentsAvailable,
      services,
      servicesWithoutEndpoints: servicesWithoutEndpoints.length,
    },
    notReadyNodes,
    unknownNodes,
    crashLoopingPods,
    runningNotReadyPods,
    unsettledPods: unsettledPods.sort(byKey),
    unfinishedDeployments: unfinishedDeployments.sort(byKey),
    cordonedNodes,
    shortDeployments,
    servingDeployments,
    deploymentsNoneAvailable,
    servicesWithSelector,
    servicesWithoutEndpoints,
    nodeNamed: (name) => nodesByName.get(name),
  };
}
