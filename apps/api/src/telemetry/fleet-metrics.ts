import { lastHeardAt } from '@fleetscope/diagnostics';
import { HEALTH_STATUSES } from '@fleetscope/types';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { FleetSnapshot } from '../analysis/fleet-snapshots.ts';
import { overloadedProbeCount } from '../sources/probes/api-probes.ts';

/**
 * Fleetscope's own /metrics: its health and the fleet verdicts it derived, for Prometheus and
 * alerting. Values are read from the latest snapshot at scrape time (nothing is computed here).
 */
export function createFleetMetrics(snapshot: () => FleetSnapshot, staleAfterMs: number): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fleetscope_process_' });

  new Counter({
    name: 'fleetscope_probes_inconclusive_overloaded_total',
    help: 'Probes left without a verdict because Fleetscope itself was overloaded (its event loop ran late by more than half the probe).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(overloadedProbeCount());
    },
  });

  new Gauge({
    name: 'fleetscope_plane_status',
    help: 'Verdict per cluster and plane: 1 for the current status, 0 for the others.',
    labelNames: ['cluster', 'plane', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        for (const [plane, verdict] of [
          ['control', c.controlPlane],
          ['data', c.dataPlane],
        ] as const) {
          for (const status of HEALTH_STATUSES) {
            this.set({ cluster: c.name, plane, status }, verdict.status === status ? 1 : 0);
          }
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_control_plane_part_status',
    help: 'Control-plane verdict per part (read, write, admission, watch, etcd, scheduler, controllers).',
    labelNames: ['cluster', 'part', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        const d = c.controlPlaneDetail;
        const parts = { ...d.paths, etcd: d.etcd, scheduler: d.scheduler, controllers: d.controllers };
        for (const [part, verdict] of Object.entries(parts)) {
          for (const status of HEALTH_STATUSES) {
            this.set({ cluster: c.name, part, status }, verdict.status === status ? 1 : 0);
          }
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_watch_lag_seconds',
    help: 'Seconds since the API server last confirmed a watched resource current (event, bookmark, list, or a stream it ended); absent before the first.',
    labelNames: ['cluster', 'resource', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      const s = snapshot();
      for (const c of s.clusters) {
        for (const f of c.freshness) {
          const confirmed = lastHeardAt(f);
          if (confirmed === null) continue;
          this.set(
            { cluster: c.name, resource: f.resource, state: f.state },
            Math.max(0, (s.generatedAt - confirmed) / 1000),
          );
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_watch_stale',
    help: `1 when a watched resource is not synced, known to be behind, or not confirmed by the API server for longer than ${staleAfterMs / 1000} s.`,
    labelNames: ['cluster'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) this.set({ cluster: c.name }, c.stale ? 1 : 0);
    },
  });

  new Gauge({
    name: 'fleetscope_gpus',
    help: 'Whole nvidia.com/gpu devices per cluster: allocatable (Ready nodes), allocated, pending, unusable.',
    labelNames: ['cluster', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        for (const [kind, value] of Object.entries(c.gpus)) this.set({ cluster: c.name, kind }, value);
      }
    },
  });

  new Gauge({
    name: 'fleetscope_snapshot_version',
    help: 'Version of the latest fleet snapshot (increases on every change).',
    registers: [registry],
    collect() {
      this.set(snapshot().version);
    },
  });
  return registry;
}
