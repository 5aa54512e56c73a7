/**
 * @fleetscope/diagnostics: pure analysis of Kubernetes fleets. Plain data in, plain data out;
 * no I/O, no clock (time is passed in), no framework types.
 *
 * - projection/: raw Kubernetes JSON → compact records (never throws; errors name the field).
 * - control-plane/: watch freshness → control-plane verdict.
 * - data-plane/: one-pass counts and the serving verdict.
 * - fleet/: ClusterSummary per cluster and the FleetSummary roll-up.
 * - verdict/: shared status order, thresholds and wording.
 */

export {
  describeFreshness,
  freshnessByResource,
  freshnessIsStale,
  freshnessProblem,
  lastHeardAt,
} from './control-plane/freshness.ts';
export type { ControlPlaneInput } from './control-plane/watch-verdict.ts';
export { judgeControlPlane, OFFLINE_CONTROL_PLANE_SUMMARY } from './control-plane/watch-verdict.ts';
export type { ClusterTally, TallyInput } from './data-plane/tally.ts';
export {
  CRASH_LOOP_REASON,
  isCrashLooping,
  isTerminalPhase,
  serviceExpectsEndpoints,
  tallyCluster,
} from './data-plane/tally.ts';
export type { DataPlaneInput } from './data-plane/verdict.ts';
export { judgeDataPlane } from './data-plane/verdict.ts';
export type { ClusterInput } from './fleet/cluster-summary.ts';
export { SUMMARY_RESOURCES, summarizeCluster } from './fleet/cluster-summary.ts';
export { summarizeFleet } from './fleet/fleet-summary.ts';
export { projectDeployment } from './projection/deployment.ts';
export { projectEndpointSlice, SERVICE_NAME_LABEL } from './projection/endpointslice.ts';
export { projectEvent } from './projection/event.ts';
export { parseQuantity, parseTimestamp } from './projection/fields.ts';
export {
  GPU_RESOURCE,
  isGpuExtendedResource,
  MIG_RESOURCE_PREFIX,
  SHARED_GPU_RESOURCE,
} from './projection/gpu-resources.ts';
export type { NodeProjectionOptions } from './projection/node.ts';
export { projectNode } from './projection/node.ts';
export type { ProjectionOptions } from './projection/object.ts';
export { projectObject } from './projection/object.ts';
export { projectPod } from './projection/pod.ts';
export {
  DEFAULT_CPU_POOL,
  DEFAULT_GPU_POOL,
  DEFAULT_POOL_LABELS,
  GPU_PRODUCT_LABEL,
  INSTANCE_TYPE_LABEL,
  labelsIndicateGpu,
  resolvePool,
} from './projection/pool.ts';
export { POD_TEMPLATE_HASH_LABEL, projectReplicaSet, REVISION_ANNOTATION } from './projection/replicaset.ts';
export type { ProjectionResult } from './projection/result.ts';
export { projectService } from './projection/service.ts';
export { STATUS_SEVERITY, worstStatus } from './verdict/status.ts';
export { formatDuration } from './verdict/text.ts';
export type { StatusThresholds } from './verdict/thresholds.ts';
export { DEFAULT_STATUS_THRESHOLDS, resolveThresholds } from './verdict/thresholds.ts';
