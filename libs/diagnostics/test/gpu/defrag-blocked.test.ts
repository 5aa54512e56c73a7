import type { PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { blockedGpuPods, nodeView, type PodDisruptionBudgetRecord } from '../../src/index.ts';
import { node, pod } from '../factories.ts';

const bound = (name: string, nodeName: string, gpus: number, app = name): PodRecord =>
  pod(name, { namespace: 'ml', nodeName, gpuRequest: gpus, labels: { app } });
const pending = (name: string, gpus: number, extra: Partial<PodRecord> = {}): PodRecord =>
  pod(name, { namespace: 'ml', nodeName: '', phase: 'Pending', ready: false, gpuRequest: gpus, ...extra });

function views(
  layout: Record<string, PodRecord[]>,
  nodeExtra: Record<string, Parameters<typeof node>[1]> = {},
) {
  return Object.entries(layout).map(([name, pods]) => nodeView(node(name, nodeExtra[name] ?? {}), pods));
}

describe('blockedGpuPods', () => {
  // Free per node: h-1 1, h-2 1, h-3 2 (F = 4).
  const layout = {
    'h-1': [bound('a', 'h-1', 4), bound('b', 'h-1', 2), bound('c', 'h-1', 1)],
    'h-2': [bound('d', 'h-2', 4), bound('e', 'h-2', 2), bound('f', 'h-2', 1)],
    'h-3': [bound('g', 'h-3', 4), bound('h', 'h-3', 2)],
  };

  it('names the pending pod fragmentation blocks, with per-node free and the fewest moves', () => {
    const [blocked, ...rest] = blockedGpuPods(views(layout), [pending('train', 4), pending('huge', 16)]);
    expect(rest).toEqual([]); // 16 is capacity, not fragmentation
    expect(blocked).toMatchObject({
      pool: 'h100',
      resource: 'nvidia.com/gpu',
      request: 4,
      free: 4,
      perNodeFree: [
        { node: 'h-3', free: 2 },
        { node: 'h-1', free: 1 },
        { node: 'h-2', free: 1 },
      ],
      suggestion: {
        outcome: 'moves',
        targetNode: 'h-1',
        podsDisrupted: 2,
        moves: [
          { pod: 'ml/b', fromNode: 'h-1', toNode: 'h-3', request: 2 },
          { pod: 'ml/c', fromNode: 'h-1', toNode: 'h-2', request: 1 },
        ],
      },
    });
  });

  it('a PDB on the cheapest pods moves the proposal elsewhere and is named', () => {
    const pdb: PodDisruptionBudgetRecord = {
      kind: 'PodDisruptionBudget',
      uid: 'u',
      namespace: 'ml',
      name: 'b-pdb',
      resourceVersion: '1',
      selector: { matchLabels: { app: 'b' }, matchExpressions: [] },
      disruptionsAllowed: 0,
    };
    const [blocked] = blockedGpuPods(views(layout), [pending('train', 4)], [pdb]);
    expect(blocked?.suggestion).toMatchObject({
      targetNode: 'h-2',
      moves: [
        { pod: 'ml/e', toNode: 'h-3' },
        { pod: 'ml/f', toNode: 'h-1' },
      ],
      blockedByPdb: [{ pdb: 'ml/b-pdb', needed: 1, allowed: 0, pods: ['ml/b'] }],
    });
  });

  it('only nodes the pod may use count: cordoned, NotReady and not-selected nodes are left out', () => {
    const v = views(
      { 'h-1': [bound('a', 'h-1', 6)], 'h-2': [bound('b', 'h-2', 6)], 'h-3': [], 'h-4': [] },
      {
        'h-3': { unschedulable: true },
        'h-4': { ready: false },
      },
    );
    const [blocked] = blockedGpuPods(v, [pending('train', 4)]);
    expect(blocked?.perNodeFree).toEqual([
      { node: 'h-1', free: 2 },
      { node: 'h-2', free: 2 },
    ]);
    expect(blocked?.suggestion.outcome).toBe('no-solution');
    // Bound and finished pods are never blocked.
    expect(blockedGpuPods(v, [bound('x', 'h-1', 4), pending('done', 4, { phase: 'Failed' })])).toEqual([]);
  });

  it('proposals are bounded per call: the largest requests first, the rest not searched', () => {
    // Another placement (a toleration), so the two pods are two groups.
    const other = {
      nodeSelector: {},
      requiredTerms: [],
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', value: '', effect: 'NoSchedule' }],
    };
    const all = blockedGpuPods(
      views(layout),
      [pending('small', 3, { placement: other }), pending('train', 4)],
      [],
      {
        maxProposals: 1,
      },
    );
    expect(all.map((b) => [b.pod.name, b.suggestion.outcome])).toEqual([
      ['train', 'moves'],
      ['small', 'not-computed'],
    ]);
    expect(all[1]?.perNodeFree.length).toBe(3);
  });
});
