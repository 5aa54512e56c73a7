import type { ConditionRecord, OwnerRef } from './projections.ts';

/**
 * Compact projections of the serving path (Gateway API, gateway.networking.k8s.io/v1) and of Kueue
 * (kueue.x-k8s.io). Both are CRDs: a cluster may not serve them at all, and then what depends on
 * them is NOT_APPLICABLE (see {@link OptionalApiState}).
 */

/** A route's parentRef: the Gateway (or listener) it asks to attach to. */
export interface RouteParentRef {
  /** The route's own namespace when the ref names none. */
  namespace: string;
  name: string;
  /** "" when the ref names no listener. */
  sectionName: string;
}

/** One backendRef of an HTTPRoute rule (kind Service unless the ref says otherwise). */
export interface RouteBackendRef {
  /** "" (core) for Services. */
  group: string;
  kind: string;
  /** The route's own namespace when the ref names none. */
  namespace: string;
  name: string;
  port: number | null;
}

/** status.parents[]: what one Gateway controller says about the route's attachment to one parent. */
export interface RouteParentStatus {
  parent: RouteParentRef;
  controllerName: string;
  /** Accepted, ResolvedRefs, … as the controller wrote them. */
  conditions: ConditionRecord[];
}

export interface HTTPRouteRecord {
  kind: 'HTTPRoute';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  generation: number;
  hostnames: readonly string[];
  parentRefs: readonly RouteParentRef[];
  /** Every backendRef of every rule, each (kind, namespace, name, port) once. */
  backendRefs: readonly RouteBackendRef[];
  parents: readonly RouteParentStatus[];
}

/** One listener of a Gateway, as its status reports it. */
export interface GatewayListenerStatus {
  name: string;
  attachedRoutes: number;
  conditions: ConditionRecord[];
}

/** A listener's TLS certificateRef (a Secret unless it says otherwise). */
export interface GatewayCertificateRef {
  listener: string;
  /** "" (core) for Secrets. */
  group: string;
  kind: string;
  /** The Gateway's own namespace when the ref names none. */
  namespace: string;
  name: string;
}

export interface GatewayRecord {
  kind: 'Gateway';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  generation: number;
  gatewayClassName: string;
  /** Accepted, Programmed, … */
  conditions: ConditionRecord[];
  listeners: readonly GatewayListenerStatus[];
  /** spec.listeners[].tls.certificateRefs, each once; absent when not projected (older records). */
  certificateRefs?: readonly GatewayCertificateRef[];
}

/** A GatewayClass (cluster-scoped): the controller meant to implement its Gateways, and whether it does. */
export interface GatewayClassRecord {
  kind: 'GatewayClass';
  uid: string;
  /** Always "" (cluster-scoped). */
  namespace: string;
  name: string;
  resourceVersion: string;
  generation: number;
  /** spec.controllerName, e.g. gateway.envoyproxy.io/gatewayclass-controller. */
  controllerName: string;
  /** Accepted (by its controller: True, False with InvalidParameters/Unsupported…, Unknown Pending). */
  conditions: ConditionRecord[];
}

/** `from` of a ReferenceGrant: the kind of object in which namespace may refer into the grant's. */
export interface ReferenceGrantFrom {
  group: string;
  kind: string;
  namespace: string;
}

/** `to` of a ReferenceGrant: what may be referred to ("" name: every object of that kind). */
export interface ReferenceGrantTo {
  /** "" (core) for Services and Secrets. */
  group: string;
  kind: string;
  name: string;
}

/**
 * A ReferenceGrant (gateway.networking.k8s.io/v1beta1, or v1): lets objects of `from` refer to objects
 * of `to` in the grant's own namespace.
 */
export interface ReferenceGrantRecord {
  kind: 'ReferenceGrant';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  from: readonly ReferenceGrantFrom[];
  to: readonly ReferenceGrantTo[];
}

/** A Kueue Workload (one job, pod group or plain pod queued for quota). */
export interface KueueWorkloadRecord {
  kind: 'Workload';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  createdAt: number;
  /** spec.queueName: the LocalQueue in the Workload's namespace. */
  queueName: string;
  priority: number | null;
  /** The object it stands for (Job, JobSet, Pod, …): its controller ownerReference. */
  owner: OwnerRef | null;
  /** Every ownerReference uid (a pod group's Workload is owned by each of its pods). */
  ownerUids: readonly string[];
  /** status.admission.clusterQueue once quota is reserved; "" before. */
  admittedClusterQueue: string;
  /** QuotaReserved, Admitted, Evicted, Preempted, Finished, PodsReady, Requeued … */
  conditions: ConditionRecord[];
  /** Pods the Workload asks for, summed over its pod sets. */
  podCount: number;
}

/** One resource of one flavor of a ClusterQueue: its nominal quota and what is reserved of it. */
export interface QueueQuota {
  flavor: string;
  resource: string;
  /** Parsed quantity (GPUs, cores, bytes). */
  nominal: number;
  /** status.flavorsReservation total; null when the status does not say. */
  reserved: number | null;
}

export interface ClusterQueueRecord {
  kind: 'ClusterQueue';
  uid: string;
  name: string;
  resourceVersion: string;
  /** spec.cohortName (v1beta2) or spec.cohort (v1beta1); "" when none. */
  cohort: string;
  quotas: readonly QueueQuota[];
  pendingWorkloads: number | null;
  admittedWorkloads: number | null;
  conditions: ConditionRecord[];
}

export interface LocalQueueRecord {
  kind: 'LocalQueue';
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  clusterQueue: string;
  pendingWorkloads: number | null;
  admittedWorkloads: number | null;
}

/**
 * Whether a cluster serves an optional API group (a CRD), as discovery found it: SERVED (watched),
 * NOT_SERVED (the group or version is absent: what depends on it is NOT_APPLICABLE), or UNKNOWN
 * (discovery has not answered yet, or failed: nothing is concluded).
 */
export type OptionalApiServed = 'SERVED' | 'NOT_SERVED' | 'UNKNOWN';

export interface OptionalApiState {
  /** API group: gateway.networking.k8s.io, kueue.x-k8s.io. */
  group: string;
  /** The version watched (the preferred one Fleetscope reads), "" unless SERVED. */
  version: string;
  served: OptionalApiServed;
  /** Why UNKNOWN (the discovery error), or what NOT_SERVED rests on; "" when SERVED. */
  detail: string;
}

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const KUEUE_API_GROUP = 'kueue.x-k8s.io';
