import type { ObjectRecord, RecordKind } from '@fleetscope/types';
import { projectClusterPolicy } from './cluster-policy.ts';
import { projectControllerRevision } from './controller-revision.ts';
import { projectDeployment } from './deployment.ts';
import { projectResourceClaim, projectResourceSlice } from './dra.ts';
import { projectEndpointSlice } from './endpointslice.ts';
import { projectEvent } from './event.ts';
import { describeValue } from './fields.ts';
import { projectGateway, projectGatewayClass, projectHTTPRoute, projectReferenceGrant } from './gateway.ts';
import { projectClusterQueue, projectKueueWorkload, projectLocalQueue } from './kueue.ts';
import { projectNamespace } from './namespace.ts';
import { type NodeProjectionOptions, projectNode } from './node.ts';
import { projectPodDisruptionBudget } from './pdb.ts';
import { projectPersistentVolumeClaim } from './persistentvolumeclaim.ts';
import { projectPod } from './pod.ts';
import { projectReplicaSet } from './replicaset.ts';
import { projectResourceQuota } from './resourcequota.ts';
import type { ProjectionResult } from './result.ts';
import { projectRuntimeClass } from './runtimeclass.ts';
import { projectService } from './service.ts';
import { projectDaemonSet, projectStatefulSet } from './statefulset.ts';
import { projectStorageClass } from './storageclass.ts';

export interface ProjectionOptions extends NodeProjectionOptions {
  /** The namespace label kept as a Namespace's team (`--gpu-team-label`); default `team`. */
  teamLabel?: string;
}

/**
 * Projects a raw object of a kind the caller names (LIST items carry no `kind`). Never throws for
 * bad input: a malformed object gives `{ ok: false, error }` naming the object and the field.
 */
export function projectObject(
  kind: RecordKind,
  raw: unknown,
  options: ProjectionOptions = {},
): ProjectionResult<ObjectRecord> {
  switch (kind) {
    case 'Node':
      return projectNode(raw, options);
    case 'Pod':
      return projectPod(raw);
    case 'Deployment':
      return projectDeployment(raw);
    case 'ReplicaSet':
      return projectReplicaSet(raw);
    case 'Service':
      return projectService(raw);
    case 'EndpointSlice':
      return projectEndpointSlice(raw);
    case 'Event':
      return projectEvent(raw);
    case 'StatefulSet':
      return projectStatefulSet(raw);
    case 'DaemonSet':
      return projectDaemonSet(raw);
    case 'Gateway':
      return projectGateway(raw);
    case 'HTTPRoute':
      return projectHTTPRoute(raw);
    case 'GatewayClass':
      return projectGatewayClass(raw);
    case 'ReferenceGrant':
      return projectReferenceGrant(raw);
    case 'Workload':
      return projectKueueWorkload(raw);
    case 'ClusterQueue':
      return projectClusterQueue(raw);
    case 'LocalQueue':
      return projectLocalQueue(raw);
    case 'ControllerRevision':
      return projectControllerRevision(raw);
    case 'ResourceSlice':
      return projectResourceSlice(raw);
    case 'ResourceClaim':
      return projectResourceClaim(raw);
    case 'PodDisruptionBudget':
      return projectPodDisruptionBudget(raw);
    case 'Namespace':
      return projectNamespace(raw, options.teamLabel);
    case 'ClusterPolicy':
      return projectClusterPolicy(raw);
    case 'PersistentVolumeClaim':
      return projectPersistentVolumeClaim(raw);
    case 'StorageClass':
      return projectStorageClass(raw);
    case 'RuntimeClass':
      return projectRuntimeClass(raw);
    case 'ResourceQuota':
      return projectResourceQuota(raw);
    default:
      // Reachable only from untyped callers; still an error result, never a throw.
      return { ok: false, error: `unsupported kind: ${describeValue(kind)}` };
  }
}
