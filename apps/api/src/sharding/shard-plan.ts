/** One coordination.k8s.io/v1 Lease as the shard coordinator reads it. */
export interface LeaseView {
  /** Lease object name. */
  name: string;
  /** The cluster it grants (cluster leases) or null (replica membership leases). */
  cluster: string | null;
  holder: string;
  renewedAt: number;
  durationMs: number;
  resourceVersion: string;
}

/** Held: a holder that renewed within its duration. A released lease has holder "". */
export function isHeld(lease: LeaseView, now: number): boolean {
  return lease.holder !== '' && now < lease.renewedAt + lease.durationMs;
}

export interface ShardPlan {
  /** Clusters this replica holds and keeps: renew their leases. */
  renew: string[];
  /** Free clusters (no lease, released or expired) to take, up to the fair share. */
  acquire: string[];
  /** Clusters held beyond the fair share (a replica joined): let go so another can take them. */
  release: string[];
  /** ceil(clusters / live replicas). */
  share: number;
}

/** A small stable hash so replicas start looking for free clusters at different places. */
function spread(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * What one replica should do with the cluster leases this round, from the leases it just listed.
 * Each replica aims at the fair share ceil(clusters / live replicas): it renews what it holds,
 * takes free clusters up to the share (starting at a place of its own so replicas rarely race for
 * the same lease — a race is settled by the API server's optimistic concurrency anyway), and
 * releases what it holds beyond the share. Pure: the coordinator carries it out.
 */
export function planShards(input: {
  clusters: readonly string[];
  leases: readonly LeaseView[];
  liveReplicas: number;
  self: string;
  now: number;
}): ShardPlan {
  const { clusters, self, now } = input;
  const byCluster = new Map(input.leases.filter((l) => l.cluster !== null).map((l) => [l.cluster, l]));
  const share = Math.ceil(clusters.length / Math.max(1, input.liveReplicas));
  const mine = clusters.filter((c) => {
    const lease = byCluster.get(c);
    return lease !== undefined && lease.holder === self && isHeld(lease, now);
  });
  const free = clusters.filter((c) => {
    const lease = byCluster.get(c);
    return lease === undefined || !isHeld(lease, now);
  });
  const start = free.length === 0 ? 0 : spread(self) % free.length;
  const rotated = [...free.slice(start), ...free.slice(0, start)];
  const keep = mine.slice(0, share);
  return {
    renew: keep,
    acquire: rotated.slice(0, Math.max(0, share - keep.length)),
    release: mine.slice(share),
    share,
  };
}
