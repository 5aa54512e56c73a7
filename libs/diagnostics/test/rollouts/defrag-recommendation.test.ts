import { describe, expect, it } from 'vitest';
import {
  type BlockedGpuPod,
  type BlockingPod,
  type PodDefragProposal,
  podDefragProposals,
  type RolloutStatus,
  recommendWithDefrag,
  withDefragAdvice,
} from '../../src/index.ts';

const CAPACITY: RolloutStatus['recommendation'] = {
  action: 'fix capacity',
  reason: 'no node has room for the new pods: add capacity, free it, or lower the requests',
};

function blocking(name: string, rule = 'pod.pending-unschedulable'): BlockingPod {
  return {
    namespace: 'ml',
    name,
    rule,
    summary: 'Pending: 0/6 nodes are available',
    cause: 'NodeResourcesFit',
  };
}

function moves(name: string, extra: Partial<PodDefragProposal['proposal']> = {}): PodDefragProposal {
  return {
    namespace: 'ml',
    name,
    proposal: {
      outcome: 'moves',
      targetNode: 'gpu-4',
      moves: [{ pod: 'ml/tune-2gpu-0', fromNode: 'gpu-4', toNode: 'gpu-5', request: 2 }],
      drainNode: null,
      podsDisrupted: 1,
      exact: true,
      ...extra,
    },
  };
}

describe('recommendWithDefrag: a rollout blocked by GPU fragmentation names the moves that make room', () => {
  it.each<{
    name: string;
    recommendation: RolloutStatus['recommendation'];
    pods: BlockingPod[];
    proposals: PodDefragProposal[];
    expected: RolloutStatus['recommendation'];
  }>([
    {
      name: 'one move makes room',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a')],
      proposals: [moves('sweep-a')],
      expected: {
        action: 'free room',
        reason:
          'GPU fragmentation, not capacity, blocks the new pods: free room by moving 1 pod (ml/tune-2gpu-0 from gpu-4 to gpu-5) so ml/sweep-a fits on gpu-4',
      },
    },
    {
      name: 'two moves, a greedy proposal says so',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a')],
      proposals: [
        moves('sweep-a', {
          exact: false,
          podsDisrupted: 2,
          moves: [
            { pod: 'ml/a', fromNode: 'gpu-1', toNode: 'gpu-2', request: 1 },
            { pod: 'ml/b', fromNode: 'gpu-1', toNode: 'gpu-3', request: 1 },
          ],
          targetNode: 'gpu-1',
        }),
      ],
      expected: {
        action: 'free room',
        reason:
          'GPU fragmentation, not capacity, blocks the new pods: free room by moving 2 pods (ml/a from gpu-1 to gpu-2, ml/b from gpu-1 to gpu-3) so ml/sweep-a fits on gpu-1 (a greedy proposal: the exact search ran out of budget)',
      },
    },
    {
      name: 'a node to drain',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a')],
      proposals: [moves('sweep-a', { drainNode: 'gpu-4', podsDisrupted: 3 })],
      expected: {
        action: 'free room',
        reason:
          'GPU fragmentation, not capacity, blocks the new pods: free room by draining gpu-4 (3 pods to other nodes) so ml/sweep-a fits there',
      },
    },
    {
      name: 'several new pods blocked: the first named, the others counted',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a'), blocking('sweep-b'), blocking('sweep-c')],
      proposals: [moves('sweep-c'), moves('sweep-a')],
      expected: {
        action: 'free room',
        reason:
          'GPU fragmentation, not capacity, blocks the new pods: free room by moving 1 pod (ml/tune-2gpu-0 from gpu-4 to gpu-5) so ml/sweep-a fits on gpu-4; 1 other new pod blocked the same way (Cluster.gpuBlockedPods)',
      },
    },
    {
      name: 'not enough free in total: capacity it is',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a')],
      proposals: [moves('sweep-a', { outcome: 'capacity', moves: [], targetNode: null })],
      expected: CAPACITY,
    },
    {
      name: 'no set of moves helps',
      recommendation: CAPACITY,
      pods: [blocking('pretrain')],
      proposals: [moves('pretrain', { outcome: 'no-solution', moves: [], targetNode: null })],
      expected: CAPACITY,
    },
    {
      name: 'a proposal for another pod (same name, other namespace) is not this one',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a')],
      proposals: [{ ...moves('sweep-a'), namespace: 'other' }],
      expected: CAPACITY,
    },
    {
      name: 'no proposals (none asked, or no GPU pods)',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a')],
      proposals: [],
      expected: CAPACITY,
    },
    {
      name: 'a blocking pod that is not unschedulable',
      recommendation: CAPACITY,
      pods: [blocking('sweep-a', 'pod.crashloop')],
      proposals: [moves('sweep-a')],
      expected: CAPACITY,
    },
    {
      name: 'any other advice is left alone',
      recommendation: { action: 'roll back', reason: 'the new template fails to run' },
      pods: [blocking('sweep-a')],
      proposals: [moves('sweep-a')],
      expected: { action: 'roll back', reason: 'the new template fails to run' },
    },
  ])('$name', ({ recommendation, pods, proposals, expected }) => {
    expect(recommendWithDefrag({ namespace: 'ml', recommendation, blockingPods: pods }, proposals)).toEqual(
      expected,
    );
  });

  it('returns the same object when nothing changes (callers keep their mapped rollout)', () => {
    const rollout = { namespace: 'ml', recommendation: CAPACITY, blockingPods: [blocking('x')] };
    expect(recommendWithDefrag(rollout, [])).toBe(CAPACITY);
  });
});

describe('withDefragAdvice: the rollout with its advice, as the summary and the CLI keep it', () => {
  const rollout = {
    namespace: 'ml',
    name: 'sweep',
    recommendation: CAPACITY,
    blockingPods: [blocking('sweep-a')],
  } as unknown as RolloutStatus;

  it('replaces only the recommendation when a proposal helps, and keeps the rollout when none does', () => {
    const advised = withDefragAdvice(rollout, [moves('sweep-a')]);
    expect(advised).toEqual({ ...rollout, recommendation: expect.objectContaining({ action: 'free room' }) });
    expect(rollout.recommendation).toBe(CAPACITY);
    expect(withDefragAdvice(rollout, [moves('other')])).toBe(rollout);
  });

  it('reads blockedGpuPods proposals by pod', () => {
    const blocked = [
      { pod: { namespace: 'ml', name: 'sweep-a' }, suggestion: moves('sweep-a').proposal },
    ] as unknown as BlockedGpuPod[];
    expect(podDefragProposals(blocked)).toEqual([moves('sweep-a')]);
    expect(withDefragAdvice(rollout, podDefragProposals(blocked)).recommendation.action).toBe('free room');
  });
});
