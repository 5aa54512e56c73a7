/**
 * @fleetscope/fleet-sim — a deterministic simulated GPU fleet that speaks the Kubernetes API wire
 * protocol (discovery, list with paging, watch with bookmarks and 410 Gone, selectors, create/patch/delete)
 * so the real client (@kubernetes/client-node informers, kubectl) runs against it unchanged.
 */
export { type Clock, DEFAULT_EPOCH_MS, ManualClock, systemClock, toKubeTime } from './clock.ts';
export { type Fault, FaultInjector, RequestCounter, type Verb } from './faults.ts';
export { type CreateFleetOptions, createFleet, SimFleet } from './fleet.ts';
export { computeGroundTruth, type GroundTruth, podRequest } from './ground-truth.ts';
export { type KubeconfigTarget, kubeconfigYaml, writeKubeconfig } from './kubeconfig.ts';
export { type NodeReadiness, SimCluster } from './model/cluster.ts';
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
export { demoScenario } from './scenarios/demo.ts';
export { healthyScenario } from './scenarios/healthy.ts';
export { SCENARIOS, scenarioByName } from './scenarios/index.ts';
export type {
  ClusterSpec,
  FleetSize,
  IncidentSpec,
  PoolSpec,
  ScenarioSpec,
  WorkloadSpec,
} from './scenarios/spec.ts';
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
