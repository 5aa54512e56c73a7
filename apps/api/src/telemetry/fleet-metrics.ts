import { type ClusterGpuUsage, type ClusterHealth, GPU_RESOURCE, lastHeardAt } from '@fleetscope/diagnostics';
import { HEALTH_STATUSES } from '@fleetscope/types';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { FleetSnapshot } from '../analysis/fleet-snapshots.ts';
import { PushMetrics } from '../graphql/push/push-metrics.ts';
import { overloadedProbeCount } from '../sources/probes/api-probes.ts';

const GPU_KINDS = ['allocatable', 'allocated', 'pending', 'unusable'] as const;

/**
 * Fleetscope's own /metrics: its health and the fleet verdicts it derived, for Prometheus and
 * alerting. Values are read from the latest snapshot at scrape time (nothing is computed here).
 */
export function createFleetMetrics(
  snapshot: () => FleetSnapshot,
  staleAfterMs: number,
  pushes: PushMetrics = new PushMetrics(),
  /** A cluster's GPU allocation against DCGM-measured use (cached per summary and DCGM read). */
  gpuUsage: ((cluster: ClusterHealth) => ClusterGpuUsage) | null = null,
  /**
   * Which clusters this process exports (sharded: the ones it owns, so each cluster's series come
   * from exactly one replica and sums over replicas count it once); all when absent.
   */
  exports: ((cluster: string) => boolean) | null = null,
): Registry {
  const registry = new Registry();
  const all = snapshot;
  snapshot =
    exports === null
      ? all
      : () => {
          const s = all();
          return { ...s, clusters: s.clusters.filter((c) => exports(c.name)) };
        };
  // prom-client's default names already start with process_ or nodejs_: the prefix is only ours.
  collectDefaultMetrics({ register: registry, prefix: 'fleetscope_' });

  new Counter({
    name: 'fleetscope_probes_inconclusive_overloaded_total',
    help: 'Probes left without a verdict because Fleetscope itself was overloaded (its event loop ran more than 100 ms late while the probe ran).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(overloadedProbeCount());
    },
  });

  // Subscriptions cost per version, not per subscriber: executions and serializations stay at one per
  // operation and version however many subscribers share it; pushes count every message sent.
  for (const [name, counter, help] of [
    [
      'fleetscope_subscription_executions_total',
      pushes.executions,
      'Subscription payloads executed, by subscription field: one per operation (document and variables) and version, shared by its subscribers.',
    ],
    [
      'fleetscope_subscription_serializations_total',
      pushes.serializations,
      'Subscription payloads serialized to JSON, by subscription field: one per operation and version, shared by its subscribers.',
    ],
    [
      'fleetscope_subscription_pushes_total',
      pushes.pushes,
      'Subscription messages sent, by subscription field: one per subscriber and message.',
    ],
  ] as const) {
    new Counter({
      name,
      help,
      labelNames: ['subscription'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [subscription, n] of counter) this.inc({ subscription }, n);
      },
    });
  }

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
    help: 'Whole nvidia.com/gpu devices per cluster: allocatable (Ready nodes), allocated, pending, unusable; absent while unknown.',
    labelNames: ['cluster', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        // Unknown totals are absent, never 0.
        if (c.gpus === null) continue;
        for (const kind of GPU_KINDS) this.set({ cluster: c.name, kind }, c.gpus[kind]);
      }
    },
  });

  new Gauge({
    name: 'fleetscope_gpu_resources',
    help: 'Each GPU-like extended resource per cluster (nvidia.com/gpu, every nvidia.com/mig-* profile, nvidia.com/gpu.shared), never summed together: allocatable (Ready nodes), allocated, pending, unusable.',
    labelNames: ['cluster', 'resource', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        if (c.gpus === null) continue;
        for (const r of c.gpus.byResource) {
          for (const kind of GPU_KINDS) this.set({ cluster: c.name, resource: r.resource, kind }, r[kind]);
        }
      }
    },
  });

  registerGpuPoolMetrics(registry, snapshot, gpuUsage);

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

/**
 * GPU pools for alerting: free capacity and fragmentation per pool and resource, nodes not usable
 * yet, and — per namespace — allocation (the allocation history's fallback when kube-state-metrics is
 * absent) and idle-allocated devices (only where DCGM usage is known: absent, never 0, otherwise).
 */
function registerGpuPoolMetrics(
  registry: Registry,
  snapshot: () => FleetSnapshot,
  gpuUsage: ((cluster: ClusterHealth) => ClusterGpuUsage) | null,
): void {
  new Gauge({
    name: 'fleetscope_gpu_pool_free',
    help: 'Free units per GPU pool and resource over its usable nodes (allocatable minus requests of non-terminal pods).',
    labelNames: ['cluster', 'pool', 'resource'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        for (const pool of c.gpuPools ?? []) {
          for (const r of pool.resources)
            this.set({ cluster: c.name, pool: pool.pool, resource: r.resource }, r.free);
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_gpu_pool_fragmentation_ratio',
    help: 'Frag_k per GPU pool and resource: the share of free units on nodes with fewer than k free, which a k-unit single-node request cannot use (0 when nothing is free).',
    labelNames: ['cluster', 'pool', 'resource', 'k'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        for (const pool of c.gpuPools ?? []) {
          for (const r of pool.resources) {
            for (const size of r.fragmentation.bySize) {
              this.set(
                { cluster: c.name, pool: pool.pool, resource: r.resource, k: String(size.size) },
                size.share,
              );
            }
          }
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_gpu_not_usable',
    help: 'GPU nodes present but not usable yet (no GPU allocatable, operator validation or MIG config pending, node not initialized), per pool and reason.',
    labelNames: ['cluster', 'pool', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) {
        for (const pool of c.gpuPools ?? []) {
          const byReason = new Map<string, number>();
          for (const n of pool.notUsableYet) byReason.set(n.reason, (byReason.get(n.reason) ?? 0) + 1);
          for (const [reason, n] of byReason) this.set({ cluster: c.name, pool: pool.pool, reason }, n);
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_gpu_allocated',
    help: 'Whole GPUs (nvidia.com/gpu) requested by non-terminal pods bound to nodes, per cluster, pool, namespace and team (the namespace when no team is known).',
    labelNames: ['cluster', 'pool', 'namespace', 'team'],
    registers: [registry],
    collect() {
      this.reset();
      if (gpuUsage === null) return;
      for (const c of snapshot().clusters) {
        if (c.pods === null) continue;
        for (const n of gpuUsage(c).byNamespace) {
          if (n.resource !== GPU_RESOURCE || n.allocated === 0) continue;
          this.set({ cluster: c.name, pool: n.pool, namespace: n.namespace, team: n.team }, n.allocated);
        }
      }
    },
  });

  new Gauge({
    name: 'fleetscope_gpu_idle_allocated',
    help: 'Allocated GPU units (GPUs, MIG instances, time-sliced replicas) on devices whose engine is idle per DCGM, per cluster, pool and namespace; absent where DCGM usage is unknown.',
    labelNames: ['cluster', 'pool', 'namespace'],
    registers: [registry],
    collect() {
      this.reset();
      if (gpuUsage === null) return;
      for (const c of snapshot().clusters) {
        const usage = gpuUsage(c);
        if (!usage.usageKnown) continue;
        const byKey = new Map<string, { pool: string; namespace: string; n: number }>();
        for (const n of usage.byNamespace) {
          const key = `${n.pool}\u0000${n.namespace}`;
          const acc = byKey.get(key) ?? { pool: n.pool, namespace: n.namespace, n: 0 };
          acc.n += n.idleAllocated ?? 0;
          byKey.set(key, acc);
        }
        for (const a of byKey.values())
          this.set({ cluster: c.name, pool: a.pool, namespace: a.namespace }, a.n);
      }
    },
  });
}
