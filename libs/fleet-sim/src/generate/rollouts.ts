import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { RolloutFailure, RolloutFailureIncident } from '../scenarios/spec.ts';
import type { BuildContext } from './context.ts';
import { buildEvent } from './events.ts';
import { containerId, managedFields } from './meta.ts';
import { buildResourceQuota } from './storage.ts';
import {
  type BuiltWorkload,
  buildWorkload,
  containerName,
  deploymentCondition,
  placeReplicas,
  type WorkloadPlan,
} from './workloads.ts';

/**
 * A rolled-out Deployment: the workload as written, with the older ReplicaSet still holding pods, and
 * the objects its failure rests on (the claim that does not bind, the quota that refuses), by resource.
 */
export type BuiltRollout = BuiltWorkload & {
  olderReplicaSets: KubeObject[];
  extra?: { resource: string; object: KubeObject }[];
};

const ARGO_TRACKING = 'argocd.argoproj.io/tracking-id';
const ARGO_INSTANCE = 'app.kubernetes.io/instance';
const FLUX_KUSTOMIZE = 'kustomize.toolkit.fluxcd.io/name';
const FLUX_KUSTOMIZE_NS = 'kustomize.toolkit.fluxcd.io/namespace';
const FLUX_HELM = 'helm.toolkit.fluxcd.io/name';
const FLUX_HELM_NS = 'helm.toolkit.fluxcd.io/namespace';

/** The image of revision `n`: the base image with its tag replaced. */
function imageOf(base: string, tag: string): string {
  const colon = base.lastIndexOf(':');
  const slash = base.lastIndexOf('/');
  return `${colon > slash ? base.slice(0, colon) : base}:${tag}`;
}

/** The secret revision 2 of a config-error rollout reads a key of (it exists, the key does not). */
export function missingSecretOf(i: RolloutFailureIncident): { secret: string; key: string } {
  return { secret: `${i.name}-db`, key: 'DATABASE_URL' };
}

/** The storage class revision 2 of a pvc-unbound rollout asks for: no such StorageClass exists. */
export const MISSING_STORAGE_CLASS = 'fast-nvme';

/** The Kyverno webhook and policy an `admission-denied` rollout runs into. */
export const KYVERNO_WEBHOOK = 'validate.kyverno.svc-fail';
export const TEAM_LABEL_POLICY = 'require-team-label';

/** Kyverno's denial of a pod without the team label, as its webhook words it. */
function admissionDenial(namespace: string, pod: string): string {
  return `admission webhook "${KYVERNO_WEBHOOK}" denied the request: \n\nresource Pod/${namespace}/${pod} was blocked due to the following policies\n\n${TEAM_LABEL_POLICY}:\n  check-team: 'validation error: every pod needs a team label. rule check-team failed at path /metadata/labels/team/'`;
}

/** The quota a quota rollout exhausts, and its figures. */
export function quotaOf(i: RolloutFailureIncident): { name: string; used: number; limited: number } {
  return { name: `${i.namespace}-gpu-quota`, used: 8, limited: 8 };
}

function probe(path: string): Record<string, unknown> {
  return {
    httpGet: { path, port: 8080, scheme: 'HTTP' },
    initialDelaySeconds: 5,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

function firstContainer(spec: Record<string, unknown>): Record<string, unknown> {
  return (spec.containers as Record<string, unknown>[])[0] as Record<string, unknown>;
}

/** Revision 1: what ran before the change. */
function revisionOne(base: WorkloadPlan): WorkloadPlan {
  return {
    ...base,
    image: imageOf(base.image, '1.4.2'),
    patchSpec: (spec) => {
      const c = firstContainer(spec);
      c.env = [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'PORT', value: '8080' },
      ];
      c.readinessProbe = probe('/healthz');
    },
  };
}

/** Revision 2: the change that cannot finish, by failure. */
function revisionTwo(base: WorkloadPlan, i: RolloutFailureIncident): WorkloadPlan {
  const one = revisionOne(base);
  const next: WorkloadPlan = { ...one, image: imageOf(base.image, '1.5.0') };
  const patches: ((spec: Record<string, unknown>) => void)[] = [one.patchSpec ?? (() => {})];
  switch (i.failure) {
    case 'config-error': {
      const { secret, key } = missingSecretOf(i);
      patches.push((spec) => {
        const c = firstContainer(spec);
        (c.env as unknown[]).push({ name: key, valueFrom: { secretKeyRef: { name: secret, key } } });
      });
      break;
    }
    case 'oom':
      // The memory limit lowered below what the process needs.
      next.memory = '512Mi';
      break;
    case 'readiness':
      patches.push((spec) => {
        firstContainer(spec).readinessProbe = probe('/ready');
      });
      break;
    case 'quota':
      next.gpus = Math.max(1, base.gpus) * 2;
      break;
    case 'admission-denied':
      // A template rewrite dropped the team label; nothing else changed but the image.
      break;
    case 'untolerated-taint':
      next.tolerations = [];
      break;
    case 'pvc-unbound':
      patches.push((spec) => {
        firstContainer(spec).volumeMounts = [{ name: 'data', mountPath: '/var/lib/data' }];
        spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: `${i.name}-data` } }];
      });
      break;
  }
  next.patchSpec = (spec) => {
    for (const patch of patches) patch(spec);
  };
  return next;
}

/** The labels and annotations a GitOps tool puts on what it applies. */
function gitopsMetadata(i: RolloutFailureIncident): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  switch (i.gitops) {
    case 'argocd':
      return {
        labels: { [ARGO_INSTANCE]: `${i.namespace}-${i.name}` },
        annotations: {
          [ARGO_TRACKING]: `${i.namespace}-${i.name}:apps/Deployment:${i.namespace}/${i.name}`,
        },
      };
    case 'flux-kustomize':
      return {
        labels: { [FLUX_KUSTOMIZE]: `${i.namespace}-apps`, [FLUX_KUSTOMIZE_NS]: 'flux-system' },
        annotations: {},
      };
    case 'flux-helm':
      return { labels: { [FLUX_HELM]: i.name, [FLUX_HELM_NS]: i.namespace }, annotations: {} };
    default:
      return { labels: {}, annotations: {} };
  }
}

/**
 * Replica counts where a RollingUpdate (maxSurge 25%, maxUnavailable 25%) stops when no new pod
 * becomes available: the old ReplicaSet scaled down by maxUnavailable, the new one up to the surge
 * (4 replicas: 3 old + 2 new — "2 out of 4 new replicas have been updated"). When the new pods
 * cannot even be created, the new ReplicaSet asks for the surge and the old keeps every replica.
 */
export function stuckCounts(
  replicas: number,
  failure: RolloutFailure,
): { old: number; new: number; newDesired: number } {
  const surge = Math.ceil(replicas * 0.25);
  const unavailable = Math.floor(replicas * 0.25);
  if (failure === 'quota' || failure === 'admission-denied')
    return { old: replicas, new: 0, newDesired: surge };
  const old = replicas - unavailable;
  return { old, new: replicas + surge - old, newDesired: replicas + surge - old };
}

/**
 * A Deployment rolled from revision 1 to a revision 2 that cannot finish, as the deployment
 * controller, the kubelet and the scheduler leave it: two ReplicaSets by revision, the new pods
 * failing in the incident's way with the kubelet's and scheduler's own wording, and the
 * Deployment's status and conditions (ReplicaFailure copied from the ReplicaSet on quota).
 */
export function buildFailedRollout(
  ctx: BuildContext,
  base: WorkloadPlan,
  i: RolloutFailureIncident,
): BuiltRollout {
  const { random, now } = ctx;
  const replicas = i.replicas ?? 4;
  const counts = stuckCounts(replicas, i.failure);
  const one = revisionOne({ ...base, mode: 'running' });
  const two = revisionTwo({ ...base, mode: 'running' }, i);
  const gitops = gitopsMetadata(i);

  const oldPlacements = placeReplicas(ctx, one, counts.old);
  if (oldPlacements.some((p) => p === undefined)) {
    throw new Error(`scenario: ${i.namespace}/${i.name} revision 1 does not fit`);
  }
  const old = buildWorkload(ctx, { ...one, labels: gitops.labels }, oldPlacements);

  const unplaced = i.failure === 'untolerated-taint' || i.failure === 'pvc-unbound';
  const newPlan: WorkloadPlan = {
    ...two,
    labels: gitops.labels,
    mode: unplaced ? 'unschedulable' : 'running',
  };
  const newPlacements = unplaced
    ? Array.from({ length: counts.new }, () => undefined)
    : placeReplicas(ctx, newPlan, counts.new);
  if (newPlacements.some((p) => p === undefined) && !unplaced) {
    throw new Error(`scenario: ${i.namespace}/${i.name} revision 2 does not fit`);
  }
  const fresh = buildWorkload(ctx, newPlan, newPlacements);

  // The new ReplicaSet belongs to the same Deployment, at revision 2.
  const deployment = old.deployment;
  const owner = (deployment.metadata.uid as string) ?? '';
  const newRs = fresh.replicaSet;
  newRs.metadata.ownerReferences = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: i.name,
      uid: owner,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  const rolledAt = now - (i.progressDeadlineExceeded ? 25 : 4) * 60_000;
  newRs.metadata.creationTimestamp = toKubeTime(rolledAt);
  const newAnnotations = newRs.metadata.annotations as Record<string, string>;
  newAnnotations['deployment.kubernetes.io/revision'] = '2';
  newAnnotations['deployment.kubernetes.io/desired-replicas'] = String(replicas);
  newAnnotations['deployment.kubernetes.io/max-replicas'] = String(replicas + Math.ceil(replicas * 0.25));
  const newSpec = newRs.spec as Record<string, unknown>;
  newSpec.replicas = counts.newDesired;
  const oldRs = old.replicaSet;
  (oldRs.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/max-replicas'] = String(
    replicas + Math.ceil(replicas * 0.25),
  );
  (oldRs.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/desired-replicas'] =
    String(replicas);

  const pods = fresh.pods;
  const events: KubeObject[] = [...old.events];
  const extra: { resource: string; object: KubeObject }[] = [];
  for (const pod of pods) {
    pod.metadata.creationTimestamp = toKubeTime(rolledAt + 2000);
    events.push(...failPod(ctx, pod, newPlan, i));
  }
  if (i.failure === 'pvc-unbound') {
    // The scheduler's PreFilter rejection, with no per-node counts.
    const n = ctx.nodes.length;
    const message = `0/${n} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
    for (const pod of pods) {
      const conditions = (pod.status as { conditions: Record<string, unknown>[] }).conditions;
      for (const c of conditions) if (c.type === 'PodScheduled') c.message = message;
    }
    for (const e of fresh.events) if (e.reason === 'FailedScheduling') e.message = message;
    // The claim, applied with the change some time before the rollout reached it, Pending on a
    // StorageClass that does not exist, and its own events as persistentvolume-controller writes them.
    const claimCreated = now - 20 * 60_000;
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: `${i.name}-data`,
        namespace: i.namespace,
        uid: random.uuid(),
        resourceVersion: '',
        creationTimestamp: toKubeTime(claimCreated),
        managedFields: managedFields('kubectl-client-side-apply', 'v1', claimCreated),
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '100Gi' } },
        storageClassName: MISSING_STORAGE_CLASS,
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Pending' },
    };
    extra.push({ resource: 'persistentvolumeclaims', object: claim });
    events.push(
      buildEvent(random, {
        involved: claim,
        reason: 'ProvisioningFailed',
        message: `storageclass.storage.k8s.io "${MISSING_STORAGE_CLASS}" not found`,
        type: 'Warning',
        component: 'persistentvolume-controller',
        count: random.int(20, 60),
        firstMs: claimCreated + 1000,
        lastMs: now - random.int(5, 60) * 1000,
      }),
    );
  }
  events.push(...fresh.events.filter((e) => e.reason === 'FailedScheduling'));

  // What the deployment controller has written by now.
  const ready = counts.old;
  const newRsName = newRs.metadata.name;
  const conditions: Record<string, string>[] = [
    deploymentCondition(
      'Available',
      'True',
      'MinimumReplicasAvailable',
      'Deployment has minimum availability.',
      rolledAt - 3_600_000,
    ),
    i.progressDeadlineExceeded
      ? deploymentCondition(
          'Progressing',
          'False',
          'ProgressDeadlineExceeded',
          `ReplicaSet "${newRsName}" has timed out progressing.`,
          rolledAt + 600_000,
        )
      : deploymentCondition(
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          `ReplicaSet "${newRsName}" is progressing.`,
          rolledAt + 1000,
        ),
  ];
  if (i.failure === 'quota') {
    // The namespace's GPU quota as the quota controller reports it: used up. From a forked generator,
    // so that no other object of a seeded fleet changed.
    const q = quotaOf(i);
    const gpus = { 'requests.nvidia.com/gpu': String(q.limited) };
    extra.push({
      resource: 'resourcequotas',
      object: buildResourceQuota(
        i.namespace,
        q.name,
        gpus,
        { 'requests.nvidia.com/gpu': String(q.used) },
        random.fork(`quota/${i.namespace}/${q.name}`),
        now - 30 * 86_400_000,
      ),
    });
  }
  if (i.failure === 'quota' || i.failure === 'admission-denied') {
    const podName = `${newRsName}-${random.string(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
    const q = quotaOf(i);
    const request = `requests.nvidia.com/gpu=${newPlan.gpus}`;
    const message =
      i.failure === 'quota'
        ? `pods "${podName}" is forbidden: exceeded quota: ${q.name}, requested: ${request}, used: requests.nvidia.com/gpu=${q.used}, limited: requests.nvidia.com/gpu=${q.limited}`
        : admissionDenial(i.namespace, podName);
    conditions.push(deploymentCondition('ReplicaFailure', 'True', 'FailedCreate', message, rolledAt + 1000));
    (newRs.status as Record<string, unknown>).conditions = [
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message,
        lastTransitionTime: toKubeTime(rolledAt + 1000),
      },
    ];
    events.push(
      buildEvent(random, {
        involved: newRs,
        reason: 'FailedCreate',
        message: `Error creating: ${message}`,
        type: 'Warning',
        component: 'replicaset-controller',
        count: random.int(12, 40),
        firstMs: rolledAt + 1000,
        lastMs: now - random.int(5, 60) * 1000,
      }),
    );
  }
  const status = {
    observedGeneration: 2,
    replicas: counts.old + counts.new,
    updatedReplicas: counts.new,
    readyReplicas: ready,
    availableReplicas: ready,
    // As the controller counts it: the replicas its ReplicaSets ask for, less the available ones.
    unavailableReplicas: Math.max(0, counts.old + counts.newDesired - ready),
    conditions,
  };
  deployment.metadata.generation = 2;
  deployment.metadata.labels = { ...(deployment.metadata.labels ?? {}), ...gitops.labels };
  deployment.metadata.annotations = {
    ...(deployment.metadata.annotations as Record<string, string>),
    ...gitops.annotations,
    'deployment.kubernetes.io/revision': '2',
  };
  (deployment.spec as Record<string, unknown>).replicas = replicas;
  (deployment.spec as Record<string, unknown>).template = structuredClone(
    (fresh.deployment.spec as Record<string, unknown>).template,
  );
  deployment.status = status;
  if (status.unavailableReplicas === 0) delete (status as Partial<typeof status>).unavailableReplicas;

  return {
    deployment,
    replicaSet: newRs,
    olderReplicaSets: [oldRs],
    ...(extra.length === 0 ? {} : { extra }),
    pods: [...old.pods, ...pods],
    events,
    ...(old.service ? { service: old.service } : {}),
    ...(old.endpointSlice ? { endpointSlice: old.endpointSlice } : {}),
  };
}

/** Gives one new pod the status and kubelet events of the incident's failure; returns the events. */
function failPod(
  ctx: BuildContext,
  pod: KubeObject,
  plan: WorkloadPlan,
  i: RolloutFailureIncident,
): KubeObject[] {
  const { random, now } = ctx;
  const status = pod.status as Record<string, unknown>;
  const node = (pod.spec as { nodeName?: string }).nodeName;
  if (node === undefined) return [];
  const cName = containerName(plan);
  const created = Date.parse(pod.metadata.creationTimestamp);
  const base = { involved: pod, component: 'kubelet', host: node } as const;
  const conditions = status.conditions as Record<string, unknown>[];
  const setCondition = (type: string, value: string, reason?: string, message?: string): void => {
    for (const c of conditions) {
      if (c.type !== type) continue;
      c.status = value;
      if (reason) c.reason = reason;
      if (message) c.message = message;
    }
  };
  const unready = `containers with unready status: [${cName}]`;
  const statuses = status.containerStatuses as Record<string, unknown>[];
  const container = statuses[0] as Record<string, unknown>;
  switch (i.failure) {
    case 'config-error': {
      const { secret, key } = missingSecretOf(i);
      const message = `couldn't find key ${key} in Secret ${i.namespace}/${secret}`;
      status.phase = 'Pending';
      setCondition('Ready', 'False', 'ContainersNotReady', unready);
      setCondition('ContainersReady', 'False', 'ContainersNotReady', unready);
      container.state = { waiting: { reason: 'CreateContainerConfigError', message } };
      container.ready = false;
      container.started = false;
      container.imageID = '';
      delete container.containerID;
      return [
        buildEvent(random, {
          ...base,
          reason: 'Pulled',
          message: `Container image "${plan.image}" already present on machine`,
          type: 'Normal',
          count: random.int(20, 80),
          firstMs: created + 3000,
          lastMs: now - random.int(5, 60) * 1000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'Failed',
          message: `Error: ${message}`,
          type: 'Warning',
          count: random.int(20, 80),
          firstMs: created + 3000,
          lastMs: now - random.int(5, 60) * 1000,
        }),
      ];
    }
    case 'oom': {
      const finished = now - random.int(20, 120) * 1000;
      const restarts = random.int(5, 14);
      setCondition('Ready', 'False', 'ContainersNotReady', unready);
      setCondition('ContainersReady', 'False', 'ContainersNotReady', unready);
      container.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 2m40s restarting failed container=${cName} pod=${pod.metadata.name}_${i.namespace}(${pod.metadata.uid})`,
        },
      };
      container.lastState = {
        terminated: {
          exitCode: 137,
          reason: 'OOMKilled',
          startedAt: toKubeTime(finished - 14_000),
          finishedAt: toKubeTime(finished),
          containerID: containerId(random),
        },
      };
      container.ready = false;
      container.started = false;
      container.restartCount = restarts;
      return [
        buildEvent(random, {
          ...base,
          reason: 'BackOff',
          message: `Back-off restarting failed container ${cName} in pod ${pod.metadata.name}_${i.namespace}(${pod.metadata.uid})`,
          type: 'Warning',
          count: restarts * 3,
          firstMs: created + 60_000,
          lastMs: now - random.int(2, 30) * 1000,
        }),
      ];
    }
    case 'readiness': {
      setCondition('Ready', 'False', 'ContainersNotReady', unready);
      setCondition('ContainersReady', 'False', 'ContainersNotReady', unready);
      container.ready = false;
      return [
        buildEvent(random, {
          ...base,
          reason: 'Unhealthy',
          message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
          type: 'Warning',
          count: random.int(60, 200),
          firstMs: created + 10_000,
          lastMs: now - random.int(2, 20) * 1000,
        }),
      ];
    }
    default:
      return [];
  }
}
