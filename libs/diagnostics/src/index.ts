/**
 * @fleetscope/diagnostics: pure analysis of Kubernetes fleets. Plain data in, plain data out;
 * no I/O, no clock (time is passed in), no framework types.
 *
 * - projection/: raw Kubernetes JSON → compact records (never throws; errors name the field).
 * - control-plane/: watch freshness, metric signals and probes → control-plane verdicts per path.
 * - exposition/: Prometheus text exposition → metric families → named signals.
 * - data-plane/: one-pass counts and the serving verdict.
 * - fleet/: ClusterSummary per cluster and the FleetSummary roll-up.
 * - verdict/: shared status order, thresholds and wording.
 */

export type {
  NodeAggregate,
  OwnerAggregate,
  PoolAggregate,
  RecordChange,
} from './aggregates/incremental-tally.ts';
export { IncrementalTally } from './aggregates/incremental-tally.ts';
export type { ClusterControlPlane, ClusterControlPlaneInput } from './control-plane/cluster-control-plane.ts';
export { judgeClusterControlPlane } from './control-plane/cluster-control-plane.ts';
export { NOT_OBSERVABLE_HERE } from './control-plane/etcd.ts';
export { formatBytes, formatRate, formatRatio, formatSeconds } from './control-plane/format.ts';
export {
  describeFreshness,
  freshnessByResource,
  freshnessIsStale,
  freshnessProblem,
  lastHeardAt,
} from './control-plane/freshness.ts';
export type { ControlPlanePart } from './control-plane/impact.ts';
export { CONTROL_PLANE_PARTS } from './control-plane/impact.ts';
export { NO_METRICS_SOURCE } from './control-plane/inputs.ts';
export type { ControlPlaneInput, ControlPlaneJudgement } from './control-plane/paths-verdict.ts';
export { judgeControlPlanePaths } from './control-plane/paths-verdict.ts';
export type { ControlPlaneThresholds } from './control-plane/thresholds.ts';
export {
  DEFAULT_CONTROL_PLANE_THRESHOLDS,
  resolveControlPlaneThresholds,
} from './control-plane/thresholds.ts';
export type { PlaneJudgement, WatchFreshnessInput } from './control-plane/watch-verdict.ts';
export { judgeControlPlane, OFFLINE_CONTROL_PLANE_SUMMARY } from './control-plane/watch-verdict.ts';
export type { Provenance } from './data-plane/findings.ts';
export { DATA_PLANE_RULES, dataPlaneFindings } from './data-plane/findings.ts';
export { GpuTotalsBuilder, sumGpuTotals } from './data-plane/gpu-totals.ts';
export type { ClusterTally, TallyInput } from './data-plane/tally.ts';
export {
  CRASH_LOOP_REASON,
  isCrashLooping,
  isTerminalPhase,
  serviceExpectsEndpoints,
  tallyCluster,
} from './data-plane/tally.ts';
export type { DataPlaneInput } from './data-plane/verdict.ts';
export { composeDataPlane, judgeDataPlane } from './data-plane/verdict.ts';
export type { Bucket, HistogramSeries } from './exposition/histogram.ts';
export { histogramQuantile, histogramSeries, mergeBuckets } from './exposition/histogram.ts';
export type {
  ExpositionError,
  ExpositionLimits,
  ExpositionSample,
  MetricFamily,
  MetricType,
  ParsedExposition,
} from './exposition/parse.ts';
export { DEFAULT_EXPOSITION_LIMITS, METRIC_TYPES, parseExposition } from './exposition/parse.ts';
export { isValidName, parseSampleValue } from './exposition/sample-line.ts';
export { saturationOf, withSaturation } from './exposition/saturation.ts';
export type { ExpositionSignals } from './exposition/signals.ts';
export { LIFETIME_WINDOW, signalsFromExposition } from './exposition/signals.ts';
export type { FindingsDiff } from './findings/diff.ts';
export { diffFindings, findingChanged, isEmptyDiff } from './findings/diff.ts';
export type { FindingFilter } from './findings/filter.ts';
export { filterFindings, worstFirst } from './findings/filter.ts';
export type { FindingHistoryLimits, ResolvedFinding } from './findings/history.ts';
export { DEFAULT_HISTORY_LIMITS, FindingHistory } from './findings/history.ts';
export type { ClusterRecords, WorkloadAnalysis } from './fleet/cluster-findings.ts';
export { analyzeWorkloads } from './fleet/cluster-findings.ts';
export type { ClusterHealth, ClusterInput } from './fleet/cluster-summary.ts';
export {
  judgeCluster,
  SUMMARY_RESOURCES,
  summarizeCluster,
  summarizeClusterHealth,
} from './fleet/cluster-summary.ts';
export { summarizeFleet } from './fleet/fleet-summary.ts';
export type { GpuActivity } from './gpu/dcgm/activity.ts';
export { deviceActivity, deviceAllocated } from './gpu/dcgm/activity.ts';
export type { DcgmCounter } from './gpu/dcgm/counters.ts';
export { APPLICATION_XIDS, DCGM, DCGM_COUNTERS, isCriticalXid } from './gpu/dcgm/counters.ts';
export { dcgmSamplesFromFamilies } from './gpu/dcgm/exposition.ts';
export type {
  DcgmFold,
  DcgmFoldInput,
  DcgmSample,
  DcgmSeriesProblem,
  DcgmXidSeries,
  NodeGpuPod,
} from './gpu/dcgm/fold.ts';
export { foldDcgmSamples } from './gpu/dcgm/fold.ts';
export type {
  DcgmDeviceLabels,
  DcgmDraRef,
  DcgmLabelOptions,
  DcgmLabelResult,
  DcgmPodRef,
} from './gpu/dcgm/labels.ts';
export { dcgmDeviceLabels } from './gpu/dcgm/labels.ts';
export type {
  ClusterGpuUsage,
  GpuDeviceRef,
  GpuUsageByNamespace,
  GpuUsageByPool,
  GpuUsageByResource,
  GpuUsageCounts,
  GpuUsageInput,
  UnhealthyGpu,
} from './gpu/dcgm/usage-rollup.ts';
export { rollUpGpuUsage } from './gpu/dcgm/usage-rollup.ts';
export type { XidChange, XidPoint } from './gpu/dcgm/xid.ts';
export { hasRecentCriticalXid, lastXidChange } from './gpu/dcgm/xid.ts';
export type {
  DefragMove,
  DefragNode,
  DefragOptions,
  DefragOutcome,
  DefragPod,
  DefragProposal,
  DisruptionBudget,
  PdbBlock,
} from './gpu/defrag.ts';
export { proposeDefrag } from './gpu/defrag.ts';
export type { BlockedGpuPod } from './gpu/defrag-blocked.ts';
export { blockedGpuPods, disruptionBudgets } from './gpu/defrag-blocked.ts';
export type { DraInventory, DraPool, DraState } from './gpu/dra.ts';
export { draInventory } from './gpu/dra.ts';
export type { FitVerdict, Fragmentation, MovablePod, NodeFree } from './gpu/fragmentation.ts';
export {
  FRAGMENT_SIZES,
  fitRequest,
  measureFragmentation,
  requestMix,
  stranded,
} from './gpu/fragmentation.ts';
export type { GpuOperatorState, GpuOperatorStatus } from './gpu/gpu-operator.ts';
export { gpuOperatorFindings, gpuOperatorStatus } from './gpu/gpu-operator.ts';
export type { HeatmapCellCode, HeatmapNodeSummary, HeatmapOptions, PoolHeatmap } from './gpu/heatmap.ts';
export {
  CELL,
  cellCode,
  DEFAULT_XID_WINDOW_MS,
  freeHistogram,
  HEATMAP_CODES,
  MAX_GPUS_PER_NODE,
  MAX_HEATMAP_CELLS,
  physicalGpus,
  poolHeatmap,
  worstNodes,
} from './gpu/heatmap.ts';
export { gpuPoolFindings, poolLine } from './gpu/pool-findings.ts';
export type {
  InventoryInput,
  NodeView,
  NotUsableYet,
  PendingFit,
  PoolInventory,
  PoolResource,
  SharingMode,
} from './gpu/pools.ts';
export {
  driverVersionOf,
  fitPending,
  fitPendingGpuPods,
  inventoryPool,
  inventoryPools,
  isGpuNode,
  nodeView,
  notUsableReason,
} from './gpu/pools.ts';
export * from './gpu/usage-history/index.ts';
export type { ClusterQueueView, KueueView, KueueWorkloadView } from './kueue/kueue-findings.ts';
export { judgeKueue, KUEUE_RULES } from './kueue/kueue-findings.ts';
export type { KueueInput, KueueWait, QueuePosition } from './kueue/kueue-index.ts';
export { KUEUE_ADMISSION_GATE, KUEUE_QUEUE_LABEL, KueueIndex } from './kueue/kueue-index.ts';
export type { AdmissionEngine, AdmissionFailure } from './pods/admission-failure.ts';
export { admissionLabel, cniPluginOf, parseAdmissionFailure } from './pods/admission-failure.ts';
export type { PodClassification, PodTroubleRule } from './pods/classify.ts';
export {
  CONTAINER_CREATING_STUCK_MS,
  classifyPod,
  crashLoopOf,
  imageInMessage,
  imageRegistry,
  notReadyOf,
  POD_TROUBLES,
  UNSCHEDULED_AFTER_MS,
} from './pods/classify.ts';
export { fitDisagreement, fitDisagreementFinding } from './pods/fit/fit-disagreement.ts';
export type { FitContext, FitReason, PodFit, PreFilterRejection } from './pods/fit/fit-pending-pod.ts';
export { fitPendingPod, isPendingUnbound } from './pods/fit/fit-pending-pod.ts';
export { formatAmount, formatCpu } from './pods/fit/quantities.ts';
export { explainTopReason, topReason } from './pods/pending.ts';
export type { PlacementRejection } from './pods/placement.ts';
export { matchesNodeAffinity, placementRejection, untoleratedTaint } from './pods/placement.ts';
export type { PodContext } from './pods/pod-findings.ts';
export {
  eventsByObject,
  podAttributes,
  podTroubleFinding,
  podTroubleFindings,
  ZONE_LABEL,
} from './pods/pod-findings.ts';
export { explainSchedulerMessage, reasonMeaning } from './pods/scheduler-explain.ts';
export type { SchedulerMessage, SchedulerReason, SchedulerSection } from './pods/scheduler-message.ts';
export { isTruncatedSchedulerMessage, parseSchedulerMessage } from './pods/scheduler-message.ts';
export type { TroubledPod } from './pods/troubled-pod.ts';
export { troubledPod } from './pods/troubled-pod.ts';
export { projectClusterPolicy } from './projection/cluster-policy.ts';
export { projectControllerRevision } from './projection/controller-revision.ts';
export { projectDeployment } from './projection/deployment.ts';
export type { ResourceClaimRecord, ResourceSliceRecord } from './projection/dra.ts';
export { projectResourceClaim, projectResourceSlice } from './projection/dra.ts';
export { projectEndpointSlice, SERVICE_NAME_LABEL } from './projection/endpointslice.ts';
export { projectEvent } from './projection/event.ts';
export { milliQuantity, parseQuantity, parseTimestamp, wholeQuantity } from './projection/fields.ts';
export {
  projectGateway,
  projectGatewayClass,
  projectHTTPRoute,
  projectReferenceGrant,
} from './projection/gateway.ts';
export {
  ARGOCD_TRACKING_ID,
  FLUX_HELM_NAME,
  FLUX_KUSTOMIZE_NAME,
  INSTANCE_LABEL,
  readGitOps,
} from './projection/gitops.ts';
export {
  GPU_RESOURCE,
  isGpuExtendedResource,
  MIG_RESOURCE_PREFIX,
  SHARED_GPU_RESOURCE,
} from './projection/gpu-resources.ts';
export { projectClusterQueue, projectKueueWorkload, projectLocalQueue } from './projection/kueue.ts';
export { DEFAULT_TEAM_LABEL, projectNamespace } from './projection/namespace.ts';
export type { NodeProjectionOptions } from './projection/node.ts';
export { projectNode } from './projection/node.ts';
export type { ProjectionOptions } from './projection/object.ts';
export { projectObject } from './projection/object.ts';
export type { LabelRequirement, LabelSelector, PodDisruptionBudgetRecord } from './projection/pdb.ts';
export { pdbCovers, projectPodDisruptionBudget, selectorMatches } from './projection/pdb.ts';
export {
  type PersistentVolumeClaimRecord,
  projectPersistentVolumeClaim,
  SELECTED_NODE_ANNOTATION,
} from './projection/persistentvolumeclaim.ts';
export { projectPod } from './projection/pod.ts';
export { readPodTemplate } from './projection/pod-template.ts';
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
export { projectResourceQuota, type ResourceQuotaRecord } from './projection/resourcequota.ts';
export type { ProjectionResult } from './projection/result.ts';
export { projectRuntimeClass, type RuntimeClassRecord } from './projection/runtimeclass.ts';
export { projectService } from './projection/service.ts';
export { projectDaemonSet, projectStatefulSet } from './projection/statefulset.ts';
export { projectStorageClass, type StorageClassRecord } from './projection/storageclass.ts';
export {
  type PodDefragProposal,
  podDefragProposals,
  recommendWithDefrag,
  withDefragAdvice,
} from './rollouts/defrag-recommendation.ts';
export type {
  BlockingPod,
  RolloutAction,
  RolloutInput,
  RolloutStage,
  RolloutStatus,
  RolloutTrigger,
  TemplateChange,
  WorkloadKind,
} from './rollouts/deployment-rollout.ts';
export { analyzeRollout } from './rollouts/deployment-rollout.ts';
export {
  describeOldRevisions,
  groupOldRevisions,
  mainOldRevisionDiff,
  type OldRevisionDiff,
} from './rollouts/revision-diff.ts';
export {
  progressText,
  ROLLOUT_STUCK_RULE,
  rolloutFinding,
  rolloutFindingId,
} from './rollouts/rollout-findings.ts';
export {
  analyzeDaemonSetRollout,
  analyzeStatefulSetRollout,
  CONTROLLER_REVISION_HASH_LABEL,
  daemonSetStage,
  daemonSetTemplateDiff,
  isDaemonSetRolloutUnfinished,
  isStatefulSetRolloutUnfinished,
  POD_TEMPLATE_GENERATION_LABEL,
  type SetRolloutInput,
  statefulSetStage,
  statefulSetTemplateDiff,
} from './rollouts/set-rollout.ts';
export { diffTemplates, triggerOf } from './rollouts/template-diff.ts';
export type { TriageContext } from './scope/triage.ts';
export { SCOPE_NEXT_STEPS, triageScope } from './scope/triage.ts';
export {
  GATEWAY_CLASS_RULES,
  type GatewayClassJudgement,
  type GatewayClassView,
  judgeGatewayClasses,
} from './serving/gateway-classes.ts';
export { type CrossReference, decideReference, type GrantDecision } from './serving/reference-grants.ts';
export type {
  GatewayCertificateView,
  GatewayView,
  RouteBackendView,
  RouteParentView,
  RouteView,
  ServingPath,
  ServingPathInput,
} from './serving/serving-path.ts';
export { judgeServingPath, SERVING_RULES } from './serving/serving-path.ts';
export {
  CLAIM_FAULTS,
  type ClaimProblem,
  type ClaimState,
  claimFix,
  claimState,
} from './storage/claim-state.ts';
export {
  describeQuotaRefusal,
  exhaustedResources,
  formatQuantity,
  parseQuotaRefusal,
  type QuotaRefusal,
  usageText,
} from './storage/quota.ts';
export {
  defaultStorageClass,
  indexSchedulingObjects,
  type SchedulingObjects,
} from './storage/scheduling-objects.ts';
export {
  PVC_PENDING_GRACE_MS,
  PVC_UNBOUND_RULE,
  pvcUnboundFindings,
  QUOTA_EXHAUSTED_RULE,
  quotaExhaustedFindings,
  schedulingObjectFindings,
} from './storage/storage-findings.ts';
export type { FindingDraft } from './verdict/finding.ts';
export { compareFindings, impliedStatus, makeFinding, severityFor } from './verdict/finding.ts';
export { STATUS_SEVERITY, worstStatus } from './verdict/status.ts';
export { formatDuration } from './verdict/text.ts';
export type { StatusThresholds } from './verdict/thresholds.ts';
export { DEFAULT_STATUS_THRESHOLDS, resolveThresholds } from './verdict/thresholds.ts';
