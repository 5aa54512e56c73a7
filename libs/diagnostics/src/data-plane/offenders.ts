import type { DeploymentRecord, NodeRecord, PodRecord, ServiceRecord } from '@fleetscope/types';
import { compareText, nameList } from '../verdict/text.ts';

// Offender lists for summaries: worst first, then by name, so a wall shows the same names from
// one snapshot to the next.

interface Named {
  namespace: string;
  name: string;
}

/** "namespace/name" */
export function objectKey(item: Named): string {
  return `${item.namespace}/${item.name}`;
}

/** namespace, then name. */
export function byKey(a: Named, b: Named): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

/** Lowest available share first (0/3 before 1/3), then most replicas missing. */
export function byAvailability(a: DeploymentRecord, b: DeploymentRecord): number {
  const shareA = a.replicas > 0 ? a.availableReplicas / a.replicas : 1;
  const shareB = b.replicas > 0 ? b.availableReplicas / b.replicas : 1;
  const missingA = a.replicas - a.availableReplicas;
  const missingB = b.replicas - b.availableReplicas;
  return shareA - shareB || missingB - missingA || byKey(a, b);
}

function restarts(pod: PodRecord): number {
  let total = 0;
  for (const c of pod.containers) total += c.restartCount;
  return total;
}

/** Most restarts first, then by key: the pod crashing longest is the one to look at. */
export function byRestarts(a: PodRecord, b: PodRecord): number {
  return restarts(b) - restarts(a) || byKey(a, b);
}

/** Nodes by name. */
export function byNodeName(a: NodeRecord, b: NodeRecord): number {
  return compareText(a.name, b.name);
}

/** Node names in name order: "gpu-h100-07, gpu-h100-12, +3 more". */
export function nodeNames(nodes: readonly NodeRecord[], max: number): string {
  return nameList(nodes.map((n) => n.name).sort(compareText), max);
}

/** "ml/serving-llama 1/3" */
export function deploymentLabel(d: DeploymentRecord): string {
  return `${objectKey(d)} ${Math.max(0, d.availableReplicas)}/${d.replicas}`;
}

/** Deployments least available first, each with its available/desired. */
export function deploymentNames(deployments: readonly DeploymentRecord[], max: number): string {
  return nameList([...deployments].sort(byAvailability).map(deploymentLabel), max);
}

/** Crash-looping pods with the most restarts first: the one crashing longest is the one to look at. */
export function crashLoopNames(pods: readonly PodRecord[], max: number): string {
  return nameList([...pods].sort(byRestarts).map(objectKey), max);
}

/** Services in namespace/name order. */
export function serviceNames(services: readonly ServiceRecord[], max: number): string {
  return nameList([...services].sort(byKey).map(objectKey), max);
}
