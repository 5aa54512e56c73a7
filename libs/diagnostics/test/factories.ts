import type {
  ClusterSummary,
  ContainerStateRecord,
  DeploymentRecord,
  EndpointSliceRecord,
  NodeRecord,
  PodRecord,
  ResourceFreshness,
  ServiceRecord,
  WatchedResource,
} from '@fleetscope/types';
import { WATCHED_RESOURCES } from '@fleetscope/types';
import type { ClusterInput } from '../src/index.ts';

/** Fixed clock for every test: 2026-11-27T20:00:00Z. */
export const NOW = Date.parse('2026-11-27T20:00:00Z');

export function node(name: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  return {
    kind: 'Node',
    uid: `uid-${name}`,
    name,
    resourceVersion: '1',
    createdAt: NOW - 86_400_000,
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

export function container(overrides: Partial<ContainerStateRecord> = {}): ContainerStateRecord {
  return {
    name: 'main',
    ready: true,
    restartCount: 0,
    waitingReason: '',
    waitingMessage: '',
    lastTerminationReason: '',
    lastExitCode: null,
    ...overrides,
  };
}

export function crashLoopContainer(restartCount = 5): ContainerStateRecord {
  return container({
    ready: false,
    restartCount,
    waitingReason: 'CrashLoopBackOff',
    lastTerminationReason: 'Error',
    lastExitCode: 1,
  });
}

/** A Running, Ready pod on node-1 requesting no GPU, unless overridden. */
export function pod(name: string, overrides: Partial<PodRecord> = {}): PodRecord {
  return {
    kind: 'Pod',
    uid: `uid-${name}`,
    namespace: 'default',
    name,
    resourceVersion: '1',
    createdAt: NOW - 3_600_000,
    deletionTimestamp: null,
    nodeName: 'node-1',
    phase: 'Running',
    ready: true,
    unschedulableReason: '',
    unschedulableMessage: '',
    controller: null,
    labels: {},
    gpuRequest: 0,
    gpuExtendedRequest: {},
    containers: [container()],
    ...overrides,
  };
}

/** A fully available deployment of `replicas` (default 2). */
export function deployment(name: string, overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  const replicas = overrides.replicas ?? 2;
  return {
    kind: 'Deployment',
    uid: `uid-${name}`,
    namespace: 'default',
    name,
    resourceVersion: '1',
    generation: 1,
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    unavailableReplicas: 0,
    statusReplicas: replicas,
    paused: false,
    selector: { app: name },
    conditions: [],
    ...overrides,
  };
}

export function service(name: string, overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    kind: 'Service',
    uid: `uid-svc-${name}`,
    namespace: 'default',
    name,
    resourceVersion: '1',
    type: 'ClusterIP',
    selector: { app: name },
    ...overrides,
  };
}

/** An EndpointSlice of service `serviceName` with `ready` of `endpoints` ready. */
export function endpointSlice(
  serviceName: string,
  ready: number,
  overrides: Partial<EndpointSliceRecord> = {},
): EndpointSliceRecord {
  return {
    kind: 'EndpointSlice',
    uid: `uid-eps-${serviceName}-${ready}`,
    namespace: 'default',
    name: `${serviceName}-abcde`,
    resourceVersion: '1',
    serviceName,
    endpoints: Math.max(ready, 1),
    readyEndpoints: ready,
    ...overrides,
  };
}

/** A watch SYNCED 10 minutes ago, quiet for an hour (no changes), confirmed by the server 5 s ago. */
export function freshness(
  resource: WatchedResource,
  overrides: Partial<ResourceFreshness> = {},
): ResourceFreshness {
  return {
    resource,
    state: 'SYNCED',
    lastEventAt: NOW - 3_600_000,
    confirmedAt: NOW - 5_000,
    behind: null,
    lastSyncAt: NOW - 600_000,
    lastErrorAt: null,
    lastError: null,
    relists: 0,
    restarts: 0,
    ...overrides,
  };
}

/** Fresh watches for every resource, with per-resource overrides. */
export function allFresh(
  overrides: Partial<Record<WatchedResource, Partial<ResourceFreshness>>> = {},
): ResourceFreshness[] {
  return WATCHED_RESOURCES.map((resource) => freshness(resource, overrides[resource] ?? {}));
}

/** A watch that lost the API server `sinceMs` ago and keeps retrying. */
export function retrying(sinceMs: number, error = 'dial tcp 10.0.0.1:443: connect: connection refused') {
  return {
    state: 'RETRYING' as const,
    confirmedAt: NOW - sinceMs,
    lastErrorAt: NOW - 1_000,
    lastError: error,
  };
}

/** A live, healthy cluster: 2 Ready nodes, 2 Ready pods, 1 deployment, 1 service with endpoints. */
export function clusterInput(overrides: Partial<ClusterInput> = {}): ClusterInput {
  return {
    name: 'prod-us-east',
    nodes: [node('node-1'), node('node-2')],
    pods: [pod('web-1'), pod('web-2', { nodeName: 'node-2' })],
    deployments: [deployment('web')],
    services: [service('web')],
    endpointSlices: [endpointSlice('web', 2)],
    freshness: allFresh(),
    now: NOW,
    mode: 'live',
    ...overrides,
  };
}

/** A cluster summary with given plane statuses, for fleet roll-up tests. */
export function clusterSummary(
  name: string,
  controlPlane: ClusterSummary['controlPlane']['status'],
  dataPlane: ClusterSummary['dataPlane']['status'],
  gpus: Partial<ClusterSummary['gpus']> = {},
): ClusterSummary {
  return {
    name,
    controlPlane: { status: controlPlane, summary: `${name} control plane ${controlPlane}`, evidence: [] },
    dataPlane: { status: dataPlane, summary: `${name} data plane ${dataPlane}`, evidence: [] },
    nodes: { total: 0, ready: 0, notReady: 0, unknown: 0, cordoned: 0 },
    pods: { total: 0, running: 0, ready: 0, pending: 0, failed: 0, succeeded: 0, crashLooping: 0 },
    gpus: { allocatable: 0, allocated: 0, pending: 0, unusable: 0, ...gpus },
    workloads: { deployments: 0, deploymentsAvailable: 0, services: 0, servicesWithoutEndpoints: 0 },
    freshness: [],
    dataAsOf: NOW,
    stale: false,
  };
}
