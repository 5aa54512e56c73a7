import { toKubeTime } from '../clock.ts';
import { parseQuantity } from '../model/access.ts';
import type { KubeObject, OwnerReference } from '../model/types.ts';
import type { WorkloadRole } from '../scenarios/spec.ts';
import type { BuildContext, NodeSlot } from './context.ts';
import { buildEvent } from './events.ts';
import { agoMs, containerId, managedFields, nameSuffix } from './meta.ts';
import {
  bindDemand,
  chooseNode,
  type PodDemand,
  type Toleration,
  unschedulableMessage,
} from './scheduling.ts';

/** How the pods of a workload behave. */
export type PodMode =
  | 'running'
  | 'unschedulable'
  | 'crash-loop'
  | 'init-crash-loop'
  | 'image-pull'
  /** The runtime cannot set up the pod's network: ContainerCreating, no IP, FailedCreatePodSandBox events. */
  | 'sandbox-failure';

/** A Deployment to build, resolved from a WorkloadSpec, an incident or the openb trace. */
export interface WorkloadPlan {
  namespace: string;
  name: string;
  role: WorkloadRole;
  image: string;
  cpu: string;
  memory: string;
  gpus: number;
  gpuResource: string;
  replicas: number;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  servicePort?: number;
  mode: PodMode;
  exitCode?: number;
  labels?: Record<string, string>;
  /** Per-replica pod annotations (e.g. the openb task a pod stands for). */
  podAnnotations?: (index: number) => Record<string, string>;
  /** Last touches to the pod template spec (env, probes, volumes of a rolled-out revision). */
  patchSpec?: (spec: Record<string, unknown>) => void;
}

export const GPU_TOLERATION: Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** The numeric demand of one pod of the plan (what placement and the scheduler message use). */
export function planDemand(plan: WorkloadPlan): PodDemand {
  const requests: Record<string, number> = {
    cpu: parseQuantity(plan.cpu) ?? 0,
    memory: parseQuantity(plan.memory) ?? 0,
  };
  if (plan.gpus > 0) requests[plan.gpuResource] = plan.gpus;
  return {
    requests,
    nodeSelector: plan.nodeSelector,
    tolerations: [...plan.tolerations, ...DEFAULT_TOLERATIONS],
  };
}

export function containerName(plan: WorkloadPlan): string {
  if (plan.role === 'training') return 'trainer';
  if (plan.role === 'inference') return 'server';
  if (plan.role === 'batch') return 'task';
  return plan.name;
}

function podTemplateSpec(plan: WorkloadPlan): Record<string, unknown> {
  const gpu = plan.gpus > 0 ? { [plan.gpuResource]: String(plan.gpus) } : {};
  const container: Record<string, unknown> = {
    name: containerName(plan),
    image: plan.image,
    imagePullPolicy: 'IfNotPresent',
    resources: {
      requests: { cpu: plan.cpu, memory: plan.memory, ...gpu },
      limits: { memory: plan.memory, ...gpu },
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (plan.servicePort)
    container.ports = [{ name: 'http', containerPort: plan.servicePort, protocol: 'TCP' }];
  const spec: Record<string, unknown> = {
    containers: [container],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
  };
  if (plan.role === 'training' && plan.gpus > 0) {
    // A GPU preflight init container, as NCCL jobs commonly run: it asks for the same GPUs, so the pod's
    // effective request is max(sum of app containers, max of init containers) = gpus.
    spec.initContainers = [
      {
        name: 'nccl-preflight',
        image: plan.image,
        command: ['python', '-m', 'torch.distributed.run', '--standalone', '/opt/preflight.py'],
        resources: { requests: { cpu: '1', memory: '1Gi', ...gpu }, limits: { ...gpu } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ];
  }
  if (Object.keys(plan.nodeSelector).length > 0) spec.nodeSelector = plan.nodeSelector;
  if (plan.tolerations.length > 0) spec.tolerations = plan.tolerations;
  plan.patchSpec?.(spec);
  return spec;
}

function condition(
  type: string,
  status: string,
  atMs: number,
  reason?: string,
  message?: string,
): Record<string, unknown> {
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: toKubeTime(atMs),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

export function imageId(image: string, ctx: BuildContext): string {
  const repo = image.split(':')[0] ?? image;
  return `${repo}@sha256:${ctx.random.string(64, '0123456789abcdef')}`;
}

export interface PodBuild {
  plan: WorkloadPlan;
  rsName: string;
  hash: string;
  owner: OwnerReference;
  node: NodeSlot | undefined;
  createdMs: number;
  index: number;
  unschedulableMessage?: string;
}

/** One pod of a ReplicaSet, with a status that matches its mode. */
export function buildPod(ctx: BuildContext, b: PodBuild): KubeObject {
  const { plan, node, createdMs } = b;
  const { random, now } = ctx;
  const name = `${b.rsName}-${nameSuffix(random)}`;
  const spec = podTemplateSpec(plan);
  spec.tolerations = [...plan.tolerations, ...DEFAULT_TOLERATIONS];
  spec.priority = 0;
  spec.enableServiceLinks = true;
  spec.preemptionPolicy = 'PreemptLowerPriority';
  const uid = random.uuid();
  const cName = containerName(plan);
  const qosClass = 'Burstable';
  const labels = {
    app: plan.name,
    'app.kubernetes.io/component': plan.role,
    ...plan.labels,
    'pod-template-hash': b.hash,
  };
  const metadata = {
    name,
    generateName: `${b.rsName}-`,
    namespace: plan.namespace,
    uid,
    resourceVersion: '',
    generation: 1,
    creationTimestamp: toKubeTime(createdMs),
    labels,
    ...(plan.podAnnotations ? { annotations: plan.podAnnotations(b.index) } : {}),
    ownerReferences: [b.owner],
    managedFields: managedFields('kube-controller-manager', 'v1', createdMs),
  };
  if (!node) {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec,
      status: {
        phase: 'Pending',
        conditions: [
          condition('PodScheduled', 'False', createdMs + 1000, 'Unschedulable', b.unschedulableMessage ?? ''),
        ],
        qosClass,
      },
    };
  }
  spec.nodeName = node.name;
  node.lastPodIp += 1;
  const podIp = `${node.podCidrPrefix}.${node.lastPodIp}`;
  const started = createdMs + random.int(2, 40) * 1000;
  const hasInit = Array.isArray(spec.initContainers);
  const initCrash = plan.mode === 'init-crash-loop';
  const initStatuses = hasInit
    ? [
        initCrash
          ? crashLoopingStatus(ctx, {
              name: 'nccl-preflight',
              pod: `${name}_${plan.namespace}(${uid})`,
              image: plan.image,
              exitCode: plan.exitCode ?? 1,
              restarts: random.int(9, 30),
              finishedAt: now - random.int(20, 200) * 1000,
              ranMs: 9000,
            })
          : {
              name: 'nccl-preflight',
              state: {
                terminated: {
                  exitCode: 0,
                  reason: 'Completed',
                  startedAt: toKubeTime(started - 20_000),
                  finishedAt: toKubeTime(started - 2000),
                  containerID: containerId(random),
                },
              },
              lastState: {},
              ready: true,
              restartCount: 0,
              image: plan.image,
              imageID: imageId(plan.image, ctx),
              containerID: containerId(random),
              started: false,
            },
      ]
    : undefined;
  if (plan.mode === 'image-pull' || plan.mode === 'sandbox-failure') {
    // Pending with its one container waiting. An image that cannot be pulled: the sandbox (and its IP)
    // exists, the container waits in ImagePullBackOff. A sandbox the CNI cannot wire up: no pod IP, the
    // kubelet reports the pod not ready to start containers, the container waits in ContainerCreating.
    const sandbox = plan.mode === 'image-pull';
    const at = createdMs + (sandbox ? 3000 : 1000);
    const notReady = `containers with unready status: [${cName}]`;
    if (!sandbox) node.lastPodIp -= 1;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec,
      status: {
        phase: 'Pending',
        conditions: [
          condition('PodReadyToStartContainers', sandbox ? 'True' : 'False', at),
          condition('Initialized', 'True', at),
          condition('Ready', 'False', at, 'ContainersNotReady', notReady),
          condition('ContainersReady', 'False', at, 'ContainersNotReady', notReady),
          condition('PodScheduled', 'True', createdMs + 1000),
        ],
        hostIP: node.internalIp,
        hostIPs: [{ ip: node.internalIp }],
        ...(sandbox ? { podIP: podIp, podIPs: [{ ip: podIp }] } : {}),
        startTime: toKubeTime(createdMs + 1000),
        containerStatuses: [
          {
            name: cName,
            state: {
              waiting: sandbox
                ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${plan.image}"` }
                : { reason: 'ContainerCreating' },
            },
            lastState: {},
            ready: false,
            restartCount: 0,
            image: plan.image,
            imageID: '',
            started: false,
          },
        ],
        qosClass,
      },
    };
  }
  if (initCrash) {
    // The kubelet never starts app containers before every init container has succeeded.
    const waiting = `containers with incomplete status: [nccl-preflight]`;
    const notReady = `containers with unready status: [${cName}]`;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec,
      status: {
        phase: 'Pending',
        conditions: [
          condition('PodReadyToStartContainers', 'True', createdMs + 3000),
          condition('Initialized', 'False', createdMs + 3000, 'ContainersNotInitialized', waiting),
          condition('Ready', 'False', createdMs + 3000, 'ContainersNotReady', notReady),
          condition('ContainersReady', 'False', createdMs + 3000, 'ContainersNotReady', notReady),
          condition('PodScheduled', 'True', createdMs + 1000),
        ],
        hostIP: node.internalIp,
        hostIPs: [{ ip: node.internalIp }],
        podIP: podIp,
        podIPs: [{ ip: podIp }],
        startTime: toKubeTime(createdMs + 1000),
        initContainerStatuses: initStatuses,
        containerStatuses: [
          {
            name: cName,
            state: { waiting: { reason: 'PodInitializing' } },
            lastState: {},
            ready: false,
            restartCount: 0,
            image: plan.image,
            imageID: '',
            started: false,
          },
        ],
        qosClass,
      },
    };
  }
  const crash = plan.mode === 'crash-loop';
  const restarts = crash ? random.int(9, 30) : 0;
  const lastFinish = now - random.int(20, 200) * 1000;
  const containerStatus = crash
    ? crashLoopingStatus(ctx, {
        name: cName,
        pod: `${name}_${plan.namespace}(${uid})`,
        image: plan.image,
        exitCode: plan.exitCode ?? 1,
        restarts,
        finishedAt: lastFinish,
        ranMs: 7000,
      })
    : {
        name: cName,
        state: { running: { startedAt: toKubeTime(started) } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: plan.image,
        imageID: imageId(plan.image, ctx),
        containerID: containerId(random),
        started: true,
      };
  const readyStatus = crash ? 'False' : 'True';
  const notReady = crash ? ['ContainersNotReady', `containers with unready status: [${cName}]`] : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec,
    status: {
      phase: 'Running',
      conditions: [
        condition('PodReadyToStartContainers', 'True', createdMs + 3000),
        condition('Initialized', 'True', started - 1000),
        condition('Ready', readyStatus, crash ? lastFinish : started + 2000, notReady[0], notReady[1]),
        condition(
          'ContainersReady',
          readyStatus,
          crash ? lastFinish : started + 2000,
          notReady[0],
          notReady[1],
        ),
        condition('PodScheduled', 'True', createdMs + 1000),
      ],
      hostIP: node.internalIp,
      hostIPs: [{ ip: node.internalIp }],
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: toKubeTime(createdMs + 1000),
      ...(initStatuses ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: [containerStatus],
      qosClass,
    },
  };
}

/** A container status in CrashLoopBackOff, worded as the kubelet writes it, after a failed run of `ranMs`. */
function crashLoopingStatus(
  ctx: BuildContext,
  c: {
    name: string;
    pod: string;
    image: string;
    exitCode: number;
    restarts: number;
    finishedAt: number;
    ranMs: number;
  },
): Record<string, unknown> {
  const { random } = ctx;
  return {
    name: c.name,
    state: {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 5m0s restarting failed container=${c.name} pod=${c.pod}`,
      },
    },
    lastState: {
      terminated: {
        exitCode: c.exitCode,
        reason: 'Error',
        startedAt: toKubeTime(c.finishedAt - c.ranMs),
        finishedAt: toKubeTime(c.finishedAt),
        containerID: containerId(random),
      },
    },
    ready: false,
    restartCount: c.restarts,
    image: c.image,
    imageID: imageId(c.image, ctx),
    containerID: containerId(random),
    started: false,
  };
}

/** Pod-template hash: 10 characters from the suffix alphabet, like the deployment controller's. */
function templateHash(ctx: BuildContext): string {
  return nameSuffix(ctx.random, 10);
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type?: string; status?: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Chooses nodes for `count` replicas; unplaced replicas come back as undefined. */
export function placeReplicas(
  ctx: BuildContext,
  plan: WorkloadPlan,
  count: number,
): (NodeSlot | undefined)[] {
  const demand = planDemand(plan);
  const out: (NodeSlot | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    if (plan.mode === 'unschedulable') {
      out.push(undefined);
      continue;
    }
    const node = chooseNode(ctx.nodes, demand);
    if (node) bindDemand(node, demand);
    out.push(node);
  }
  return out;
}

export interface BuiltWorkload {
  deployment: KubeObject;
  /** The ReplicaSet of the current template. */
  replicaSet: KubeObject;
  /** ReplicaSets of earlier revisions still holding pods (a rollout in progress). */
  olderReplicaSets?: KubeObject[];
  pods: KubeObject[];
  events: KubeObject[];
  service?: KubeObject;
  endpointSlice?: KubeObject;
}

/** Builds a Deployment → ReplicaSet → Pods chain (plus Service and EndpointSlice) for placed replicas. */
export function buildWorkload(
  ctx: BuildContext,
  plan: WorkloadPlan,
  placements: (NodeSlot | undefined)[],
): BuiltWorkload {
  const { random, now } = ctx;
  const created = agoMs(random, now, 60 * 6, 60 * 24 * 20);
  const hash = templateHash(ctx);
  const rsName = `${plan.name}-${hash}`;
  const deploymentUid = random.uuid();
  const rsUid = random.uuid();
  const labels = { app: plan.name, 'app.kubernetes.io/component': plan.role, ...plan.labels };
  const template = { metadata: { labels: { ...labels } }, spec: podTemplateSpec(plan) };
  const rsOwner: OwnerReference = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name: rsName,
    uid: rsUid,
    controller: true,
    blockOwnerDeletion: true,
  };
  const demand = planDemand(plan);
  const message = plan.mode === 'unschedulable' ? unschedulableMessage(ctx.nodes, demand) : undefined;
  const pods = placements.map((node, index) =>
    buildPod(ctx, {
      plan,
      rsName,
      hash,
      owner: rsOwner,
      node,
      createdMs: created + 5000 + index * 1000,
      index,
      ...(message ? { unschedulableMessage: message } : {}),
    }),
  );
  const replicas = placements.length;
  const ready = pods.filter(isReady).length;
  const available = ready;
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      uid: deploymentUid,
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(created),
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      managedFields: managedFields('kubectl-client-side-apply', 'apps/v1', created),
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: plan.name } },
      template,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: available,
      ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
      conditions:
        available >= replicas
          ? [
              deploymentCondition(
                'Available',
                'True',
                'MinimumReplicasAvailable',
                'Deployment has minimum availability.',
                created + 30_000,
              ),
              deploymentCondition(
                'Progressing',
                'True',
                'NewReplicaSetAvailable',
                `ReplicaSet "${rsName}" has successfully progressed.`,
                created + 30_000,
              ),
            ]
          : [
              deploymentCondition(
                'Available',
                'False',
                'MinimumReplicasUnavailable',
                'Deployment does not have minimum availability.',
                created + 5000,
              ),
              deploymentCondition(
                'Progressing',
                'False',
                'ProgressDeadlineExceeded',
                `ReplicaSet "${rsName}" has timed out progressing.`,
                created + 605_000,
              ),
            ],
    },
  };
  // Zero-count fields are omitted on the wire, like the real server (omitempty).
  const status = deployment.status as Record<string, unknown>;
  for (const key of ['readyReplicas', 'availableReplicas']) if (status[key] === 0) delete status[key];
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace: plan.namespace,
      uid: rsUid,
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(created + 1000),
      labels: { ...labels, 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: plan.name,
          uid: deploymentUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: managedFields('kube-controller-manager', 'apps/v1', created + 1000),
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: plan.name, 'pod-template-hash': hash } },
      template: {
        metadata: { labels: { ...labels, 'pod-template-hash': hash } },
        spec: podTemplateSpec(plan),
      },
    },
    status: {
      replicas,
      fullyLabeledReplicas: replicas,
      ...(ready > 0 ? { readyReplicas: ready, availableReplicas: available } : {}),
      observedGeneration: 1,
    },
  };
  const events = podEvents(ctx, plan, pods, placements, message);
  const built: BuiltWorkload = { deployment, replicaSet, pods, events };
  if (plan.servicePort) {
    built.service = buildService(
      ctx,
      plan.namespace,
      plan.name,
      { app: plan.name },
      plan.servicePort,
      created,
    );
    built.endpointSlice = buildEndpointSlice(ctx, built.service, pods, plan.servicePort);
  }
  return built;
}

export function deploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  atMs: number,
): Record<string, string> {
  return {
    type,
    status,
    lastUpdateTime: toKubeTime(atMs),
    lastTransitionTime: toKubeTime(atMs),
    reason,
    message,
  };
}

export function podEvents(
  ctx: BuildContext,
  plan: WorkloadPlan,
  pods: KubeObject[],
  placements: (NodeSlot | undefined)[],
  message: string | undefined,
): KubeObject[] {
  const { random, now } = ctx;
  const events: KubeObject[] = [];
  pods.forEach((pod, i) => {
    const created = Date.parse(pod.metadata.creationTimestamp);
    if (plan.mode === 'unschedulable' && message) {
      events.push(
        buildEvent(random, {
          involved: pod,
          reason: 'FailedScheduling',
          message,
          type: 'Warning',
          component: 'default-scheduler',
          count: random.int(20, 90),
          firstMs: created + 1000,
          lastMs: now - random.int(5, 50) * 1000,
        }),
      );
    }
    const node = placements[i];
    if (plan.mode === 'init-crash-loop' && node) {
      const restarts =
        (pod.status as { initContainerStatuses?: { restartCount?: number }[] }).initContainerStatuses?.[0]
          ?.restartCount ?? 1;
      const base = { involved: pod, component: 'kubelet', host: node.name } as const;
      events.push(
        buildEvent(random, {
          ...base,
          reason: 'Started',
          message: 'Started container nccl-preflight',
          type: 'Normal',
          count: restarts + 1,
          firstMs: created + 4000,
          lastMs: now - 200_000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'BackOff',
          message: `Back-off restarting failed container nccl-preflight in pod ${pod.metadata.name}_${plan.namespace}(${pod.metadata.uid})`,
          type: 'Warning',
          count: restarts * 4,
          firstMs: created + 60_000,
          lastMs: now - random.int(2, 30) * 1000,
        }),
      );
    }
    if (plan.mode === 'sandbox-failure' && node) {
      const sandbox = random.string(64, '0123456789abcdef');
      events.push(
        buildEvent(random, {
          involved: pod,
          component: 'kubelet',
          host: node.name,
          reason: 'FailedCreatePodSandBox',
          message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandbox}": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized`,
          type: 'Warning',
          count: random.int(10, 60),
          firstMs: created + 2000,
          lastMs: now - random.int(2, 30) * 1000,
        }),
      );
    }
    if (plan.mode === 'image-pull' && node) {
      const base = { involved: pod, component: 'kubelet', host: node.name } as const;
      const attempts = random.int(6, 40);
      events.push(
        buildEvent(random, {
          ...base,
          reason: 'Pulling',
          message: `Pulling image "${plan.image}"`,
          type: 'Normal',
          count: attempts,
          firstMs: created + 2000,
          lastMs: now - random.int(30, 300) * 1000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'Failed',
          message: `Failed to pull image "${plan.image}": failed to resolve reference "${plan.image}": failed to do request: Head "https://${plan.image.split('/')[0]}/v2/": dial tcp: lookup ${plan.image.split('/')[0]}: no such host`,
          type: 'Warning',
          count: attempts,
          firstMs: created + 3000,
          lastMs: now - random.int(30, 300) * 1000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'BackOff',
          message: `Back-off pulling image "${plan.image}"`,
          type: 'Normal',
          count: attempts * 4,
          firstMs: created + 10_000,
          lastMs: now - random.int(2, 30) * 1000,
        }),
      );
    }
    if (plan.mode === 'crash-loop' && node) {
      const cName = containerName(plan);
      const restarts =
        (pod.status as { containerStatuses?: { restartCount?: number }[] }).containerStatuses?.[0]
          ?.restartCount ?? 1;
      const base = { involved: pod, component: 'kubelet', host: node.name } as const;
      events.push(
        buildEvent(random, {
          ...base,
          reason: 'Scheduled',
          message: `Successfully assigned ${plan.namespace}/${pod.metadata.name} to ${node.name}`,
          type: 'Normal',
          component: 'default-scheduler',
          count: 1,
          firstMs: created + 1000,
          lastMs: created + 1000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'Pulled',
          message: `Container image "${plan.image}" already present on machine`,
          type: 'Normal',
          count: restarts + 1,
          firstMs: created + 3000,
          lastMs: now - 200_000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'Started',
          message: `Started container ${cName}`,
          type: 'Normal',
          count: restarts + 1,
          firstMs: created + 4000,
          lastMs: now - 200_000,
        }),
        buildEvent(random, {
          ...base,
          reason: 'BackOff',
          message: `Back-off restarting failed container ${cName} in pod ${pod.metadata.name}_${plan.namespace}(${pod.metadata.uid})`,
          type: 'Warning',
          count: restarts * 4,
          firstMs: created + 60_000,
          lastMs: now - random.int(2, 30) * 1000,
        }),
      );
    }
  });
  return events;
}

/** A ClusterIP Service selecting `selector`. */
export function buildService(
  ctx: BuildContext,
  namespace: string,
  name: string,
  selector: Record<string, string> | undefined,
  port: number,
  createdMs: number,
): KubeObject {
  const ip = ctx.nextServiceIp();
  const protocol = port === 53 ? 'UDP' : 'TCP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      uid: ctx.random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(createdMs),
      labels: selector ? { ...selector } : { component: 'apiserver', provider: 'kubernetes' },
      managedFields: managedFields('kubectl-client-side-apply', 'v1', createdMs),
    },
    spec: {
      ...(selector ? { selector } : {}),
      ports: [{ name: port === 443 ? 'https' : 'http', protocol, port, targetPort: port }],
      clusterIP: ip,
      clusterIPs: [ip],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

/** The EndpointSlice the endpointslice controller would write for `service` over `pods`. */
export function buildEndpointSlice(
  ctx: BuildContext,
  service: KubeObject,
  pods: KubeObject[],
  port: number,
): KubeObject {
  const svcName = service.metadata.name;
  const endpoints = pods
    .filter((p) => typeof (p.status as { podIP?: unknown }).podIP === 'string')
    .map((p) => {
      const ready = isReady(p);
      const nodeName = (p.spec as { nodeName?: string }).nodeName ?? '';
      const zone = ctx.nodes.find((n) => n.name === nodeName)?.zone;
      return {
        addresses: [(p.status as { podIP: string }).podIP],
        conditions: { ready, serving: ready, terminating: false },
        nodeName,
        ...(zone ? { zone } : {}),
        targetRef: {
          kind: 'Pod',
          namespace: p.metadata.namespace ?? '',
          name: p.metadata.name,
          uid: p.metadata.uid,
        },
      };
    });
  const protocol = port === 53 ? 'UDP' : 'TCP';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${svcName}-${nameSuffix(ctx.random)}`,
      generateName: `${svcName}-`,
      namespace: service.metadata.namespace ?? 'default',
      uid: ctx.random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: service.metadata.creationTimestamp,
      labels: {
        ...(service.metadata.labels ?? {}),
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': svcName,
      },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': service.metadata.creationTimestamp },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: svcName,
          uid: service.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: managedFields(
        'endpointslice-controller.k8s.io',
        'discovery.k8s.io/v1',
        Date.parse(service.metadata.creationTimestamp),
      ),
    },
    addressType: 'IPv4',
    // The real API serialises an empty list as null (no omitempty on this field).
    endpoints: endpoints.length > 0 ? endpoints : null,
    ports: [{ name: port === 443 ? 'https' : 'http', protocol, port }],
  };
}
