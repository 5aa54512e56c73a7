import type { RecordKind, WatchedResource } from '@fleetscope/types';

/** Where each watched resource lives in the Kubernetes API (cluster-wide list/watch paths). */
export interface ResourceEndpoint {
  resource: WatchedResource;
  kind: RecordKind;
  path: string;
}

export const RESOURCE_ENDPOINTS: Record<WatchedResource, ResourceEndpoint> = {
  nodes: { resource: 'nodes', kind: 'Node', path: '/api/v1/nodes' },
  pods: { resource: 'pods', kind: 'Pod', path: '/api/v1/pods' },
  deployments: { resource: 'deployments', kind: 'Deployment', path: '/apis/apps/v1/deployments' },
  replicasets: { resource: 'replicasets', kind: 'ReplicaSet', path: '/apis/apps/v1/replicasets' },
  services: { resource: 'services', kind: 'Service', path: '/api/v1/services' },
  endpointslices: {
    resource: 'endpointslices',
    kind: 'EndpointSlice',
    path: '/apis/discovery.k8s.io/v1/endpointslices',
  },
  events: { resource: 'events', kind: 'Event', path: '/api/v1/events' },
  statefulsets: { resource: 'statefulsets', kind: 'StatefulSet', path: '/apis/apps/v1/statefulsets' },
  daemonsets: { resource: 'daemonsets', kind: 'DaemonSet', path: '/apis/apps/v1/daemonsets' },
  // Optional API groups (CRDs): watched only where discovery finds them (optional-apis.ts), at the
  // version it found; these paths are the defaults.
  gateways: { resource: 'gateways', kind: 'Gateway', path: '/apis/gateway.networking.k8s.io/v1/gateways' },
  httproutes: {
    resource: 'httproutes',
    kind: 'HTTPRoute',
    path: '/apis/gateway.networking.k8s.io/v1/httproutes',
  },
  gatewayclasses: {
    resource: 'gatewayclasses',
    kind: 'GatewayClass',
    path: '/apis/gateway.networking.k8s.io/v1/gatewayclasses',
  },
  referencegrants: {
    resource: 'referencegrants',
    kind: 'ReferenceGrant',
    path: '/apis/gateway.networking.k8s.io/v1beta1/referencegrants',
  },
  workloads: { resource: 'workloads', kind: 'Workload', path: '/apis/kueue.x-k8s.io/v1beta2/workloads' },
  clusterqueues: {
    resource: 'clusterqueues',
    kind: 'ClusterQueue',
    path: '/apis/kueue.x-k8s.io/v1beta2/clusterqueues',
  },
  localqueues: {
    resource: 'localqueues',
    kind: 'LocalQueue',
    path: '/apis/kueue.x-k8s.io/v1beta2/localqueues',
  },
  controllerrevisions: {
    resource: 'controllerrevisions',
    kind: 'ControllerRevision',
    path: '/apis/apps/v1/controllerrevisions',
  },
  // GPU side resources (GPU_SIDE_RESOURCES): a cluster without DRA or the GPU Operator answers 404.
  resourceslices: {
    resource: 'resourceslices',
    kind: 'ResourceSlice',
    path: '/apis/resource.k8s.io/v1/resourceslices',
  },
  resourceclaims: {
    resource: 'resourceclaims',
    kind: 'ResourceClaim',
    path: '/apis/resource.k8s.io/v1/resourceclaims',
  },
  poddisruptionbudgets: {
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    path: '/apis/policy/v1/poddisruptionbudgets',
  },
  namespaces: { resource: 'namespaces', kind: 'Namespace', path: '/api/v1/namespaces' },
  clusterpolicies: {
    resource: 'clusterpolicies',
    kind: 'ClusterPolicy',
    path: '/apis/nvidia.com/v1/clusterpolicies',
  },
  // Scheduling resources (SCHEDULING_RESOURCES): claims, classes and quotas that explain pending pods
  // and refused creations; their freshness never gates a verdict.
  persistentvolumeclaims: {
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    path: '/api/v1/persistentvolumeclaims',
  },
  storageclasses: {
    resource: 'storageclasses',
    kind: 'StorageClass',
    path: '/apis/storage.k8s.io/v1/storageclasses',
  },
  runtimeclasses: {
    resource: 'runtimeclasses',
    kind: 'RuntimeClass',
    path: '/apis/node.k8s.io/v1/runtimeclasses',
  },
  resourcequotas: { resource: 'resourcequotas', kind: 'ResourceQuota', path: '/api/v1/resourcequotas' },
};
