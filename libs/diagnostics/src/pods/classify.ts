import type { ContainerStateRecord, EventRecord, Evidence, PodRecord } from '@fleetscope/types';
import { KUEUE_ADMISSION_GATE as KUEUE_GATE, type KueueIndex, type KueueWait } from '../kueue/kueue-index.ts';
import { isoOrNull, shortError } from '../verdict/text.ts';
import { cniPluginOf } from './admission-failure.ts';
import type { PodFit } from './fit/fit-pending-pod.ts';
import { explainTopReason } from './pending.ts';
import { parseSchedulerMessage, type SchedulerMessage } from './scheduler-message.ts';

/** The states of pod trouble Fleetscope tells apart (shared/reference/workload-diagnostics.md). */
export const POD_TROUBLES = {
  unschedulable: 'pod.pending-unschedulable',
  gated: 'pod.pending-gated',
  unscheduled: 'pod.pending-unscheduled',
  creating: 'pod.container-creating',
  imagePull: 'pod.image-pull',
  configError: 'pod.config-error',
  containerError: 'pod.container-error',
  crashLoop: 'pod.crashloop',
  notReady: 'pod.not-ready',
  evicted: 'pod.evicted',
} as const;

export type PodTroubleRule = (typeof POD_TROUBLES)[keyof typeof POD_TROUBLES];

/** Why a pod is not serving, with the evidence kubelet, the scheduler and the pod's status give. */
export interface PodClassification {
  rule: PodTroubleRule;
  /** "Pending: unschedulable", "ContainerCreating: volume mount", "CrashLoopBackOff: OOMKilled" … */
  state: string;
  /** The narrower cause when known: "image pull", "volume mount", "sandbox/CNI", "device allocation", "OOMKilled" … */
  cause: string | null;
  /** The container at fault (init containers included); null when the pod as a whole is. */
  container: string | null;
  /** One line for a list: "Unschedulable: 33 of 36 nodes lack free nvidia.com/gpu". */
  summary: string;
  evidence: Evidence[];
  nextSteps: string[];
  /** The scheduler's message, parsed, for Pending-unschedulable pods. */
  scheduling: SchedulerMessage | null;
  /** The image that cannot be pulled, as the kubelet names it (image-pull troubles only). */
  image?: string;
  /** The CNI plugin a sandbox failure names ("calico", "aws-cni"; "cni" when unnamed): sandbox/CNI troubles only. */
  network?: string;
  /** For a pod held by Kueue's admission gate, when Kueue's objects are known: its queue and why it waits. */
  queue?: KueueWait;
  /** Fleetscope's own fit check of a pending pod over every node, when the caller ran it. */
  fit?: PodFit;
}

/** Our own fit check as evidence beside the scheduler's message. */
function fitEvidence(fit: PodFit): Evidence {
  return {
    signal: 'fleetscope fit check',
    value: fit.explanation,
    source: 'allocatable − requests of bound pods, placement, affinity, spread, volumes',
    observedAt: null,
  };
}

/** The image named in a kubelet message: `Back-off pulling image "x"`, `Failed to pull image "x": …`. */
export function imageInMessage(text: string): string | null {
  return /(?:pulling|pull) image "([^"]+)"/i.exec(text)?.[1] ?? null;
}

/**
 * The registry host of an image reference: the first path component when it looks like a host
 * (has a dot or a port, or is localhost), else Docker Hub, as container runtimes resolve it.
 */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash === -1) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

/** A pod still creating its containers after this long, with no warning event, is called stuck. */
export const CONTAINER_CREATING_STUCK_MS = 5 * 60_000;
/** A pod no scheduler has decided on after this long is called unscheduled. */
export const UNSCHEDULED_AFTER_MS = 60_000;

const IMAGE_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'ImageInspectError',
]);
const CREATING_REASONS = new Set(['ContainerCreating', 'PodInitializing']);
/** persistentvolume-controller's reasons for a claim that does not bind (`storageclass.storage.k8s.io "x" not found`). */
const CLAIM_FAILURES: ReadonlySet<string> = new Set(['ProvisioningFailed', 'FailedBinding']);

/** Warning events of one pod, newest first. */
function warnings(events: readonly EventRecord[]): EventRecord[] {
  return events.filter((e) => e.type === 'Warning').sort((a, b) => b.lastSeenAt - a.lastSeenAt);
}

function eventEvidence(e: EventRecord): Evidence {
  return {
    signal: `event ${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}`,
    value: shortError(e.message, 240),
    source: e.reportingComponent === '' ? 'kubernetes events' : `kubernetes events: ${e.reportingComponent}`,
    observedAt: isoOrNull(e.lastSeenAt),
  };
}

function containerEvidence(c: ContainerStateRecord, pod: PodRecord): Evidence {
  const last =
    c.lastTerminationReason === ''
      ? ''
      : `; last terminated ${c.lastTerminationReason}${c.lastExitCode === null ? '' : ` (exit ${c.lastExitCode})`}`;
  return {
    signal: `${c.init ? 'init container' : 'container'} ${c.name}`,
    value: `${c.waitingReason === '' ? (c.ready ? 'ready' : 'not ready') : `waiting: ${c.waitingReason}`}${c.waitingMessage === '' ? '' : ` (${shortError(c.waitingMessage, 200)})`}, ${c.restartCount} restarts${last}`,
    source: `pod ${pod.namespace}/${pod.name} status`,
    observedAt: null,
  };
}

/** The first container (init containers first, as they run first) waiting for one of `reasons`. */
function waitingIn(pod: PodRecord, reasons: ReadonlySet<string> | string): ContainerStateRecord | undefined {
  return pod.containers.find((c) =>
    typeof reasons === 'string' ? c.waitingReason === reasons : reasons.has(c.waitingReason),
  );
}

/** What a stuck ContainerCreating is waiting for, from kubelet's warning events. */
function creatingCause(events: readonly EventRecord[]): { cause: string; event: EventRecord } | null {
  for (const e of events) {
    if (
      e.reason === 'FailedMount' ||
      e.reason === 'FailedAttachVolume' ||
      /Multi-Attach error/i.test(e.message)
    ) {
      return { cause: 'volume mount', event: e };
    }
    if (
      e.reason === 'FailedCreatePodSandBox' ||
      e.reason === 'NetworkNotReady' ||
      e.reason === 'FailedPodSandBoxStatus'
    ) {
      return { cause: 'sandbox/CNI', event: e };
    }
    if (e.reason === 'UnexpectedAdmissionError' || /Allocate failed|devices unavailable/i.test(e.message)) {
      return { cause: 'device allocation', event: e };
    }
    if (e.reason === 'Failed' && /pull/i.test(e.message)) return { cause: 'image pull', event: e };
  }
  return null;
}

function kubectl(pod: PodRecord, verb: string, extra = ''): string {
  return `kubectl -n ${pod.namespace} ${verb} ${pod.name}${extra}`;
}

/**
 * Classifies one pod's trouble, or null when it has none (Running and Ready, Succeeded, or still
 * within its grace to start). Init containers count like app containers. Pure: `now` is the only
 * clock; `events` are the pod's own (any order), with those of its PersistentVolumeClaims when the caller
 * has them (they say why a volume does not bind).
 */
export function classifyPod(
  pod: PodRecord,
  podEvents: readonly EventRecord[],
  now: number,
  kueue?: KueueIndex | null,
  fit?: PodFit | null,
): PodClassification | null {
  const events = warnings(podEvents);
  const recent = events.slice(0, 3).map(eventEvidence);
  const describe = kubectl(pod, 'describe pod');

  if (pod.phase === 'Succeeded') return null;
  if (pod.phase === 'Failed') {
    if (pod.statusReason !== 'Evicted') return null;
    return {
      rule: POD_TROUBLES.evicted,
      state: 'Failed: Evicted',
      cause: 'eviction',
      container: null,
      summary: `Evicted: ${shortError(pod.statusMessage ?? '', 160) || 'the kubelet evicted it'}`,
      evidence: [
        {
          signal: 'status.reason',
          value: `Evicted: ${pod.statusMessage ?? ''}`.trim(),
          source: 'pod status',
          observedAt: null,
        },
      ],
      nextSteps: [`kubectl describe node ${pod.nodeName || '<its node>'} (memory/disk pressure)`, describe],
      scheduling: null,
    };
  }

  if (pod.nodeName === '') {
    const gates = pod.schedulingGates ?? [];
    if (gates.length > 0) {
      const gatedByKueue = gates.includes(KUEUE_GATE);
      if (gatedByKueue) return kueueGated(pod, gates, kueue?.waitOf(pod) ?? null);
      return {
        rule: POD_TROUBLES.gated,
        state: 'Pending: scheduling gated',
        cause: 'scheduling gate',
        container: null,
        summary: `held by scheduling gate${gates.length > 1 ? 's' : ''} ${gates.join(', ')}`,
        evidence: [
          { signal: 'spec.schedulingGates', value: gates.join(', '), source: 'pod spec', observedAt: null },
        ],
        nextSteps: [`${describe} (which controller owns the gate?)`],
        scheduling: null,
      };
    }
    if (pod.unschedulableReason !== '') {
      const scheduling = parseSchedulerMessage(pod.unschedulableMessage);
      // Why a claim does not bind, when the caller passed the events of the pod's claims too.
      const storage = events.find(
        (e) => e.involvedKind === 'PersistentVolumeClaim' && CLAIM_FAILURES.has(e.reason),
      );
      return {
        rule: POD_TROUBLES.unschedulable,
        state: 'Pending: unschedulable',
        cause: explainTopReason(scheduling)?.plugin ?? null,
        container: null,
        summary: `${pod.unschedulableReason}: ${explainTopReason(scheduling)?.text ?? shortError(pod.unschedulableMessage, 160)}${storage === undefined ? '' : ` — PersistentVolumeClaim ${storage.involvedName}: ${storage.reason} ${shortError(storage.message, 160)}`}`,
        evidence: [
          ...(storage === undefined ? [] : [eventEvidence(storage)]),
          {
            signal: 'PodScheduled=False',
            value: `${pod.unschedulableReason}: ${shortError(pod.unschedulableMessage, 400)}`,
            source: 'kube-scheduler',
            observedAt: null,
          },
          ...(fit == null ? [] : [fitEvidence(fit)]),
          ...recent.slice(0, 1),
        ],
        nextSteps: [describe, `fleetscope explain-scheduling "<the message above>"`],
        scheduling,
        ...(fit == null ? {} : { fit }),
      };
    }
    if (now - pod.createdAt < UNSCHEDULED_AFTER_MS || pod.phase !== 'Pending') return null;
    return {
      rule: POD_TROUBLES.unscheduled,
      state: 'Pending: not scheduled',
      cause: null,
      container: null,
      summary: 'no scheduling decision yet: is a scheduler running for its schedulerName?',
      evidence: [
        {
          signal: 'spec.nodeName',
          value: '(none), no PodScheduled condition',
          source: 'pod',
          observedAt: null,
        },
        ...(fit == null ? [] : [fitEvidence(fit)]),
      ],
      nextSteps: [describe, 'kubectl -n kube-system get pods -l component=kube-scheduler'],
      scheduling: null,
      ...(fit == null ? {} : { fit }),
    };
  }

  const image = waitingIn(pod, IMAGE_REASONS);
  if (image !== undefined) {
    const named =
      imageInMessage(image.waitingMessage) ??
      events.map((e) => imageInMessage(e.message)).find((x) => x !== null) ??
      null;
    return {
      ...(named === null ? {} : { image: named }),
      rule: POD_TROUBLES.imagePull,
      state: `Waiting: ${image.waitingReason}`,
      cause: 'image pull',
      container: image.name,
      summary: `${image.init ? 'init container' : 'container'} ${image.name} ${image.waitingReason}${image.waitingMessage === '' ? '' : `: ${shortError(image.waitingMessage, 160)}`}`,
      evidence: [containerEvidence(image, pod), ...recent],
      nextSteps: [
        describe,
        'Check the image name and tag, the registry credentials (imagePullSecrets) and that the registry answers from the node',
      ],
      scheduling: null,
    };
  }
  const config = waitingIn(pod, 'CreateContainerConfigError');
  if (config !== undefined) {
    return {
      rule: POD_TROUBLES.configError,
      state: 'Waiting: CreateContainerConfigError',
      cause: 'missing ConfigMap or Secret',
      container: config.name,
      summary: `container ${config.name} CreateContainerConfigError${config.waitingMessage === '' ? '' : `: ${shortError(config.waitingMessage, 160)}`}`,
      evidence: [containerEvidence(config, pod), ...recent],
      nextSteps: [
        describe,
        `kubectl -n ${pod.namespace} get configmaps,secrets (does the referenced key exist?)`,
      ],
      scheduling: null,
    };
  }
  const failedStart = waitingIn(pod, new Set(['CreateContainerError', 'RunContainerError']));
  if (failedStart !== undefined) {
    return {
      rule: POD_TROUBLES.containerError,
      state: `Waiting: ${failedStart.waitingReason}`,
      cause: 'container runtime',
      container: failedStart.name,
      summary: `container ${failedStart.name} ${failedStart.waitingReason}${failedStart.waitingMessage === '' ? '' : `: ${shortError(failedStart.waitingMessage, 160)}`}`,
      evidence: [containerEvidence(failedStart, pod), ...recent],
      nextSteps: [describe, `kubectl describe node ${pod.nodeName} (runtime)`],
      scheduling: null,
    };
  }
  const looping = crashLoopOf(pod, events);
  if (looping !== null) return looping;
  if (pod.phase === 'Pending') {
    const creating = waitingIn(pod, CREATING_REASONS);
    const stuck = creatingCause(events);
    if (stuck === null && now - pod.createdAt < CONTAINER_CREATING_STUCK_MS) return null;
    return {
      rule: POD_TROUBLES.creating,
      state: `ContainerCreating${stuck === null ? '' : `: ${stuck.cause}`}`,
      cause: stuck?.cause ?? null,
      container: creating?.name ?? null,
      summary:
        stuck === null
          ? 'still creating its containers, no warning from the kubelet'
          : `${stuck.cause}: ${stuck.event.reason} ${shortError(stuck.event.message, 160)}`,
      evidence: [...(creating === undefined ? [] : [containerEvidence(creating, pod)]), ...recent],
      nextSteps: [
        describe,
        stuck?.cause === 'device allocation'
          ? `Check the device plugin on ${pod.nodeName}: allocatable may be stale (kubectl -n <gpu-operator ns> get pods -o wide)`
          : stuck?.cause === 'sandbox/CNI'
            ? `Check the CNI pods on ${pod.nodeName}`
            : `kubectl get events -n ${pod.namespace} --field-selector involvedObject.name=${pod.name}`,
      ],
      scheduling: null,
      ...(stuck?.cause === 'sandbox/CNI' ? { network: cniPluginOf(stuck.event.message) ?? 'cni' } : {}),
    };
  }
  return notReadyOf(pod, events);
}

/** A pod with a container (init containers first) in CrashLoopBackOff, classified; else null. */
export function crashLoopOf(pod: PodRecord, podEvents: readonly EventRecord[]): PodClassification | null {
  const events = warnings(podEvents);
  const recent = events.slice(0, 3).map(eventEvidence);
  const describe = kubectl(pod, 'describe pod');
  const looping = waitingIn(pod, 'CrashLoopBackOff');
  if (looping === undefined) return null;
  const oom = looping.lastTerminationReason === 'OOMKilled';
  const last =
    looping.lastTerminationReason === ''
      ? ''
      : `, last ${looping.lastTerminationReason}${looping.lastExitCode === null ? '' : ` (exit ${looping.lastExitCode})`}`;
  return {
    rule: POD_TROUBLES.crashLoop,
    state: `CrashLoopBackOff${looping.lastTerminationReason === '' ? '' : `: ${looping.lastTerminationReason}`}`,
    cause: looping.lastTerminationReason === '' ? null : looping.lastTerminationReason,
    container: looping.name,
    summary: `${looping.init ? 'init container' : 'container'} ${looping.name} CrashLoopBackOff (${looping.restartCount} restarts${last})`,
    evidence: [containerEvidence(looping, pod), ...recent],
    nextSteps: [
      kubectl(pod, 'logs', ` -c ${looping.name} --previous`),
      oom ? `Raise the memory limit of ${looping.name} or lower its use (OOMKilled)` : describe,
    ],
    scheduling: null,
  };
}

/** A Running pod that is not Ready (and not terminating), classified with its probe events; else null. */
export function notReadyOf(pod: PodRecord, podEvents: readonly EventRecord[]): PodClassification | null {
  const events = warnings(podEvents);
  const recent = events.slice(0, 3).map(eventEvidence);
  const describe = kubectl(pod, 'describe pod');
  if (pod.phase === 'Running' && !pod.ready && pod.deletionTimestamp === null) {
    const probe = events.find((e) => e.reason === 'Unhealthy');
    const unready = pod.containers.filter((c) => !c.ready && !c.init);
    return {
      rule: POD_TROUBLES.notReady,
      state: 'Running, not Ready',
      cause: probe === undefined ? null : 'readiness probe',
      container: unready[0]?.name ?? null,
      summary:
        probe === undefined
          ? `Running but not Ready${unready.length === 0 ? ' (readiness gate?)' : ` (${unready.map((c) => c.name).join(', ')} not ready)`}`
          : `Running but not Ready: ${shortError(probe.message, 160)}`,
      evidence: [...unready.map((c) => containerEvidence(c, pod)), ...recent],
      nextSteps: [`${describe} (readiness probe and gates)`, kubectl(pod, 'logs')],
      scheduling: null,
    };
  }
  return null;
}

/**
 * A pod held by Kueue's admission gate: waiting for quota, never "unschedulable" (the scheduler has not
 * looked at it). With Kueue's objects known it names the ClusterQueue (via its LocalQueue), Kueue's own
 * QuotaReserved reason and message, and the position when the visibility API gave one.
 */
function kueueGated(pod: PodRecord, gates: readonly string[], wait: KueueWait | null): PodClassification {
  const where =
    wait?.clusterQueue == null
      ? ''
      : ` in ClusterQueue ${wait.clusterQueue}${wait.position === null ? '' : ` (position ${wait.position})`}`;
  const why =
    wait?.quotaReserved == null
      ? ''
      : `: ${wait.quotaReserved.reason}${wait.quotaReserved.message === '' ? '' : ` ${shortError(wait.quotaReserved.message, 160)}`}`;
  const evidence: Evidence[] = [
    { signal: 'spec.schedulingGates', value: gates.join(', '), source: 'pod spec', observedAt: null },
  ];
  if (wait?.quotaReserved != null) {
    evidence.push({
      signal: `condition QuotaReserved=${wait.quotaReserved.status}`,
      value: `${wait.quotaReserved.reason}: ${shortError(wait.quotaReserved.message, 240)}`,
      source: `Workload ${wait.workload ?? ''} status`.trim(),
      observedAt: isoOrNull(wait.quotaReserved.lastTransitionTime),
    });
  }
  if (wait !== null) {
    evidence.push({
      signal: 'queue',
      value: `LocalQueue ${wait.localQueue ?? '(none)'} → ClusterQueue ${wait.clusterQueue ?? '(unknown)'}; position ${wait.position ?? 'unknown'}`,
      source: 'kueue.x-k8s.io',
      observedAt: null,
    });
  }
  return {
    rule: POD_TROUBLES.gated,
    state: 'Pending: scheduling gated',
    cause: 'Kueue admission',
    container: null,
    summary:
      wait === null
        ? `waiting for quota: Kueue has not admitted its workload (gate ${KUEUE_GATE})`
        : `waiting for quota${where}${why}`,
    evidence,
    nextSteps: [
      wait?.workload == null
        ? `kubectl -n ${pod.namespace} get workloads.kueue.x-k8s.io (QuotaReserved, Admitted)`
        : `kubectl -n ${pod.namespace} describe workloads.kueue.x-k8s.io ${wait.workload.split('/')[1]}`,
      wait?.clusterQueue == null
        ? 'kubectl get clusterqueues (pending workloads, quota in use)'
        : `kubectl get clusterqueue ${wait.clusterQueue} -o yaml (quota, flavorsReservation)`,
    ],
    scheduling: null,
    ...(wait === null ? {} : { queue: wait }),
  };
}
