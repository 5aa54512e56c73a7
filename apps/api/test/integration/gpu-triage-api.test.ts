import { BROKEN_DRIVER } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The gpu-triage scenario (libs/fleet-sim/src/scenarios/gpu-triage.ts) with the admission webhook of
// prod-us-east timing out: four problems at four scopes at once, through the watch path and GraphQL.
let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    [],
    { 'prod-us-east': 'admission-webhook-timeout' },
    { scenario: 'gpu-triage', size: 'demo' },
  );
}, 60_000);
afterAll(() => h.close());

interface Found {
  rule: string;
  scope: string;
  plane: string;
  cluster: string;
  title: string;
  detail: string;
  attributes: { key: string; value: string }[];
}
const attr = (f: Found | undefined, key: string) => f?.attributes.find((a) => a.key === key)?.value;

describe('scope triage of GPU, control-plane and pod problems at once', () => {
  let scoped: Found[] = [];
  beforeAll(async () => {
    // Pools are refreshed on the periodic tick, control-plane signals on theirs: wait for all four.
    await eventually(async () => {
      const { data, errors } = await h.gql<{ fleet: { findings: Found[] } }>(
        '{ fleet { findings(minSeverity: WARNING, first: 200) { rule scope plane cluster title detail attributes { key value } } } }',
      );
      expect(errors).toBeUndefined();
      scoped = (data?.fleet.findings ?? []).filter((f) => f.rule.startsWith('scope.'));
      expect(scoped.map((f) => `${f.scope} ${f.cluster}`).sort()).toEqual([
        'CLUSTER prod-us-east',
        'NODE prod-eu-west',
        'POD prod-us-east',
        'POOL prod-us-east',
      ]);
    }, 40_000);
  }, 45_000);

  it('the webhook timing out is a CLUSTER problem on the operations path only', () => {
    const cluster = scoped.find((f) => f.scope === 'CLUSTER');
    expect(cluster?.plane).toBe('CONTROL');
    expect(attr(cluster, 'impairs')).toBe('operations');
    expect(cluster?.title).toMatch(/^CLUSTER prod-us-east: .*policy\.example\.com/);
    expect(cluster?.detail).toMatch(/Operations path only: .* existing pods keep serving\.$/);
  });

  it('the pool broken by its new driver says so, on the user path', () => {
    const pool = scoped.find((f) => f.scope === 'POOL');
    expect(pool?.title).toMatch(/^POOL h100-sxm \(cluster prod-us-east\): 3 of \d+ nodes affected/);
    expect(pool?.title).toContain(`driver ${BROKEN_DRIVER}`);
    expect(attr(pool, 'impairs')).toBe('user');
  });

  it('the GPU off the bus is one node, the crashing pod one workload', () => {
    expect(scoped.find((f) => f.scope === 'NODE')?.title).toMatch(/1 of 8 GPUs unhealthy/);
    expect(scoped.find((f) => f.scope === 'POD')?.title).toMatch(/^POD Deployment\/inference\/reranker/);
  });

  it('the pool view counts the broken nodes as not usable, with the validator step, never as zero capacity', async () => {
    const { data } = await h.gql<{
      cluster: {
        gpuPools: {
          pool: string;
          nodes: { total: number; usable: number };
          notUsableYet: { node: string; reason: string }[];
        }[];
      };
    }>(
      '{ cluster(name: "prod-us-east") { gpuPools { pool nodes { total usable } notUsableYet { node reason } } } }',
    );
    const pool = data?.cluster.gpuPools.find((p) => p.pool === 'h100-sxm');
    expect(pool?.nodes.total).toBe(9);
    expect(pool?.nodes.usable).toBe(6);
    expect(pool?.notUsableYet.map((n) => n.reason)).toEqual(
      Array(3).fill('GPU Operator validation not done (driver-validation CrashLoopBackOff)'),
    );
  });
});
