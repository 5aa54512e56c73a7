import type {
  ClusterQueueRecord,
  ControllerRevisionRecord,
  DaemonSetRecord,
  DeploymentRecord,
  EndpointSliceRecord,
  EventRecord,
  Finding,
  GatewayClassRecord,
  GatewayRecord,
  HTTPRouteRecord,
  KueueWorkloadRecord,
  LocalQueueRecord,
  NodeRecord,
  PersistentVolumeClaimRecord,
  PodRecord,
  ReferenceGrantRecord,
  ReplicaSetRecord,
  ResourceQuotaRecord,
  RuntimeClassRecord,
  ServiceRecord,
  StatefulSetRecord,
  StorageClassRecord,
} from '@fleetscope/types';
import { type BlockedGpuPod, blockedGpuPods } from '../gpu/defrag-blocked.ts';
import { gpuPoolFindings } from '../gpu/pool-findings.ts';
import { fitPendingGpuPods, inventoryPools, nodeView, type PoolInventory } from '../gpu/pools.ts';
import { judgeKueue, type KueueView } from '../kueue/kueue-findings.ts';
import { KueueIndex } from '../kueue/kueue-index.ts';
import { classifyPod } from '../pods/classify.ts';
import {
  type FitContext,
  fitPendingPod,
  isPendingUnbound,
  type PodFit,
} from '../pods/fit/fit-pending-pod.ts';
import { eventsByObject, podTroubleFindings } from '../pods/pod-findings.ts';
import type { PodDisruptionBudgetRecord } from '../projection/pdb.ts';
import { podDefragProposals, withDefragAdvice } from '../rollouts/defrag-recommendation.ts';
import { analyzeRollout, type RolloutStatus } from '../rollouts/deployment-rollout.ts';
import { rolloutFinding } from '../rollouts/rollout-findings.ts';
import { analyzeDaemonSetRollout, analyzeStatefulSetRollout } from '../rollouts/set-rollout.ts';
import { judgeServingPath, type ServingPath } from '../serving/serving-path.ts';
import { indexSchedulingObjects } from '../storage/scheduling-objects.ts';
import { schedulingObjectFindings } from '../storage/storage-findings.ts';
import { compareFindings } from '../verdict/finding.ts';

/** One cluster's records, as arrays: every pod is classified, so they are walked more than once. */
export interface ClusterRecords {
  name: string;
  nodes: readonly NodeRecord[];
  pods: readonly PodRecord[];
  deployments: readonly DeploymentRecord[];
  replicaSets: readonly ReplicaSetRecord[];
  events: readonly EventRecord[];
  /** PodDisruptionBudgets, when the dump has them: defragmentation moves respect them. */
  pdbs?: readonly PodDisruptionBudgetRecord[];
  /** Absent: none in the dump. */
  statefulSets?: readonly StatefulSetRecord[];
  daemonSets?: readonly DaemonSetRecord[];
  /**
   * Gateway API objects, when the dump has any (a dump without them proves nothing about the CRDs:
   * the serving path is then not judged). Services and EndpointSlices are what routes point to.
   */
  gateways?: readonly GatewayRecord[];
  routes?: readonly HTTPRouteRecord[];
  /**
   * GatewayClasses and ReferenceGrants, when the dump has them; none in the dump proves nothing (kubectl
   * prints an empty list the same as a kind not asked for): not known, not judged.
   */
  gatewayClasses?: readonly GatewayClassRecord[];
  referenceGrants?: readonly ReferenceGrantRecord[];
  services?: readonly ServiceRecord[];
  endpointSlices?: readonly EndpointSliceRecord[];
  /** Kueue objects, when the dump has any. */
  kueueWorkloads?: readonly KueueWorkloadRecord[];
  localQueues?: readonly LocalQueueRecord[];
  clusterQueues?: readonly ClusterQueueRecord[];
  /** StatefulSet and DaemonSet revisions (template diff); absent: none in the dump. */
  controllerRevisions?: readonly ControllerRevisionRecord[];
  /**
   * PersistentVolumeClaims, StorageClasses, RuntimeClasses and ResourceQuotas, each when the dump has
   * that kind (absent: not known, so a claim's class is never called missing for want of the classes).
   */
  claims?: readonly PersistentVolumeClaimRecord[];
  storageClasses?: readonly StorageClassRecord[];
  runtimeClasses?: readonly RuntimeClassRecord[];
  quotas?: readonly ResourceQuotaRecord[];
  now: number;
}

export interface WorkloadAnalysis {
  /** The verdict findings given, plus every troubled pod, GPU pool and unfinished rollout; worst first, each id once. */
  findings: Finding[];
  pools: PoolInventory[];
  /** Pending GPU pods fragmentation blocks, largest first, each with the fewest moves that make room. */
  blocked: BlockedGpuPod[];
  /** Deployments, StatefulSets and DaemonSets whose rollout is not complete. */
  rollouts: RolloutStatus[];
  /** The serving path, when the dump holds Gateways or HTTPRoutes. */
  servingPath?: ServingPath;
  /** Kueue, when the dump holds Workloads, LocalQueues or ClusterQueues. */
  kueue?: KueueView;
}

/**
 * What a cluster holds beyond its verdicts: every pod classified with its events, the GPU pools
 * with per-node fit of pending GPU pods, and every unfinished rollout with why and what to do.
 * Walks every pod: the offline analysis (`fleetscope analyze`) and tests use it as it is.
 */
export function analyzeWorkloads(
  records: ClusterRecords,
  verdictFindings: readonly Finding[],
): WorkloadAnalysis {
  const { name, nodes, pods, now } = records;
  const events = eventsByObject(records.events);
  // A pod's events, and those of its claims while it is unbound (why a volume does not bind).
  const eventsOf = (pod: PodRecord): readonly EventRecord[] => {
    const own = events.get(`Pod/${pod.namespace}/${pod.name}`) ?? [];
    const claims = pod.placement?.claims ?? [];
    if (claims.length === 0) return own;
    return [
      ...own,
      ...claims.flatMap((c) => events.get(`PersistentVolumeClaim/${pod.namespace}/${c}`) ?? []),
    ];
  };
  const scheduling = indexSchedulingObjects({
    ...(records.claims === undefined ? {} : { claims: records.claims }),
    ...(records.storageClasses === undefined ? {} : { storageClasses: records.storageClasses }),
    ...(records.runtimeClasses === undefined ? {} : { runtimeClasses: records.runtimeClasses }),
    ...(records.quotas === undefined ? {} : { quotas: records.quotas }),
    claimEvents: (namespace, claim) => events.get(`PersistentVolumeClaim/${namespace}/${claim}`) ?? [],
  });
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const podsByOwner = new Map<string, PodRecord[]>();
  for (const pod of pods) {
    if (pod.controller === null) continue;
    const list = podsByOwner.get(pod.controller.uid) ?? [];
    list.push(pod);
    podsByOwner.set(pod.controller.uid, list);
  }

  const fromDump = { group: '', version: '', served: 'SERVED' as const, detail: 'objects in the dump' };
  const kueueKinds =
    (records.kueueWorkloads?.length ?? 0) +
    (records.localQueues?.length ?? 0) +
    (records.clusterQueues?.length ?? 0);
  const kueueIndex =
    kueueKinds === 0
      ? null
      : new KueueIndex({
          api: { ...fromDump, group: 'kueue.x-k8s.io' },
          listed: true,
          workloads: records.kueueWorkloads ?? [],
          localQueues: records.localQueues ?? [],
          clusterQueues: records.clusterQueues ?? [],
        });
  const kueue = kueueIndex === null ? undefined : judgeKueue(name, kueueIndex, now);
  const routed = (records.gateways?.length ?? 0) + (records.routes?.length ?? 0) > 0;
  const servingPath = routed
    ? judgeServingPath({
        cluster: name,
        api: { ...fromDump, group: 'gateway.networking.k8s.io', version: 'v1' },
        // Every cluster has a Service (default/kubernetes): none in the dump means Services were not
        // dumped, and a backend cannot be called missing.
        listed: (records.services?.length ?? 0) > 0,
        gateways: records.gateways ?? [],
        routes: records.routes ?? [],
        gatewayClasses: (records.gatewayClasses?.length ?? 0) > 0 ? (records.gatewayClasses ?? null) : null,
        referenceGrants:
          (records.referenceGrants?.length ?? 0) > 0 ? (records.referenceGrants ?? null) : null,
        services: records.services ?? [],
        endpointSlices: records.endpointSlices ?? [],
        observedAt: now,
      })
    : undefined;
  const podsByNode = new Map<string, PodRecord[]>();
  for (const pod of pods) {
    if (pod.nodeName === '') continue;
    const list = podsByNode.get(pod.nodeName) ?? [];
    list.push(pod);
    podsByNode.set(pod.nodeName, list);
  }
  const views = nodes.map((n) => nodeView(n, podsByNode.get(n.name) ?? []));
  const fitContext: FitContext = {
    views,
    claims: records.claims ?? null,
    storageClasses: records.storageClasses ?? null,
    runtimeClasses: records.runtimeClasses ?? null,
  };
  const fits = new Map<PodRecord, PodFit | null>();
  const fitFor = (pod: PodRecord): PodFit | null => {
    if (!isPendingUnbound(pod)) return null;
    if (!fits.has(pod)) fits.set(pod, fitPendingPod(pod, fitContext));
    return fits.get(pod) ?? null;
  };
  const podFindings = podTroubleFindings(
    name,
    pods,
    { nodeNamed: (n) => nodeByName.get(n), eventsFor: eventsOf, kueue: kueueIndex, fitFor },
    now,
    now,
  );
  const pools = inventoryPools({ nodes, pods });
  const poolFindings = gpuPoolFindings(name, pools, fitPendingGpuPods({ nodes, pods }), now);
  const blocked = blockedGpuPods(views, pods, records.pdbs ?? []);
  const rollouts = records.deployments
    .map((deployment) =>
      analyzeRollout({
        deployment,
        replicaSets: records.replicaSets.filter((rs) => rs.namespace === deployment.namespace),
        podsOf: (uid) => podsByOwner.get(uid) ?? [],
        classify: (pod) => classifyPod(pod, eventsOf(pod), now, kueueIndex, fitFor(pod)),
        scheduling,
      }),
    )
    .filter((r) => !r.done);
  const classify = (pod: PodRecord) => classifyPod(pod, eventsOf(pod), now, kueueIndex, fitFor(pod));
  const revisionsOf = (uid: string) =>
    (records.controllerRevisions ?? []).filter((r) => r.controller?.uid === uid);
  for (const workload of records.statefulSets ?? []) {
    const pods = podsByOwner.get(workload.uid) ?? [];
    const r = analyzeStatefulSetRollout({
      workload,
      pods,
      classify,
      revisions: revisionsOf(workload.uid),
      scheduling,
    });
    if (!r.done) rollouts.push(r);
  }
  for (const workload of records.daemonSets ?? []) {
    const pods = podsByOwner.get(workload.uid) ?? [];
    const r = analyzeDaemonSetRollout({ workload, pods, classify, revisions: revisionsOf(workload.uid) });
    if (!r.done) rollouts.push(r);
  }
  // Fragmentation, not capacity: a rollout whose new GPU pods a defragmentation would place says so.
  const proposals = podDefragProposals(blocked);
  for (const [i, r] of rollouts.entries()) rollouts[i] = withDefragAdvice(r, proposals);
  const rolloutFindings = rollouts.flatMap((r) => rolloutFinding(name, r, now) ?? []);
  const replicaSetsByNamespace = new Map<string, ReplicaSetRecord[]>();
  for (const rs of records.replicaSets) {
    const list = replicaSetsByNamespace.get(rs.namespace) ?? [];
    list.push(rs);
    replicaSetsByNamespace.set(rs.namespace, list);
  }
  const storageFindings = schedulingObjectFindings(
    name,
    scheduling,
    (namespace) => replicaSetsByNamespace.get(namespace) ?? [],
    now,
  );

  const byId = new Map(verdictFindings.map((f) => [f.id, f]));
  for (const f of [
    ...podFindings,
    ...poolFindings,
    ...rolloutFindings,
    ...storageFindings,
    ...(servingPath?.findings ?? []),
    ...(kueue?.findings ?? []),
  ])
    if (!byId.has(f.id)) byId.set(f.id, f);
  return {
    findings: [...byId.values()].sort(compareFindings),
    pools,
    blocked,
    rollouts,
    ...(servingPath === undefined ? {} : { servingPath }),
    ...(kueue === undefined ? {} : { kueue }),
  };
}
