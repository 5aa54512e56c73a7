import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../../src/analysis/fleet-snapshots.ts';
import { registerAuthMetrics } from '../../src/auth/auth-metrics.ts';
import type { Authenticator } from '../../src/auth/authenticator.ts';
import { RbacStats } from '../../src/auth/kubernetes-rbac.ts';
import { createFleetMetrics } from '../../src/telemetry/fleet-metrics.ts';

const OPERATIONS = fileURLToPath(new URL('../../../../docs/OPERATIONS.md', import.meta.url));

async function metricNames(): Promise<string[]> {
  const empty = { clusters: [], version: 3, generatedAt: 0 } as unknown as FleetSnapshot;
  const registry = createFleetMetrics(() => empty, 120_000);
  // Kubernetes RBAC mode's review counters, registered only in that mode.
  registerAuthMetrics(registry, { rbacStats: new RbacStats() } as Authenticator);
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
