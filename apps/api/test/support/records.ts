import type { EventRecord, NodeRecord, PodRecord } from '@fleetscope/types';

export function pod(name: string, overrides: Partial<PodRecord> = {}): PodRecord {
  return {
    kind: 'Pod',
    uid: `uid-${name}`,
    namespace: 'ml',
    name,
    resourceVersion: '1',
    createdAt: 0,
    deletionTimestamp: null,
    nodeName: '',
    phase: 'Running',
    ready: true,
    unschedulableReason: '',
    unschedulableMessage: '',
    controller: null,
    labels: {},
    gpuRequest: 0,
    gpuExtendedRequest: {},
    containers: [],
    ...overrides,
  };
}

export function node(name: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  return {
    kind: 'Node',
    uid: `uid-${name}`,
    name,
    resourceVersion: '1',
    createdAt: 0,
    pool: 'h100',
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
    ready: true,
    readyReason: 'KubeletReady',
    unschedulable: false,
    taints: [],
    gpuAllocatable: 8,
    gpuCapacity: 8,
    gpuExtended: {},
    labels: {},
    ...overrides,
  };
}

/** A Warning event about `involvedName` (a Pod in namespace ml unless overridden). */
export function event(name: string, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    kind: 'Event',
    uid: `uid-${name}`,
    namespace: 'ml',
    name,
    resourceVersion: '1',
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    involvedKind: 'Pod',
    involvedName: 'train-0',
    involvedNamespace: 'ml',
    count: 1,
    lastSeenAt: 0,
    reportingComponent: 'kubelet',
    ...overrides,
  };
}
