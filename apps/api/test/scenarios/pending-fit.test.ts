import { podRequest, PENDING_FIT_TRUTH as TRUTH } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The pending-fit scenario (libs/fleet-sim/src/scenarios/pending-fit.ts) through the real watch path
// and GraphQL: a pod without GPUs asks 12 cores on 8-core nodes. Its explanation carries Fleetscope's
// own histogram beside the scheduler's message, with the largest free cpu computed here from the
// simulator's raw objects (not by the code under test).
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'pending-fit', size: 'small' });
}, 60_000);
afterAll(() => h.close());

interface Evidence {
  signal: string;
  value: string;
}

/** "3.93" cores, "500m" below one core, as Kubernetes writes cpu. */
function cores(millis: number): string {
  return millis >= 1000 ? String(Number((millis / 1000).toFixed(2))) : `${millis}m`;
}

function rawTruth(): { pod: string; expected: string } {
  const cluster = h.fleet.cluster(TRUTH.cluster);
  const used = new Map<string, number>();
  let pending = '';
  for (const pod of cluster.store.list('pods')) {
    const node = (pod.spec as { nodeName?: string }).nodeName ?? '';
    const labels = (pod.metadata.labels ?? {}) as Record<string, string>;
    if (node === '' && labels.app === TRUTH.pending.deployment) pending = pod.metadata.name;
    if (node !== '') used.set(node, (used.get(node) ?? 0) + Math.round(podRequest(pod, 'cpu') * 1000));
  }
  let largest = { free: -1, node: '' };
  const nodes = cluster.store.list('nodes');
  for (const node of nodes) {
    const allocatable = (node.status as { allocatable: Record<string, string> }).allocatable.cpu ?? '0';
    const millis = allocatable.endsWith('m') ? Number(allocatable.slice(0, -1)) : Number(allocatable) * 1000;
    const free = millis - (used.get(node.metadata.name) ?? 0);
    if (free > largest.free) largest = { free, node: node.metadata.name };
  }
  const n = nodes.length;
  return {
    pod: pending,
    expected: `0/${n} nodes: ${n} lack ${cores(TRUTH.pending.cpu)} free cpu (largest free: ${cores(largest.free)} on ${largest.node})`,
  };
}

describe('the pending-fit scenario: our fit check for a pod without GPUs', () => {
  it('the simulator holds one pending pod and three nodes, none with 12 cores free', () => {
    const { pod, expected } = rawTruth();
    expect(pod).not.toBe('');
    expect(expected.startsWith(`0/${TRUTH.generalNodes} nodes: ${TRUTH.generalNodes} lack 12 free cpu`)).toBe(
      true,
    );
  });

  it('Cluster.troubledPod: the scheduler’s message and our own histogram, worded alike', async () => {
    const { pod, expected } = rawTruth();
    await eventually(async () => {
      const { data, errors } = await h.gql<{
        cluster: {
          troubledPod: {
            explanation: { rule: string; summary: string; fitCheck: string | null; evidence: Evidence[] };
          } | null;
        };
      }>(
        `query($ns: String!, $name: String!) { cluster(name: "${TRUTH.cluster}") {
          troubledPod(namespace: $ns, name: $name) { explanation { rule summary fitCheck evidence { signal value } } } } }`,
        { ns: TRUTH.pending.namespace, name: pod },
      );
      expect(errors).toBeUndefined();
      const explanation = data?.cluster.troubledPod?.explanation;
      expect(explanation?.rule).toBe('pod.pending-unschedulable');
      const byName = new Map((explanation?.evidence ?? []).map((e) => [e.signal, e.value]));
      expect(byName.get('PodScheduled=False')).toMatch(
        new RegExp(
          `^Unschedulable: 0/${TRUTH.generalNodes} nodes are available: ${TRUTH.generalNodes} Insufficient cpu\\.`,
        ),
      );
      expect(byName.get('fleetscope fit check')).toBe(expected);
      expect(explanation?.fitCheck).toBe(expected);
    });
  });

  it('no pod.fit-disagreement: the scheduler and our check agree', async () => {
    const { data, errors } = await h.gql<{ cluster: { findings: { rule: string; title: string }[] } }>(
      `{ cluster(name: "${TRUTH.cluster}") { findings(first: 500) { rule title } } }`,
    );
    expect(errors).toBeUndefined();
    const rules = (data?.cluster.findings ?? []).map((f) => f.rule);
    expect(rules).toContain('pod.pending-unschedulable');
    expect(rules).not.toContain('pod.fit-disagreement');
  });
});
