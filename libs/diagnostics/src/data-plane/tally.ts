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

function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
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
  const nodes: NodeCounts = { total: 0, ready: 0, notReady: 0, unknown: 0, cordoned: 0 };
  const pods: PodCounts = {
    total: 0,
    running: 0,
    ready: 0,
    pending: 0,
    failed: 0,
    succeeded: 0,
    crashLooping: 0,
  };
  const gpus = new GpuTotalsBuilder();
  const notReadyNodes: NodeRecord[] = [];
  const unknownNodes: NodeRecord[] = [];
  const crashLoopingPods: PodRecord[] = [];
  const runningNotReadyPods: PodRecord[] = [];
  const cordonedNodes: NodeRecord[] = [];
  const nodesByName = new Map<string, NodeRecord>();

  for (const node of input.nodes) {
    nodes.total++;
    nodesByName.set(node.name, node);
    if (node.ready === true) {
      nodes.ready++;
    } else if (node.ready === false) {
      nodes.notReady++;
      notReadyNodes.push(node);
    } else {
      nodes.unknown++;
      unknownNodes.push(node);
    }
    if (node.unschedulable) {
      nodes.cordoned++;
      cordonedNodes.push(node);
    }
    gpus.addNode(node);
  }

  for (const pod of input.pods) {
    pods.total++;
    if (pod.phase === 'Running') pods.running++;
    else if (pod.phase === 'Pending') pods.pending++;
    else if (pod.phase === 'Failed') pods.failed++;
    else if (pod.phase === 'Succeeded') pods.succeeded++;
    if (pod.ready) pods.ready++;
    if (isTerminalPhase(pod.phase)) continue;
    gpus.addPod(pod);
    if (isCrashLooping(pod)) {
      pods.crashLooping++;
      crashLoopingPods.push(pod);
    } else if (pod.phase === 'Running' && !pod.ready && pod.deletionTimestamp === null) {
      runningNotReadyPods.push(pod);
    }
  }

  let deployments = 0;
  let deploymentsAvailable = 0;
  let servingDeployments = 0;
  const shortDeployments: DeploymentRecord[] = [];
  const deploymentsNoneAvailable: DeploymentRecord[] = [];
  for (const deployment of input.deployments) {
    deployments++;
    if (deployment.availableReplicas >= deployment.replicas) deploymentsAvailable++;
    else shortDeployments.push(deployment);
    if (deployment.replicas > 0) {
      servingDeployments++;
      if (deployment.availableReplicas <= 0) deploymentsNoneAvailable.push(deployment);
    }
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
    cordonedNodes,
    shortDeployments,
    servingDeployments,
    deploymentsNoneAvailable,
    servicesWithSelector,
    servicesWithoutEndpoints,
    nodeNamed: (name) => nodesByName.get(name),
  };
}
