/**
 * @fleetscope/fleet-sim — a deterministic simulated GPU fleet that speaks the Kubernetes API wire
 * protocol (discovery, list with paging, watch with bookmarks and 410 Gone, selectors, create/patch/delete)
 * so the real client (@kubernetes/client-node informers, kubectl) runs against it unchanged.
 */

export { type ChurnStep, PodChurn, type PodChurnOptions } from './churn.ts';
export { type Clock, DEFAULT_EPOCH_MS, ManualClock, systemClock, toKubeTime } from './clock.ts';
export {
  type Bucket,
  cdf,
  type Distribution,
  ETCD_DISK_BUCKETS,
  ETCD_PEER_RTT_BUCKETS,
  histogramQuantile,
  REQUEST_DURATION_BUCKETS,
  REQUEST_SLI_DURATION_BUCKETS,
  WEBHOOK_DURATION_BUCKETS,
} from './control-plane/distribution.ts';
export { EXPOSITION_CONTENT_TYPE, renderExposition } from './control-plane/exposition.ts';
export { etcdMemberName, type Target as MetricsTarget } from './control-plane/families.ts';
export { signalsFromState } from './control-plane/signals.ts';
export { simulatedSignals } from './control-plane/simulated-signals.ts';
export {
  API_VERBS,
  type ApiVerb,
  type ControlPlaneSpec,
  type EtcdSpec,
  hasQuorum,
  type PriorityLevelSpec,
  type RequestClass,
  type SchedulerSpec,
  type ServingSpec,
  type WatchSpec,
  type WebhookSpec,
  type WorkqueueSpec,
} from './control-plane/spec.ts';
export {
  CONTROL_PLANE_UPTIME_MS,
  ControlPlaneState,
  type EvaluatedFamily,
  type Sample as ExpositionSample,
} from './control-plane/state.ts';
export { type SimGpuDevice, simulatedGpuDevices } from './dcgm/devices.ts';
export { renderDcgmExposition } from './dcgm/exposition.ts';
export { DCGM_PREFIX, serveDcgm } from './dcgm/serve.ts';
export type { DcgmClusterSpec, DcgmLabelStyle, DcgmXidFault } from './dcgm/spec.ts';
export {
  attachDcgm,
  dcgmDevices,
  dcgmExposition,
  type ExpectedGpuDevice,
  type ExpectedGpuState,
  expectedGpuDevices,
} from './dcgm/state.ts';
export { type Fault, FaultInjector, RequestCounter, type Verb } from './faults.ts';
export { type CreateFleetOptions, createFleet, SimFleet } from './fleet.ts';
export { FLEETSCOPE_NAMESPACE } from './generate/cluster.ts';
export { computeGroundTruth, type GroundTruth, podRequest } from './ground-truth.ts';
export { type KubeconfigTarget, kubeconfigYaml, writeKubeconfig } from './kubeconfig.ts';
export { type NodeReadiness, type OptionalApiGroup, SimCluster } from './model/cluster.ts';
export { RESOURCE_TYPES, type ResourceType } from './model/resources.ts';
export { ObjectStore, objectKey } from './model/store.ts';
export type {
  ChangeRecord,
  JsonObject,
  JsonValue,
  KubeObject,
  ObjectMeta,
  OwnerReference,
  WatchEventType,
} from './model/types.ts';
export {
  loadOpenbTrace,
  OPENB_CREDIT,
  OPENB_DATA_DIR,
  type OpenbNode,
  type OpenbPod,
  type OpenbTrace,
  parseOpenbNodes,
  parseOpenbPods,
  runningOpenbPods,
} from './openb.ts';
export { Random } from './random.ts';
export {
  CONTROL_PLANE_SCENARIO_NAMES,
  CONTROL_PLANE_SCENARIOS,
  controlPlaneScenarioByName,
  expectedControlPlane,
} from './scenarios/control-plane/index.ts';
export {
  CONTROL_PLANE_COMPONENTS,
  type ControlPlaneComponent,
  type ControlPlaneScenario,
  type ExpectedControlPlane,
  type ExpectedVerdict,
} from './scenarios/control-plane/scenario.ts';
export { demoScenario } from './scenarios/demo.ts';
export { GPU_POOLS_CLUSTER, GPU_POOLS_TRUTH, gpuPoolsScenario } from './scenarios/gpu-pools.ts';
export { BROKEN_DRIVER, gpuTriageScenario } from './scenarios/gpu-triage.ts';
export { GPU_LAB_DCGM, GPU_USAGE_XID_AFTER_MS, gpuUsageScenario } from './scenarios/gpu-usage.ts';
export { healthyScenario } from './scenarios/healthy.ts';
export { SCENARIOS, scenarioByName } from './scenarios/index.ts';
export { PENDING_FIT_CLUSTER, PENDING_FIT_TRUTH, pendingFitScenario } from './scenarios/pending-fit.ts';
export {
  ROLLOUT_TRUTH,
  type RolloutTruth,
  rolloutsScenario,
  SELECTOR_MATCHES_NOTHING,
  STORAGE_TRUTH,
} from './scenarios/rollouts.ts';
export type { RouteTruth } from './scenarios/serving.ts';
export { KUEUE_TRUTH, SERVING_TRUTH, servingScenario } from './scenarios/serving.ts';
export type {
  ClusterSpec,
  FleetSize,
  IncidentSpec,
  PoolSpec,
  RolloutFailure,
  RolloutFailureIncident,
  ScenarioSpec,
  WorkloadSpec,
} from './scenarios/spec.ts';
export {
  SimAuth,
  type SimAuthUser,
  type SimRbacRule,
  SUBJECT_ACCESS_REVIEW_PATH,
  TOKEN_REVIEW_PATH,
} from './server/auth-reviews.ts';
export { METRICS_PREFIX } from './server/control-plane.ts';
export { type SimServer, type SimServerOptions, startSimServer } from './server/http.ts';
export {
  type FieldRequirement,
  type LabelRequirement,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './server/selectors.ts';
export { type FleetServers, type StartFleetServersOptions, startFleetServers } from './servers.ts';
