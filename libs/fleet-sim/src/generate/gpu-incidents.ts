import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import { type IncidentSpec, sized } from '../scenarios/spec.ts';
import type { BuildContext, NodeSlot } from './context.ts';
import { buildEvent } from './events.ts';
import { containerId, managedFields, nameSuffix } from './meta.ts';

/** Objects a GPU incident adds beside the nodes it changes. */
export interface GpuIncidentObjects {
  pods: KubeObject[];
  events: KubeObject[];
}

const GPU = 'nvidia.com/gpu';
const OPERATOR_NAMESPACE = 'gpu-operator';
const VALIDATOR_IMAGE = 'nvcr.io/nvidia/cloud-native/gpu-operator-validator:v25.3.2';
const VALIDATION_STEPS = ['driver-validation', 'toolkit-validation', 'cuda-validation', 'plugin-validation'];

function poolSlots(ctx: BuildContext, pool: string): NodeSlot[] {
  const slots = ctx.nodes.filter((n) => n.pool === pool);
  if (slots.length === 0) throw new Error(`scenario: pool ${pool} of ${ctx.spec.name} has no nodes`);
  return slots;
}

function status(node: KubeObject): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  return node.status as { capacity: Record<string, string>; allocatable: Record<string, string> };
}

/**
 * GPU incidents that change nodes before workloads are placed:
 * - `gpu-fell-off-bus`: one GPU of a node is gone (XID 79). The device plugin reports it unhealthy,
 *   so the kubelet keeps it in capacity and drops it from allocatable (8 → 7); nothing is placed on it.
 * - `gpu-validation-failing`: the pool's newest `nodes` nodes (fewer when the pool is smaller: one node
 *   always keeps the old driver) came up from a node image with a new driver, which broke them. Their
 *   GPU Feature Discovery labels show the new driver; the GPU Operator's validator pod sits in
 *   Init:CrashLoopBackOff on `driver-validation`, so the device plugin never starts there and no GPU is
 *   allocatable. (A real operator runs a validator on every GPU node; only the failing ones are built.)
 */
export function applyGpuIncident(
  ctx: BuildContext,
  nodes: Map<string, KubeObject>,
  incident: IncidentSpec,
): GpuIncidentObjects {
  const out: GpuIncidentObjects = { pods: [], events: [] };
  if (incident.kind === 'gpu-fell-off-bus') {
    const slots = poolSlots(ctx, incident.pool);
    // A negative index counts from the pool's newest node.
    const slot = slots.at(incident.index % slots.length) as NodeSlot;
    const node = nodes.get(slot.name);
    const capacity = Number(node === undefined ? 0 : status(node).capacity[GPU]);
    if (node === undefined || !(capacity > 0))
      throw new Error(`scenario: node ${slot.name} of ${ctx.spec.name} has no whole GPUs to lose`);
    status(node).allocatable[GPU] = String(capacity - 1);
    slot.allocatable[GPU] = capacity - 1;
    return out;
  }
  if (incident.kind !== 'gpu-validation-failing') return out;
  const slots = poolSlots(ctx, incident.pool);
  // At the small fleet size a pool may be too small: keep at least one node on the old driver.
  const broken = Math.max(1, Math.min(sized(incident.nodes, ctx.size), slots.length - 1));
  const [major = '0', minor = '0', revision = '0'] = incident.driver.split('.');
  const dsUid = ctx.random.uuid();
  for (const slot of slots.slice(slots.length - broken)) {
    const node = nodes.get(slot.name);
    if (node === undefined) continue;
    const labels = node.metadata.labels ?? {};
    labels['nvidia.com/cuda.driver-version.full'] = incident.driver;
    labels['nvidia.com/cuda.driver-version.major'] = major;
    labels['nvidia.com/cuda.driver-version.minor'] = minor;
    labels['nvidia.com/cuda.driver-version.revision'] = revision;
    labels['nvidia.com/cuda.driver.major'] = major;
    labels['nvidia.com/cuda.driver.minor'] = minor;
    labels['nvidia.com/cuda.driver.rev'] = revision;
    const { allocatable } = status(node);
    for (const resource of Object.keys(allocatable)) {
      if (resource === GPU || resource.startsWith('nvidia.com/')) {
        allocatable[resource] = '0';
        slot.allocatable[resource] = 0;
      }
    }
    const pod = validatorPod(ctx, slot, dsUid, incident.driver);
    out.pods.push(pod);
    const first = ctx.now - 25 * 60_000;
    const event = buildEvent(ctx.random, {
      involved: pod,
      reason: 'BackOff',
      message: `Back-off restarting failed container driver-validation in pod ${pod.metadata.name}_${OPERATOR_NAMESPACE}(${pod.metadata.uid})`,
      type: 'Warning',
      component: 'kubelet',
      host: slot.name,
      count: 97,
      firstMs: first,
      lastMs: ctx.now - 20_000,
    });
    const involved = event.involvedObject as Record<string, string>;
    involved.fieldPath = 'spec.initContainers{driver-validation}';
    out.events.push(event);
  }
  return out;
}

function validatorPod(ctx: BuildContext, slot: NodeSlot, dsUid: string, driver: string): KubeObject {
  const { random, now } = ctx;
  const created = now - 26 * 60_000;
  const name = `nvidia-operator-validator-${nameSuffix(random)}`;
  const uid = random.uuid();
  const podIp = `${slot.podCidrPrefix}.${++slot.lastPodIp}`;
  const lastFailure = now - 3 * 60_000;
  const waiting = (reason: string) => ({ waiting: { reason } });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: 'nvidia-operator-validator-',
      namespace: OPERATOR_NAMESPACE,
      uid,
      resourceVersion: '',
      creationTimestamp: toKubeTime(created),
      labels: {
        app: 'nvidia-operator-validator',
        'app.kubernetes.io/managed-by': 'gpu-operator',
        'app.kubernetes.io/part-of': 'gpu-operator',
        'controller-revision-hash': '7d9c5f8b46',
        'helm.sh/chart': 'gpu-operator-v25.3.2',
        'pod-template-generation': '3',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'nvidia-operator-validator',
          uid: dsUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: managedFields('kube-controller-manager', 'v1', created),
    },
    spec: {
      nodeName: slot.name,
      serviceAccountName: 'nvidia-operator-validator',
      runtimeClassName: 'nvidia',
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { 'nvidia.com/gpu.deploy.operator-validator': 'true' },
      initContainers: VALIDATION_STEPS.map((step) => ({
        name: step,
        image: VALIDATOR_IMAGE,
        command: ['sh', '-c'],
        args: ['nvidia-validator'],
        env: [{ name: 'COMPONENT', value: step.replace('-validation', '') }],
      })),
      containers: [
        {
          name: 'nvidia-operator-validator',
          image: VALIDATOR_IMAGE,
          command: ['sh', '-c'],
          args: ['echo all validations are successful; sleep infinity'],
        },
      ],
    },
    status: {
      phase: 'Pending',
      hostIP: slot.internalIp,
      hostIPs: [{ ip: slot.internalIp }],
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      qosClass: 'BestEffort',
      startTime: toKubeTime(created + 2_000),
      conditions: [
        {
          type: 'PodReadyToStartContainers',
          status: 'True',
          lastTransitionTime: toKubeTime(created + 4_000),
        },
        {
          type: 'Initialized',
          status: 'False',
          reason: 'ContainersNotInitialized',
          message: `containers with incomplete status: [${VALIDATION_STEPS.join(' ')}]`,
          lastTransitionTime: toKubeTime(created + 2_000),
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [nvidia-operator-validator]',
          lastTransitionTime: toKubeTime(created + 2_000),
        },
        {
          type: 'ContainersReady',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [nvidia-operator-validator]',
          lastTransitionTime: toKubeTime(created + 2_000),
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: toKubeTime(created) },
      ],
      initContainerStatuses: VALIDATION_STEPS.map((step, i) =>
        i === 0
          ? {
              name: step,
              image: VALIDATOR_IMAGE,
              imageID: `${VALIDATOR_IMAGE.split(':')[0]}@sha256:${'4e'.repeat(32)}`,
              containerID: containerId(random),
              ready: false,
              started: false,
              restartCount: 9,
              state: {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: `back-off 5m0s restarting failed container=${step} pod=${name}_${OPERATOR_NAMESPACE}(${uid})`,
                },
              },
              lastState: {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  message: `driver ${driver}: failed to validate the driver installation: nvidia-smi failed`,
                  startedAt: toKubeTime(lastFailure - 4_000),
                  finishedAt: toKubeTime(lastFailure),
                  containerID: containerId(random),
                },
              },
            }
          : {
              name: step,
              image: VALIDATOR_IMAGE,
              imageID: '',
              ready: false,
              restartCount: 0,
              state: waiting('PodInitializing'),
            },
      ),
      containerStatuses: [
        {
          name: 'nvidia-operator-validator',
          image: VALIDATOR_IMAGE,
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: waiting('PodInitializing'),
        },
      ],
    },
  };
}
