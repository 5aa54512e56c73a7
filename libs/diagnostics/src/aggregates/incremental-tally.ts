import type {
  DeploymentRecord,
  EndpointSliceRecord,
  GpuTotals,
  NodeCounts,
  NodeRecord,
  ObjectRecord,
  PodCounts,
  PodRecord,
  RecordKind,
  ServiceRecord,
} from '@fleetscope/types';
import { GpuTotalsBuilder } from '../data-plane/gpu-totals.ts';
import { byAvailability, byKey, byNodeName, byRestarts } from '../data-plane/offenders.ts';
import {
  type ClusterTally,
  countNode,
  countPod,
  emptyNodeCounts,
  emptyPodCounts,
  hasNoneAvailable,
  isCrashLooping,
  isRolloutUnfinished,
  isRunningNotReady,
  isShortDeployment,
  isTerminalPhase,
  isUnsettled,
  serviceExpectsEndpoints,
  serviceKey,
} from '../data-plane/tally.ts';
import { KeyedSet } from './keyed-set.ts';

/** The kinds a tally counts (ReplicaSets and Events are not summarised). */
const TALLIED_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>([
  'Node',
  'Pod',
  'Deployment',
  'Service',
  'EndpointSlice',
]);

/**
 * One change of one record, as a store reports it: `previous` undefined = added, `next` undefined =
 * removed. `key` is the store's key (namespace/name, or name for cluster-scoped objects).
 */
export interface RecordChange<R extends ObjectRecord = ObjectRecord> {
  key: string;
  previous: R | undefined;
  next: R | undefined;
}

/** What one node holds: its record (undefined while pods name a node not listed), its pods, their GPUs. */
export interface NodeAggregate {
  name: string;
  node: NodeRecord | undefined;
  /** Pods bound to the node, any phase. */
  pods: PodCounts;
  /** GPU requests of its non-terminal pods, per resource (allocated). */
  gpus: GpuTotals;
  /** {@link IncrementalTally.revision} of the last change to this node or its pods. */
  revision: number;
}

/** The pods of one controller (ownerReference with controller=true), by its uid. */
export interface OwnerAggregate {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
  pods: PodCounts;
  /** GPU requests of its non-terminal pods: allocated when bound, pending when not. */
  gpus: GpuTotals;
  revision: number;
}

/** One pool (`NodeRecord.pool`): its nodes and, per GPU resource, allocatable, allocated and unusable. */
export interface PoolAggregate {
  pool: string;
  nodes: NodeCounts;
  /** Nodes of the pool as allocatable/unusable; non-terminal pods bound to them as allocated. */
  gpus: GpuTotals;
  revision: number;
}

interface NodeState {
  node: NodeRecord | undefined;
  pods: PodCounts;
  gpus: GpuTotalsBuilder;
  revision: number;
}

interface OwnerState {
  kind: string;
  namespace: string;
  name: string;
  pods: PodCounts;
  /** Created on the first GPU-requesting pod: most controllers of a big cluster have none. */
  gpus: GpuTotalsBuilder | null;
  revision: number;
}

interface PoolState {
  nodes: NodeCounts;
  gpus: GpuTotalsBuilder;
  revision: number;
}

/**
 * {@link tallyCluster}'s result kept up to date from record changes, the way kube-state-metrics
 * computes at ingest: each change subtracts what the previous record contributed and adds what the
 * next one does. A pod change touches the cluster counts, its node, its controller and its node's
 * pool — O(1) in the size of the cluster; a node change also moves its pods' GPUs between pools
 * (O(GPU resources)). Offenders are kept by key and turned into arrays only when {@link snapshot} is
 * taken after they changed (O(offenders)). Service readiness is the sum of ready endpoints per service
 * key, kept from EndpointSlice changes.
 *
 * Pure and synchronous: the caller feeds every change of every tallied kind, in order (relists as the
 * changes they amount to); other kinds are ignored. After any sequence of changes `snapshot()` equals
 * `tallyCluster` over the records held, apart from the order of offender arrays: these come in the
 * order summaries name them (worst first, then by name), tallyCluster's in the order walked.
 */
export class IncrementalTally {
  readonly #nodes = emptyNodeCounts();
  readonly #pods = emptyPodCounts();
  readonly #gpus = new GpuTotalsBuilder();
  readonly #notReadyNodes = new KeyedSet<NodeRecord>(byNodeName);
  readonly #unknownNodes = new KeyedSet<NodeRecord>(byNodeName);
  readonly #cordonedNodes = new KeyedSet<NodeRecord>(byNodeName);
  readonly #crashLoopingPods = new KeyedSet<PodRecord>(byRestarts);
  readonly #runningNotReadyPods = new KeyedSet<PodRecord>(byRestarts);
  readonly #unsettledPods = new KeyedSet<PodRecord>(byKey);
  readonly #unfinishedDeployments = new KeyedSet<DeploymentRecord>(byKey);
  readonly #nodesByName = new Map<string, NodeRecord>();

  #deployments = 0;
  #deploymentsAvailable = 0;
  #servingDeployments = 0;
  readonly #shortDeployments = new KeyedSet<DeploymentRecord>(byAvailability);
  readonly #deploymentsNoneAvailable = new KeyedSet<DeploymentRecord>(byAvailability);

  #services = 0;
  /** Services expecting endpoints, by service key. */
  readonly #expecting = new Map<string, ServiceRecord>();
  /** Ready endpoints per service key, summed over its EndpointSlices (absent = 0). */
  readonly #readyByService = new Map<string, number>();
  readonly #servicesWithoutEndpoints = new KeyedSet<ServiceRecord>(byKey);

  readonly #byNode = new Map<string, NodeState>();
  readonly #byOwner = new Map<string, OwnerState>();
  readonly #byPool = new Map<string, PoolState>();

  #revision = 0;
  #snapshot: ClusterTally | null = null;
  #snapshotRevision = -1;

  /** Moves on every change applied; a snapshot taken at the same revision is the same object. */
  get revision(): number {
    return this.#revision;
  }

  /** Applies one change. Returns false (and changes nothing) for kinds the tally does not count. */
  apply(change: RecordChange): boolean {
    const kind = (change.next ?? change.previous)?.kind;
    if (kind === undefined || !TALLIED_KINDS.has(kind)) return false;
    // Before the change: the aggregates it touches are stamped with the new revision.
    this.#revision++;
    if (kind === 'Node') this.#applyNode(change as RecordChange<NodeRecord>);
    else if (kind === 'Pod') this.#applyPod(change as RecordChange<PodRecord>);
    else if (kind === 'Deployment') this.#applyDeployment(change as RecordChange<DeploymentRecord>);
    else if (kind === 'Service') this.#applyService(change as RecordChange<ServiceRecord>);
    else this.#applyEndpointSlice(change as RecordChange<EndpointSliceRecord>);
    return true;
  }

  /** Applies changes in order; true when any was of a tallied kind. */
  applyAll(changes: Iterable<RecordChange>): boolean {
    let any = false;
    for (const change of changes) any = this.apply(change) || any;
    return any;
  }

  /**
   * The tally as {@link tallyCluster} returns it. Counts are copies; offender arrays are rebuilt only
   * for lists that changed since the last snapshot and are shared between snapshots (read-only).
   * `nodeNamed` reads the live index: use it while summarising, not later.
   */
  snapshot(): ClusterTally {
    if (this.#snapshot !== null && this.#snapshotRevision === this.#revision) return this.#snapshot;
    const nodesByName = this.#nodesByName;
    this.#snapshot = {
      nodes: { ...this.#nodes },
      pods: { ...this.#pods },
      gpus: this.#gpus.build(),
      workloads: {
        deployments: this.#deployments,
        deploymentsAvailable: this.#deploymentsAvailable,
        services: this.#services,
        servicesWithoutEndpoints: this.#servicesWithoutEndpoints.size,
      },
      notReadyNodes: this.#notReadyNodes.values(),
      unknownNodes: this.#unknownNodes.values(),
      crashLoopingPods: this.#crashLoopingPods.values(),
      runningNotReadyPods: this.#runningNotReadyPods.values(),
      unsettledPods: this.#unsettledPods.values(),
      unfinishedDeployments: this.#unfinishedDeployments.values(),
      cordonedNodes: this.#cordonedNodes.values(),
      shortDeployments: this.#shortDeployments.values(),
      servingDeployments: this.#servingDeployments,
      deploymentsNoneAvailable: this.#deploymentsNoneAvailable.values(),
      servicesWithSelector: this.#expecting.size,
      servicesWithoutEndpoints: this.#servicesWithoutEndpoints.values(),
      nodeNamed: (name) => nodesByName.get(name),
    };
    this.#snapshotRevision = this.#revision;
    return this.#snapshot;
  }

  /** The revision of the last change to a node or its pods; undefined when the node is unknown. */
  nodeRevision(name: string): number | undefined {
    return this.#byNode.get(name)?.revision;
  }

  /** The node of that name with its pods; also a node not listed (yet) that pods are bound to. */
  node(name: string): NodeAggregate | undefined {
    const state = this.#byNode.get(name);
    if (state === undefined) return undefined;
    return {
      name,
      node: state.node,
      pods: { ...state.pods },
      gpus: state.gpus.build(),
      revision: state.revision,
    };
  }

  /** The pods of the controller with this uid. */
  owner(uid: string): OwnerAggregate | undefined {
    const state = this.#byOwner.get(uid);
    if (state === undefined) return undefined;
    return {
      uid,
      kind: state.kind,
      namespace: state.namespace,
      name: state.name,
      pods: { ...state.pods },
      gpus: state.gpus?.build() ?? new GpuTotalsBuilder().build(),
      revision: state.revision,
    };
  }

  pool(name: string): PoolAggregate | undefined {
    const state = this.#byPool.get(name);
    if (state === undefined) return undefined;
    return { pool: name, nodes: { ...state.nodes }, gpus: state.gpus.build(), revision: state.revision };
  }

  /** Every pool with at least one node, by name. */
  pools(): PoolAggregate[] {
    return [...this.#byPool.keys()].sort().flatMap((name) => this.pool(name) ?? []);
  }

  #applyNode({ key, previous, next }: RecordChange<NodeRecord>): void {
    if (previous !== undefined) this.#countNode(previous, -1);
    if (next !== undefined) this.#countNode(next, 1);
    this.#notReadyNodes.update(key, next?.ready === false ? next : undefined);
    this.#unknownNodes.update(key, next?.ready === null ? next : undefined);
    this.#cordonedNodes.update(key, next?.unschedulable ? next : undefined);
  }

  #countNode(node: NodeRecord, sign: 1 | -1): void {
    countNode(this.#nodes, node, sign);
    this.#gpus.addNode(node, sign);
    // By name, not identity: after a relist the store holds new objects for unchanged records, and
    // the previous record of the next change is one of those. A change takes back before it adds.
    if (sign === 1) this.#nodesByName.set(node.name, node);
    else this.#nodesByName.delete(node.name);

    const pool = this.#poolState(node.pool);
    countNode(pool.nodes, node, sign);
    pool.gpus.addNode(node, sign);
    pool.revision = this.#revision;

    // The node's pods' GPUs count in the pool of the node's current record: leave the old pool with
    // the old record, join the new one with the new record.
    const state = this.#nodeState(node.name);
    pool.gpus.addAll(state.gpus, sign);
    state.node = sign === 1 ? node : undefined;
    state.revision = this.#revision;
    this.#dropEmpty(node.name, state, node.pool, pool);
  }

  #applyPod({ key, previous, next }: RecordChange<PodRecord>): void {
    if (previous !== undefined) this.#countPod(previous, -1);
    if (next !== undefined) this.#countPod(next, 1);
    const active = next !== undefined && !isTerminalPhase(next.phase);
    this.#crashLoopingPods.update(key, active && isCrashLooping(next) ? next : undefined);
    this.#runningNotReadyPods.update(key, active && isRunningNotReady(next) ? next : undefined);
    this.#unsettledPods.update(key, next !== undefined && isUnsettled(next) ? next : undefined);
  }

  #countPod(pod: PodRecord, sign: 1 | -1): void {
    countPod(this.#pods, pod, sign);
    const holds = !isTerminalPhase(pod.phase);
    if (holds) this.#gpus.addPod(pod, sign);

    if (pod.nodeName !== '') {
      const state = this.#nodeState(pod.nodeName);
      countPod(state.pods, pod, sign);
      if (holds) state.gpus.addPod(pod, sign);
      state.revision = this.#revision;
      const pool = state.node === undefined ? undefined : this.#byPool.get(state.node.pool);
      if (pool !== undefined && holds) {
        pool.gpus.addPod(pod, sign);
        pool.revision = this.#revision;
      }
      this.#dropEmpty(pod.nodeName, state, undefined, undefined);
    }

    if (pod.controller !== null) {
      const uid = pod.controller.uid;
      let owner = this.#byOwner.get(uid);
      if (owner === undefined) {
        owner = { kind: '', namespace: '', name: '', pods: emptyPodCounts(), gpus: null, revision: 0 };
        this.#byOwner.set(uid, owner);
      }
      owner.kind = pod.controller.kind;
      owner.namespace = pod.namespace;
      owner.name = pod.controller.name;
      countPod(owner.pods, pod, sign);
      if (holds && (pod.gpuRequest > 0 || hasAny(pod.gpuExtendedRequest))) {
        owner.gpus ??= new GpuTotalsBuilder();
        owner.gpus.addPod(pod, sign);
      }
      owner.revision = this.#revision;
      if (owner.pods.total === 0) this.#byOwner.delete(uid);
    }
  }

  #applyDeployment({ key, previous, next }: RecordChange<DeploymentRecord>): void {
    for (const [deployment, sign] of signed(previous, next)) {
      this.#deployments += sign;
      if (!isShortDeployment(deployment)) this.#deploymentsAvailable += sign;
      if (deployment.replicas > 0) this.#servingDeployments += sign;
    }
    this.#shortDeployments.update(key, next !== undefined && isShortDeployment(next) ? next : undefined);
    this.#unfinishedDeployments.update(
      key,
      next !== undefined && isRolloutUnfinished(next) ? next : undefined,
    );
    this.#deploymentsNoneAvailable.update(
      key,
      next !== undefined && hasNoneAvailable(next) ? next : undefined,
    );
  }

  #applyService({ previous, next }: RecordChange<ServiceRecord>): void {
    const touched = new Set<string>();
    for (const [service, sign] of signed(previous, next)) {
      this.#services += sign;
      const key = serviceKey(service.namespace, service.name);
      touched.add(key);
      if (!serviceExpectsEndpoints(service)) continue;
      if (sign === 1) this.#expecting.set(key, service);
      else this.#expecting.delete(key);
    }
    for (const key of touched) this.#judgeService(key);
  }

  #applyEndpointSlice({ previous, next }: RecordChange<EndpointSliceRecord>): void {
    const touched = new Set<string>();
    for (const [slice, sign] of signed(previous, next)) {
      if (slice.serviceName === '') continue;
      const key = serviceKey(slice.namespace, slice.serviceName);
      touched.add(key);
      const ready = (this.#readyByService.get(key) ?? 0) + sign * slice.readyEndpoints;
      if (ready === 0) this.#readyByService.delete(key);
      else this.#readyByService.set(key, ready);
    }
    for (const key of touched) this.#judgeService(key);
  }

  #judgeService(key: string): void {
    const service = this.#expecting.get(key);
    const none = service !== undefined && (this.#readyByService.get(key) ?? 0) === 0;
    this.#servicesWithoutEndpoints.update(key, none ? service : undefined);
  }

  #nodeState(name: string): NodeState {
    let state = this.#byNode.get(name);
    if (state === undefined) {
      state = { node: undefined, pods: emptyPodCounts(), gpus: new GpuTotalsBuilder(), revision: 0 };
      this.#byNode.set(name, state);
    }
    return state;
  }

  #poolState(name: string): PoolState {
    let state = this.#byPool.get(name);
    if (state === undefined) {
      state = { nodes: emptyNodeCounts(), gpus: new GpuTotalsBuilder(), revision: 0 };
      this.#byPool.set(name, state);
    }
    return state;
  }

  /** Forgets a node with neither record nor pods, and a pool with no node: no aggregate outlives its objects. */
  #dropEmpty(
    name: string,
    state: NodeState,
    poolName: string | undefined,
    pool: PoolState | undefined,
  ): void {
    if (state.node === undefined && state.pods.total === 0) this.#byNode.delete(name);
    if (poolName !== undefined && pool !== undefined && pool.nodes.total === 0) this.#byPool.delete(poolName);
  }
}

/** The previous record to take back (-1), then the next one to add (+1). */
function signed<R>(previous: R | undefined, next: R | undefined): Array<[R, 1 | -1]> {
  const out: Array<[R, 1 | -1]> = [];
  if (previous !== undefined) out.push([previous, -1]);
  if (next !== undefined) out.push([next, 1]);
  return out;
}

function hasAny(amounts: Record<string, number>): boolean {
  for (const resource in amounts) if ((amounts[resource] ?? 0) > 0) return true;
  return false;
}
