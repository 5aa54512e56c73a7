/**
 * kubectl (v1.32 on these machines and in CI) as a real client of the simulated API server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { createFleet, type SimFleet } from '../src/fleet.ts';
import { type FleetServers, startFleetServers } from '../src/servers.ts';

const run = promisify(execFile);
let fleet: SimFleet;
let running: FleetServers;
let base: string[];

beforeAll(async () => {
  fleet = createFleet({ size: 'small', clock: new ManualClock() });
  const dir = mkdtempSync(join(tmpdir(), 'fleet-sim-kubectl-'));
  running = await startFleetServers(fleet, { kubeconfig: join(dir, 'kubeconfig') });
  base = [
    '--kubeconfig',
    running.kubeconfigPath ?? '',
    '--cache-dir',
    join(dir, 'cache'),
    '--request-timeout',
    '10s',
  ];
});

afterAll(async () => {
  await running.close();
});

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', [...base, ...args], { env: { ...process.env, HOME: tmpdir() } });
  return stdout;
}

describe('kubectl', () => {
  it('get nodes,pods -A -o json returns every node and pod', async () => {
    const out = JSON.parse(await kubectl('get', 'nodes,pods', '-A', '-o', 'json')) as {
      kind: string;
      items: { kind: string; metadata: { name: string } }[];
    };
    const cluster = fleet.cluster('prod-us-east');
    expect(out.kind).toBe('List');
    expect(out.items.filter((i) => i.kind === 'Node')).toHaveLength(cluster.list('nodes').length);
    expect(
      out.items
        .filter((i) => i.kind === 'Pod')
        .map((i) => i.metadata.name)
        .sort(),
    ).toEqual(
      cluster
        .list('pods')
        .map((p) => p.metadata.name)
        .sort(),
    );
  });

  it('get deploy -A prints the server-side table', async () => {
    const out = await kubectl('get', 'deploy', '-A');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(out).toMatch(/ml-training\s+llm-pretrain\s+1\/1\s+1\s+1\s+/);
    expect(out).toMatch(/inference\s+reranker\s+0\/1\s+1\s+0\s+/);
    expect(lines).toHaveLength(1 + fleet.cluster('prod-us-east').list('deployments').length);
  });

  it('get pods shows crash loops and pending pods; selectors reach the server', async () => {
    const pods = await kubectl('get', 'pods', '-A');
    expect(pods).toMatch(/reranker-\S+\s+0\/1\s+CrashLoopBackOff\s+\d+/);
    expect(pods).toMatch(/llm-sweep-4gpu-\S+\s+0\/1\s+Pending\s+0/);
    // An init container crash-looping, as kubectl prints it.
    expect(pods).toMatch(/nccl-allreduce-check-\S+\s+0\/1\s+Init:CrashLoopBackOff\s+\d+/);
    const pending = await kubectl(
      'get',
      'pods',
      '-A',
      '--field-selector',
      'status.phase=Pending',
      '-o',
      'name',
    );
    expect(pending.trim().split('\n')).toHaveLength(2);
    const labelled = await kubectl(
      'get',
      'pods',
      '-n',
      'ml-training',
      '-l',
      'app in (llm-pretrain,eval-harness)',
      '-o',
      'name',
    );
    expect(labelled.trim().split('\n')).toHaveLength(2);
  });

  it('reads other contexts and discovery-driven resource names', async () => {
    const out = await kubectl('--context', 'prod-eu-west', 'get', 'rs,svc,endpointslices', '-A');
    expect(out).toContain('service/legacy-ranker');
    expect(out).toContain('endpointslice.discovery.k8s.io/llm-serve-l4-');
    expect(await kubectl('--context', 'prod-eu-west', 'get', 'nodes')).toContain('Ready,SchedulingDisabled');
  });

  it('writes through the API: cordon, label, delete', async () => {
    const node = fleet.cluster('openb').list('nodes')[0]?.metadata.name ?? '';
    await kubectl('--context', 'openb', 'cordon', node);
    expect(fleet.cluster('openb').get('nodes', undefined, node)?.spec).toMatchObject({ unschedulable: true });
    await kubectl('--context', 'openb', 'label', 'node', node, 'fleetscope.dev/test=yes');
    expect(
      fleet.cluster('openb').get('nodes', undefined, node)?.metadata.labels?.['fleetscope.dev/test'],
    ).toBe('yes');
    const pod = fleet.cluster('openb').list('pods', 'openb')[0]?.metadata.name ?? '';
    await kubectl('--context', 'openb', 'delete', 'pod', '-n', 'openb', pod);
    expect(fleet.cluster('openb').get('pods', 'openb', pod)).toBeUndefined();
  });
});
