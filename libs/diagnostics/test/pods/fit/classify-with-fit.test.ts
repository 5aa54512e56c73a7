import { describe, expect, it } from 'vitest';
import { analyzeWorkloads } from '../../../src/index.ts';
import { NOW } from '../../factories.ts';
import { bound, pending, worker } from './support.ts';

// A non-GPU pending pod gets our histogram beside the scheduler's message, through the same
// assembly `fleetscope analyze` uses.
describe('pending pods explained with our own fit check', () => {
  const nodes = [worker('n-1'), worker('n-2')];
  const pods = [bound('a', 'n-1', 3500), bound('b', 'n-2', 3000)];
  const big = {
    ...pending('big', 2000),
    createdAt: NOW - 600_000,
    unschedulableReason: 'Unschedulable',
    unschedulableMessage:
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
  };

  it('the unschedulable finding carries our histogram as evidence, and no disagreement', () => {
    const { findings } = analyzeWorkloads(
      { name: 'prod', nodes, pods: [...pods, big], deployments: [], replicaSets: [], events: [], now: NOW },
      [],
    );
    const unschedulable = findings.find((f) => f.rule === 'pod.pending-unschedulable');
    expect(unschedulable?.evidence.find((e) => e.signal === 'fleetscope fit check')?.value).toBe(
      '0/2 nodes: 2 lack 2 free cpu (largest free: 1 on n-2)',
    );
    expect(findings.some((f) => f.rule === 'pod.fit-disagreement')).toBe(false);
  });

  it('when the scheduler blames memory and we find cpu short, the disagreement is a finding', () => {
    const stale = { ...big, unschedulableMessage: '0/2 nodes are available: 2 Insufficient memory.' };
    const { findings } = analyzeWorkloads(
      { name: 'prod', nodes, pods: [...pods, stale], deployments: [], replicaSets: [], events: [], now: NOW },
      [],
    );
    expect(findings.find((f) => f.rule === 'pod.fit-disagreement')?.title).toBe(
      'pod default/big: the scheduler says "2 Insufficient memory", which our check reproduces on no node (0/2 nodes: 2 lack 2 free cpu (largest free: 1 on n-2))',
    );
  });
});
