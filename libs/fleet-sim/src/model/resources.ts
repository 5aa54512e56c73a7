/** What the simulated API server knows about one resource type (drives routing and discovery). */
export interface ResourceType {
  /** Plural, lower-case, as in URLs: `pods`. */
  name: string;
  singularName: string;
  kind: string;
  listKind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Whether metadata.generation is maintained (bumped on spec changes). */
  hasGeneration: boolean;
  /** Subresources served (only `status` here). */
  subresources: string[];
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(
  partial: Omit<ResourceType, 'listKind' | 'categories' | 'subresources' | 'hasGeneration'> &
    Partial<Pick<ResourceType, 'categories' | 'subresources' | 'hasGeneration'>>,
): ResourceType {
  return {
    listKind: `${partial.kind}List`,
    categories: [],
    subresources: [],
    hasGeneration: false,
    ...partial,
  };
}

/** Every resource the simulator serves. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  resource({
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
  }),
  resource({
    name: 'nodes',
    singularName: 'node',
    kind: 'Node',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
  }),
  resource({
    name: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
  }),
  resource({
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ev'],
  }),
  resource({
    name: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['cm'],
  }),
  resource({
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'controllerrevisions',
    singularName: 'controllerrevision',
    kind: 'ControllerRevision',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: [],
    categories: [],
    subresources: [],
    hasGeneration: false,
  }),
  resource({
    name: 'leases',
    singularName: 'lease',
    kind: 'Lease',
    group: 'coordination.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: [],
  }),
  resource({
    name: 'endpointslices',
    singularName: 'endpointslice',
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: [],
  }),
  resource({
    name: 'persistentvolumeclaims',
    singularName: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  resource({
    name: 'resourcequotas',
    singularName: 'resourcequota',
    kind: 'ResourceQuota',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['quota'],
    subresources: ['status'],
  }),
  resource({
    name: 'storageclasses',
    singularName: 'storageclass',
    kind: 'StorageClass',
    group: 'storage.k8s.io',
    version: 'v1',
    namespaced: false,
    shortNames: ['sc'],
  }),
  resource({
    name: 'runtimeclasses',
    singularName: 'runtimeclass',
    kind: 'RuntimeClass',
    group: 'node.k8s.io',
    version: 'v1',
    namespaced: false,
    shortNames: [],
  }),
  resource({
    name: 'poddisruptionbudgets',
    singularName: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    group: 'policy',
    version: 'v1',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
    hasGeneration: true,
  }),
];

/**
 * Resources only some simulated clusters serve (a scenario opts in): Dynamic Resource Allocation,
 * resource.k8s.io/v1. A cluster that does not serve them answers 404 and leaves them out of discovery,
 * as a real one without the API does.
 */
export const DRA_RESOURCE_TYPES: readonly ResourceType[] = [
  resource({
    name: 'resourceslices',
    singularName: 'resourceslice',
    kind: 'ResourceSlice',
    group: 'resource.k8s.io',
    version: 'v1',
    namespaced: false,
    shortNames: [],
  }),
  resource({
    name: 'resourceclaims',
    singularName: 'resourceclaim',
    kind: 'ResourceClaim',
    group: 'resource.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: [],
    subresources: ['status'],
  }),
];

/**
 * Gateway API (gateway.networking.k8s.io): served only by clusters whose scenario has Gateways, as
 * a cluster without the CRDs answers 404 for the group. Gateways, HTTPRoutes and GatewayClasses at
 * v1; ReferenceGrants at v1beta1, as the standard channel before v1.5 serves them.
 */
export const GATEWAY_RESOURCE_TYPES: readonly ResourceType[] = [
  resource({
    name: 'gateways',
    singularName: 'gateway',
    kind: 'Gateway',
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: ['gtw'],
    categories: ['gateway-api'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'httproutes',
    singularName: 'httproute',
    kind: 'HTTPRoute',
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: [],
    categories: ['gateway-api'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'gatewayclasses',
    singularName: 'gatewayclass',
    kind: 'GatewayClass',
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    namespaced: false,
    shortNames: ['gc'],
    categories: ['gateway-api'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'referencegrants',
    singularName: 'referencegrant',
    kind: 'ReferenceGrant',
    group: 'gateway.networking.k8s.io',
    version: 'v1beta1',
    namespaced: true,
    shortNames: ['refgrant'],
    categories: ['gateway-api'],
  }),
];

/**
 * The NVIDIA GPU Operator's ClusterPolicy CRD (nvidia.com/v1), served by clusters with whole-GPU pools
 * (the operator is installed where GPU nodes are); others answer 404, as without the CRD.
 */
export const GPU_OPERATOR_RESOURCE_TYPES: readonly ResourceType[] = [
  resource({
    name: 'clusterpolicies',
    singularName: 'clusterpolicy',
    kind: 'ClusterPolicy',
    group: 'nvidia.com',
    version: 'v1',
    namespaced: false,
    shortNames: [],
    subresources: ['status'],
    hasGeneration: true,
  }),
];

/** Kueue (kueue.x-k8s.io/v1beta2, the storage version since v0.16): served only where a scenario has Kueue. */
export const KUEUE_RESOURCE_TYPES: readonly ResourceType[] = [
  resource({
    name: 'workloads',
    singularName: 'workload',
    kind: 'Workload',
    group: 'kueue.x-k8s.io',
    version: 'v1beta2',
    namespaced: true,
    shortNames: ['wl'],
    categories: ['kueue'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'clusterqueues',
    singularName: 'clusterqueue',
    kind: 'ClusterQueue',
    group: 'kueue.x-k8s.io',
    version: 'v1beta2',
    namespaced: false,
    shortNames: ['cq'],
    categories: ['kueue'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'localqueues',
    singularName: 'localqueue',
    kind: 'LocalQueue',
    group: 'kueue.x-k8s.io',
    version: 'v1beta2',
    namespaced: true,
    shortNames: ['lq', 'queue', 'queues'],
    categories: ['kueue'],
    subresources: ['status'],
    hasGeneration: true,
  }),
  resource({
    name: 'resourceflavors',
    singularName: 'resourceflavor',
    kind: 'ResourceFlavor',
    group: 'kueue.x-k8s.io',
    version: 'v1beta2',
    namespaced: false,
    shortNames: ['flavor', 'flavors', 'rf'],
    categories: ['kueue'],
    hasGeneration: true,
  }),
];

const KNOWN_TYPES: readonly ResourceType[] = [
  ...RESOURCE_TYPES,
  ...DRA_RESOURCE_TYPES,
  ...GATEWAY_RESOURCE_TYPES,
  ...KUEUE_RESOURCE_TYPES,
  ...GPU_OPERATOR_RESOURCE_TYPES,
];

export const ALL_VERBS: readonly string[] = allVerbs;

/** `v1` or `apps/v1`. */
export function groupVersion(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** Looks a resource up by group and plural name. */
export function findResourceType(
  group: string,
  version: string,
  name: string,
  served: readonly ResourceType[] = RESOURCE_TYPES,
): ResourceType | undefined {
  return served.find((t) => t.group === group && t.version === version && t.name === name);
}

/** Looks a resource up by plural name alone (names are unique across the groups served here). */
export function resourceTypeByName(name: string): ResourceType {
  const found = KNOWN_TYPES.find((t) => t.name === name);
  if (!found) throw new Error(`unknown resource ${name}`);
  return found;
}

/** Looks a resource up by kind. */
export function resourceTypeByKind(kind: string): ResourceType | undefined {
  return KNOWN_TYPES.find((t) => t.kind === kind);
}
