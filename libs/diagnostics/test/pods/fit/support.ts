import type {
  NodeRecord,
  PersistentVolumeClaimRecord,
  PodPlacement,
  PodRecord,
  RuntimeClassRecord,
  StorageClassRecord,
} from '@fleetscope/types';
import { type FitContext, nodeView } from '../../../src/index.ts';
import { node, pod } from '../../factories.ts';

export const GI = 2 ** 30;

/** A plain 4-core, 16Gi, 110-pod worker without GPUs, unless overridden. */
export function worker(name: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  return node(name, {
    pool: 'general',
    gpuProduct: '',
    gpuAllocatable: 0,
    gpuCapacity: 0,
    cpuAllocatable: 4000,
    memoryAllocatable: 16 * GI,
    podsAllocatable: 110,
    labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'zone-a' },
    ...overrides,
  });
}

/** A bound, running pod using `cpu` millicores and `memoryGi` on `nodeName`. */
export function bound(
  name: string,
  nodeName: string,
  cpu: number,
  memoryGi = 1,
  overrides: Partial<PodRecord> = {},
): PodRecord {
  return pod(name, { nodeName, cpuRequest: cpu, memoryRequest: memoryGi * GI, ...overrides });
}

/** A pending pod (unbound, placement kept) asking for `cpu` millicores and `memoryGi`. */
export function pending(
  name: string,
  cpu: number,
  memoryGi = 1,
  placement: Partial<PodPlacement> = {},
  overrides: Partial<PodRecord> = {},
): PodRecord {
  return pod(name, {
    nodeName: '',
    phase: 'Pending',
    ready: false,
    cpuRequest: cpu,
    memoryRequest: memoryGi * GI,
    placement: { nodeSelector: {}, requiredTerms: [], tolerations: [], ...placement },
    ...overrides,
  });
}

/** The fit context over nodes and their bound pods; scheduling objects watched and empty unless given. */
export function context(
  nodes: readonly NodeRecord[],
  pods: readonly PodRecord[] = [],
  objects: {
    claims?: readonly PersistentVolumeClaimRecord[] | null;
    storageClasses?: readonly StorageClassRecord[] | null;
    runtimeClasses?: readonly RuntimeClassRecord[] | null;
  } = {},
): FitContext {
  return {
    views: nodes.map((n) =>
      nodeView(
        n,
        pods.filter((p) => p.nodeName === n.name),
      ),
    ),
    claims: objects.claims === undefined ? [] : objects.claims,
    storageClasses: objects.storageClasses === undefined ? [] : objects.storageClasses,
    runtimeClasses: objects.runtimeClasses === undefined ? [] : objects.runtimeClasses,
  };
}

export function claim(
  name: string,
  overrides: Partial<PersistentVolumeClaimRecord> = {},
): PersistentVolumeClaimRecord {
  return {
    kind: 'PersistentVolumeClaim',
    uid: `uid-${name}`,
    namespace: 'default',
    name,
    resourceVersion: '1',
    createdAt: 0,
    phase: 'Bound',
    storageClassName: 'standard',
    volumeName: `pv-${name}`,
    selectedNode: '',
    ...overrides,
  };
}

export function storageClass(name: string, overrides: Partial<StorageClassRecord> = {}): StorageClassRecord {
  return {
    kind: 'StorageClass',
    uid: `uid-${name}`,
    name,
    resourceVersion: '1',
    createdAt: 0,
    provisioner: 'ebs.csi.aws.com',
    volumeBindingMode: 'Immediate',
    isDefault: false,
    ...overrides,
  };
}

export function runtimeClass(name: string): RuntimeClassRecord {
  return {
    kind: 'RuntimeClass',
    uid: `uid-${name}`,
    name,
    resourceVersion: '1',
    createdAt: 0,
    handler: name,
    nodeSelector: {},
    tolerations: [],
  };
}
