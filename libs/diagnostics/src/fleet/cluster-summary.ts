import type {
  ClusterSummary,
  ControllerRevisionRecord,
  ControlPlaneHealth,
  DaemonSetRecord,
  DeploymentRecord,
  EndpointSliceRecord,
  EventRecord,
  Finding,
  GatewayClassRecord,
  GatewayRecord,
  HTTPRouteRecord,
  NodeRecord,
  OptionalApiState,
  PodRecord,
  ReferenceGrantRecord,
  ReplicaSetRecord,
  ResourceFreshness,
  ServiceRecord,
  SignalSet,
  StatefulSetRecord,
  WatchedResource,
} from '@fleetscope/types';
import {
  type ClusterControlPlane,
  judgeClusterControlPlane,
} from '../control-plane/cluster-control-plane.ts';
import { freshnessByResource, freshnessIsStale, lastHeardAt } from '../control-plane/freshness.ts';
import type { ControlPlaneThresholds } from '../control-plane/thresholds.ts';
import { judgeControlPlane } from '../control-plane/watch-verdict.ts';
import { type ClusterTally, tallyCluster } from '../data-plane/tally.ts';
import { judgeDataPlane } from '../data-plane/verdict.ts';
import type { PoolInventory } from '../gpu/pools.ts';
import { judgeKueue, type KueueView } from '../kueue/kueue-findings.ts';
import type { KueueIndex } from '../kueue/kueue-index.ts';
import { classifyPod } from '../pods/classify.ts';
import { fitDisagreementFinding } from '../pods/fit/fit-disagreement.ts';
import type { PodFit } from '../pods/fit/fit-pending-pod.ts';
import { podTroubleFinding } from '../pods/pod-findings.ts';
import { type TroubledPod, troubledPod } from '../pods/troubled-pod.ts';
import { type PodDefragProposal, withDefragAdvice } from '../rollouts/defrag-recommendation.ts';
import { analyzeRollout, type RolloutStatus } from '../rollouts/deployment-rollout.ts';
import { rolloutFinding } from '../rollouts/rollout-findings.ts';
import {
  analyzeDaemonSetRollout,
  analyzeStatefulSetRollout,
  isDaemonSetRolloutUnfinished,
  isStatefulSetRolloutUnfinished,
} from '../rollouts/set-rollout.ts';
import { judgeServingPath, type ServingPath } from '../serving/serving-path.ts';
import type { SchedulingObjects } from '../storage/scheduling-objects.ts';
import { schedulingObjectFindings } from '../storage/storage-findings.ts';
import { compareFindings } from '../verdict/finding.ts';
import { resolveThresholds, type StatusThresholds } from '../verdict/thresholds.ts';

/** One cluster's records and watch freshness: what the API (live) and the CLI (offline) pass in. */
export interface ClusterInput {
  name: string;
  nodes: Iterable<NodeRecord>;
  pods: Iterable<PodRecord>;
  deployments: Iterable<DeploymentRecord>;
  services: Iterable<ServiceRecord>;
  endpointSlices: Iterable<EndpointSliceRecord>;
  /** Empty for offline analysis. */
  freshness: ResourceFreshness[];
  /** Epoch ms; the only clock (offline: the time the snapshot stands for). */
  now: number;
  /** Live: judge freshness; offline: a file dump has no watches — control plane is UNKNOWN with that said. */
  mode: 'live' | 'offline';
  /**
   * Control-plane metrics and probes. Omitted: the control-plane verdict is the watch-freshness
   * judgement alone (as before). Given (null = no metrics source): the merged verdict of
   * {@link judgeClusterControlPlane}.
   */
  controlPlaneSignals?: SignalSet | null;
  /** A pod's own events (live: the API's event ring); absent: none known. */
  eventsFor?: (pod: PodRecord) => readonly EventRecord[];
  /** What rollout analysis needs beyond the tally (live): a namespace's ReplicaSets. */
  workloads?: {
    replicaSets(namespace: string): readonly ReplicaSetRecord[];
    /** Every StatefulSet and DaemonSet (few per cluster: walked per summary, only unfinished ones analysed). */
    statefulSets?(): Iterable<StatefulSetRecord>;
    daemonSets?(): Iterable<DaemonSetRecord>;
    /** The ControllerRevisions a StatefulSet or DaemonSet owns (by its uid), for the template diff; absent: unknown. */
    controllerRevisions?(ownerUid: string): readonly ControllerRevisionRecord[];
    /**
     * Defragmentation proposals for the cluster's blocked GPU pods, asked only when a rollout would be
     * told to "fix capacity" (so its advice becomes "free room" when fragmentation, not capacity, blocks
     * it); absent: the advice stays "fix capacity".
     */
    defragProposals?(): readonly PodDefragProposal[];
    /** Every pod a StatefulSet or DaemonSet controls (its old pods grouped by revision); absent: unsettled ones only. */
    podsOwnedBy?(ownerUid: string): readonly PodRecord[];
  };
  /**
   * The cluster's tally when the caller keeps it up to date from store deltas (the API does): the
   * record iterables are then not walked. Omitted: one pass over the iterables computes it.
   */
  tally?: ClusterTally;
  /**
   * The serving path (Gateway API), when the caller knows whether gateway.networking.k8s.io/v1 is
   * served; absent: not judged (no view, no findings).
   */
  serving?: {
    api: OptionalApiState;
    /** Gateways, HTTPRoutes, Services and EndpointSlices have been listed and may be read. */
    listed: boolean;
    gateways(): Iterable<GatewayRecord>;
    routes(): Iterable<HTTPRouteRecord>;
    /** GatewayClasses when listed; null or absent: not known (the classes are then not judged). */
    gatewayClasses?(): Iterable<GatewayClassRecord> | null;
    /** ReferenceGrants when listed; null or absent: not known (cross-namespace refs not judged by us). */
    referenceGrants?(): Iterable<ReferenceGrantRecord> | null;
  };
  /** Kueue's objects indexed, when the caller knows whether kueue.x-k8s.io is served; absent: not judged. */
  kueue?: KueueIndex;
  /**
   * PersistentVolumeClaims, StorageClasses, RuntimeClasses and ResourceQuotas, each only once listed
   * (live): rollout reasons name the claim or quota at fault, and `pvc.unbound` / `quota.exhausted`
   * are judged. Absent: neither.
   */
  scheduling?: SchedulingObjects;
  /**
   * Our own fit check of one pending (unbound) pod over every node (live: the API keeps per-node
   * usage and runs it only for pending pods); absent or null: not run.
   */
  fitPending?: (pod: PodRecord) => PodFit | null;
}

/** A cluster summary with the full control-plane verdict (paths, etcd, scheduler, controllers, impact). */
export type ClusterHealth = ClusterSummary & {
  controlPlaneDetail: ControlPlaneHealth;
  /** Every finding of this cluster, both planes, worst first (severity, then rule, then id). */
  findings: Finding[];
  /** GPU pools when the caller computed them (the API does, per changed pool). */
  gpuPools?: PoolInventory[];
  /** Live: every unsettled pod that classification has something to say about, by namespace/name. */
  troubledPods?: TroubledPod[];
  /** Live: every rollout `kubectl rollout status` would not call done, by kind/namespace/name. */
  rollouts?: RolloutStatus[];
  /** The serving path (Gateway API → Services → endpoints), when judged; NOT_APPLICABLE without the CRDs. */
  servingPath?: ServingPath;
  /** Kueue's queues and waiting or evicted workloads, when judged; NOT_APPLICABLE without the CRDs. */
  kueue?: KueueView;
};

/** Resources the summary's counts and data-plane verdict are computed from. */
export const SUMMARY_RESOURCES: readonly WatchedResource[] = [
  'nodes',
  'pods',
  'deployments',
  'services',
  'endpointslices',
];

/** True once the resource's watch completed a list and may still read it (a 403 hides what it had). */
function everListed(freshness: readonly ResourceFreshness[], resource: WatchedResource): boolean {
  const f = freshness.find((x) => x.resource === resource);
  return f !== undefined && f.lastSyncAt !== null && f.state !== 'FORBIDDEN';
}

function newestInput(freshness: readonly ResourceFreshness[]): number | null {
  let newest: number | null = null;
  for (const f of freshness) {
    const heard = lastHeardAt(f);
    if (heard !== null && (newest === null || heard > newest)) newest = heard;
  }
  return newest;
}

/**
 * Counts and verdicts of one cluster. Each record iterable is walked once. Offline, `dataAsOf`
 * is `now` when the snapshot holds any record (the caller passes the snapshot's time) and
 * `stale` is false: a dump is a fixed point in time, not a watch that fell behind.
 */
export function summarizeCluster(
  input: ClusterInput,
  options: Partial<StatusThresholds> = {},
  controlPlaneOptions: Partial<ControlPlaneThresholds> = {},
): ClusterSummary {
  return judgeCluster(input, options, controlPlaneOptions).summary;
}

/** {@link summarizeCluster} and the findings its verdicts were composed from (worst first). */
export function judgeCluster(
  input: ClusterInput,
  options: Partial<StatusThresholds> = {},
  controlPlaneOptions: Partial<ControlPlaneThresholds> = {},
): { summary: ClusterSummary; findings: Finding[] } {
  const thresholds = resolveThresholds(options);
  const controlPlane =
    input.controlPlaneSignals === undefined ? null : controlPlaneOf(input, thresholds, controlPlaneOptions);
  const { summary, findings } = buildSummary(input, thresholds, controlPlane);
  return { summary, findings };
}

/**
 * {@link summarizeCluster} plus the full control-plane verdict. `controlPlaneSignals` omitted
 * counts as null (no metrics source): metric-based parts are UNKNOWN, and the summary's
 * control-plane verdict is the merged one.
 */
export function summarizeClusterHealth(
  input: ClusterInput,
  options: Partial<StatusThresholds> = {},
  controlPlaneOptions: Partial<ControlPlaneThresholds> = {},
): ClusterHealth {
  const thresholds = resolveThresholds(options);
  const controlPlane = controlPlaneOf(input, thresholds, controlPlaneOptions);
  const { summary, findings, workloads } = buildSummary(input, thresholds, controlPlane);
  return {
    ...summary,
    controlPlaneDetail: controlPlane.detail,
    findings,
    ...(workloads === null ? {} : { troubledPods: workloads.pods, rollouts: workloads.rollouts }),
    ...(workloads?.servingPath === undefined ? {} : { servingPath: workloads.servingPath }),
    ...(workloads?.kueue === undefined ? {} : { kueue: workloads.kueue }),
  };
}

function controlPlaneOf(
  input: ClusterInput,
  thresholds: StatusThresholds,
  controlPlaneOptions: Partial<ControlPlaneThresholds>,
): ClusterControlPlane {
  return judgeClusterControlPlane(
    {
      cluster: input.name,
      signals: input.controlPlaneSignals ?? null,
      watches: [...input.freshness],
      now: input.now,
      mode: input.mode,
    },
    thresholds,
    controlPlaneOptions,
  );
}

function buildSummary(
  input: ClusterInput,
  thresholds: StatusThresholds,
  controlPlane: ClusterControlPlane | null,
): { summary: ClusterSummary; findings: Finding[]; workloads: WorkloadViews | null } {
  const kept = input.tally ?? tallyCluster(input);
  const tally: ClusterTally = input.eventsFor === undefined ? kept : { ...kept, eventsFor: input.eventsFor };
  const freshness = [...input.freshness];
  const context = { cluster: input.name, freshness, now: input.now, mode: input.mode };

  let dataAsOf: number | null;
  let stale: boolean;
  if (input.mode === 'offline') {
    const { nodes, pods, workloads } = tally;
    const anything = nodes.total + pods.total + workloads.deployments + workloads.services > 0;
    dataAsOf = anything ? input.now : null;
    stale = false;
  } else {
    const byResource = freshnessByResource(freshness);
    dataAsOf = newestInput(freshness);
    stale = SUMMARY_RESOURCES.some((resource) => {
      const f = byResource.get(resource);
      return f === undefined || freshnessIsStale(f, input.now, thresholds.staleAfterMs);
    });
  }

  // Live, a count is known once its resource was listed; before that (never reached, forbidden) it
  // is unknown, not 0. Offline, the dump is the whole input.
  const listed = (resource: WatchedResource): boolean =>
    input.mode === 'offline' || everListed(freshness, resource);
  const nodesKnown = listed('nodes');
  const podsKnown = listed('pods');
  const { findings: dataFindings, ...dataPlane } = judgeDataPlane(tally, context, thresholds);
  let controlPlaneVerdict: ClusterSummary['controlPlane'];
  let controlFindings: Finding[];
  if (controlPlane === null) {
    const { findings: watchFindings, ...watches } = judgeControlPlane(context, thresholds);
    controlPlaneVerdict = watches;
    controlFindings = watchFindings;
  } else {
    controlPlaneVerdict = controlPlane.summary;
    controlFindings = controlPlane.findings;
  }
  const summary: ClusterSummary = {
    name: input.name,
    controlPlane: controlPlaneVerdict,
    dataPlane,
    nodes: nodesKnown ? tally.nodes : null,
    pods: podsKnown ? tally.pods : null,
    gpus: nodesKnown && podsKnown ? tally.gpus : null,
    workloads: tally.workloads,
    freshness,
    dataAsOf,
    stale,
  };
  const workloads = input.mode === 'live' ? workloadFindings(input, tally) : null;
  const byId = new Map<string, Finding>();
  for (const f of [...controlFindings, ...dataFindings, ...(workloads?.findings ?? [])])
    if (!byId.has(f.id)) byId.set(f.id, f);
  return { summary, findings: [...byId.values()].sort(compareFindings), workloads };
}

/** What the live path says about workloads beyond the verdicts: findings and the views behind them. */
interface WorkloadViews {
  findings: Finding[];
  pods: TroubledPod[];
  rollouts: RolloutStatus[];
  servingPath?: ServingPath;
  kueue?: KueueView;
}

/**
 * Findings beyond the verdicts, from the tally's unsettled pods and unfinished rollouts only (their
 * cost follows them, not the cluster): every such pod classified with its events, and each
 * unfinished rollout with why it is stuck and what to do when `input.workloads` can name its
 * ReplicaSets and pods. Status-neutral where the verdict already speaks (see pod-findings.ts).
 */
function workloadFindings(input: ClusterInput, tally: ClusterTally): WorkloadViews {
  // The newest input behind a finding is its resource's last word from the API server, never "now":
  // a finding must not change on a tick that brought nothing new.
  const byResource = freshnessByResource(input.freshness);
  const heard = (resource: WatchedResource): number | null => {
    const f = byResource.get(resource);
    return f === undefined ? null : lastHeardAt(f);
  };
  const eventsOf = (pod: PodRecord): readonly EventRecord[] => tally.eventsFor?.(pod) ?? [];
  // Each pending pod is fitted once per summary, whoever asks (its own finding, a rollout's blockers).
  const fits = new Map<PodRecord, PodFit | null>();
  const fitOf = (pod: PodRecord): PodFit | null => {
    if (input.fitPending === undefined || pod.nodeName !== '' || (pod.schedulingGates?.length ?? 0) > 0)
      return null;
    if (!fits.has(pod)) fits.set(pod, input.fitPending(pod));
    return fits.get(pod) ?? null;
  };
  const out: Finding[] = [];
  const pods: TroubledPod[] = [];
  const rollouts: RolloutStatus[] = [];
  const kueue = input.kueue ?? null;
  const extra: Pick<WorkloadViews, 'servingPath' | 'kueue'> = {};
  if (input.serving !== undefined) {
    const serving = input.serving;
    // Services and their slices are walked only where the Gateway API is in use.
    const routes = [...serving.routes()];
    const gateways = [...serving.gateways()];
    const inUse = routes.length + gateways.length > 0;
    const path = judgeServingPath({
      cluster: input.name,
      api: serving.api,
      listed: serving.listed,
      gateways,
      routes,
      services: inUse ? input.services : [],
      endpointSlices: inUse ? input.endpointSlices : [],
      gatewayClasses: inUse ? (serving.gatewayClasses?.() ?? null) : null,
      referenceGrants: inUse ? (serving.referenceGrants?.() ?? null) : null,
      observedAt: heard('httproutes'),
    });
    extra.servingPath = path;
    out.push(...path.findings);
  }
  if (kueue !== null) {
    const view = judgeKueue(input.name, kueue, heard('workloads'));
    extra.kueue = view;
    out.push(...view.findings);
  }
  for (const pod of tally.unsettledPods) {
    const fit = pod.phase === 'Pending' ? fitOf(pod) : null;
    const classification = classifyPod(pod, eventsOf(pod), input.now, kueue, fit);
    if (classification === null) continue;
    const node = pod.nodeName === '' ? undefined : tally.nodeNamed(pod.nodeName);
    const finding = podTroubleFinding(input.name, pod, classification, node, heard('pods'));
    out.push(finding);
    if (fit !== null) {
      const disagreement = fitDisagreementFinding(input.name, pod, fit, heard('pods'));
      if (disagreement !== null) out.push(disagreement);
    }
    pods.push(troubledPod(pod, classification, node, finding.id));
  }
  const hooks = input.workloads;
  const scheduling = input.scheduling;
  if (scheduling !== undefined) {
    out.push(
      ...schedulingObjectFindings(input.name, scheduling, hooks?.replicaSets ?? (() => []), input.now),
    );
  }
  if (hooks === undefined) return { findings: out, pods, rollouts, ...extra };
  // A rollout is blocked only by pods that are not settled: those are all it needs to look at, so
  // its cost follows them, not the size of the ReplicaSet.
  const unsettledByOwner = new Map<string, PodRecord[]>();
  for (const pod of tally.unsettledPods) {
    if (pod.controller === null) continue;
    const list = unsettledByOwner.get(pod.controller.uid) ?? [];
    list.push(pod);
    unsettledByOwner.set(pod.controller.uid, list);
  }
  // Asked at most once per summary, and only when a rollout is advised to "fix capacity".
  let proposals: readonly PodDefragProposal[] | undefined;
  const advise = (rollout: RolloutStatus): RolloutStatus => {
    if (rollout.recommendation.action !== 'fix capacity' || hooks.defragProposals === undefined)
      return rollout;
    proposals ??= hooks.defragProposals();
    return withDefragAdvice(rollout, proposals);
  };
  for (const deployment of tally.unfinishedDeployments) {
    const rollout = advise(
      analyzeRollout({
        deployment,
        replicaSets: hooks.replicaSets(deployment.namespace),
        podsOf: (uid) => unsettledByOwner.get(uid) ?? [],
        classify: (pod) => classifyPod(pod, eventsOf(pod), input.now, kueue, fitOf(pod)),
        ...(scheduling === undefined ? {} : { scheduling }),
      }),
    );
    rollouts.push(rollout);
    const finding = rolloutFinding(input.name, rollout, heard('deployments'));
    if (finding !== null) out.push(finding);
  }
  const classify = (pod: PodRecord) => classifyPod(pod, eventsOf(pod), input.now, kueue, fitOf(pod));
  for (const workload of hooks.statefulSets?.() ?? []) {
    if (!isStatefulSetRolloutUnfinished(workload)) continue;
    const rollout = advise(
      analyzeStatefulSetRollout({
        workload,
        pods: unsettledByOwner.get(workload.uid) ?? [],
        classify,
        revisions: hooks.controllerRevisions?.(workload.uid) ?? [],
        ...(scheduling === undefined ? {} : { scheduling }),
        ...(hooks.podsOwnedBy === undefined ? {} : { allPods: hooks.podsOwnedBy(workload.uid) }),
      }),
    );
    rollouts.push(rollout);
    const finding = rolloutFinding(input.name, rollout, heard('statefulsets'));
    if (finding !== null) out.push(finding);
  }
  for (const workload of hooks.daemonSets?.() ?? []) {
    if (!isDaemonSetRolloutUnfinished(workload)) continue;
    const rollout = advise(
      analyzeDaemonSetRollout({
        workload,
        pods: unsettledByOwner.get(workload.uid) ?? [],
        classify,
        revisions: hooks.controllerRevisions?.(workload.uid) ?? [],
        ...(hooks.podsOwnedBy === undefined ? {} : { allPods: hooks.podsOwnedBy(workload.uid) }),
      }),
    );
    rollouts.push(rollout);
    const finding = rolloutFinding(input.name, rollout, heard('daemonsets'));
    if (finding !== null) out.push(finding);
  }
  return { findings: out, pods, rollouts, ...extra };
}
