import { join } from 'node:path';
import { createFleet, startFleetServers } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscope, inputFolder, kubectlDump } from '../support/cli.ts';

const { dir, file } = inputFolder('fleetscope-cli-');

const fleet = createFleet({ seed: 11, size: 'small' });
let close: () => Promise<void> = async () => {};
let dump = '';

beforeAll(async () => {
  const kubeconfig = join(dir, 'kubeconfig');
  const servers = await startFleetServers(fleet, { kubeconfig });
  close = servers.close;
  // The postmortem path as a user runs it: kubectl writes the dump, fleetscope reads it.
  const stdout = await kubectlDump(
    kubeconfig,
    'prod-us-east',
    'nodes,pods,deployments,services,endpointslices',
  );
  dump = file('dump.json', stdout);
});
afterAll(() => close());

describe('fleetscope analyze', () => {
  it('reads a kubectl get -o json dump and reports the same counts as the ground truth', async () => {
    const { code, stdout } = await fleetscope(
      'analyze',
      dump,
      '--format',
      'json',
      '--cluster',
      'prod-us-east',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const truth = fleet.groundTruth('prod-us-east');
    expect(report.cluster).toMatchObject({
      name: 'prod-us-east',
      nodes: truth.nodes,
      pods: truth.pods,
      gpus: truth.gpus,
      workloads: truth.workloads,
    });
    expect(report.cluster.controlPlane.status).toBe('UNKNOWN');
    expect(report.rejected).toEqual([]);
    // The verdicts' findings come along: one per crash-looping pod, the offline control plane UNKNOWN.
    const rules = (report.findings as { rule: string }[]).map((f) => f.rule);
    expect(truth.pods.crashLooping).toBeGreaterThan(0);
    expect(rules.filter((r) => r === 'pod.crashloop')).toHaveLength(truth.pods.crashLooping);
    expect(rules).toContain('watch.offline');
    // Every pod is classified: the pending 4-GPU pod is explained by the scheduler's own message.
    const pending = (report.findings as { rule: string; title: string }[]).filter(
      (f) => f.rule === 'pod.pending-unschedulable',
    );
    expect(pending.length).toBe(truth.pods.pending - truth.pods.crashLooping + 1);
    expect(pending[0]?.title).toMatch(
      /Unschedulable: \d+ of \d+ nodes (lack free nvidia\.com\/gpu|have a taint|don.t match)/,
    );
    // And placed in scope: each troubled workload once, the Unknown node on its own.
    const scopes = report.scopes as { scope: string; title: string }[];
    expect(scopes.map((s) => s.scope)).toContain('NODE');
    expect(scopes.filter((s) => s.title.includes('Deployment/inference/reranker'))).toHaveLength(1);
  });

  it('prints a readable text report by default', async () => {
    const { code, stdout } = await fleetscope('analyze', dump);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Control plane\s+UNKNOWN\s+offline snapshot/);
    expect(stdout).toMatch(/Data plane\s+(HEALTHY|DEGRADED|DOWN)/);
    expect(stdout).toMatch(/GPUs\s+\d+ allocated of \d+ allocatable/);
    expect(stdout).toMatch(/Findings \(\d+, worst first\):\n\s+(CRITICAL|WARNING)\s+(POD|NODE|CLUSTER)\s+\S/);
    expect(stdout).toMatch(/→ kubectl -n \S+ logs \S+ -c \S+ --previous/);
    expect(stdout).toMatch(/Scope \(\d+, widest first\):\n\s+WARNING\s+NODE \S+ \(cluster \S+\)/);
  });

  it.each([
    { name: 'not JSON', content: '{"kind": "List", items: [', message: /not valid JSON/ },
    { name: 'an array', content: '[1, 2]', message: /expected a Kubernetes object or List, got an array/ },
    { name: 'no kind', content: '{"items": []}', message: /has no "kind"/ },
  ])('rejects a file that is $name with exit code 2 and no stack trace', async ({ content, message }) => {
    const path = file('bad.json', content);
    const { code, stderr, stdout } = await fleetscope('analyze', path);
    expect(code).toBe(2);
    expect(stderr).toContain(path);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('names a missing file', async () => {
    const { code, stderr } = await fleetscope('analyze', join(dir, 'missing.json'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing\.json: cannot read file \(ENOENT\)/);
  });

  it('rejects malformed items one by one, naming file and item, and analyses the rest', async () => {
    const path = file(
      'partial.json',
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        items: [
          { kind: 'Node', apiVersion: 'v1', metadata: { name: 'n1' } },
          {
            kind: 'Node',
            apiVersion: 'v1',
            metadata: { name: 'n2', uid: 'u2' },
            status: { conditions: [{ type: 'Ready', status: 'True' }] },
          },
          { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', namespace: 'd', uid: 'u3' } },
        ],
      }),
    );
    const { code, stdout, stderr } = await fleetscope('analyze', path, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.cluster.nodes).toMatchObject({ total: 1, ready: 1 });
    expect(report.rejected).toEqual([`${path} item 0: Node n1: metadata.uid missing`]);
    expect(report.ignored).toEqual({ ConfigMap: 1 });
    expect(stderr).toContain('item 0');
  });

  it('explains usage errors with exit code 1', async () => {
    expect((await fleetscope('analyze')).code).toBe(1);
    expect((await fleetscope('analyze', dump, '--format', 'yaml')).stderr).toMatch(
      /--format must be json or text/,
    );
    expect((await fleetscope('frobnicate')).code).toBe(1);
  });
});
