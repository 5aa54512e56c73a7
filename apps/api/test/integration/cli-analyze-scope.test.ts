import { join } from 'node:path';
import { BROKEN_DRIVER, createFleet, startFleetServers } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscope, inputFolder, kubectlDump } from '../support/cli.ts';

const { dir, file } = inputFolder('fleetscope-cli-scope-');

// The gpu-triage scenario's ground truth (its spec) through the postmortem path: kubectl dumps, the
// CLI names each problem's scope.
const fleet = createFleet({ seed: 11, scenario: 'gpu-triage', size: 'demo' });
// The cluster-triage scenario: an admission policy in prod-us-east, calico failing in prod-eu-west.
const wide = createFleet({ seed: 11, scenario: 'cluster-triage', size: 'demo' });
const closers: (() => Promise<void>)[] = [];
const dumps: Record<string, string> = {};

beforeAll(async () => {
  const kubeconfig = join(dir, 'kubeconfig');
  const wideKubeconfig = join(dir, 'kubeconfig-wide');
  closers.push((await startFleetServers(fleet, { kubeconfig })).close);
  closers.push((await startFleetServers(wide, { kubeconfig: wideKubeconfig })).close);
  for (const [config, prefix] of [
    [kubeconfig, ''],
    [wideKubeconfig, 'wide-'],
  ] as const)
    for (const context of ['prod-us-east', 'prod-eu-west']) {
      const stdout = await kubectlDump(
        config,
        context,
        'nodes,pods,deployments,replicasets,services,endpointslices,events',
      );
      dumps[`${prefix}${context}`] = file(`${prefix}${context}.json`, stdout);
    }
}, 60_000);
afterAll(async () => {
  for (const close of closers) await close();
});

describe('fleetscope analyze names the scope of each problem in a dump', () => {
  it('a pool whose new nodes fail GPU validation on one driver is a POOL finding', async () => {
    const { code, stdout } = await fleetscope(
      'analyze',
      dumps['prod-us-east'] ?? '',
      '--format',
      'json',
      '--cluster',
      'prod-us-east',
    );
    expect(code).toBe(0);
    const scopes = JSON.parse(stdout).scopes as { scope: string; title: string }[];
    expect(scopes.map((f) => f.scope)).toEqual(['POOL', 'POD']);
    expect(scopes[0]?.title).toMatch(/^POOL h100-sxm \(cluster prod-us-east\): 3 of 9 nodes affected/);
    expect(scopes[0]?.title).toContain(`driver ${BROKEN_DRIVER}`);
  });

  it('a GPU fallen off the bus is a NODE finding, in the text report too', async () => {
    const { code, stdout } = await fleetscope(
      'analyze',
      dumps['prod-eu-west'] ?? '',
      '--cluster',
      'prod-eu-west',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /WARNING\s+NODE gke-prod-eu-west-h100-eu-\S+ \(cluster prod-eu-west\): .*1 of 8 GPUs unhealthy/,
    );
  });

  it('new pods refused by one admission webhook for two workloads: CLUSTER, the operations path', async () => {
    const { code, stdout } = await fleetscope(
      'analyze',
      dumps['wide-prod-us-east'] ?? '',
      '--format',
      'json',
      '--cluster',
      'prod-us-east',
    );
    expect(code).toBe(0);
    const scopes = JSON.parse(stdout).scopes as {
      scope: string;
      title: string;
      attributes: Record<string, string>;
    }[];
    expect(scopes.map((f) => [f.scope, f.title])).toEqual([
      [
        'CLUSTER',
        'CLUSTER prod-us-east: Kyverno webhook validate.kyverno.svc-fail refuses new pods of 2 workloads',
      ],
    ]);
  });

  it('sandboxes failing with one CNI on nodes of two pools: CLUSTER, in the text report', async () => {
    const { code, stdout } = await fleetscope(
      'analyze',
      dumps['wide-prod-eu-west'] ?? '',
      '--cluster',
      'prod-eu-west',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'CLUSTER prod-eu-west: pod sandbox creation failing on 4 nodes in 2 pools (CNI calico): 4 pods stuck ContainerCreating',
    );
  });
});
