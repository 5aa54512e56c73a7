import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import { type GpuModel, type PoolSpec, sized } from '../scenarios/spec.ts';
import type { BuildContext, NodeSlot, Taint } from './context.ts';
import { agoMs, cpuQuantity, managedFields, memoryKi } from './meta.ts';

/** Everything that distinguishes one node from another before it becomes an object. */
export interface NodeTemplate {
  name: string;
  pool: string;
  poolLabel?: string;
  instanceType: string;
  cpu: number;
  memoryBytes: number;
  gpu?: GpuModel;
  timeSlicing?: { replicas: number };
  mig?: { config: string; perGpu: Record<string, number> };
  capacityType?: string;
  zone: string;
  providerId: string;
  internalIp: string;
  extraLabels?: Record<string, string>;
}

const GPU_OPERANDS = [
  'driver',
  'container-toolkit',
  'device-plugin',
  'dcgm',
  'dcgm-exporter',
  'gpu-feature-discovery',
  'mig-manager',
  'operator-validator',
  'node-status-exporter',
];

/** GPU Feature Discovery / GPU Operator labels for a node (reference/gpu.md). */
export function gpuLabels(t: NodeTemplate): Record<string, string> {
  const gpu = t.gpu;
  if (!gpu) return {};
  const [major = '0', minor = '0', revision = '0'] = gpu.driver.split('.');
  const [cudaMajor = '0', cudaMinor = '0'] = gpu.cuda.split('.');
  const shared = t.timeSlicing !== undefined;
  const labels: Record<string, string> = {
    'feature.node.kubernetes.io/pci-10de.present': 'true',
    'nvidia.com/gpu.present': 'true',
    'nvidia.com/gpu.product': shared ? `${gpu.product}-SHARED` : gpu.product,
    'nvidia.com/gpu.count': String(gpu.count),
    'nvidia.com/gpu.memory': String(gpu.memoryMiB),
    'nvidia.com/gpu.family': gpu.family,
    'nvidia.com/gpu.machine': t.instanceType,
    'nvidia.com/gpu.compute.major': String(gpu.computeMajor),
    'nvidia.com/gpu.compute.minor': String(gpu.computeMinor),
    'nvidia.com/gpu.replicas': String(t.timeSlicing?.replicas ?? 1),
    'nvidia.com/gpu.sharing-strategy': shared ? 'time-slicing' : 'none',
    'nvidia.com/cuda.driver-version.full': gpu.driver,
    'nvidia.com/cuda.driver-version.major': major,
    'nvidia.com/cuda.driver-version.minor': minor,
    'nvidia.com/cuda.driver-version.revision': revision,
    'nvidia.com/cuda.driver.major': major,
    'nvidia.com/cuda.driver.minor': minor,
    'nvidia.com/cuda.driver.rev': revision,
    'nvidia.com/cuda.runtime-version.full': gpu.cuda,
    'nvidia.com/cuda.runtime-version.major': cudaMajor,
    'nvidia.com/cuda.runtime-version.minor': cudaMinor,
    'nvidia.com/mig.capable': String(gpu.family === 'ampere' || gpu.family === 'hopper'),
  };
  for (const operand of GPU_OPERANDS) labels[`nvidia.com/gpu.deploy.${operand}`] = 'true';
  if (t.mig) {
    labels['nvidia.com/mig.strategy'] = 'mixed';
    labels['nvidia.com/mig.config'] = t.mig.config;
    labels['nvidia.com/mig.config.state'] = 'success';
  }
  return labels;
}

/** Extended resources the device plugin advertises. */
export function gpuResources(t: NodeTemplate): Record<string, number> {
  const gpu = t.gpu;
  if (!gpu) return {};
  if (t.mig) {
    // Mixed strategy: every GPU is partitioned, so whole GPUs are 0 and each profile is its own resource.
    const out: Record<string, number> = { 'nvidia.com/gpu': 0 };
    for (const [profile, perGpu] of Object.entries(t.mig.perGpu))
      out[`nvidia.com/mig-${profile}`] = perGpu * gpu.count;
    return out;
  }
  return { 'nvidia.com/gpu': gpu.count * (t.timeSlicing?.replicas ?? 1) };
}

type Condition = Record<string, string>;

function conditions(ready: 'True' | 'False' | 'Unknown', heartbeatMs: number, sinceMs: number): Condition[] {
  const base = { lastHeartbeatTime: toKubeTime(heartbeatMs), lastTransitionTime: toKubeTime(sinceMs) };
  if (ready === 'Unknown') {
    return ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
      type,
      status: 'Unknown',
      ...base,
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    }));
  }
  const readyCondition: Condition =
    ready === 'True'
      ? {
          type: 'Ready',
          status: 'True',
          ...base,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        }
      : {
          type: 'Ready',
          status: 'False',
          ...base,
          reason: 'KubeletNotReady',
          message:
            'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        };
  return [
    {
      type: 'MemoryPressure',
      status: 'False',
      ...base,
      reason: 'KubeletHasSufficientMemory',
      message: 'kubelet has sufficient memory available',
    },
    {
      type: 'DiskPressure',
      status: 'False',
      ...base,
      reason: 'KubeletHasNoDiskPressure',
      message: 'kubelet has no disk pressure',
    },
    {
      type: 'PIDPressure',
      status: 'False',
      ...base,
      reason: 'KubeletHasSufficientPID',
      message: 'kubelet has sufficient PID available',
    },
    readyCondition,
  ];
}

/** Node conditions for a Ready status, built at `nowMs` (used by mutations as well as generation). */
export function nodeConditions(
  ready: 'True' | 'False' | 'Unknown',
  nowMs: number,
  sinceMs: number,
): Condition[] {
  return conditions(ready, nowMs, sinceMs);
}

/** Taints the node lifecycle controller adds for a Ready status. */
export function readinessTaints(ready: 'True' | 'False' | 'Unknown', sinceMs: number): Taint[] {
  if (ready === 'True') return [];
  const key = ready === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
  return [
    { key, effect: 'NoSchedule' },
    { key, effect: 'NoExecute', timeAdded: toKubeTime(sinceMs) },
  ];
}

/** Builds a Node object and its placement slot. */
export function buildNode(
  ctx: BuildContext,
  t: NodeTemplate,
  nodeIndex: number,
): { node: KubeObject; slot: NodeSlot } {
  const { random, now, spec } = ctx;
  const created = agoMs(random, now, 60 * 24 * 3, 60 * 24 * 60);
  const gpuRes = gpuResources(t);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': t.instanceType,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': spec.region,
    'failure-domain.beta.kubernetes.io/zone': t.zone,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': t.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': t.instanceType,
    'topology.kubernetes.io/region': spec.region,
    'topology.kubernetes.io/zone': t.zone,
    ...(t.poolLabel ? { [t.poolLabel]: t.pool } : {}),
    ...(t.capacityType && spec.provider === 'aws' ? { 'karpenter.sh/capacity-type': t.capacityType } : {}),
    // Karpenter marks its nodes registered, then initialized once they are ready for pods.
    ...(t.poolLabel === 'karpenter.sh/nodepool'
      ? { 'karpenter.sh/registered': 'true', 'karpenter.sh/initialized': 'true' }
      : {}),
    ...gpuLabels(t),
    ...t.extraLabels,
  };
  const taints: Taint[] = t.gpu ? [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] : [];
  const reservedCpu = t.cpu >= 16 ? 0.19 : 0.07;
  const reservedMem = Math.min(t.memoryBytes * 0.06, 12 * 2 ** 30);
  const capacity: Record<string, string> = {
    cpu: String(t.cpu),
    'ephemeral-storage': memoryKi(500 * 2 ** 30),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: memoryKi(t.memoryBytes),
    pods: '110',
  };
  const allocatable: Record<string, string> = {
    cpu: cpuQuantity(t.cpu - reservedCpu),
    'ephemeral-storage': String(Math.round(500 * 2 ** 30 * 0.9)),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: memoryKi(t.memoryBytes - reservedMem),
    pods: '110',
  };
  for (const [resource, count] of Object.entries(gpuRes)) {
    capacity[resource] = String(count);
    allocatable[resource] = String(count);
  }
  const podCidrPrefix = `10.${128 + Math.floor(nodeIndex / 256)}.${nodeIndex % 256}`;
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: t.name,
      uid: random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(created),
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...(t.gpu ? { 'nvidia.com/gpu-driver-upgrade-enabled': 'true' } : {}),
      },
      managedFields: managedFields('kubelet', 'v1', created),
    },
    spec: {
      podCIDR: `${podCidrPrefix}.0/24`,
      podCIDRs: [`${podCidrPrefix}.0/24`],
      providerID: t.providerId,
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity,
      allocatable,
      conditions: conditions('True', now - random.int(1, 40) * 1000, created + 45_000),
      addresses: [
        { type: 'InternalIP', address: t.internalIp },
        { type: 'Hostname', address: t.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: random.string(32, '0123456789abcdef'),
        systemUUID: random.uuid(),
        bootID: random.uuid(),
        kernelVersion: spec.provider === 'gcp' ? '6.6.72+' : '6.1.128-136.201.amzn2023.x86_64',
        osImage:
          spec.provider === 'gcp' ? 'Container-Optimized OS from Google' : 'Amazon Linux 2023.6.20250218',
        containerRuntimeVersion: 'containerd://2.0.5',
        kubeletVersion: spec.version,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
  const numericAllocatable: Record<string, number> = {
    cpu: t.cpu - reservedCpu,
    memory: t.memoryBytes - reservedMem,
    ...gpuRes,
  };
  const slot: NodeSlot = {
    name: t.name,
    uid: node.metadata.uid,
    pool: t.pool,
    zone: t.zone,
    labels,
    taints,
    unschedulable: false,
    ready: 'True',
    allocatable: numericAllocatable,
    used: {},
    pods: 0,
    maxPods: 110,
    lastPodIp: 1,
    podCidrPrefix,
    internalIp: t.internalIp,
  };
  return { node, slot };
}

/** Node templates for a hand-written pool. */
export function poolTemplates(
  ctx: BuildContext,
  pool: PoolSpec,
  count: number,
  migCount: number,
): NodeTemplate[] {
  const { spec, random, clusterIndex } = ctx;
  const poolIndex = spec.pools.indexOf(pool);
  const templates: NodeTemplate[] = [];
  const gcpId = random.string(8, '0123456789abcdef');
  const rollout = pool.driverRollout;
  const rolledOut = rollout === undefined ? 0 : sized(rollout.nodes, ctx.size);
  for (let i = 0; i < count; i++) {
    const zone = spec.zones[i % spec.zones.length] ?? `${spec.region}-a`;
    const ipIndex = poolIndex * 64 + i;
    const internalIp = `10.${clusterIndex}.${Math.floor(ipIndex / 200) + 16}.${(ipIndex % 200) + 10}`;
    let name: string;
    let providerId: string;
    if (spec.provider === 'aws') {
      name = `ip-${internalIp.replaceAll('.', '-')}.ec2.internal`;
      providerId = `aws:///${zone}/i-0${random.string(16, '0123456789abcdef')}`;
    } else if (spec.provider === 'gcp') {
      name = `gke-${spec.name}-${pool.name}-${gcpId}-${random.string(4, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
      providerId = `gce://fleetscope-demo/${zone}/${name}`;
    } else {
      name = `${spec.name}-${pool.name}-${i}`;
      providerId = `baremetal://${name}`;
    }
    templates.push({
      name,
      pool: pool.name,
      instanceType: pool.instanceType,
      cpu: pool.cpu,
      memoryBytes: pool.memoryGi * 2 ** 30,
      zone,
      providerId,
      internalIp,
      ...(pool.poolLabel ? { poolLabel: pool.poolLabel } : {}),
      ...(pool.gpu
        ? {
            gpu:
              rollout !== undefined && i < rolledOut
                ? { ...pool.gpu, driver: rollout.driver, cuda: rollout.cuda }
                : pool.gpu,
          }
        : {}),
      ...(pool.timeSlicing ? { timeSlicing: pool.timeSlicing } : {}),
      ...(pool.mig && i < migCount ? { mig: { config: pool.mig.config, perGpu: pool.mig.perGpu } } : {}),
      ...(pool.capacityType ? { capacityType: pool.capacityType } : {}),
    });
  }
  return templates;
}
