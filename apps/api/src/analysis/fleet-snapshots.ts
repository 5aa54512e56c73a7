import {
  type ClusterHealth,
  type ClusterInput,
  FindingHistory,
  gpuOperatorFindings,
  gpuOperatorStatus,
  KueueIndex,
  lastHeardAt,
  podDefragProposals,
  type SchedulingObjects,
  summarizeClusterHealth,
  summarizeFleet,
  triageScope,
  worstFirst,
} from '@fleetscope/diagnostics';
import {
  type Clock,
  type ControllerRevisionRecord,
  type EventRecord,
  type Finding,
  type FleetSummary,
  GATEWAY_API_GROUP,
  KUEUE_API_GROUP,
  type PodRecord,
  type ReplicaSetRecord,
  type WatchedResource,
} from '@fleetscope/types';
import type { ClusterState, FleetState } from '../stores/cluster-state.ts';
import { defragProposals } from './gpu-defrag-proposals.ts';
import { GpuPoolCache } from './gpu-pools.ts';
import { pendingFitCacheOf } from './pending-fit.ts';

export interface SnapshotOptions {
  /** Trailing debounce for bursts of changes. */
  debounceMs: number;
  /** Upper bound on how long a steady stream of changes can postpone a recompute. */
  maxDelayMs: number;
  /** Periodic re-evaluation, so time-based verdicts (staleness) change without events. */
  intervalMs: number;
  staleAfterMs: number;
}

/** A fleet snapshot whose clusters carry the control-plane detail (paths, etcd, scheduler, controllers). */
export type FleetSnapshot = Omit<FleetSummary, 'clusters'> & {
  clusters: ClusterHealth[];
  /**
   * Version of each cluster's slice, by cluster name: it moves only when that cluster's summary
   * changes, so a subscriber of one cluster can tell a change of its slice from a change elsewhere.
   */
  sliceVersions: Readonly<Record<string, number>>;
  /**
   * Scope triage over every cluster's findings: each impairing finding placed in the narrowest
   * scope that explains it (workload, node, pool, cluster, global), widest first.
   */
  scopeFindings: readonly Finding[];
};

export type SnapshotListener = (snapshot: FleetSnapshot) => void;

/** Summaries of clusters another replica watches (sharded mode). */
export interface RemoteClusters {
  /** The summary its owner published, when one is valid now; null otherwise (shown as UNKNOWN). */
  health(name: string, now: number): ClusterHealth | null;
}

const NOT_SERVED_HERE =
  'watched by another replica, and no current summary of it has reached this one (its owner is changing, or the broker is unreachable)';

/** What a replica says of a cluster it does not watch and has no valid summary of: UNKNOWN, and why. */
function notServedHere(health: ClusterHealth): ClusterHealth {
  return {
    ...health,
    controlPlane: {
      ...health.controlPlane,
      summary: `${NOT_SERVED_HERE}; control-plane health cannot be judged here`,
    },
    dataPlane: { ...health.dataPlane, summary: `${NOT_SERVED_HERE}; serving health cannot be judged here` },
  };
}

/**
 * Turns store changes into immutable, versioned fleet snapshots. Only clusters that changed are
 * re-summarised after a debounce; a periodic tick re-evaluates all of them because staleness is a
 * function of time. Summaries read each cluster's tally, kept from store deltas as they arrive, so
 * neither a recompute nor a tick walks the records. Resolvers and subscriptions only ever read the
 * latest snapshot.
 */
export class FleetSnapshots {
  readonly #fleet: FleetState;
  readonly #clock: Clock;
  readonly #options: SnapshotOptions;
  readonly #summaries = new Map<string, ClusterHealth>();
  readonly #sliceVersions = new Map<string, number>();
  readonly #gpuPools = new Map<string, { state: ClusterState; cache: GpuPoolCache }>();
  #remote: RemoteClusters | null = null;
  readonly #origins = new Map<string, 'local' | 'remote' | 'none'>();
  readonly #publishedAt = new Map<string, number>();
  /** Findings over time (first seen, recently resolved), in memory: a restart starts over. */
  readonly history = new FindingHistory();
  readonly #dirty = new Set<string>();
  readonly #listeners = new Set<SnapshotListener>();
  #snapshot: FleetSnapshot | null = null;
  #version = 0;
  #debounceTimer: NodeJS.Timeout | null = null;
  #firstDirtyAt: number | null = null;
  #interval: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(fleet: FleetState, clock: Clock, options: SnapshotOptions) {
    this.#fleet = fleet;
    this.#clock = clock;
    this.#options = options;
  }

  start(): void {
    this.#unsubscribe = this.#fleet.onChange((cluster) => this.#markDirty(cluster));
    this.#interval = setInterval(() => this.recompute(true), this.#options.intervalMs);
    this.#interval.unref();
  }

  stop(): void {
    this.#unsubscribe?.();
    if (this.#interval) clearInterval(this.#interval);
    if (this.#debounceTimer) clearTimeout(this.#debounceTimer);
    this.#listeners.clear();
  }

  /** Sharded mode: clusters this process does not own are summarised from what their owners published. */
  setRemote(remote: RemoteClusters): void {
    this.#remote = remote;
  }

  /** A cluster's summary may have changed outside the stores (a remote summary arrived or expired). */
  invalidate(cluster: string): void {
    this.#markDirty(cluster);
  }

  /** The latest snapshot; computed on first use. */
  current(): FleetSnapshot {
    return this.#snapshot ?? this.recompute(true);
  }

  cluster(name: string): ClusterHealth | undefined {
    return this.current().clusters.find((c) => c.name === name);
  }

  /** A cluster's GPU pool cache (node views, pending fits) behind its last summary; undefined before one. */
  gpuPoolCache(cluster: string): GpuPoolCache | undefined {
    return this.#gpuPools.get(cluster)?.cache;
  }

  /** Recomputes dirty clusters (or all), publishes when anything changed, returns the snapshot. */
  recompute(all = false): FleetSnapshot {
    if (this.#debounceTimer) clearTimeout(this.#debounceTimer);
    this.#debounceTimer = null;
    this.#firstDirtyAt = null;
    const now = this.#clock.now();
    let changed = this.#snapshot === null;
    for (const state of this.#fleet.list()) {
      if (!all && !this.#dirty.has(state.name) && this.#summaries.has(state.name)) continue;
      const local = this.#remote === null || this.#fleet.owns(state.name);
      const remote = local ? null : (this.#remote?.health(state.name, now) ?? null);
      const next =
        remote ??
        (local ? this.#summarize(state, now, all) : notServedHere(this.#summarize(state, now, all)));
      // Where the summary comes from: a switch (sharded: the cluster moved here, or away) is
      // published at once, never coalesced with the other source's view.
      const origin = local ? 'local' : remote !== null ? 'remote' : 'none';
      const switched = this.#origins.get(state.name) !== origin;
      this.#origins.set(state.name, origin);
      const previous = this.#summaries.get(state.name);
      // An unchanged cluster keeps its summary object: views and subscriptions can tell by identity.
      if (previous && sameSummary(previous, next)) continue;
      // A watch re-confirming a quiet resource (every ~30 s each) moves only times: coalesced to one
      // new version per quarter of --stale-after, so walls are not pushed for it every few seconds;
      // anything else (a count, a verdict, a stale flag) is published at once.
      const publishedAt = this.#publishedAt.get(state.name) ?? Number.NEGATIVE_INFINITY;
      if (
        previous &&
        !switched &&
        now - publishedAt < this.#options.staleAfterMs / 4 &&
        sameApartFromTimes(previous, next)
      ) {
        continue;
      }
      changed = true;
      this.#summaries.set(state.name, next);
      this.#publishedAt.set(state.name, now);
      this.#sliceVersions.set(state.name, this.#version + 1);
    }
    this.#dirty.clear();
    if (!changed && this.#snapshot) return this.#snapshot;
    this.#version += 1;
    const clusters = this.#fleet.list().flatMap((s) => this.#summaries.get(s.name) ?? []);
    const sliceVersions = Object.freeze(Object.fromEntries(this.#sliceVersions));
    const scopeFindings = this.#triage(clusters);
    this.history.observe([...clusters.flatMap((c) => c.findings), ...scopeFindings], now);
    this.#snapshot = Object.freeze({
      ...summarizeFleet(clusters, now, this.#version),
      clusters,
      sliceVersions,
      scopeFindings,
    });
    for (const listener of this.#listeners) listener(this.#snapshot);
    return this.#snapshot;
  }

  onSnapshot(listener: SnapshotListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #markDirty(cluster: string): void {
    this.#dirty.add(cluster);
    const now = this.#clock.now();
    this.#firstDirtyAt ??= now;
    if (this.#debounceTimer) clearTimeout(this.#debounceTimer);
    const waited = now - this.#firstDirtyAt;
    const delay = Math.max(0, Math.min(this.#options.debounceMs, this.#options.maxDelayMs - waited));
    this.#debounceTimer = setTimeout(() => this.recompute(false), delay);
    this.#debounceTimer.unref();
  }

  /** Scope triage over the clusters' findings; pool sizes from each cluster's kept pool aggregates. */
  #triage(clusters: readonly ClusterHealth[]): Finding[] {
    const states = new Map(this.#fleet.list().map((state) => [state.name, state]));
    const summaries = new Map(clusters.map((c) => [c.name, c]));
    return triageScope(
      clusters.flatMap((c) => c.findings),
      {
        clusters: clusters.map((c) => c.name),
        // Sharded: a cluster owned elsewhere has no tally here; its published GPU pools still count nodes.
        poolSize: (cluster, pool) =>
          states.get(cluster)?.tally.pool(pool)?.nodes.total ??
          summaries.get(cluster)?.gpuPools?.find((p) => p.pool === pool)?.nodes.total ??
          null,
      },
    );
  }

  /** `tick`: the periodic re-evaluation, when slower slices (GPU pools) are refreshed too. */
  #summarize(state: ClusterState, now: number, tick: boolean): ClusterHealth {
    const health = summarizeClusterHealth(summaryInput(state, now), {
      staleAfterMs: this.#options.staleAfterMs,
    });
    // A cluster whose state was reset (sharded: it moved away and back) starts a new cache.
    let cache = this.#gpuPools.get(state.name)?.cache;
    if (cache === undefined || this.#gpuPools.get(state.name)?.state !== state) {
      cache = new GpuPoolCache();
      this.#gpuPools.set(state.name, { state, cache });
    }
    const computed = cache.compute(state, tick);
    const { pools } = computed;
    const findings = [...computed.findings, ...gpuOperatorFindingsOf(state)];
    if (pools.length === 0 && findings.length === 0) return health;
    const byId = new Map(health.findings.map((f) => [f.id, f]));
    for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
    return { ...health, gpuPools: pools, findings: worstFirst([...byId.values()]) };
  }
}

/** A finding when the GPU Operator's ClusterPolicy says notReady (a handful of objects at most). */
function gpuOperatorFindingsOf(state: ClusterState): Finding[] {
  if (state.objects.count('ClusterPolicy') === 0) return [];
  const policies = state.sideFreshness('clusterpolicies');
  return gpuOperatorFindings(
    state.name,
    gpuOperatorStatus([...state.objects.list('ClusterPolicy')], state.serves('clusterpolicies')),
    policies === undefined ? null : lastHeardAt(policies),
  );
}

/**
 * What a cluster's summary is computed from: its freshness, signals and the tally kept from store
 * deltas (the record iterables are there for callers that drop `tally` to re-tally, and not walked).
 */
export function summaryInput(state: ClusterState, now: number): ClusterInput {
  const o = state.objects;
  let replicaSetsByNamespace: Map<string, ReplicaSetRecord[]> | undefined;
  let revisionsByOwner: Map<string, ControllerRevisionRecord[]> | undefined;
  return {
    name: state.name,
    nodes: o.nodes(),
    pods: o.pods(),
    deployments: o.deployments(),
    services: o.services(),
    endpointSlices: o.endpointSlices(),
    freshness: state.freshness(),
    controlPlaneSignals: state.signals(),
    now,
    mode: 'live',
    tally: state.tally.snapshot(),
    eventsFor: (pod) => eventsOfPod(state, pod),
    workloads: {
      // Built on first use, once per summary: only unfinished rollouts ask for ReplicaSets.
      replicaSets: (namespace) => {
        replicaSetsByNamespace ??= indexByNamespace(o.replicaSets());
        return replicaSetsByNamespace.get(namespace) ?? [];
      },
      statefulSets: () => o.list('StatefulSet'),
      daemonSets: () => o.list('DaemonSet'),
      // Built on first use, once per summary: only unfinished StatefulSets and DaemonSets ask.
      controllerRevisions: (ownerUid) => {
        revisionsByOwner ??= indexRevisionsByOwner(o.list('ControllerRevision'));
        return revisionsByOwner.get(ownerUid) ?? [];
      },
      defragProposals: () => podDefragProposals(defragProposals(state).blocked),
      podsOwnedBy: (ownerUid) => o.podsOwnedBy(ownerUid),
    },
    // Our own fit check of pending pods; runs only when classification meets one.
    fitPending: pendingFitCacheOf(state).fitter(state, now),
    ...optionalApiInputs(state),
    scheduling: schedulingInput(state),
  };
}

/**
 * Claims, classes and quotas for a summary, each only once its watch listed it (before that, or
 * forbidden, it is unknown: a claim's class is never called missing for want of the classes).
 */
function schedulingInput(state: ClusterState): SchedulingObjects {
  const out: SchedulingObjects = {
    claimEvents: (namespace, name) => state.eventsFor('PersistentVolumeClaim', namespace, name),
  };
  if (state.schedulingListed('persistentvolumeclaims')) {
    out.claim = (namespace, name) => state.claim(namespace, name);
    out.pendingClaims = () => state.pendingClaims();
  }
  if (state.schedulingListed('storageclasses')) out.storageClasses = state.storageClasses();
  if (state.schedulingListed('runtimeclasses')) out.runtimeClasses = state.runtimeClasses();
  if (state.schedulingListed('resourcequotas')) {
    out.quotas = (namespace) => state.quotas(namespace);
    out.allQuotas = () => state.allQuotas();
    // Only refused ReplicaSets can make quota.exhausted: never walk the namespace's others.
    out.refusedReplicaSets = (namespace) => state.refusedReplicaSets(namespace);
  }
  return out;
}

/**
 * The Gateway API and Kueue inputs of a summary: judged (NOT_APPLICABLE) where discovery found the
 * group not served, UNKNOWN before it answered or before the served resources were listed.
 */
function optionalApiInputs(state: ClusterState): Pick<ClusterInput, 'serving' | 'kueue'> {
  const o = state.objects;
  const freshness = state.freshness();
  const listed = (...resources: WatchedResource[]): boolean =>
    resources.every((r) => {
      const f = freshness.find((x) => x.resource === r);
      // A watch answered 404 since (its CRD deleted) holds what it had: not listed, never stale HEALTHY.
      return f !== undefined && f.lastSyncAt !== null && f.state !== 'FORBIDDEN' && f.notServed !== true;
    });
  const gateway = state.optionalApi(GATEWAY_API_GROUP);
  const kueue = state.optionalApi(KUEUE_API_GROUP);
  const positions = state.queuePositions();
  return {
    serving: {
      api: gateway,
      // Routes are judged against Services and EndpointSlices: all four must be in.
      listed: listed('gateways', 'httproutes', 'services', 'endpointslices'),
      gateways: () => o.list('Gateway'),
      routes: () => o.list('HTTPRoute'),
      // Not watched (not served at the versions read) or not listed yet: not known, never "none".
      gatewayClasses: () => (listed('gatewayclasses') ? o.list('GatewayClass') : null),
      referenceGrants: () => (listed('referencegrants') ? o.list('ReferenceGrant') : null),
    },
    kueue: new KueueIndex({
      api: kueue,
      listed: listed('workloads', 'localqueues', 'clusterqueues'),
      workloads: o.list('Workload'),
      localQueues: o.list('LocalQueue'),
      clusterQueues: o.list('ClusterQueue'),
      ...(positions === null ? {} : { positions }),
    }),
  };
}

/** A pod's events, and those of its claims while it is unbound (why a volume does not bind). */
function eventsOfPod(state: ClusterState, pod: PodRecord): readonly EventRecord[] {
  const own = state.eventsFor('Pod', pod.namespace, pod.name);
  const claims = pod.placement?.claims;
  if (claims === undefined || claims.length === 0) return own;
  return [
    ...own,
    ...claims.flatMap((claim) => state.eventsFor('PersistentVolumeClaim', pod.namespace, claim)),
  ];
}

function indexRevisionsByOwner(
  revisions: Iterable<ControllerRevisionRecord>,
): Map<string, ControllerRevisionRecord[]> {
  const index = new Map<string, ControllerRevisionRecord[]>();
  for (const r of revisions) {
    if (r.controller === null) continue;
    const list = index.get(r.controller.uid) ?? [];
    list.push(r);
    index.set(r.controller.uid, list);
  }
  return index;
}

function indexByNamespace(replicaSets: Iterable<ReplicaSetRecord>): Map<string, ReplicaSetRecord[]> {
  const index = new Map<string, ReplicaSetRecord[]>();
  for (const rs of replicaSets) {
    const list = index.get(rs.namespace) ?? [];
    list.push(rs);
    index.set(rs.namespace, list);
  }
  return index;
}

/** Fields that move when the API server merely re-confirms what we have (or a no-op update lands). */
const CONFIRMATION_TIMES: ReadonlySet<string> = new Set([
  'confirmedAt',
  'lastEventAt',
  'lastSyncAt',
  'dataAsOf',
  'observedAt',
]);

/**
 * Equal apart from confirmation times: the same counts, verdicts, stale flags and findings, only
 * newer "confirmed at" times (and the watch evidence that quotes them).
 */
export function sameApartFromTimes(a: ClusterHealth, b: ClusterHealth): boolean {
  const strip = (key: string, value: unknown): unknown => {
    if (CONFIRMATION_TIMES.has(key)) return undefined;
    if (value !== null && typeof value === 'object' && 'signal' in value && 'value' in value) {
      const signal = String((value as { signal: unknown }).signal);
      if (signal.startsWith('watch ') || signal === 'our informers') return { ...value, value: undefined };
    }
    return value;
  };
  return JSON.stringify(a, strip) === JSON.stringify(b, strip);
}

/** Equal apart from time-of-computation: used to avoid publishing identical snapshots. */
function sameSummary(a: ClusterHealth, b: ClusterHealth): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
