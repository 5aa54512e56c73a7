import { freshnessIsStale } from '@fleetscope/diagnostics';
import type { ClusterSummary, Evidence as EvidenceData, FleetSummary, Verdict } from '@fleetscope/types';
import type { Cluster, Fleet } from './models/cluster.model.ts';
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

function cluster(c: ClusterSummary, now: number, staleAfterMs: number): Cluster {
  return {
    name: c.name,
    controlPlane: plane(c.controlPlane),
    dataPlane: plane(c.dataPlane),
    nodes: c.nodes,
    pods: c.pods,
    gpus: c.gpus,
    workloads: c.workloads,
    freshness: c.freshness.map((f) => ({
      ...f,
      lastEventAt: date(f.lastEventAt),
      lastSyncAt: date(f.lastSyncAt),
      lastErrorAt: date(f.lastErrorAt),
      stale: freshnessIsStale(f, now, staleAfterMs),
      lagSeconds: f.lastEventAt === null ? null : Math.max(0, (now - f.lastEventAt) / 1000),
    })),
    dataAsOf: date(c.dataAsOf),
    stale: c.stale,
  };
}

/** The GraphQL view of a snapshot: epoch-ms become Dates, freshness gains stale/lag as of the snapshot. */
export function toFleetView(s: FleetSummary, staleAfterMs: number): Fleet {
  return {
    clusters: s.clusters.map((c) => cluster(c, s.generatedAt, staleAfterMs)),
    controlPlane: plane(s.controlPlane),
    dataPlane: plane(s.dataPlane),
    gpus: s.gpus,
    generatedAt: new Date(s.generatedAt),
    version: s.version,
  };
}
