import { type ClusterHealth, freshnessIsStale, lastHeardAt } from '@fleetscope/diagnostics';
import type { Evidence as EvidenceData, Verdict } from '@fleetscope/types';
import type { FleetSnapshot } from '../analysis/fleet-snapshots.ts';
import type { Cluster, Fleet } from './models/cluster.model.ts';
import type { ComponentHealth, ControlPlaneHealth } from './models/control-plane.model.ts';
import type { Evidence, PlaneHealth } from './models/plane-health.model.ts';

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function evidence(e: EvidenceData): Evidence {
  return {
    signal: e.signal,
    value: e.value,
    threshold: e.threshold ?? null,
    window: e.window ?? null,
    source: e.source,
    observedAt: e.observedAt ? new Date(e.observedAt) : null,
  };
}

function plane(v: Verdict): PlaneHealth {
  return { status: v.status, summary: v.summary, evidence: v.evidence.map(evidence) };
}

function component(cluster: string, name: string, v: Verdict): ComponentHealth {
  return { cluster, component: name, ...plane(v) };
}

/** Status and summary are the merged verdict (metrics, probes, our own watches); the rest is the detail. */
function controlPlane(c: ClusterHealth): ControlPlaneHealth {
  const d = c.controlPlaneDetail;
  return {
    ...plane(c.controlPlane),
    impact: d.impact,
    paths: {
      read: component(c.name, 'read', d.paths.read),
      write: component(c.name, 'write', d.paths.write),
      admission: component(c.name, 'admission', d.paths.admission),
      watch: component(c.name, 'watch', d.paths.watch),
    },
    etcd: component(c.name, 'etcd', d.etcd),
    scheduler: component(c.name, 'scheduler', d.scheduler),
    controllers: component(c.name, 'controllers', d.controllers),
  };
}

/** One cluster's GraphQL view, as of `now` (the snapshot that last changed it). */
export function toClusterView(c: ClusterHealth, now: number, staleAfterMs: number): Cluster {
  return {
    name: c.name,
    controlPlane: controlPlane(c),
    dataPlane: plane(c.dataPlane),
    nodes: c.nodes,
    pods: c.pods,
    gpus: c.gpus,
    workloads: c.workloads,
    freshness: c.freshness.map((f) => ({
      ...f,
      lastEventAt: date(f.lastEventAt),
      confirmedAt: date(f.confirmedAt),
      lastSyncAt: date(f.lastSyncAt),
      lastErrorAt: date(f.lastErrorAt),
      stale: freshnessIsStale(f, now, staleAfterMs),
      lagSeconds: lag(lastHeardAt(f), now),
    })),
    dataAsOf: date(c.dataAsOf),
    stale: c.stale,
    generatedAt: new Date(now),
    staleAfterSeconds: Math.round(staleAfterMs / 1000),
  };
}

function lag(confirmedAt: number | null, now: number): number | null {
  return confirmedAt === null ? null : Math.max(0, (now - confirmedAt) / 1000);
}

/** The GraphQL view of a snapshot: epoch-ms become Dates, freshness gains stale/lag as of the snapshot. */
export function toFleetView(s: FleetSnapshot, staleAfterMs: number): Fleet {
  return {
    clusters: s.clusters.map((c) => toClusterView(c, s.generatedAt, staleAfterMs)),
    controlPlane: plane(s.controlPlane),
    dataPlane: plane(s.dataPlane),
    gpus: s.gpus,
    generatedAt: new Date(s.generatedAt),
    staleAfterSeconds: Math.round(staleAfterMs / 1000),
    version: s.version,
  };
}
