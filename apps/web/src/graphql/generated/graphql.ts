/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where allocation history came from. */
export type GpuAllocationSource =
  /** Fleetscope's own fleetscope_gpu_allocated gauge (kube-state-metrics absent). */
  | 'FLEETSCOPE'
  /** kube_pod_container_resource_requests{resource="nvidia_com_gpu"} of bound Pending/Running pods. */
  | 'KUBE_STATE_METRICS'
  /** Neither is in Prometheus: allocation is unknown. */
  | 'NONE';

/** FITS: a node has room now; CAPACITY: not enough free in total, add nodes; MOVES: the moves (or drain) listed make room; NO_SOLUTION: enough is free in total but no set of moves makes room on one node; NOT_COMPUTED: not searched, proposals are made for the largest blocked requests first, a bounded number per cluster. */
export type GpuDefragOutcome =
  | 'CAPACITY'
  | 'FITS'
  | 'MOVES'
  | 'NOT_COMPUTED'
  | 'NO_SOLUTION';

/** NOT_APPLICABLE: the cluster does not serve resource.k8s.io/v1 (no DRA); UNKNOWN: not known yet (ResourceSlices or ResourceClaims not listed, or not allowed); COUNTED: devices counted from complete ResourceSlices minus ResourceClaim allocations. */
export type GpuDraState =
  | 'COUNTED'
  | 'NOT_APPLICABLE'
  | 'UNKNOWN';

/** How GPU usage history is split into groups. */
export type GpuHistoryGroupBy =
  /** One group per cluster. */
  | 'CLUSTER'
  /** Per namespace; use needs pod labels on DCGM series. */
  | 'NAMESPACE'
  /** Per node pool (the pool of each node as Fleetscope sees it now). */
  | 'POOL'
  /** Per team (namespace label, default `team`; else the namespace); use needs pod labels on DCGM series. */
  | 'TEAM';

export type GpuHistoryGroupKind =
  /** A pool, namespace, team or cluster. */
  | 'GROUP'
  /** Busy GPUs whose DCGM series carry no pod labels (allocation unknown). */
  | 'NOT_ATTRIBUTED'
  /** The smaller groups beyond `maxGroups`, merged. */
  | 'OTHERS'
  /** Nodes in the history that Fleetscope does not watch now. */
  | 'UNKNOWN_POOL';

/** Why a cluster has no GPU usage history at all (its numbers are null, never zero). */
export type GpuHistoryUnavailable =
  /** No --prometheus-url serves this cluster (the demo fleet has none). */
  | 'NO_PROMETHEUS'
  /** Prometheus failed (down, slow, refused the query); the message says how. */
  | 'PROMETHEUS_ERROR';

/** From the NVIDIA GPU Operator ClusterPolicy (nvidia.com/v1) status.state. NOT_APPLICABLE: the ClusterPolicy CRD is not served (operator not installed); UNKNOWN: not listed yet, not allowed, or a state not known; NO_POLICY: the CRD exists but no ClusterPolicy; READY / NOT_READY: as the operator says; IGNORED: every ClusterPolicy is ignored (the operator reconciles one only). */
export type GpuOperatorState =
  | 'IGNORED'
  | 'NOT_APPLICABLE'
  | 'NOT_READY'
  | 'NO_POLICY'
  | 'READY'
  | 'UNKNOWN';

/** Which DCGM-exporter counter use was read from. */
export type GpuUsageSource =
  /** DCGM_FI_DEV_GPU_UTIL / 100 (coarse; not for MIG). */
  | 'DEV_GPU_UTIL'
  /** Some devices the one, some the other. */
  | 'MIXED'
  /** No DCGM engine activity in Prometheus: use is unknown. */
  | 'NONE'
  /** DCGM_FI_PROF_GR_ENGINE_ACTIVE (works for MIG). */
  | 'PROF_GR_ENGINE_ACTIVE';

/** UNKNOWN means the inputs are missing or stale: it is never folded into HEALTHY. */
export type HealthStatus =
  /** Working, with impairment named in the summary. */
  | 'DEGRADED'
  /** Not working. */
  | 'DOWN'
  /** Inputs are fresh and within thresholds. */
  | 'HEALTHY'
  /** Not observable or not configured here (e.g. etcd on a managed cluster). */
  | 'NOT_APPLICABLE'
  /** Inputs missing, stale or forbidden. */
  | 'UNKNOWN';

/** Why a Kueue workload is listed: waiting for quota, or evicted (and waiting again). */
export type KueueWorkloadState =
  | 'EVICTED'
  | 'PENDING';

/** Whether a cluster serves an optional API group (a CRD set), as discovery found it. */
export type OptionalApiServed =
  /** Not served: what depends on it is NOT_APPLICABLE. */
  | 'NOT_SERVED'
  /** Served: its resources are watched. */
  | 'SERVED'
  /** Discovery has not answered, or failed: nothing concluded. */
  | 'UNKNOWN';

/** CONTROL: can changes be made and observed. DATA: are workloads serving. */
export type Plane =
  | 'CONTROL'
  | 'DATA';

/** The `kubectl rollout status` stage, in the order kubectl checks them. */
export type RolloutStage =
  /** Successfully rolled out. */
  | 'COMPLETE'
  /** Progressing=False, ProgressDeadlineExceeded. */
  | 'DEADLINE_EXCEEDED'
  /** Old replicas pending termination. */
  | 'OLD_TERMINATING'
  /** generation > observedGeneration: the controller has not seen the spec. */
  | 'SPEC_NOT_OBSERVED'
  /** Fewer updated replicas than desired (StatefulSet: partitioned roll out or revision update; DaemonSet: updated pods). */
  | 'UPDATING'
  /** Updated replicas (DaemonSet: pods) not all available yet. */
  | 'WAITING_AVAILABLE'
  /** StatefulSet: fewer Ready pods than replicas. */
  | 'WAITING_READY';

/** An unfinished rollout: stuck (cannot finish on its own, see stuckReason) or progressing. */
export type RolloutState =
  /** Not done yet, nothing blocks it. */
  | 'PROGRESSING'
  /** Cannot finish on its own: stuckReason says why. */
  | 'STUCK';

/** How far a finding reaches: one pod, one node, one pool, one cluster, or the whole fleet. */
export type Scope =
  | 'CLUSTER'
  | 'GLOBAL'
  | 'NODE'
  | 'POD'
  | 'POOL';

/** How much a finding matters, in order: INFO < WARNING < CRITICAL. */
export type Severity =
  | 'CRITICAL'
  | 'INFO'
  | 'WARNING';

/** A time range ending now. */
export type TimeRangeInput = {
  /** Minutes back from now (1–1440). */
  lastMinutes?: number;
};

export type WatchState =
  /** Never listed yet. */
  | 'CONNECTING'
  /** Not allowed to list/watch (401/403): data UNKNOWN, not empty. */
  | 'FORBIDDEN'
  /** The watch failed; retrying with backoff. */
  | 'RETRYING'
  /** Listed and watching. */
  | 'SYNCED';

export type EvidenceFieldsFragment = { signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null };

export type ComponentHealthFieldsFragment = { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> };

export type ClusterDetailFragment = { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }>, impact: { operationsPath: boolean, userPath: boolean, statement: string }, paths: { read: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, write: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, admission: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, watch: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> } }, etcd: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, scheduler: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, controllers: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> } }, dataPlane: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> };

export type ClusterViewQueryVariables = Exact<{
  name: string;
}>;


export type ClusterViewQuery = { cluster: { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }>, impact: { operationsPath: boolean, userPath: boolean, statement: string }, paths: { read: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, write: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, admission: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, watch: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> } }, etcd: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, scheduler: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, controllers: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> } }, dataPlane: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> } | null };

export type ClusterChangedSubscriptionVariables = Exact<{
  name: string;
}>;


export type ClusterChangedSubscription = { clusterChanged: { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }>, impact: { operationsPath: boolean, userPath: boolean, statement: string }, paths: { read: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, write: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, admission: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, watch: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> } }, etcd: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, scheduler: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, controllers: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> } }, dataPlane: { status: HealthStatus, summary: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> } };

export type SeriesFieldsFragment = { signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> };

export type ClusterSeriesQueryVariables = Exact<{
  name: string;
  range: TimeRangeInput;
}>;


export type ClusterSeriesQuery = { read: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null, write: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null, admission: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null, watch: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null, etcd: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null, scheduler: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null, controllers: Array<{ signal: string, primary: boolean, unit: string, error: string | null, labels: Array<{ name: string, value: string }>, points: Array<{ t: string, v: number }> }> | null };

export type FleetOverviewFragment = { version: number, generatedAt: string, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> }, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> }> };

export type FleetViewQueryVariables = Exact<{ [key: string]: never; }>;


export type FleetViewQuery = { fleet: { version: number, generatedAt: string, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> }, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> }> } };

export type FleetChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type FleetChangedSubscription = { fleetChanged: { version: number, generatedAt: string, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> }, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> }> } };

export type PlaneHealthFieldsFragment = { status: HealthStatus, summary: string };

export type GpuTotalsFieldsFragment = { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> };

export type ClusterTileFieldsFragment = { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, controlPlane: { status: HealthStatus, summary: string }, dataPlane: { status: HealthStatus, summary: string }, nodes: { total: number, ready: number, notReady: number, unknown: number, cordoned: number } | null, pods: { total: number, running: number, ready: number, pending: number, failed: number, crashLooping: number } | null, workloads: { deployments: number, deploymentsAvailable: number, services: number, servicesWithoutEndpoints: number }, gpus: { allocatable: number, allocated: number, pending: number, unusable: number, byResource: Array<{ resource: string, allocatable: number, allocated: number, pending: number, unusable: number }> } | null, freshness: Array<{ resource: string, state: WatchState, stale: boolean, lastEventAt: string | null, confirmedAt: string | null, behind: string | null, lastSyncAt: string | null, lastError: string | null, lastErrorAt: string | null, lagSeconds: number | null }> };

export type IdleAllocatedPodsQueryVariables = Exact<{
  cluster: string;
}>;


export type IdleAllocatedPodsQuery = { cluster: { name: string, generatedAt: string, gpuUsage: { usageKnown: boolean, idleAllocated: Array<{ pool: string, node: string, gpu: string, migInstance: string | null, engineActive: number | null, pods: Array<string> }> } } | null };

export type GpuHourTotalsFieldsFragment = { allocatedGpuHours: number | null, usedGpuHours: number | null, idleGpuHours: number | null, idleCost: number | null, unpricedIdleGpuHours: number | null, allocationCoverage: number, usageCoverage: number };

export type GpuHistorySeriesFieldsFragment = { allocated: Array<number | null>, used: Array<number | null>, idle: Array<number | null> };

export type ManagerViewQueryVariables = Exact<{
  from: string;
  to: string;
  groupBy: GpuHistoryGroupBy;
}>;


export type ManagerViewQuery = { fleet: { generatedAt: string, gpus: { allocatable: number, allocated: number, pending: number } }, gpuUsageHistory: { from: string, to: string, stepSeconds: number, times: Array<string>, groupBy: GpuHistoryGroupBy, busyThreshold: number, priced: boolean, totals: { allocatedGpuHours: number | null, usedGpuHours: number | null, idleGpuHours: number | null, idleCost: number | null, unpricedIdleGpuHours: number | null, allocationCoverage: number, usageCoverage: number } | null, series: { allocated: Array<number | null>, used: Array<number | null>, idle: Array<number | null> } | null, clusters: Array<{ cluster: string, unavailable: GpuHistoryUnavailable | null, unavailableReason: string | null, allocationSource: GpuAllocationSource, useByGroup: boolean, historyUsageSource: GpuUsageSource, totals: { allocatedGpuHours: number | null, usedGpuHours: number | null, idleGpuHours: number | null, idleCost: number | null, unpricedIdleGpuHours: number | null, allocationCoverage: number, usageCoverage: number }, series: { allocated: Array<number | null>, used: Array<number | null>, idle: Array<number | null> }, groups: Array<{ key: string, skus: Array<string>, groupKind: GpuHistoryGroupKind, totals: { allocatedGpuHours: number | null, usedGpuHours: number | null, idleGpuHours: number | null, idleCost: number | null, unpricedIdleGpuHours: number | null, allocationCoverage: number, usageCoverage: number }, series: { allocated: Array<number | null>, used: Array<number | null>, idle: Array<number | null> } }>, notes: Array<{ code: string, message: string }> }> } };

export type PodExplanationQueryVariables = Exact<{
  cluster: string;
  namespace: string;
  name: string;
}>;


export type PodExplanationQuery = { cluster: { name: string, generatedAt: string, pods: { total: number } | null, troubledPod: { namespace: string, name: string, node: string | null, pool: string | null, phase: string, gpuRequest: number, createdAt: string, findingId: string, owner: { name: string, ownerKind: string } | null, explanation: { rule: string, cause: string | null, container: string | null, summary: string, image: string | null, fit: string | null, fitCheck: string | null, nextSteps: Array<string>, stateText: string, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }>, scheduling: { nodesTotal: number | null, text: string, reasons: Array<{ section: string, count: number | null, reason: string, plugin: string | null, resource: string | null }> } | null } } | null } | null };

export type PoolsHistoryQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type PoolsHistoryQuery = { gpuUsageHistory: { stepSeconds: number, times: Array<string>, clusters: Array<{ cluster: string, unavailable: GpuHistoryUnavailable | null, unavailableReason: string | null, groups: Array<{ key: string, series: { allocated: Array<number | null>, used: Array<number | null>, idle: Array<number | null> } }> }> } };

export type PoolFieldsFragment = { pool: string, sku: string, gpusPerNode: number, sharingMode: string, migProfiles: Array<string>, replicas: number | null, driverVersions: Array<{ version: string, nodes: number }>, nodes: { total: number, ready: number, usable: number, cordoned: number }, notUsableYet: Array<{ node: string, reason: string }>, resources: Array<{ resource: string, allocatable: number, requested: number, free: number, largestPlaceable: number, largestPlaceableNode: string | null, expectedFragmentation: number, mixSource: string, bySize: Array<{ size: number, stranded: number, share: number, slots: number }>, freePerNode: Array<{ free: number, nodes: number }> }>, heatmap: { nodes: Array<string>, gpusPerNode: number, cells: Array<number>, truncatedNodes: number, usageSource: string, usageAsOf: string | null, busyThreshold: number, legend: Array<{ code: number, label: string, cells: number, cellState: string }> } | null, worstNodes: Array<{ node: string, reason: string | null, free: number, busy: number, idle: number, allocatedUnknown: number, unhealthy: number, notUsable: number }>, blockedPods: Array<{ namespace: string, name: string, resource: string, request: number, largestFree: number, largestNode: string | null, explanation: string, suggestion: { outcome: GpuDefragOutcome, summary: string } | null }> };

export type PoolsFleetFragment = { version: number, generatedAt: string, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, gpuOperator: { summary: string, operatorState: GpuOperatorState }, gpuDra: { devices: number | null, free: number | null, draState: GpuDraState }, gpuPools: Array<{ pool: string, sku: string, gpusPerNode: number, sharingMode: string, migProfiles: Array<string>, replicas: number | null, driverVersions: Array<{ version: string, nodes: number }>, nodes: { total: number, ready: number, usable: number, cordoned: number }, notUsableYet: Array<{ node: string, reason: string }>, resources: Array<{ resource: string, allocatable: number, requested: number, free: number, largestPlaceable: number, largestPlaceableNode: string | null, expectedFragmentation: number, mixSource: string, bySize: Array<{ size: number, stranded: number, share: number, slots: number }>, freePerNode: Array<{ free: number, nodes: number }> }>, heatmap: { nodes: Array<string>, gpusPerNode: number, cells: Array<number>, truncatedNodes: number, usageSource: string, usageAsOf: string | null, busyThreshold: number, legend: Array<{ code: number, label: string, cells: number, cellState: string }> } | null, worstNodes: Array<{ node: string, reason: string | null, free: number, busy: number, idle: number, allocatedUnknown: number, unhealthy: number, notUsable: number }>, blockedPods: Array<{ namespace: string, name: string, resource: string, request: number, largestFree: number, largestNode: string | null, explanation: string, suggestion: { outcome: GpuDefragOutcome, summary: string } | null }> }> }> };

export type PoolsViewQueryVariables = Exact<{ [key: string]: never; }>;


export type PoolsViewQuery = { fleet: { version: number, generatedAt: string, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, gpuOperator: { summary: string, operatorState: GpuOperatorState }, gpuDra: { devices: number | null, free: number | null, draState: GpuDraState }, gpuPools: Array<{ pool: string, sku: string, gpusPerNode: number, sharingMode: string, migProfiles: Array<string>, replicas: number | null, driverVersions: Array<{ version: string, nodes: number }>, nodes: { total: number, ready: number, usable: number, cordoned: number }, notUsableYet: Array<{ node: string, reason: string }>, resources: Array<{ resource: string, allocatable: number, requested: number, free: number, largestPlaceable: number, largestPlaceableNode: string | null, expectedFragmentation: number, mixSource: string, bySize: Array<{ size: number, stranded: number, share: number, slots: number }>, freePerNode: Array<{ free: number, nodes: number }> }>, heatmap: { nodes: Array<string>, gpusPerNode: number, cells: Array<number>, truncatedNodes: number, usageSource: string, usageAsOf: string | null, busyThreshold: number, legend: Array<{ code: number, label: string, cells: number, cellState: string }> } | null, worstNodes: Array<{ node: string, reason: string | null, free: number, busy: number, idle: number, allocatedUnknown: number, unhealthy: number, notUsable: number }>, blockedPods: Array<{ namespace: string, name: string, resource: string, request: number, largestFree: number, largestNode: string | null, explanation: string, suggestion: { outcome: GpuDefragOutcome, summary: string } | null }> }> }> } };

export type PoolsChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type PoolsChangedSubscription = { fleetChanged: { version: number, generatedAt: string, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, gpuOperator: { summary: string, operatorState: GpuOperatorState }, gpuDra: { devices: number | null, free: number | null, draState: GpuDraState }, gpuPools: Array<{ pool: string, sku: string, gpusPerNode: number, sharingMode: string, migProfiles: Array<string>, replicas: number | null, driverVersions: Array<{ version: string, nodes: number }>, nodes: { total: number, ready: number, usable: number, cordoned: number }, notUsableYet: Array<{ node: string, reason: string }>, resources: Array<{ resource: string, allocatable: number, requested: number, free: number, largestPlaceable: number, largestPlaceableNode: string | null, expectedFragmentation: number, mixSource: string, bySize: Array<{ size: number, stranded: number, share: number, slots: number }>, freePerNode: Array<{ free: number, nodes: number }> }>, heatmap: { nodes: Array<string>, gpusPerNode: number, cells: Array<number>, truncatedNodes: number, usageSource: string, usageAsOf: string | null, busyThreshold: number, legend: Array<{ code: number, label: string, cells: number, cellState: string }> } | null, worstNodes: Array<{ node: string, reason: string | null, free: number, busy: number, idle: number, allocatedUnknown: number, unhealthy: number, notUsable: number }>, blockedPods: Array<{ namespace: string, name: string, resource: string, request: number, largestFree: number, largestNode: string | null, explanation: string, suggestion: { outcome: GpuDefragOutcome, summary: string } | null }> }> }> } };

export type RolloutFieldsFragment = { kind: string, namespace: string, name: string, stage: RolloutStage, message: string, stuckReason: string | null, revision: string | null, paused: boolean, progressDeadlineExceeded: boolean, partition: number | null, findingId: string | null, rolloutState: RolloutState, progress: { desired: number, updated: number, ready: number, available: number, old: number }, blockingPods: Array<{ name: string, rule: string, summary: string, cause: string | null }>, recommendation: { action: string, reason: string }, templateDiff: Array<{ field: string, container: string | null, before: string, after: string }> | null, trigger: { tool: string, name: string, evidence: string } | null };

export type ClusterRolloutsFragment = { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, rollouts: Array<{ kind: string, namespace: string, name: string, stage: RolloutStage, message: string, stuckReason: string | null, revision: string | null, paused: boolean, progressDeadlineExceeded: boolean, partition: number | null, findingId: string | null, rolloutState: RolloutState, progress: { desired: number, updated: number, ready: number, available: number, old: number }, blockingPods: Array<{ name: string, rule: string, summary: string, cause: string | null }>, recommendation: { action: string, reason: string }, templateDiff: Array<{ field: string, container: string | null, before: string, after: string }> | null, trigger: { tool: string, name: string, evidence: string } | null }> | null };

export type RolloutsViewQueryVariables = Exact<{
  name: string;
}>;


export type RolloutsViewQuery = { cluster: { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, rollouts: Array<{ kind: string, namespace: string, name: string, stage: RolloutStage, message: string, stuckReason: string | null, revision: string | null, paused: boolean, progressDeadlineExceeded: boolean, partition: number | null, findingId: string | null, rolloutState: RolloutState, progress: { desired: number, updated: number, ready: number, available: number, old: number }, blockingPods: Array<{ name: string, rule: string, summary: string, cause: string | null }>, recommendation: { action: string, reason: string }, templateDiff: Array<{ field: string, container: string | null, before: string, after: string }> | null, trigger: { tool: string, name: string, evidence: string } | null }> | null } | null };

export type RolloutsChangedSubscriptionVariables = Exact<{
  name: string;
}>;


export type RolloutsChangedSubscription = { clusterChanged: { name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean, rollouts: Array<{ kind: string, namespace: string, name: string, stage: RolloutStage, message: string, stuckReason: string | null, revision: string | null, paused: boolean, progressDeadlineExceeded: boolean, partition: number | null, findingId: string | null, rolloutState: RolloutState, progress: { desired: number, updated: number, ready: number, available: number, old: number }, blockingPods: Array<{ name: string, rule: string, summary: string, cause: string | null }>, recommendation: { action: string, reason: string }, templateDiff: Array<{ field: string, container: string | null, before: string, after: string }> | null, trigger: { tool: string, name: string, evidence: string } | null }> | null } };

export type ServingPathQueryVariables = Exact<{
  cluster: string;
}>;


export type ServingPathQuery = { cluster: { name: string, generatedAt: string, servingPath: { status: HealthStatus, summary: string, api: { served: OptionalApiServed, version: string | null, detail: string | null }, gatewayClasses: Array<{ name: string, exists: boolean, controllerName: string | null, status: HealthStatus, gateways: Array<string>, accepted: { reason: string, message: string, conditionStatus: string } | null }>, gateways: Array<{ namespace: string, name: string, gatewayClassName: string, status: HealthStatus, attachedRoutes: number, programmed: { reason: string, message: string, conditionStatus: string } | null }>, routes: Array<{ namespace: string, name: string, status: HealthStatus, hostnames: Array<string>, parents: Array<{ gatewayNamespace: string, gatewayName: string, accepted: { reason: string, message: string, conditionStatus: string } | null, resolvedRefs: { reason: string, message: string, conditionStatus: string } | null }>, backends: Array<{ kind: string, namespace: string, name: string, port: number | null, exists: boolean | null, readyEndpoints: number | null, permission: { crossNamespace: boolean, permitted: boolean | null, grant: string | null } }> }> } | null, kueue: { status: HealthStatus, summary: string, positionsKnown: boolean, api: { served: OptionalApiServed, version: string | null, detail: string | null }, clusterQueues: Array<{ name: string, active: boolean | null, pendingWorkloads: number | null, admittedWorkloads: number | null }>, workloads: Array<{ namespace: string, name: string, clusterQueue: string | null, localQueue: string, position: number | null, reason: string, message: string, owner: string | null, workloadState: KueueWorkloadState }> } | null } | null };

export type FindingFieldsFragment = { id: string, rule: string, scope: Scope, plane: Plane, severity: Severity, status: HealthStatus | null, cluster: string, title: string, detail: string, observedAt: string | null, nextSteps: Array<string>, subjects: Array<{ kind: string, namespace: string | null, name: string }>, attributes: Array<{ key: string, value: string }>, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> };

export type TriageFleetFragment = { version: number, generatedAt: string, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean }>, findings: Array<{ id: string, rule: string, scope: Scope, plane: Plane, severity: Severity, status: HealthStatus | null, cluster: string, title: string, detail: string, observedAt: string | null, nextSteps: Array<string>, subjects: Array<{ kind: string, namespace: string | null, name: string }>, attributes: Array<{ key: string, value: string }>, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }> };

export type TriageViewQueryVariables = Exact<{ [key: string]: never; }>;


export type TriageViewQuery = { fleet: { version: number, generatedAt: string, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean }>, findings: Array<{ id: string, rule: string, scope: Scope, plane: Plane, severity: Severity, status: HealthStatus | null, cluster: string, title: string, detail: string, observedAt: string | null, nextSteps: Array<string>, subjects: Array<{ kind: string, namespace: string | null, name: string }>, attributes: Array<{ key: string, value: string }>, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }> } };

export type TriageChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type TriageChangedSubscription = { fleetChanged: { version: number, generatedAt: string, clusters: Array<{ name: string, generatedAt: string, staleAfterSeconds: number, dataAsOf: string | null, stale: boolean }>, findings: Array<{ id: string, rule: string, scope: Scope, plane: Plane, severity: Severity, status: HealthStatus | null, cluster: string, title: string, detail: string, observedAt: string | null, nextSteps: Array<string>, subjects: Array<{ kind: string, namespace: string | null, name: string }>, attributes: Array<{ key: string, value: string }>, evidence: Array<{ signal: string, value: string, threshold: string | null, window: string | null, source: string, observedAt: string | null }> }> } };

export type TroubledPodNamesQueryVariables = Exact<{
  cluster: string;
}>;


export type TroubledPodNamesQuery = { cluster: { name: string, generatedAt: string, troubledPods: { totalCount: number, edges: Array<{ node: { namespace: string, name: string, explanation: { summary: string } } }> } | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PlaneHealthFieldsFragmentDoc = new TypedDocumentString(`
    fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
    `, {"fragmentName":"PlaneHealthFields"}) as unknown as TypedDocumentString<PlaneHealthFieldsFragment, unknown>;
export const GpuTotalsFieldsFragmentDoc = new TypedDocumentString(`
    fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
    `, {"fragmentName":"GpuTotalsFields"}) as unknown as TypedDocumentString<GpuTotalsFieldsFragment, unknown>;
export const ClusterTileFieldsFragmentDoc = new TypedDocumentString(`
    fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}
    fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}`, {"fragmentName":"ClusterTileFields"}) as unknown as TypedDocumentString<ClusterTileFieldsFragment, unknown>;
export const EvidenceFieldsFragmentDoc = new TypedDocumentString(`
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
    `, {"fragmentName":"EvidenceFields"}) as unknown as TypedDocumentString<EvidenceFieldsFragment, unknown>;
export const ComponentHealthFieldsFragmentDoc = new TypedDocumentString(`
    fragment ComponentHealthFields on ComponentHealth {
  status
  summary
  evidence {
    ...EvidenceFields
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}`, {"fragmentName":"ComponentHealthFields"}) as unknown as TypedDocumentString<ComponentHealthFieldsFragment, unknown>;
export const ClusterDetailFragmentDoc = new TypedDocumentString(`
    fragment ClusterDetail on Cluster {
  ...ClusterTileFields
  controlPlane {
    status
    summary
    evidence {
      ...EvidenceFields
    }
    impact {
      operationsPath
      userPath
      statement
    }
    paths {
      read {
        ...ComponentHealthFields
      }
      write {
        ...ComponentHealthFields
      }
      admission {
        ...ComponentHealthFields
      }
      watch {
        ...ComponentHealthFields
      }
    }
    etcd {
      ...ComponentHealthFields
    }
    scheduler {
      ...ComponentHealthFields
    }
    controllers {
      ...ComponentHealthFields
    }
  }
  dataPlane {
    evidence {
      ...EvidenceFields
    }
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
fragment ComponentHealthFields on ComponentHealth {
  status
  summary
  evidence {
    ...EvidenceFields
  }
}
fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}`, {"fragmentName":"ClusterDetail"}) as unknown as TypedDocumentString<ClusterDetailFragment, unknown>;
export const SeriesFieldsFragmentDoc = new TypedDocumentString(`
    fragment SeriesFields on Series {
  signal
  primary
  unit
  labels {
    name
    value
  }
  points {
    t
    v
  }
  error
}
    `, {"fragmentName":"SeriesFields"}) as unknown as TypedDocumentString<SeriesFieldsFragment, unknown>;
export const FleetOverviewFragmentDoc = new TypedDocumentString(`
    fragment FleetOverview on Fleet {
  version
  generatedAt
  controlPlane {
    ...PlaneHealthFields
  }
  dataPlane {
    ...PlaneHealthFields
  }
  gpus {
    ...GpuTotalsFields
  }
  clusters {
    ...ClusterTileFields
  }
}
    fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}`, {"fragmentName":"FleetOverview"}) as unknown as TypedDocumentString<FleetOverviewFragment, unknown>;
export const GpuHourTotalsFieldsFragmentDoc = new TypedDocumentString(`
    fragment GpuHourTotalsFields on GpuHourTotals {
  allocatedGpuHours
  usedGpuHours
  idleGpuHours
  idleCost
  unpricedIdleGpuHours
  allocationCoverage
  usageCoverage
}
    `, {"fragmentName":"GpuHourTotalsFields"}) as unknown as TypedDocumentString<GpuHourTotalsFieldsFragment, unknown>;
export const GpuHistorySeriesFieldsFragmentDoc = new TypedDocumentString(`
    fragment GpuHistorySeriesFields on GpuHistorySeries {
  allocated
  used
  idle
}
    `, {"fragmentName":"GpuHistorySeriesFields"}) as unknown as TypedDocumentString<GpuHistorySeriesFieldsFragment, unknown>;
export const PoolFieldsFragmentDoc = new TypedDocumentString(`
    fragment PoolFields on GpuPool {
  pool
  sku
  gpusPerNode
  sharingMode
  migProfiles
  replicas
  driverVersions {
    version
    nodes
  }
  nodes {
    total
    ready
    usable
    cordoned
  }
  notUsableYet {
    node
    reason
  }
  resources {
    resource
    allocatable
    requested
    free
    largestPlaceable
    largestPlaceableNode
    expectedFragmentation
    mixSource
    bySize {
      size
      stranded
      share
      slots
    }
    freePerNode {
      free
      nodes
    }
  }
  heatmap {
    nodes
    gpusPerNode
    cells
    legend {
      code
      cellState: state
      label
      cells
    }
    truncatedNodes
    usageSource
    usageAsOf
    busyThreshold
  }
  worstNodes(first: 20) {
    node
    reason
    free
    busy
    idle
    allocatedUnknown
    unhealthy
    notUsable
  }
  blockedPods {
    namespace
    name
    resource
    request
    largestFree
    largestNode
    explanation
    suggestion {
      outcome
      summary
    }
  }
}
    `, {"fragmentName":"PoolFields"}) as unknown as TypedDocumentString<PoolFieldsFragment, unknown>;
export const PoolsFleetFragmentDoc = new TypedDocumentString(`
    fragment PoolsFleet on Fleet {
  version
  generatedAt
  clusters {
    name
    generatedAt
    staleAfterSeconds
    dataAsOf
    stale
    gpuOperator {
      operatorState: state
      summary
    }
    gpuDra {
      draState: state
      devices
      free
    }
    gpuPools {
      ...PoolFields
    }
  }
}
    fragment PoolFields on GpuPool {
  pool
  sku
  gpusPerNode
  sharingMode
  migProfiles
  replicas
  driverVersions {
    version
    nodes
  }
  nodes {
    total
    ready
    usable
    cordoned
  }
  notUsableYet {
    node
    reason
  }
  resources {
    resource
    allocatable
    requested
    free
    largestPlaceable
    largestPlaceableNode
    expectedFragmentation
    mixSource
    bySize {
      size
      stranded
      share
      slots
    }
    freePerNode {
      free
      nodes
    }
  }
  heatmap {
    nodes
    gpusPerNode
    cells
    legend {
      code
      cellState: state
      label
      cells
    }
    truncatedNodes
    usageSource
    usageAsOf
    busyThreshold
  }
  worstNodes(first: 20) {
    node
    reason
    free
    busy
    idle
    allocatedUnknown
    unhealthy
    notUsable
  }
  blockedPods {
    namespace
    name
    resource
    request
    largestFree
    largestNode
    explanation
    suggestion {
      outcome
      summary
    }
  }
}`, {"fragmentName":"PoolsFleet"}) as unknown as TypedDocumentString<PoolsFleetFragment, unknown>;
export const RolloutFieldsFragmentDoc = new TypedDocumentString(`
    fragment RolloutFields on Rollout {
  kind
  namespace
  name
  rolloutState: state
  stage
  message
  progress {
    desired
    updated
    ready
    available
    old
  }
  stuckReason
  blockingPods {
    name
    rule
    summary
    cause
  }
  recommendation {
    action
    reason
  }
  revision
  paused
  progressDeadlineExceeded
  partition
  templateDiff {
    field
    container
    before
    after
  }
  trigger {
    tool
    name
    evidence
  }
  findingId
}
    `, {"fragmentName":"RolloutFields"}) as unknown as TypedDocumentString<RolloutFieldsFragment, unknown>;
export const ClusterRolloutsFragmentDoc = new TypedDocumentString(`
    fragment ClusterRollouts on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  rollouts {
    ...RolloutFields
  }
}
    fragment RolloutFields on Rollout {
  kind
  namespace
  name
  rolloutState: state
  stage
  message
  progress {
    desired
    updated
    ready
    available
    old
  }
  stuckReason
  blockingPods {
    name
    rule
    summary
    cause
  }
  recommendation {
    action
    reason
  }
  revision
  paused
  progressDeadlineExceeded
  partition
  templateDiff {
    field
    container
    before
    after
  }
  trigger {
    tool
    name
    evidence
  }
  findingId
}`, {"fragmentName":"ClusterRollouts"}) as unknown as TypedDocumentString<ClusterRolloutsFragment, unknown>;
export const FindingFieldsFragmentDoc = new TypedDocumentString(`
    fragment FindingFields on Finding {
  id
  rule
  scope
  plane
  severity
  status
  cluster
  title
  detail
  observedAt
  nextSteps
  subjects {
    kind
    namespace
    name
  }
  attributes {
    key
    value
  }
  evidence {
    ...EvidenceFields
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}`, {"fragmentName":"FindingFields"}) as unknown as TypedDocumentString<FindingFieldsFragment, unknown>;
export const TriageFleetFragmentDoc = new TypedDocumentString(`
    fragment TriageFleet on Fleet {
  version
  generatedAt
  clusters {
    name
    generatedAt
    staleAfterSeconds
    dataAsOf
    stale
  }
  findings(minSeverity: WARNING, first: 500) {
    ...FindingFields
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
fragment FindingFields on Finding {
  id
  rule
  scope
  plane
  severity
  status
  cluster
  title
  detail
  observedAt
  nextSteps
  subjects {
    kind
    namespace
    name
  }
  attributes {
    key
    value
  }
  evidence {
    ...EvidenceFields
  }
}`, {"fragmentName":"TriageFleet"}) as unknown as TypedDocumentString<TriageFleetFragment, unknown>;
export const ClusterViewDocument = new TypedDocumentString(`
    query ClusterView($name: String!) {
  cluster(name: $name) {
    ...ClusterDetail
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
fragment ComponentHealthFields on ComponentHealth {
  status
  summary
  evidence {
    ...EvidenceFields
  }
}
fragment ClusterDetail on Cluster {
  ...ClusterTileFields
  controlPlane {
    status
    summary
    evidence {
      ...EvidenceFields
    }
    impact {
      operationsPath
      userPath
      statement
    }
    paths {
      read {
        ...ComponentHealthFields
      }
      write {
        ...ComponentHealthFields
      }
      admission {
        ...ComponentHealthFields
      }
      watch {
        ...ComponentHealthFields
      }
    }
    etcd {
      ...ComponentHealthFields
    }
    scheduler {
      ...ComponentHealthFields
    }
    controllers {
      ...ComponentHealthFields
    }
  }
  dataPlane {
    evidence {
      ...EvidenceFields
    }
  }
}
fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}`) as unknown as TypedDocumentString<ClusterViewQuery, ClusterViewQueryVariables>;
export const ClusterChangedDocument = new TypedDocumentString(`
    subscription ClusterChanged($name: String!) {
  clusterChanged(name: $name) {
    ...ClusterDetail
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
fragment ComponentHealthFields on ComponentHealth {
  status
  summary
  evidence {
    ...EvidenceFields
  }
}
fragment ClusterDetail on Cluster {
  ...ClusterTileFields
  controlPlane {
    status
    summary
    evidence {
      ...EvidenceFields
    }
    impact {
      operationsPath
      userPath
      statement
    }
    paths {
      read {
        ...ComponentHealthFields
      }
      write {
        ...ComponentHealthFields
      }
      admission {
        ...ComponentHealthFields
      }
      watch {
        ...ComponentHealthFields
      }
    }
    etcd {
      ...ComponentHealthFields
    }
    scheduler {
      ...ComponentHealthFields
    }
    controllers {
      ...ComponentHealthFields
    }
  }
  dataPlane {
    evidence {
      ...EvidenceFields
    }
  }
}
fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}`) as unknown as TypedDocumentString<ClusterChangedSubscription, ClusterChangedSubscriptionVariables>;
export const ClusterSeriesDocument = new TypedDocumentString(`
    query ClusterSeries($name: String!, $range: TimeRangeInput!) {
  read: clusterSeries(cluster: $name, part: READ, range: $range) {
    ...SeriesFields
  }
  write: clusterSeries(cluster: $name, part: WRITE, range: $range) {
    ...SeriesFields
  }
  admission: clusterSeries(cluster: $name, part: ADMISSION, range: $range) {
    ...SeriesFields
  }
  watch: clusterSeries(cluster: $name, part: WATCH, range: $range) {
    ...SeriesFields
  }
  etcd: clusterSeries(cluster: $name, part: ETCD, range: $range) {
    ...SeriesFields
  }
  scheduler: clusterSeries(cluster: $name, part: SCHEDULER, range: $range) {
    ...SeriesFields
  }
  controllers: clusterSeries(cluster: $name, part: CONTROLLERS, range: $range) {
    ...SeriesFields
  }
}
    fragment SeriesFields on Series {
  signal
  primary
  unit
  labels {
    name
    value
  }
  points {
    t
    v
  }
  error
}`) as unknown as TypedDocumentString<ClusterSeriesQuery, ClusterSeriesQueryVariables>;
export const FleetViewDocument = new TypedDocumentString(`
    query FleetView {
  fleet {
    ...FleetOverview
  }
}
    fragment FleetOverview on Fleet {
  version
  generatedAt
  controlPlane {
    ...PlaneHealthFields
  }
  dataPlane {
    ...PlaneHealthFields
  }
  gpus {
    ...GpuTotalsFields
  }
  clusters {
    ...ClusterTileFields
  }
}
fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}`) as unknown as TypedDocumentString<FleetViewQuery, FleetViewQueryVariables>;
export const FleetChangedDocument = new TypedDocumentString(`
    subscription FleetChanged {
  fleetChanged {
    ...FleetOverview
  }
}
    fragment FleetOverview on Fleet {
  version
  generatedAt
  controlPlane {
    ...PlaneHealthFields
  }
  dataPlane {
    ...PlaneHealthFields
  }
  gpus {
    ...GpuTotalsFields
  }
  clusters {
    ...ClusterTileFields
  }
}
fragment PlaneHealthFields on PlaneHealth {
  status
  summary
}
fragment GpuTotalsFields on GpuTotals {
  allocatable
  allocated
  pending
  unusable
  byResource {
    resource
    allocatable
    allocated
    pending
    unusable
  }
}
fragment ClusterTileFields on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  controlPlane {
    status
    summary
  }
  dataPlane {
    ...PlaneHealthFields
  }
  nodes {
    total
    ready
    notReady
    unknown
    cordoned
  }
  pods {
    total
    running
    ready
    pending
    failed
    crashLooping
  }
  workloads {
    deployments
    deploymentsAvailable
    services
    servicesWithoutEndpoints
  }
  gpus {
    ...GpuTotalsFields
  }
  freshness {
    resource
    state
    stale
    lastEventAt
    confirmedAt
    behind
    lastSyncAt
    lastError
    lastErrorAt
    lagSeconds
  }
}`) as unknown as TypedDocumentString<FleetChangedSubscription, FleetChangedSubscriptionVariables>;
export const IdleAllocatedPodsDocument = new TypedDocumentString(`
    query IdleAllocatedPods($cluster: String!) {
  cluster(name: $cluster) {
    name
    generatedAt
    gpuUsage {
      usageKnown
      idleAllocated {
        pool
        node
        gpu
        migInstance
        engineActive
        pods
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IdleAllocatedPodsQuery, IdleAllocatedPodsQueryVariables>;
export const ManagerViewDocument = new TypedDocumentString(`
    query ManagerView($from: DateTime!, $to: DateTime!, $groupBy: GpuHistoryGroupBy!) {
  fleet {
    generatedAt
    gpus {
      allocatable
      allocated
      pending
    }
  }
  gpuUsageHistory(from: $from, to: $to, groupBy: $groupBy) {
    from
    to
    stepSeconds
    times
    groupBy
    busyThreshold
    priced
    totals {
      ...GpuHourTotalsFields
    }
    series {
      ...GpuHistorySeriesFields
    }
    clusters {
      cluster
      unavailable
      unavailableReason
      allocationSource
      historyUsageSource: usageSource
      useByGroup
      totals {
        ...GpuHourTotalsFields
      }
      series {
        ...GpuHistorySeriesFields
      }
      groups {
        key
        groupKind: kind
        skus
        totals {
          ...GpuHourTotalsFields
        }
        series {
          ...GpuHistorySeriesFields
        }
      }
      notes {
        code
        message
      }
    }
  }
}
    fragment GpuHourTotalsFields on GpuHourTotals {
  allocatedGpuHours
  usedGpuHours
  idleGpuHours
  idleCost
  unpricedIdleGpuHours
  allocationCoverage
  usageCoverage
}
fragment GpuHistorySeriesFields on GpuHistorySeries {
  allocated
  used
  idle
}`) as unknown as TypedDocumentString<ManagerViewQuery, ManagerViewQueryVariables>;
export const PodExplanationDocument = new TypedDocumentString(`
    query PodExplanation($cluster: String!, $namespace: String!, $name: String!) {
  cluster(name: $cluster) {
    name
    generatedAt
    pods {
      total
    }
    troubledPod(namespace: $namespace, name: $name) {
      namespace
      name
      node
      pool
      phase
      gpuRequest
      createdAt
      findingId
      owner {
        ownerKind: kind
        name
      }
      explanation {
        rule
        stateText: state
        cause
        container
        summary
        image
        fit
        fitCheck
        nextSteps
        evidence {
          ...EvidenceFields
        }
        scheduling {
          nodesTotal
          text
          reasons {
            section
            count
            reason
            plugin
            resource
          }
        }
      }
    }
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}`) as unknown as TypedDocumentString<PodExplanationQuery, PodExplanationQueryVariables>;
export const PoolsHistoryDocument = new TypedDocumentString(`
    query PoolsHistory($from: DateTime!, $to: DateTime!) {
  gpuUsageHistory(from: $from, to: $to, groupBy: POOL) {
    stepSeconds
    times
    clusters {
      cluster
      unavailable
      unavailableReason
      groups {
        key
        series {
          allocated
          used
          idle
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PoolsHistoryQuery, PoolsHistoryQueryVariables>;
export const PoolsViewDocument = new TypedDocumentString(`
    query PoolsView {
  fleet {
    ...PoolsFleet
  }
}
    fragment PoolFields on GpuPool {
  pool
  sku
  gpusPerNode
  sharingMode
  migProfiles
  replicas
  driverVersions {
    version
    nodes
  }
  nodes {
    total
    ready
    usable
    cordoned
  }
  notUsableYet {
    node
    reason
  }
  resources {
    resource
    allocatable
    requested
    free
    largestPlaceable
    largestPlaceableNode
    expectedFragmentation
    mixSource
    bySize {
      size
      stranded
      share
      slots
    }
    freePerNode {
      free
      nodes
    }
  }
  heatmap {
    nodes
    gpusPerNode
    cells
    legend {
      code
      cellState: state
      label
      cells
    }
    truncatedNodes
    usageSource
    usageAsOf
    busyThreshold
  }
  worstNodes(first: 20) {
    node
    reason
    free
    busy
    idle
    allocatedUnknown
    unhealthy
    notUsable
  }
  blockedPods {
    namespace
    name
    resource
    request
    largestFree
    largestNode
    explanation
    suggestion {
      outcome
      summary
    }
  }
}
fragment PoolsFleet on Fleet {
  version
  generatedAt
  clusters {
    name
    generatedAt
    staleAfterSeconds
    dataAsOf
    stale
    gpuOperator {
      operatorState: state
      summary
    }
    gpuDra {
      draState: state
      devices
      free
    }
    gpuPools {
      ...PoolFields
    }
  }
}`) as unknown as TypedDocumentString<PoolsViewQuery, PoolsViewQueryVariables>;
export const PoolsChangedDocument = new TypedDocumentString(`
    subscription PoolsChanged {
  fleetChanged {
    ...PoolsFleet
  }
}
    fragment PoolFields on GpuPool {
  pool
  sku
  gpusPerNode
  sharingMode
  migProfiles
  replicas
  driverVersions {
    version
    nodes
  }
  nodes {
    total
    ready
    usable
    cordoned
  }
  notUsableYet {
    node
    reason
  }
  resources {
    resource
    allocatable
    requested
    free
    largestPlaceable
    largestPlaceableNode
    expectedFragmentation
    mixSource
    bySize {
      size
      stranded
      share
      slots
    }
    freePerNode {
      free
      nodes
    }
  }
  heatmap {
    nodes
    gpusPerNode
    cells
    legend {
      code
      cellState: state
      label
      cells
    }
    truncatedNodes
    usageSource
    usageAsOf
    busyThreshold
  }
  worstNodes(first: 20) {
    node
    reason
    free
    busy
    idle
    allocatedUnknown
    unhealthy
    notUsable
  }
  blockedPods {
    namespace
    name
    resource
    request
    largestFree
    largestNode
    explanation
    suggestion {
      outcome
      summary
    }
  }
}
fragment PoolsFleet on Fleet {
  version
  generatedAt
  clusters {
    name
    generatedAt
    staleAfterSeconds
    dataAsOf
    stale
    gpuOperator {
      operatorState: state
      summary
    }
    gpuDra {
      draState: state
      devices
      free
    }
    gpuPools {
      ...PoolFields
    }
  }
}`) as unknown as TypedDocumentString<PoolsChangedSubscription, PoolsChangedSubscriptionVariables>;
export const RolloutsViewDocument = new TypedDocumentString(`
    query RolloutsView($name: String!) {
  cluster(name: $name) {
    ...ClusterRollouts
  }
}
    fragment RolloutFields on Rollout {
  kind
  namespace
  name
  rolloutState: state
  stage
  message
  progress {
    desired
    updated
    ready
    available
    old
  }
  stuckReason
  blockingPods {
    name
    rule
    summary
    cause
  }
  recommendation {
    action
    reason
  }
  revision
  paused
  progressDeadlineExceeded
  partition
  templateDiff {
    field
    container
    before
    after
  }
  trigger {
    tool
    name
    evidence
  }
  findingId
}
fragment ClusterRollouts on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  rollouts {
    ...RolloutFields
  }
}`) as unknown as TypedDocumentString<RolloutsViewQuery, RolloutsViewQueryVariables>;
export const RolloutsChangedDocument = new TypedDocumentString(`
    subscription RolloutsChanged($name: String!) {
  clusterChanged(name: $name) {
    ...ClusterRollouts
  }
}
    fragment RolloutFields on Rollout {
  kind
  namespace
  name
  rolloutState: state
  stage
  message
  progress {
    desired
    updated
    ready
    available
    old
  }
  stuckReason
  blockingPods {
    name
    rule
    summary
    cause
  }
  recommendation {
    action
    reason
  }
  revision
  paused
  progressDeadlineExceeded
  partition
  templateDiff {
    field
    container
    before
    after
  }
  trigger {
    tool
    name
    evidence
  }
  findingId
}
fragment ClusterRollouts on Cluster {
  name
  generatedAt
  staleAfterSeconds
  dataAsOf
  stale
  rollouts {
    ...RolloutFields
  }
}`) as unknown as TypedDocumentString<RolloutsChangedSubscription, RolloutsChangedSubscriptionVariables>;
export const ServingPathDocument = new TypedDocumentString(`
    query ServingPath($cluster: String!) {
  cluster(name: $cluster) {
    name
    generatedAt
    servingPath {
      status
      summary
      api {
        served
        version
        detail
      }
      gatewayClasses {
        name
        exists
        controllerName
        status
        gateways
        accepted {
          conditionStatus: status
          reason
          message
        }
      }
      gateways {
        namespace
        name
        gatewayClassName
        status
        attachedRoutes
        programmed {
          conditionStatus: status
          reason
          message
        }
      }
      routes {
        namespace
        name
        status
        hostnames
        parents {
          gatewayNamespace
          gatewayName
          accepted {
            conditionStatus: status
            reason
            message
          }
          resolvedRefs {
            conditionStatus: status
            reason
            message
          }
        }
        backends {
          kind
          namespace
          name
          port
          exists
          readyEndpoints
          permission {
            crossNamespace
            permitted
            grant
          }
        }
      }
    }
    kueue {
      status
      summary
      positionsKnown
      api {
        served
        version
        detail
      }
      clusterQueues {
        name
        active
        pendingWorkloads
        admittedWorkloads
      }
      workloads {
        namespace
        name
        workloadState: state
        clusterQueue
        localQueue
        position
        reason
        message
        owner
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServingPathQuery, ServingPathQueryVariables>;
export const TriageViewDocument = new TypedDocumentString(`
    query TriageView {
  fleet {
    ...TriageFleet
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
fragment FindingFields on Finding {
  id
  rule
  scope
  plane
  severity
  status
  cluster
  title
  detail
  observedAt
  nextSteps
  subjects {
    kind
    namespace
    name
  }
  attributes {
    key
    value
  }
  evidence {
    ...EvidenceFields
  }
}
fragment TriageFleet on Fleet {
  version
  generatedAt
  clusters {
    name
    generatedAt
    staleAfterSeconds
    dataAsOf
    stale
  }
  findings(minSeverity: WARNING, first: 500) {
    ...FindingFields
  }
}`) as unknown as TypedDocumentString<TriageViewQuery, TriageViewQueryVariables>;
export const TriageChangedDocument = new TypedDocumentString(`
    subscription TriageChanged {
  fleetChanged {
    ...TriageFleet
  }
}
    fragment EvidenceFields on Evidence {
  signal
  value
  threshold
  window
  source
  observedAt
}
fragment FindingFields on Finding {
  id
  rule
  scope
  plane
  severity
  status
  cluster
  title
  detail
  observedAt
  nextSteps
  subjects {
    kind
    namespace
    name
  }
  attributes {
    key
    value
  }
  evidence {
    ...EvidenceFields
  }
}
fragment TriageFleet on Fleet {
  version
  generatedAt
  clusters {
    name
    generatedAt
    staleAfterSeconds
    dataAsOf
    stale
  }
  findings(minSeverity: WARNING, first: 500) {
    ...FindingFields
  }
}`) as unknown as TypedDocumentString<TriageChangedSubscription, TriageChangedSubscriptionVariables>;
export const TroubledPodNamesDocument = new TypedDocumentString(`
    query TroubledPodNames($cluster: String!) {
  cluster(name: $cluster) {
    name
    generatedAt
    troubledPods(first: 25) {
      totalCount
      edges {
        node {
          namespace
          name
          explanation {
            summary
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TroubledPodNamesQuery, TroubledPodNamesQueryVariables>;