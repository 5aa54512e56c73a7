import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createFleet, startFleetServers, GPU_POOLS_TRUTH as TRUTH } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscope, inputFolder, kubectlDump } from '../support/cli.ts';

// `fleetscope analyze` on a kubectl dump of the gpu-pools scenario: per pool F, largest placeable,
// Frag_k and E, and the blocked pods with the moves that make room; PodDisruptionBudgets from a dump.
const run = promisify(execFile);
const { dir, file } = inputFolder('fleetscope-cli-gpu-');
const fleet = createFleet({ seed: 3, size: 'small', scenario: 'gpu-pools' });
let close: () => Promise<void> = async () => {};
let dump = '';
let kubeconfig = '';

/** A PodDisruptionBudget list as `kubectl get pdb -A -o json` writes it. */
const pdbList = (allowed: number): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'tune', namespace: 'ml', uid: 'pdb-1', resourceVersion: '1' },
        spec: { minAvailable: 6, selector: { matchLabels: { app: TRUTH.sweepMove.owner } } },
        status: { disruptionsAllowed: allowed, currentHealthy: 6, desiredHealthy: 6, expectedPods: 6 },
      },
    ],
  });

beforeAll(async () => {
  kubeconfig = join(dir, 'kubeconfig');
  const servers = await startFleetServers(fleet, { kubeconfig });
  close = servers.close;
  const stdout = await kubectlDump(kubeconfig, TRUTH.cluster, 'nodes,pods,deployments');
  dump = file('dump.json', stdout);
}, 60_000);
afterAll(() => close());

interface Report {
  pools: {
    pool: string;
    notUsableYet: unknown[];
    resources: {
      resource: string;
      fragmentation: { free: number; largestPlaceable: { size: number }; expected: number };
    }[];
  }[];
  blockedPods: {
    pod: string;
    pool: string;
    request: number;
    perNodeFree: { node: string; free: number }[];
    suggestion: {
      outcome: string;
      moves: { pod: string; fromNode: string; toNode: string }[];
      blockedByPdb: { pdb: string; allowed: number | null }[];
    };
  }[];
}

describe('fleetscope analyze: GPU pools', () => {
  it('JSON: per pool the measure, and each blocked pod with per-node free and the fewest moves', {
    timeout: 90_000,
  }, async () => {
    const { code, stdout } = await fleetscope(
      'analyze',
      dump,
      '--format',
      'json',
      '--cluster',
      TRUTH.cluster,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const frag = report.pools.find((p) => p.pool === TRUTH.fragmentedPool)?.resources[0]?.fragmentation;
    const free = Object.values(TRUTH.fragmentedFree);
    expect(frag?.free).toBe(free.reduce((s, f) => s + f, 0));
    expect(frag?.largestPlaceable.size).toBe(Math.max(...free));
    expect(report.blockedPods.map((b) => [b.request, b.pool, b.suggestion.outcome])).toEqual(
      TRUTH.blocked.map((b) => [b.request, TRUTH.fragmentedPool, b.movesHelp ? 'moves' : 'no-solution']),
    );
    const sweep = report.blockedPods.find((b) => b.request === 4);
    expect(sweep?.suggestion.moves.map((m) => [m.fromNode, m.toNode])).toEqual([
      [TRUTH.sweepMove.fromNode, TRUTH.sweepMove.toNode],
    ]);
    expect(sweep?.perNodeFree.reduce((s, n) => s + n.free, 0)).toBe(frag?.free);
  });

  it('text: F, largest placeable, Frag_k and E per pool; blocked pods with the moves', {
    timeout: 90_000,
  }, async () => {
    const { code, stdout } = await fleetscope('analyze', dump, '--cluster', TRUTH.cluster);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /nvidia\.com\/gpu: F 8 over 6 nodes, largest placeable 2 on gpu-lab-h100-frag-4, Frag1 0% Frag2 50% Frag4 100% Frag8 100%, E \d+(\.\d)?% \(mix from observed requests\)/,
    );
    expect(stdout).toMatch(/GPU pods blocked by fragmentation \(2, largest first\):/);
    expect(stdout).toMatch(
      new RegExp(
        `ml/sweep-4gpu-\\S+ needs 4 nvidia\\.com/gpu on one node in ${TRUTH.fragmentedPool}; 8 free in total, per node: gpu-lab-h100-frag-4 2, gpu-lab-h100-frag-5 2, gpu-lab-h100-frag-0 1`,
      ),
    );
    expect(stdout).toMatch(
      /→ move ml\/tune-2gpu-\S+ gpu-lab-h100-frag-4 → gpu-lab-h100-frag-5; 1 pod disrupted, frees 4 on gpu-lab-h100-frag-4/,
    );
    expect(stdout).toMatch(/→ no moves: 8 free in total but no node can give its pods to the others/);
  });

  it('the stuck rollout of the blocked pod says "free room" with the move, not "fix capacity"', {
    timeout: 90_000,
  }, async () => {
    const rollouts = file(
      'rollouts.json',
      await kubectlDump(kubeconfig, TRUTH.cluster, 'replicasets,events'),
    );
    const { code, stdout } = await fleetscope(
      'analyze',
      dump,
      rollouts,
      '--format',
      'json',
      '--cluster',
      TRUTH.cluster,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: {
        rule: string;
        subjects: { name: string }[];
        attributes: Record<string, string>;
        title: string;
        nextSteps: string[];
      }[];
    };
    const stuck = (name: string) =>
      report.findings.find((f) => f.rule === 'rollout.stuck' && f.subjects[0]?.name === name);
    const sweep = stuck('sweep-4gpu');
    expect(sweep?.attributes.action).toBe('free room');
    expect(sweep?.title).toMatch(/ — free room$/);
    expect(sweep?.nextSteps[0]).toMatch(
      new RegExp(
        `^GPU fragmentation, not capacity, blocks the new pods: free room by moving 1 pod \\(ml/${TRUTH.sweepMove.owner}-\\S+ from ${TRUTH.sweepMove.fromNode} to ${TRUTH.sweepMove.toNode}\\)`,
      ),
    );
    // No move makes room for the 8-GPU pod: that one is capacity.
    expect(stuck('pretrain-8gpu')?.attributes.action).toBe('fix capacity');
  });

  it('a PodDisruptionBudget in the dumps forbids the cheapest move, and is named', {
    timeout: 90_000,
  }, async () => {
    const pdbs = file('pdb.json', pdbList(0));
    const { code, stdout } = await fleetscope(
      'analyze',
      dump,
      pdbs,
      '--format',
      'json',
      '--cluster',
      TRUTH.cluster,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report & { rejected: string[]; ignored: Record<string, number> };
    expect(report.rejected).toEqual([]);
    expect(report.ignored.PodDisruptionBudget).toBeUndefined();
    const sweep = report.blockedPods.find((b) => b.request === 4);
    expect(sweep?.suggestion.outcome).toBe('no-solution');
    expect(sweep?.suggestion.blockedByPdb).toEqual([expect.objectContaining({ pdb: 'ml/tune', allowed: 0 })]);
    // With one disruption allowed, the move is proposed again.
    const one = file('pdb-one.json', pdbList(1));
    const again = JSON.parse((await fleetscope('analyze', dump, one, '--format', 'json')).stdout) as Report;
    expect(again.blockedPods.find((b) => b.request === 4)?.suggestion.outcome).toBe('moves');
  });

  it('a malformed PodDisruptionBudget is rejected with its reason; the rest is analysed', {
    timeout: 90_000,
  }, async () => {
    const bad = file(
      'pdb-bad.json',
      JSON.stringify({
        kind: 'PodDisruptionBudget',
        apiVersion: 'policy/v1',
        metadata: { name: 'x', namespace: 'ml', uid: 'u' },
        spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } },
      }),
    );
    const { code, stdout } = await fleetscope('analyze', dump, bad, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report & { rejected: string[] };
    expect(report.rejected).toEqual([
      expect.stringMatching(/pdb-bad\.json: PodDisruptionBudget ml\/x: .*operator/),
    ]);
    expect(report.blockedPods).toHaveLength(2);
  });

  it('DRA: UNKNOWN without ResourceSlices in the dumps; complete slices minus claim allocations with them', {
    timeout: 90_000,
  }, async () => {
    const without = JSON.parse((await fleetscope('analyze', dump, '--format', 'json')).stdout) as {
      dra: { state: string };
    };
    expect(without.dra.state).toBe('UNKNOWN');
    const slice = (node: string, generation: number, count: number) => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name: `${node}-gpu.nvidia.com-${generation}`, uid: `u-${node}-${generation}` },
      spec: {
        driver: 'gpu.nvidia.com',
        nodeName: node,
        pool: { name: node, generation, resourceSliceCount: count },
        devices: [{ name: 'gpu-0' }, { name: 'gpu-1' }],
      },
    });
    const dra = file(
      'dra.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          slice('dra-0', 1, 1),
          slice('dra-1', 1, 1),
          slice('dra-2', 3, 2), // one of two slices of its pool listed: left out
          {
            apiVersion: 'resource.k8s.io/v1',
            kind: 'ResourceClaim',
            metadata: { name: 'trainer-gpu', namespace: 'ml', uid: 'c-1' },
            status: {
              allocation: {
                devices: {
                  results: [{ request: 'gpu', driver: 'gpu.nvidia.com', pool: 'dra-0', device: 'gpu-1' }],
                },
              },
            },
          },
        ],
      }),
    );
    const json = JSON.parse((await fleetscope('analyze', dump, dra, '--format', 'json')).stdout) as {
      dra: { state: string; totals: unknown; incomplete: number };
      ignored: Record<string, number>;
    };
    expect(json.dra).toMatchObject({
      state: 'COUNTED',
      totals: { devices: 4, allocated: 1, free: 3 },
      incomplete: 1,
    });
    expect(json.ignored.ResourceSlice).toBeUndefined();
    const { stdout } = await fleetscope('analyze', dump, dra);
    expect(stdout).toMatch(
      /DRA devices \(resource\.k8s\.io\/v1\): 4 in complete slices, 1 allocated, 3 free/,
    );
    expect(stdout).toMatch(/gpu\.nvidia\.com dra-2: not counted — 1 of 2 slices of generation 3 listed/);
  });

  it("DRA: the simulator's ResourceSlices and ResourceClaims as kubectl dumps them give the ground truth", {
    timeout: 90_000,
  }, async () => {
    const stdout = await kubectlDump(kubeconfig, TRUTH.cluster, 'resourceslices,resourceclaims');
    const draDump = file('dra-dump.json', stdout);
    const report = JSON.parse((await fleetscope('analyze', dump, draDump, '--format', 'json')).stdout) as {
      dra: { state: string; totals: unknown; pools: { pool: string; node: string | null }[] };
      rejected: string[];
    };
    expect(report.rejected).toEqual([]);
    expect(report.dra.state).toBe('COUNTED');
    expect(report.dra.totals).toEqual({
      devices: TRUTH.dra.devices,
      allocated: TRUTH.dra.allocated,
      free: TRUTH.dra.free,
    });
    expect(report.dra.pools).toHaveLength(TRUTH.dra.nodes);
    for (const p of report.dra.pools) expect(p.node).toBe(p.pool);
  });

  it('the GPU Operator: UNKNOWN without a ClusterPolicy; ready from the simulator’s; notReady is a finding', {
    timeout: 90_000,
  }, async () => {
    interface OperatorReport {
      gpuOperator: { state: string; policy: string | null; summary: string };
      findings: { rule: string; title: string }[];
      rejected: string[];
    }
    const without = JSON.parse(
      (await fleetscope('analyze', dump, '--format', 'json')).stdout,
    ) as OperatorReport;
    expect(without.gpuOperator.state).toBe('UNKNOWN');
    const { stdout } = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--context', TRUTH.cluster, 'get', 'clusterpolicies', '-o', 'json'],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const policies = file('clusterpolicies.json', stdout);
    const ready = JSON.parse(
      (await fleetscope('analyze', dump, policies, '--format', 'json')).stdout,
    ) as OperatorReport;
    expect(ready.rejected).toEqual([]);
    expect(ready.gpuOperator).toMatchObject({ state: 'READY', policy: TRUTH.gpuOperator.policy });
    expect(ready.findings.some((f) => f.rule === 'gpu-operator.not-ready')).toBe(false);

    const broken = file(
      'clusterpolicy-notready.json',
      JSON.stringify({
        apiVersion: 'nvidia.com/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'cluster-policy', uid: 'cp-1', resourceVersion: '9' },
        status: {
          state: 'notReady',
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'OperandNotReady',
              message: 'states not ready: [state-driver]',
            },
          ],
        },
      }),
    );
    const json = JSON.parse(
      (await fleetscope('analyze', dump, broken, '--format', 'json')).stdout,
    ) as OperatorReport;
    expect(json.gpuOperator.state).toBe('NOT_READY');
    expect(json.findings.find((f) => f.rule === 'gpu-operator.not-ready')?.title).toBe(
      'GPU Operator not ready: ClusterPolicy cluster-policy notReady: OperandNotReady — states not ready: [state-driver]',
    );
    const text = (await fleetscope('analyze', dump, broken)).stdout;
    expect(text).toMatch(/GPU Operator: NOT_READY — ClusterPolicy cluster-policy notReady/);
    expect(text).toMatch(/Ready=False \(OperandNotReady\): states not ready: \[state-driver\]/);
  });
});
