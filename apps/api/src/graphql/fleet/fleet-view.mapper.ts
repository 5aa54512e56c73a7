import { type ClusterHealth, freshnessIsStale, lastHeardAt } from '@fleetscope/diagnostics';
import type { FleetSnapshot } from '../../analysis/fleet-snapshots.ts';
import { toDate, toPlaneHealth } from '../common/verdict.mapper.ts';
import { toControlPlaneView } from '../control-plane/control-plane.mapper.ts';
import type { Cluster, Fleet } from './models/cluster.model.ts';

/** One cluster's GraphQL view, as of `now` (the snapshot that last changed it). */
export function toClusterView(c: ClusterHealth, now: number, staleAfterMs: number): Cluster {
  return {
    name: c.name,
    controlPlane: toControlPlaneView(c),
    dataPlane: toPlaneHealth(c.dataPlane),
    nodes: c.nodes,
    pods: c.pods,
    gpus: c.gpus,
    workloads: c.workloads,
    freshness: c.freshness.map((f) => ({
      ...f,
      lastEventAt: toDate(f.lastEventAt),
      confirmedAt: toDate(f.confirmedAt),
      lastSyncAt: toDate(f.lastSyncAt),
      lastErrorAt: toDate(f.lastErrorAt),
      stale: freshnessIsStale(f, now, staleAfterMs),
      lagSeconds: lag(lastHeardAt(f), now),
    })),
    dataAsOf: toDate(c.dataAsOf),
    stale: c.stale,
    generatedAt: new Date(now),
    staleAfterSeconds: Math.round(staleAfterMs / 1000),
    source: c,
  };
}

function lag(confirmedAt: number | null, now: number): number | null {
  return confirmedAt === null ? null : Math.max(0, (now - confirmedAt) / 1000);
}

/** The GraphQL view of a snapshot: epoch-ms become Dates, freshness gains stale/lag as of the snapshot. */
export function toFleetView(s: FleetSnapshot, staleAfterMs: number): Fleet {
  return {
    clusters: s.clusters.map((c) => toClusterView(c, s.generatedAt, staleAfterMs)),
    controlPlane: toPlaneHealth(s.controlPlane),
    dataPlane: toPlaneHealth(s.dataPlane),
    gpus: s.gpus,
    generatedAt: new Date(s.generatedAt),
    staleAfterSeconds: Math.round(staleAfterMs / 1000),
    version: s.version,
    sources: s.clusters,
    scopeSources: s.scopeFindings,
  };
}
