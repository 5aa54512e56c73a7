import { describe, expect, it } from 'vitest';
import { fitRequest, measureFragmentation, type NodeFree } from '../../src/index.ts';

const nodes = (...free: number[]): NodeFree[] => free.map((f, i) => ({ node: `gpu-${i + 1}`, free: f }));
const mix = (entries: Record<number, number>): Map<number, number> =>
  new Map(Object.entries(entries).map(([k, v]) => [Number(k), v]));

describe('measureFragmentation (shared/reference/gpu.md)', () => {
  it('the worked example: f = (1, 2, 5, 0), mix {1: .5, 2: .2, 4: .2, 8: .1}', () => {
    const m = measureFragmentation(nodes(1, 2, 5, 0), mix({ 1: 50, 2: 20, 4: 20, 8: 10 }), 8);
    expect(m.free).toBe(8);
    expect(m.bySize.map((s) => [s.size, s.stranded, s.slots])).toEqual([
      [1, 0, 8],
      [2, 1, 3],
      [4, 3, 1],
      [8, 8, 0],
    ]);
    expect(m.bySize.find((s) => s.size === 4)?.share).toBeCloseTo(0.375);
    expect(m.expected).toBeCloseTo(0.2);
    expect(m.largestPlaceable).toEqual({ size: 5, node: 'gpu-3' });
    expect(m.mixSource).toBe('observed requests');
  });

  it.each<{ name: string; free: number[]; k4: number; expected: number; largest: number }>([
    {
      name: 'three 8-GPU nodes with f = (1, 2, 1): a 4-GPU job cannot run on 4 free GPUs',
      free: [1, 2, 1],
      k4: 1,
      expected: 1,
      largest: 2,
    },
    { name: 'no free GPUs: 0, never NaN', free: [0, 0], k4: 0, expected: 0, largest: 0 },
    {
      name: 'one empty node: nothing stranded for a whole-node job',
      free: [8, 0, 0],
      k4: 0,
      expected: 0,
      largest: 8,
    },
  ])('$name', ({ free, k4, expected, largest }) => {
    const m = measureFragmentation(nodes(...free), new Map(), 8);
    expect(m.bySize.find((s) => s.size === 4)?.share).toBeCloseTo(k4);
    // With no observed requests the mix is all on GPUs per node (8).
    expect(m.mix).toEqual([{ size: 8, share: 1 }]);
    expect(m.expected).toBeCloseTo(expected);
    expect(m.largestPlaceable.size).toBe(largest);
  });
});

describe('fitRequest: GPU fit is per node', () => {
  it('four free GPUs on four nodes do not fit a pod that asks for four', () => {
    const verdict = fitRequest(4, nodes(1, 1, 1, 1), []);
    expect(verdict).toMatchObject({ fits: false, blockedByFragmentation: true, fittingNodes: [] });
  });

  it('not enough GPUs anywhere is capacity, not fragmentation', () => {
    expect(fitRequest(4, nodes(1, 1), [])).toMatchObject({
      fits: false,
      blockedByFragmentation: false,
      moves: null,
    });
  });

  it('names the nodes that fit', () => {
    expect(fitRequest(2, nodes(1, 2, 5), []).fittingNodes).toEqual(['gpu-2', 'gpu-3']);
  });

  it('finds the fewest moves that make room: one 1-GPU pod off gpu-2', () => {
    const verdict = fitRequest(4, nodes(1, 3, 2), [
      { key: 'ml/a', node: 'gpu-2', request: 1 },
      { key: 'ml/b', node: 'gpu-2', request: 4 },
      { key: 'ml/c', node: 'gpu-1', request: 2 },
      { key: 'ml/d', node: 'gpu-1', request: 5 },
    ]);
    expect(verdict.blockedByFragmentation).toBe(true);
    expect(verdict.moves).toEqual({ node: 'gpu-2', pods: [{ key: 'ml/a', to: 'gpu-1' }] });
  });

  it('no moves when no other node can take the residents', () => {
    const verdict = fitRequest(4, nodes(2, 2), [
      { key: 'ml/a', node: 'gpu-1', request: 6 },
      { key: 'ml/b', node: 'gpu-2', request: 6 },
    ]);
    expect(verdict).toMatchObject({ blockedByFragmentation: true, moves: null });
  });
});
