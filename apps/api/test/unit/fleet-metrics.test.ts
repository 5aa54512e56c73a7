import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClusterHealth } from '@fleetscope/diagnostics';
import { describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../../src/analysis/fleet-snapshots.ts';
import { registerAuthMetrics } from '../../src/auth/auth-metrics.ts';
import type { Authenticator } from '../../src/auth/authenticator.ts';
import { RbacStats } from '../../src/auth/kubernetes-rbac.ts';
import { registerAnswerCacheMetrics } from '../../src/telemetry/answer-cache-metrics.ts';
import { createFleetMetrics } from '../../src/telemetry/fleet-metrics.ts';

const OPERATIONS = fileURLToPath(new URL('../../../../docs/OPERATIONS.md', import.meta.url));

async function metricNames(): Promise<string[]> {
  const empty = { clusters: [], version: 3, generatedAt: 0 } as unknown as FleetSnapshot;
  const registry = createFleetMetrics(() => empty, 120_000);
  // Kubernetes RBAC mode's review counters, registered only in that mode.
  registerAuthMetrics(registry, { rbacStats: new RbacStats() } as Authenticator);
  // The answer cache's, registered by the server when the cache is on (the default).
  registerAnswerCacheMetrics(registry, {
    hits: 0,
    misses: 0,
    bypasses: 0,
    stores: 0,
    evictions: () => 0,
    bytes: () => 0,
    entries: () => 0,
  });
  const text = await registry.metrics();
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] ?? '');
}

describe('/metrics names', () => {
  it('prefixes process and runtime metrics once: fleetscope_process_*, never fleetscope_process_process_*', async () => {
    const names = await metricNames();
    expect(names.every((n) => n.startsWith('fleetscope_'))).toBe(true);
    expect(names.filter((n) => n.startsWith('fleetscope_process_process_'))).toEqual([]);
    expect(names).toContain('fleetscope_process_cpu_user_seconds_total');
    expect(names).toContain('fleetscope_process_resident_memory_bytes');
    expect(names).toContain('fleetscope_nodejs_heap_size_used_bytes');
  });

  it('exports every name docs/OPERATIONS.md documents', async () => {
    const names = await metricNames();
    const documented = [...readFileSync(OPERATIONS, 'utf8').matchAll(/`(fleetscope_[a-z_]+)(\*)?[{`]/g)];
    expect(documented.length).toBeGreaterThan(5);
    for (const [, name = '', wildcard] of documented) {
      const found = wildcard ? names.some((n) => n.startsWith(name)) : names.includes(name);
      expect(found, name).toBe(true);
    }
  });
});

describe('/metrics in sharded mode', () => {
  const unknown = { status: 'UNKNOWN' };
  const health = (name: string) =>
    ({
      name,
      stale: false,
      freshness: [],
      controlPlane: unknown,
      dataPlane: unknown,
      controlPlaneDetail: {
        paths: { read: unknown },
        etcd: unknown,
        scheduler: unknown,
        controllers: unknown,
      },
      gpus: null,
      gpuPools: [],
    }) as unknown as ClusterHealth;
  const snapshot = {
    clusters: [health('prod-a'), health('prod-b')],
    version: 7,
    generatedAt: 0,
  } as unknown as FleetSnapshot;

  it('each replica exports only the clusters it owns, so sums over replicas count a cluster once', async () => {
    const owned = createFleetMetrics(
      () => snapshot,
      120_000,
      undefined,
      null,
      (c) => c === 'prod-b',
    );
    const text = await owned.metrics();
    expect(text).toMatch(/^fleetscope_watch_stale\{cluster="prod-b"\} 0$/m);
    expect(text).not.toContain('cluster="prod-a"');
  });

  it('single-process mode exports every cluster', async () => {
    const text = await createFleetMetrics(() => snapshot, 120_000).metrics();
    expect(text).toMatch(/^fleetscope_watch_stale\{cluster="prod-a"\} 0$/m);
    expect(text).toMatch(/^fleetscope_watch_stale\{cluster="prod-b"\} 0$/m);
  });
});
