import type { NodeSelectorRequirement, PodPlacement } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { fitPendingGpuPods, gpuPoolFindings, placementRejection } from '../../src/index.ts';
import { node, pod } from '../factories.ts';

const placement = (overrides: Partial<PodPlacement> = {}): PodPlacement => ({
  nodeSelector: {},
  requiredTerms: [],
  tolerations: [],
  ...overrides,
});
const req = (key: string, operator: string, ...values: string[]): NodeSelectorRequirement => ({
  key,
  operator,
  values,
});
const gpuTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const tolerateGpu = { key: 'nvidia.com/gpu', operator: 'Exists', value: '', effect: 'NoSchedule' };

describe('placementRejection (the scheduler filters before resources)', () => {
  it.each([
    { name: 'no constraints, no taints', p: placement(), n: node('a'), expected: null },
    { name: 'cordoned', p: placement(), n: node('a', { unschedulable: true }), expected: 'unschedulable' },
    {
      name: 'selector matches',
      p: placement({ nodeSelector: { pool: 'h100' } }),
      n: node('a', { labels: { pool: 'h100' } }),
      expected: null,
    },
    {
      name: 'selector misses',
      p: placement({ nodeSelector: { pool: 'h100' } }),
      n: node('a', { labels: { pool: 'a100' } }),
      expected: 'node-affinity',
    },
    {
      name: 'affinity In',
      p: placement({ requiredTerms: [[req('gpu', 'In', 'h100', 'h200')]] }),
      n: node('a', { labels: { gpu: 'h200' } }),
      expected: null,
    },
    {
      name: 'affinity NotIn',
      p: placement({ requiredTerms: [[req('gpu', 'NotIn', 'h100')]] }),
      n: node('a', { labels: { gpu: 'h100' } }),
      expected: 'node-affinity',
    },
    {
      name: 'affinity terms are ORed',
      p: placement({ requiredTerms: [[req('x', 'Exists')], [req('gpu', 'Gt', '4')]] }),
      n: node('a', { labels: { gpu: '8' } }),
      expected: null,
    },
    {
      name: 'requirements within a term are ANDed',
      p: placement({ requiredTerms: [[req('x', 'Exists'), req('gpu', 'Lt', '4')]] }),
      n: node('a', { labels: { x: '', gpu: '8' } }),
      expected: 'node-affinity',
    },
    {
      name: 'untolerated GPU taint',
      p: placement(),
      n: node('a', { taints: [gpuTaint] }),
      expected: 'taint',
    },
    {
      name: 'tolerated with Exists',
      p: placement({ tolerations: [tolerateGpu] }),
      n: node('a', { taints: [gpuTaint] }),
      expected: null,
    },
    {
      name: 'PreferNoSchedule does not filter',
      p: placement(),
      n: node('a', { taints: [{ ...gpuTaint, effect: 'PreferNoSchedule' }] }),
      expected: null,
    },
    {
      name: 'taint before affinity, as the scheduler counts',
      p: placement({ nodeSelector: { pool: 'x' } }),
      n: node('a', { taints: [gpuTaint] }),
      expected: 'taint',
    },
  ])('$name', ({ p, n, expected }) => {
    expect(placementRejection(p, n)).toBe(expected);
  });
});

describe("our fit check, in the scheduler's shape", () => {
  const nodes = [
    node('h-1', { labels: { pool: 'h100' }, taints: [gpuTaint] }),
    node('h-2', { labels: { pool: 'h100' }, taints: [gpuTaint] }),
    node('a-1', { pool: 'a100', labels: { pool: 'a100' }, taints: [gpuTaint] }),
    node('c-1', { pool: 'cpu', gpuAllocatable: 0, gpuCapacity: 0, gpuProduct: '', labels: { pool: 'cpu' } }),
  ];
  const bound = [
    pod('x', { nodeName: 'h-1', gpuRequest: 5, namespace: 'ml' }),
    pod('y', { nodeName: 'h-2', gpuRequest: 6, namespace: 'ml' }),
  ];
  const want = (message = '') =>
    pod('want', {
      nodeName: '',
      phase: 'Pending',
      ready: false,
      containers: [],
      gpuRequest: 4,
      namespace: 'ml',
      unschedulableReason: message === '' ? '' : 'Unschedulable',
      unschedulableMessage: message,
      placement: placement({ nodeSelector: { pool: 'h100' }, tolerations: [tolerateGpu] }),
    });

  it('explains per node, never against the pool total', () => {
    const [fit] = fitPendingGpuPods({ nodes, pods: [...bound, want()] });
    expect(fit?.explanation).toBe(
      "0/4 nodes: 2 don't match its node selector/affinity, 2 lack 4 free nvidia.com/gpu (largest free: 3 on h-1)",
    );
    expect(fit?.verdict.blockedByFragmentation).toBe(true); // 3 + 2 free in the pool, but not on one node
  });

  it('a scheduler that says "Insufficient" where we count room is a finding (stale allocatable?)', () => {
    const roomy = [pod('x', { nodeName: 'h-1', gpuRequest: 2, namespace: 'ml' }), bound[1] ?? pod('y')];
    const message =
      "0/4 nodes are available: 2 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
    const fits = fitPendingGpuPods({ nodes, pods: [...roomy, want(message)] });
    const findings = gpuPoolFindings('prod-a', [], fits, null);
    expect(findings.map((f) => f.rule)).toEqual(['pod.fit-disagreement']);
    expect(findings[0]?.title).toMatch(
      /the scheduler says "2 Insufficient nvidia\.com\/gpu", but 1 node \(h-1\) show 4 free/,
    );
  });
});
