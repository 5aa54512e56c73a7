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

describe('the GPU Operator and DRA, watched live', () => {
  it('the broken driver leaves the ClusterPolicy notReady on prod-us-east (a finding); prod-eu-west is ready', {
    timeout: 60_000,
  }, async () => {
    interface Operator {
      st: string;
      policy: string | null;
      policyState: string;
      summary: string;
      conditions: { type: string; status: string; reason: string }[];
    }
    await eventually(async () => {
      const { data, errors } = await h.gql<{
        east: { gpuOperator: Operator; findings: Found[] };
        west: { gpuOperator: Operator };
      }>(
        `{ east: cluster(name: "prod-us-east") { gpuOperator { st: state policy policyState summary conditions { type status reason } }
             findings(first: 300) { rule scope plane cluster title detail attributes { key value } } }
           west: cluster(name: "prod-eu-west") { gpuOperator { st: state policy policyState summary conditions { type status reason } } } }`,
      );
      expect(errors).toBeUndefined();
      expect(data?.east.gpuOperator).toMatchObject({
        st: 'NOT_READY',
        policy: 'cluster-policy',
        policyState: 'notReady',
      });
      expect(data?.east.gpuOperator.conditions).toContainEqual({
        type: 'Ready',
        status: 'False',
        reason: 'OperandNotReady',
      });
      expect(data?.east.gpuOperator.summary).toMatch(/state-operator-validation/);
      expect(data?.west.gpuOperator).toMatchObject({ st: 'READY', policyState: 'ready' });
      const finding = data?.east.findings.find((f) => f.rule === 'gpu-operator.not-ready');
      expect(finding).toMatchObject({ scope: 'CLUSTER', plane: 'DATA', cluster: 'prod-us-east' });
      expect(finding?.title).toMatch(/^GPU Operator not ready: ClusterPolicy cluster-policy notReady/);
    }, 40_000);
  });

  it('DRA is NOT_APPLICABLE where resource.k8s.io/v1 is not served (the API server answers 404)', {
    timeout: 60_000,
  }, async () => {
    await eventually(async () => {
      const { data, errors } = await h.gql<{
        cluster: { gpuDra: { st: string; reason: string; devices: number | null; pools: unknown[] } };
      }>('{ cluster(name: "prod-us-east") { gpuDra { st: state reason devices pools { pool } } } }');
      expect(errors).toBeUndefined();
      expect(data?.cluster.gpuDra).toEqual({
        st: 'NOT_APPLICABLE',
        reason: 'resource.k8s.io/v1 is not served by this cluster',
        devices: null,
        pools: [],
      });
    }, 40_000);
  });
});
