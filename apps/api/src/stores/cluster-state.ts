import { defaultStorageClass, IncrementalTally, type QueuePosition } from '@fleetscope/diagnostics';
import {
  type EventRecord,
  GPU_SIDE_RESOURCES,
  type GpuSideResource,
  type OptionalApiState,
  type PersistentVolumeClaimRecord,
  RESOURCE_KIND,
  type RecordKind,
  type ReplicaSetRecord,
  type ResourceFreshness,
  type ResourceQuotaRecord,
  type RuntimeClassRecord,
  SCHEDULING_RESOURCES,
  type SchedulingResource,
  type SignalSet,
  type StorageClassRecord,
  type WatchedResource,
} from '@fleetscope/types';
import { EventRing, type EventRingOptions } from './event-ring.ts';
import { ObjectStore, type StoreChange } from './object-store.ts';

const SERVING_KINDS: ReadonlySet<string> = new Set([
  'Gateway',
  'HTTPRoute',
  'GatewayClass',
  'ReferenceGrant',
  'Workload',
  'ClusterQueue',
  'LocalQueue',
]);

export interface ClusterStateOptions {
  events?: Partial<EventRingOptions>;
}

/**
 * Everything known about one cluster: its objects, how fresh each watched resource is, and the latest
 * control-plane signals (metrics and probes). The store's changes feed the cluster's tally (counts,
 * offenders, per-node, per-owner and per-pool aggregates) and its event ring as they happen, so a
 * summary never rescans the objects.
 */
export class ClusterState {
  readonly name: string;
  readonly objects = new ObjectStore();
  /** Kept from every store change; what summaries read instead of the records. */
  readonly tally = new IncrementalTally();
  readonly #events: EventRing;
  readonly #freshness = new Map<WatchedResource, ResourceFreshness>();
  /** Freshness of the GPU side watches, kept apart: the control-plane and data-plane verdicts never read it. */
  readonly #sideFreshness = new Map<GpuSideResource, ResourceFreshness>();
  readonly #sideRevisions = new Map<RecordKind, number>();
  /**
   * Freshness of the scheduling watches (claims, classes, quotas), kept apart too: a stale claim watch
   * is not a cluster whose pods are unknown. Only whether each was listed feeds a summary.
   */
  readonly #schedulingFreshness = new Map<SchedulingResource, ResourceFreshness>();
  /** Keys ("namespace/name") of the claims not Bound, kept from deltas: findings walk only these. */
  readonly #pendingClaims = new Set<string>();
  /** ReplicaSets with ReplicaFailure=True (refused creations) by namespace, kept from deltas. */
  readonly #refusedReplicaSets = new Map<string, Map<string, ReplicaSetRecord>>();
  /** ResourceQuotas by namespace, kept from deltas. */
  readonly #quotasByNamespace = new Map<string, Map<string, ResourceQuotaRecord>>();
  #schedulingRevision = 0;
  readonly #listeners = new Set<() => void>();
  #metrics: SignalSet | null = null;
  #probes: SignalSet | null = null;
  #metricsConfigured = false;
  readonly #optionalApis = new Map<string, OptionalApiState>();
  #queuePositions: ReadonlyMap<string, QueuePosition> | null = null;

  constructor(name: string, options: ClusterStateOptions = {}) {
    this.name = name;
    this.#events = new EventRing(options.events);
    this.objects.onChange((change) => this.#onObjects(change));
  }

  /** The last events of one object (involvedObject kind, namespace — '' for cluster-scoped — and name), newest first. */
  eventsFor(kind: string, namespace: string, name: string): EventRecord[] {
    return this.#events.eventsFor(kind, namespace, name);
  }

  #onObjects(change: StoreChange): void {
    if (SCHEDULING_KINDS.has(change.kind)) {
      if (change.deltas.length === 0) return;
      this.#schedulingRevision++;
      if (this.#applyScheduling(change)) this.#emit();
      return;
    }
    if (SIDE_KINDS.has(change.kind)) {
      if (change.deltas.length === 0) return;
      this.#sideRevisions.set(change.kind, (this.#sideRevisions.get(change.kind) ?? 0) + 1);
      // The GPU Operator's state makes a finding: its (rare) changes re-summarise the cluster.
      if (change.kind === 'ClusterPolicy') this.#emit();
      return;
    }
    if (change.kind === 'Event') {
      for (const delta of change.deltas) this.#events.apply(delta);
      return;
    }
    // A ReplicaSet starting or ceasing to be refused new pods may make or clear quota.exhausted.
    if (change.kind === 'ReplicaSet' && this.#applyRefusals(change)) {
      this.#emit();
      return;
    }
    // Kinds no summary reads (ReplicaSets) are kept for reads, but wake no recomputation.
    if (this.tally.applyAll(change.deltas)) this.#emit();
    // Gateway API and Kueue objects are few and read whole by each summary: any change wakes one.
    else if (SERVING_KINDS.has(change.kind) && change.deltas.length > 0) this.#emit();
  }

  /**
   * Keeps the pending-claim and quota indexes; true when a summary should look again: a claim that is
   * or was not Bound, any StorageClass, RuntimeClass or quota change.
   */
  #applyScheduling(change: StoreChange): boolean {
    if (change.kind === 'PersistentVolumeClaim') {
      let matters = false;
      for (const { previous, next } of change.deltas) {
        const before = previous as PersistentVolumeClaimRecord | undefined;
        const after = next as PersistentVolumeClaimRecord | undefined;
        const record = after ?? before;
        if (record === undefined) continue;
        const key = `${record.namespace}/${record.name}`;
        if (after !== undefined && after.phase !== 'Bound') this.#pendingClaims.add(key);
        else this.#pendingClaims.delete(key);
        if (
          (before !== undefined && before.phase !== 'Bound') ||
          (after !== undefined && after.phase !== 'Bound')
        )
          matters = true;
      }
      return matters;
    }
    if (change.kind === 'ResourceQuota') {
      for (const { previous, next } of change.deltas) {
        const record = (next ?? previous) as ResourceQuotaRecord | undefined;
        if (record === undefined) continue;
        let byName = this.#quotasByNamespace.get(record.namespace);
        if (next !== undefined) {
          if (byName === undefined) {
            byName = new Map();
            this.#quotasByNamespace.set(record.namespace, byName);
          }
          byName.set(record.name, next as ResourceQuotaRecord);
        } else if (byName !== undefined) {
          byName.delete(record.name);
          if (byName.size === 0) this.#quotasByNamespace.delete(record.namespace);
        }
      }
    }
    return true;
  }

  /** Keeps the refused-ReplicaSet index; true when one entered or left it. */
  #applyRefusals(change: StoreChange): boolean {
    let moved = false;
    for (const { previous, next } of change.deltas) {
      const record = (next ?? previous) as ReplicaSetRecord | undefined;
      if (record === undefined) continue;
      const refused =
        next !== undefined &&
        (next as ReplicaSetRecord).conditions.some((c) => c.type === 'ReplicaFailure' && c.status === 'True');
      let byName = this.#refusedReplicaSets.get(record.namespace);
      const had = byName?.has(record.name) ?? false;
      if (refused) {
        if (byName === undefined) {
          byName = new Map();
          this.#refusedReplicaSets.set(record.namespace, byName);
        }
        byName.set(record.name, next as ReplicaSetRecord);
      } else if (had && byName !== undefined) {
        byName.delete(record.name);
        if (byName.size === 0) this.#refusedReplicaSets.delete(record.namespace);
      }
      if (had !== refused) moved = true;
    }
    return moved;
  }

  /** One namespace's ReplicaSets whose ReplicaFailure is True (quota or admission refusing new pods). */
  refusedReplicaSets(namespace: string): ReplicaSetRecord[] {
    return [...(this.#refusedReplicaSets.get(namespace)?.values() ?? [])];
  }

  /** A PersistentVolumeClaim by namespace and name. */
  claim(namespace: string, name: string): PersistentVolumeClaimRecord | undefined {
    return this.objects.get('PersistentVolumeClaim', `${namespace}/${name}`);
  }

  /** The claims that are not Bound (Pending, Lost, or no phase yet). */
  *pendingClaims(): IterableIterator<PersistentVolumeClaimRecord> {
    for (const key of this.#pendingClaims) {
      const claim = this.objects.get('PersistentVolumeClaim', key);
      if (claim !== undefined) yield claim;
    }
  }

  storageClasses(): StorageClassRecord[] {
    return [...this.objects.list('StorageClass')];
  }

  /** The default StorageClass as the API server picks it (the newest annotated default); null when none. */
  defaultStorageClass(): StorageClassRecord | null {
    return defaultStorageClass(this.storageClasses()) ?? null;
  }

  runtimeClasses(): RuntimeClassRecord[] {
    return [...this.objects.list('RuntimeClass')];
  }

  /** One namespace's ResourceQuotas. */
  quotas(namespace: string): ResourceQuotaRecord[] {
    return [...(this.#quotasByNamespace.get(namespace)?.values() ?? [])];
  }

  *allQuotas(): IterableIterator<ResourceQuotaRecord> {
    for (const byName of this.#quotasByNamespace.values()) yield* byName.values();
  }

  /**
   * Moves on any change of a claim, StorageClass, RuntimeClass or quota (and when one of their watches
   * is first listed): what is computed from them is kept under it.
   */
  get schedulingRevision(): number {
    return this.#schedulingRevision;
  }

  /** Freshness of one scheduling watch (claims, classes, quotas); undefined when not watched. */
  schedulingFreshness(resource: SchedulingResource): ResourceFreshness | undefined {
    return this.#schedulingFreshness.get(resource);
  }

  /** Every scheduling watch's freshness, by resource (reported apart from the verdict-bearing watches). */
  schedulingWatches(): ResourceFreshness[] {
    return [...this.#schedulingFreshness.values()].sort((a, b) => a.resource.localeCompare(b.resource));
  }

  /** True once a scheduling resource was listed and may still be read (a 403 hides what it had). */
  schedulingListed(resource: SchedulingResource): boolean {
    const f = this.#schedulingFreshness.get(resource);
    return f !== undefined && f.lastSyncAt !== null && f.state !== 'FORBIDDEN';
  }

  /** What discovery found for an optional API group (Gateway API, Kueue). */
  setOptionalApi(state: OptionalApiState): void {
    const previous = this.#optionalApis.get(state.group);
    if (
      previous?.served === state.served &&
      previous.version === state.version &&
      previous.detail === state.detail
    )
      return;
    this.#optionalApis.set(state.group, state);
    this.#emit();
  }

  /**
   * Forgets a resource no longer watched (its API group no longer served, a CRD deleted): its freshness
   * and every record of its kind, so nothing is judged on what it last held.
   */
  forgetResource(resource: WatchedResource): void {
    this.#freshness.delete(resource);
    this.objects.replaceAll(RESOURCE_KIND[resource], []);
    this.#emit();
  }

  /** An optional API group's state; UNKNOWN until discovery has answered. */
  optionalApi(group: string): OptionalApiState {
    return (
      this.#optionalApis.get(group) ?? {
        group,
        version: '',
        served: 'UNKNOWN',
        detail: 'discovery has not answered yet',
      }
    );
  }

  /** Kueue queue positions from the visibility API (null: not read, or the last read failed). */
  setQueuePositions(positions: ReadonlyMap<string, QueuePosition> | null): void {
    const same =
      positions === null || this.#queuePositions === null
        ? positions === this.#queuePositions
        : JSON.stringify([...positions]) === JSON.stringify([...this.#queuePositions]);
    if (same) return;
    this.#queuePositions = positions;
    this.#emit();
  }

  queuePositions(): ReadonlyMap<string, QueuePosition> | null {
    return this.#queuePositions;
  }

  setFreshness(freshness: ResourceFreshness): void {
    if (isScheduling(freshness.resource)) {
      // Summaries read only whether it is listed: a confirmation alone wakes none.
      const was = this.schedulingListed(freshness.resource);
      this.#schedulingFreshness.set(freshness.resource, freshness);
      if (this.schedulingListed(freshness.resource) !== was) {
        this.#schedulingRevision++;
        this.#emit();
      }
      return;
    }
    if (isGpuSide(freshness.resource)) {
      // GPU analysis reads these on its own refresh; a change of watch state wakes no summary.
      this.#sideFreshness.set(freshness.resource, freshness);
      return;
    }
    this.#freshness.set(freshness.resource, freshness);
    this.#emit();
  }

  /**
   * Moves on every change of one GPU side kind (ResourceSlice, PodDisruptionBudget, Namespace, …):
   * what is computed from them is cached under it.
   */
  sideRevision(kind: RecordKind): number {
    return this.#sideRevisions.get(kind) ?? 0;
  }

  /** Freshness of one GPU side watch (DRA, PDBs, namespaces, ClusterPolicy); undefined when not watched. */
  sideFreshness(resource: GpuSideResource): ResourceFreshness | undefined {
    return this.#sideFreshness.get(resource);
  }

  /**
   * Whether the cluster serves a GPU side resource: true once it was listed, false while the server
   * answers 404 for it (API group or CRD absent), null when not known (not watched, connecting, forbidden).
   */
  serves(resource: GpuSideResource): boolean | null {
    const f = this.#sideFreshness.get(resource);
    if (f === undefined) return null;
    if (f.notServed === true) return false;
    return f.lastSyncAt !== null && f.state !== 'FORBIDDEN' ? true : null;
  }

  freshness(): ResourceFreshness[] {
    return [...this.#freshness.values()].sort((a, b) => a.resource.localeCompare(b.resource));
  }

  /** Latest signals from the metrics source (Prometheus or the simulator). */
  setMetrics(signals: SignalSet): void {
    this.#metrics = signals;
    this.#metricsConfigured = true;
    this.#emit();
  }

  /** Latest synthetic-probe results. */
  setProbes(signals: SignalSet): void {
    this.#probes = signals;
    this.#emit();
  }

  /** Marks that a metrics source exists for this cluster, before its first collection. */
  expectMetrics(): void {
    this.#metricsConfigured = true;
  }

  /**
   * Metrics and probes merged into one set for diagnostics; null when there is neither a metrics
   * source nor a probe result (control-plane paths are then UNKNOWN: "no metrics source").
   */
  signals(): SignalSet | null {
    if (!this.#metrics && !this.#probes) {
      return this.#metricsConfigured
        ? { cluster: this.name, signals: {}, observable: { etcd: true, scheduler: true, controllers: true } }
        : null;
    }
    const metrics = this.#metrics;
    return {
      cluster: this.name,
      signals: { ...(metrics?.signals ?? {}), ...(this.#probes?.signals ?? {}) },
      // Without metrics nothing is known to be unobservable: missing signals then read UNKNOWN,
      // not "not observable here".
      observable: metrics?.observable ?? { etcd: true, scheduler: true, controllers: true },
    };
  }

  /** Called when anything a summary reads changes: tallied objects, freshness, signals. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

const SIDE_KINDS: ReadonlySet<RecordKind> = new Set(GPU_SIDE_RESOURCES.map((r) => RESOURCE_KIND[r]));

const SCHEDULING_KINDS: ReadonlySet<RecordKind> = new Set(SCHEDULING_RESOURCES.map((r) => RESOURCE_KIND[r]));

function isScheduling(resource: WatchedResource): resource is SchedulingResource {
  return (SCHEDULING_RESOURCES as readonly string[]).includes(resource);
}

function isGpuSide(resource: WatchedResource): resource is GpuSideResource {
  return (GPU_SIDE_RESOURCES as readonly string[]).includes(resource);
}

/** The clusters this process watches, in a stable order (by name) for walls and APIs. */
export class FleetState {
  readonly #clusters = new Map<string, ClusterState>();
  readonly #listeners = new Set<(cluster: string) => void>();
  readonly #options: ClusterStateOptions;
  /** Clusters another replica watches (sharded mode); empty in the single-process default. */
  readonly #elsewhere = new Set<string>();

  constructor(options: ClusterStateOptions = {}) {
    this.#options = options;
  }

  add(name: string): ClusterState {
    const existing = this.#clusters.get(name);
    if (existing) return existing;
    const state = new ClusterState(name, this.#options);
    state.onChange(() => {
      if (this.#clusters.get(name) !== state) return; // replaced by reset()
      for (const listener of this.#listeners) listener(name);
    });
    this.#clusters.set(name, state);
    return state;
  }

  /** Drops what was kept for a cluster (its watches stopped) and starts it empty. */
  reset(name: string): ClusterState {
    this.#clusters.delete(name);
    const state = this.add(name);
    for (const listener of this.#listeners) listener(name);
    return state;
  }

  /** Whether this process watches the cluster itself (always, unless sharded and another replica does). */
  owns(name: string): boolean {
    return !this.#elsewhere.has(name);
  }

  /** Sharded mode: the cluster is watched here (true) or by another replica (false). */
  setOwned(name: string, owned: boolean): void {
    if (owned) this.#elsewhere.delete(name);
    else this.#elsewhere.add(name);
  }

  get(name: string): ClusterState | undefined {
    return this.#clusters.get(name);
  }

  list(): ClusterState[] {
    return [...this.#clusters.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Called with the cluster's name whenever its objects, freshness or signals change. */
  onChange(listener: (cluster: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
