import type { ClusterHealth } from '@fleetscope/diagnostics';
import type { Clock } from '@fleetscope/types';
import { FleetSnapshots, type RemoteClusters } from '../analysis/fleet-snapshots.ts';
import type { KubernetesSource } from '../sources/kubernetes/kubernetes.source.ts';
import type { FleetState } from '../stores/cluster-state.ts';
import type { JsonLogger } from '../telemetry/json-logger.ts';
import type { ClusterBroker, PublishedCluster } from './cluster-broker.ts';
import { type LeaseApi, LeaseConflict, leaseName } from './lease-api.ts';
import type { ShardConfig } from './shard-config.ts';
import { isHeld, type LeaseView, planShards } from './shard-plan.ts';

/**
 * Clusters sharded over replicas. Every round (a third of the lease duration) it renews this
 * replica's membership lease, counts live replicas, and carries out the shard plan: renew the
 * cluster leases it holds, take free ones up to its fair share, release the rest. A cluster it
 * takes is watched from then on; one it loses is dropped. Then it publishes its clusters' summaries
 * to the broker and reads the others'. A published summary is believed only while its publisher
 * still holds the cluster's lease, so a cluster that moved reads UNKNOWN — never the last HEALTHY of
 * a dead owner — until its new owner has watched it and published.
 */
export class ShardCoordinator implements RemoteClusters {
  readonly #owned = new Set<string>();
  readonly #remote = new Map<string, PublishedCluster>();
  /** Whether each remote cluster had a believable summary at the last look (a change re-judges it). */
  readonly #believed = new Map<string, boolean>();
  readonly #expiries = new Map<string, NodeJS.Timeout>();
  #leases = new Map<string, LeaseView>();
  #replicaLease: LeaseView | null = null;
  #timer: NodeJS.Timeout | null = null;
  #round: Promise<void> = Promise.resolve();
  #stopped = false;
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly config: ShardConfig,
    private readonly clusters: readonly string[],
    private readonly leases: LeaseApi,
    private readonly broker: ClusterBroker,
    private readonly source: KubernetesSource,
    private readonly fleet: FleetState,
    private readonly snapshots: FleetSnapshots,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  start(): void {
    for (const cluster of this.clusters) this.fleet.setOwned(cluster, false);
    this.snapshots.setRemote(this);
    this.#unsubscribe = this.broker.onAnnounce((cluster) => {
      if (!this.#owned.has(cluster)) this.#round = this.#round.then(() => this.#readRemote([cluster]));
    });
    this.broker.start();
    const tick = (): void => {
      this.#round = this.#round
        .then(() => this.round())
        .catch((error: unknown) => {
          this.logger.warn('shard round failed', { error: (error as Error).message });
        });
      if (!this.#stopped) this.#timer = setTimeout(tick, Math.max(500, this.config.leaseDurationMs / 3));
    };
    tick();
  }

  /** Stops the rounds and lets go of every lease, so others take the clusters at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const timer of this.#expiries.values()) clearTimeout(timer);
    this.#unsubscribe?.();
    await this.#round.catch(() => {});
    const now = this.clock.now();
    await Promise.all(
      [...this.#owned].map((cluster) =>
        this.#write(cluster, '', 1_000, now).catch(() => {
          // Unreachable: the lease expires by itself.
        }),
      ),
    );
    await this.broker.stop();
  }

  /** The clusters this replica watches now. */
  owned(): string[] {
    return [...this.#owned].sort();
  }

  health(name: string, now: number): ClusterHealth | null {
    const entry = this.#remote.get(name);
    const lease = this.#leases.get(name);
    if (entry === undefined || lease === undefined) return null;
    if (!isHeld(lease, now) || lease.holder !== entry.owner) return null;
    if (now - entry.publishedAt > this.config.leaseDurationMs) return null;
    // Believed until the lease lapses or the entry ages out, whichever comes first: re-judge the
    // cluster at that moment, not at the next round, so a dead owner's summary is never served late.
    const until = Math.min(
      lease.renewedAt + lease.durationMs,
      entry.publishedAt + this.config.leaseDurationMs,
    );
    this.#expireAt(name, until - now);
    return entry.health;
  }

  #expireAt(cluster: string, inMs: number): void {
    clearTimeout(this.#expiries.get(cluster));
    const timer = setTimeout(() => {
      this.#expiries.delete(cluster);
      this.snapshots.invalidate(cluster);
    }, Math.max(0, inMs) + 1);
    timer.unref();
    this.#expiries.set(cluster, timer);
  }

  /** One round: membership, the shard plan, publishing and reading summaries. */
  async round(): Promise<void> {
    if (this.#stopped) return;
    const now = this.clock.now();
    let listed: LeaseView[];
    try {
      listed = await this.leases.list();
    } catch (error) {
      this.logger.warn('shard leases unreadable', { error: (error as Error).message });
      await this.#dropExpired(now);
      await this.#publishAndRead();
      return;
    }
    this.#leases = new Map(listed.filter((l) => l.cluster !== null).map((l) => [l.cluster as string, l]));
    const replicaName = leaseName('replica', this.config.identity);
    const previousReplica = listed.find((l) => l.name === replicaName) ?? this.#replicaLease;
    try {
      this.#replicaLease = await this.leases.write({
        name: replicaName,
        role: 'replica',
        cluster: null,
        holder: this.config.identity,
        durationMs: this.config.leaseDurationMs,
        now,
        previous: previousReplica,
      });
    } catch (error) {
      this.logger.warn('shard membership lease not renewed', { error: (error as Error).message });
    }
    const replicas =
      listed.filter((l) => l.cluster === null && l.name !== replicaName && isHeld(l, now)).length + 1;
    const plan = planShards({
      clusters: this.clusters,
      leases: listed,
      liveReplicas: replicas,
      self: this.config.identity,
      now,
    });
    for (const cluster of plan.release) {
      await this.#lose(cluster, 'released beyond the fair share');
      await this.#write(cluster, '', 1_000, now).catch(() => {});
    }
    for (const cluster of [...plan.renew, ...plan.acquire]) {
      try {
        await this.#write(cluster, this.config.identity, this.config.leaseDurationMs, now);
        if (!this.#owned.has(cluster)) this.#take(cluster);
      } catch (error) {
        // Lost the race (409), or could not renew in time: no longer ours. A transient error on a
        // lease still valid is retried next round.
        const lease = this.#leases.get(cluster);
        const expired = lease === undefined || !isHeld(lease, this.clock.now());
        if (this.#owned.has(cluster) && (error instanceof LeaseConflict || expired))
          await this.#lose(cluster, (error as Error).message || 'lease conflict');
      }
    }
    // Held here before, and neither renewed nor taken this round: another replica holds it now.
    for (const cluster of [...this.#owned]) {
      if (!plan.renew.includes(cluster) && !plan.acquire.includes(cluster))
        await this.#lose(cluster, 'held by another replica');
    }
    await this.#publishAndRead();
  }

  async #write(cluster: string, holder: string, durationMs: number, now: number): Promise<void> {
    const written = await this.leases.write({
      name: leaseName('cluster', cluster),
      role: 'cluster',
      cluster,
      holder,
      durationMs,
      now,
      previous: this.#leases.get(cluster) ?? null,
    });
    this.#leases.set(cluster, written);
  }

  #take(cluster: string): void {
    this.#owned.add(cluster);
    this.#remote.delete(cluster);
    this.fleet.setOwned(cluster, true);
    this.source.startCluster(cluster);
    this.snapshots.invalidate(cluster);
    this.logger.info('shard taken', { cluster, identity: this.config.identity });
  }

  async #lose(cluster: string, why: string): Promise<void> {
    if (!this.#owned.delete(cluster)) return;
    this.fleet.setOwned(cluster, false);
    await this.source.stopCluster(cluster);
    this.snapshots.invalidate(cluster);
    this.logger.info('shard lost', { cluster, why, identity: this.config.identity });
  }

  /** Leases unreadable: what we hold but could not renew in time is no longer ours. */
  async #dropExpired(now: number): Promise<void> {
    for (const cluster of [...this.#owned]) {
      const lease = this.#leases.get(cluster);
      if (lease === undefined || !isHeld(lease, now))
        await this.#lose(cluster, 'lease expired while unreadable');
    }
  }

  async #publishAndRead(): Promise<void> {
    const now = this.clock.now();
    const snapshot = this.snapshots.current();
    for (const health of snapshot.clusters) {
      if (!this.#owned.has(health.name)) continue;
      await this.broker.publish(health.name, { owner: this.config.identity, publishedAt: now, health });
    }
    await this.#readRemote(this.clusters.filter((c) => !this.#owned.has(c)));
    // A summary stops being believable without any message: its owner's lease lapsed or moved, or it
    // aged past the lease. Re-judge those clusters now rather than at the next periodic recompute.
    for (const cluster of this.clusters) {
      if (this.#owned.has(cluster)) continue;
      const believed = this.health(cluster, now) !== null;
      if (this.#believed.get(cluster) !== believed) this.snapshots.invalidate(cluster);
      this.#believed.set(cluster, believed);
    }
  }

  async #readRemote(clusters: readonly string[]): Promise<void> {
    const entries = await this.broker.read(clusters);
    if (entries === null) {
      // Broker down: what we have ages out by its publish time (health() checks it) — re-judge now.
      for (const cluster of clusters) this.snapshots.invalidate(cluster);
      return;
    }
    for (const [cluster, entry] of entries) {
      if (this.#owned.has(cluster)) continue;
      const before = this.#remote.get(cluster);
      if (entry === null) this.#remote.delete(cluster);
      else this.#remote.set(cluster, entry);
      if (before?.publishedAt !== entry?.publishedAt) this.snapshots.invalidate(cluster);
    }
  }
}
