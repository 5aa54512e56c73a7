import type { EventRecord, Finding, FindingStatus, NodeRecord, PodRecord, Severity } from '@fleetscope/types';
import type { KueueIndex } from '../kueue/kueue-index.ts';
import { driverVersionOf, INSTANCE_TYPE_LABEL } from '../projection/pool.ts';
import { makeFinding } from '../verdict/finding.ts';
import {
  classifyPod,
  imageRegistry,
  POD_TROUBLES,
  type PodClassification,
  type PodTroubleRule,
} from './classify.ts';
import { fitDisagreementFinding } from './fit/fit-disagreement.ts';
import type { PodFit } from './fit/fit-pending-pod.ts';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * What each pod trouble implies for the data-plane verdict. Crash loops and unready Running pods
 * move it (as they always have); a pod that cannot start is told, but the serving verdict moves
 * through its owner (a Deployment below desired), not once per pod.
 */
const IMPLIES: Readonly<Record<PodTroubleRule, { status: FindingStatus; severity: Severity }>> = {
  [POD_TROUBLES.crashLoop]: { status: 'DEGRADED', severity: 'WARNING' },
  [POD_TROUBLES.notReady]: { status: 'DEGRADED', severity: 'WARNING' },
  [POD_TROUBLES.unschedulable]: { status: null, severity: 'WARNING' },
  [POD_TROUBLES.unscheduled]: { status: null, severity: 'WARNING' },
  [POD_TROUBLES.imagePull]: { status: null, severity: 'WARNING' },
  [POD_TROUBLES.configError]: { status: null, severity: 'WARNING' },
  [POD_TROUBLES.containerError]: { status: null, severity: 'WARNING' },
  [POD_TROUBLES.creating]: { status: null, severity: 'WARNING' },
  [POD_TROUBLES.gated]: { status: null, severity: 'INFO' },
  [POD_TROUBLES.evicted]: { status: null, severity: 'INFO' },
};

const DETAIL: Readonly<Record<PodTroubleRule, string>> = {
  [POD_TROUBLES.crashLoop]:
    'Back-off restarting failed container: the process keeps exiting and the kubelet waits longer each time.',
  [POD_TROUBLES.notReady]:
    'Running, but its readiness probe fails or a readiness gate is not met: it receives no Service traffic.',
  [POD_TROUBLES.unschedulable]:
    "No node passes the scheduler's filters; the reasons say which filter rejected how many nodes.",
  [POD_TROUBLES.unscheduled]:
    'No scheduler has decided on it: check that a scheduler serves its schedulerName.',
  [POD_TROUBLES.imagePull]:
    'The kubelet cannot pull the image: name or tag, registry credentials, or the registry itself.',
  [POD_TROUBLES.configError]:
    'A ConfigMap or Secret (or a key in it) the container references does not exist.',
  [POD_TROUBLES.containerError]: 'The container runtime could not create or start the container.',
  [POD_TROUBLES.creating]: 'Scheduled, but its sandbox, volumes or devices are not ready yet.',
  [POD_TROUBLES.gated]:
    'Held back on purpose until its gates are removed (Kueue admits it when quota allows).',
  [POD_TROUBLES.evicted]: 'The kubelet evicted it under node pressure; its controller replaces it elsewhere.',
};

/** Grouping keys of a pod: its node's pool, product, instance type and zone, its namespace and owner. */
/** Grouping keys of a node: its name, pool, GPU product, instance type and zone (only those known). */
export function nodeAttributes(node: NodeRecord): Record<string, string> {
  const out: Record<string, string> = { node: node.name, pool: node.pool };
  if (node.gpuProduct !== '') out.gpuProduct = node.gpuProduct;
  const instanceType = node.labels[INSTANCE_TYPE_LABEL];
  if (instanceType !== undefined && instanceType !== '') out.instanceType = instanceType;
  const zone = node.labels[ZONE_LABEL];
  if (zone !== undefined && zone !== '') out.zone = zone;
  const driver = driverVersionOf(node);
  if (driver !== null) out.driverVersion = driver;
  return out;
}

export function podAttributes(pod: PodRecord, node: NodeRecord | undefined): Record<string, string> {
  const out: Record<string, string> = node === undefined ? {} : nodeAttributes(node);
  if (pod.nodeName !== '') out.node = pod.nodeName;
  out.namespace = pod.namespace;
  if (pod.controller !== null) out.owner = `${pod.controller.kind}/${pod.namespace}/${pod.controller.name}`;
  return out;
}

/** One classified pod as a finding (scope POD, data plane). */
export function podTroubleFinding(
  cluster: string,
  pod: PodRecord,
  classification: PodClassification,
  node: NodeRecord | undefined,
  observedAt: number | null,
): Finding {
  const implies = IMPLIES[classification.rule];
  return makeFinding(cluster, {
    rule: classification.rule,
    scope: 'POD',
    plane: 'DATA',
    status: implies.status,
    severity: implies.severity,
    subjects: [{ kind: 'Pod', namespace: pod.namespace, name: pod.name }],
    attributes: {
      ...podAttributes(pod, node),
      state: classification.state,
      ...(classification.container === null ? {} : { container: classification.container }),
      ...(classification.cause === null ? {} : { cause: classification.cause }),
      ...(pod.gpuRequest > 0 ? { gpuRequest: String(pod.gpuRequest) } : {}),
      ...(classification.image === undefined
        ? {}
        : { image: classification.image, imageRegistry: imageRegistry(classification.image) }),
      ...(classification.network === undefined ? {} : { cni: classification.network }),
      ...(classification.queue?.clusterQueue == null
        ? {}
        : { clusterQueue: classification.queue.clusterQueue }),
    },
    title: `pod ${pod.namespace}/${pod.name} ${classification.summary}`,
    detail: DETAIL[classification.rule],
    evidence: classification.evidence,
    nextSteps: classification.nextSteps,
    observedAt,
  });
}

/** Looks up what classification needs for one pod. */
export interface PodContext {
  nodeNamed(name: string): NodeRecord | undefined;
  /** The pod's own events (any order); empty when events are not watched. */
  eventsFor(pod: PodRecord): readonly EventRecord[];
  /** Kueue's objects, to name the queue a gated pod waits in; absent or null: not known. */
  kueue?: KueueIndex | null;
  /** Our own fit check of a pending pod (null for others); absent: not run. */
  fitFor?(pod: PodRecord): PodFit | null;
}

/** Findings for every troubled pod among `pods` (each walked once). */
export function podTroubleFindings(
  cluster: string,
  pods: Iterable<PodRecord>,
  context: PodContext,
  now: number,
  observedAt: number | null,
): Finding[] {
  const out: Finding[] = [];
  for (const pod of pods) {
    const fit = context.fitFor?.(pod) ?? null;
    const classification = classifyPod(pod, context.eventsFor(pod), now, context.kueue, fit);
    if (classification === null) continue;
    out.push(podTroubleFinding(cluster, pod, classification, context.nodeNamed(pod.nodeName), observedAt));
    const disagreement = fit === null ? null : fitDisagreementFinding(cluster, pod, fit, observedAt);
    if (disagreement !== null) out.push(disagreement);
  }
  return out;
}

/** Events indexed by the object they are about ("Kind/namespace/name"), newest last as given. */
export function eventsByObject(events: Iterable<EventRecord>): Map<string, EventRecord[]> {
  const index = new Map<string, EventRecord[]>();
  for (const e of events) {
    const key = `${e.involvedKind}/${e.involvedNamespace}/${e.involvedName}`;
    const list = index.get(key) ?? [];
    list.push(e);
    index.set(key, list);
  }
  return index;
}
