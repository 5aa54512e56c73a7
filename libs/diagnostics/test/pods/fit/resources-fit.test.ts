import { describe, expect, it } from 'vitest';
import { fitPendingPod } from '../../../src/index.ts';
import { bound, context, GI, pending, worker } from './support.ts';

// NodeResourcesFit: pod count, cpu, memory, GPU-like and other extended resources, per node.
describe('fitPendingPod: resources', () => {
  it.each([
    {
      name: 'cpu too big for every node, with the largest free named',
      nodes: [worker('n-1'), worker('n-2'), worker('n-3')],
      bound: [bound('a', 'n-1', 3000), bound('b', 'n-2', 3500), bound('c', 'n-3', 2500)],
      pod: pending('big', 2000),
      explanation: '0/3 nodes: 3 lack 2 free cpu (largest free: 1.5 on n-3)',
      scheduler: '0/3 nodes are available: 3 Insufficient cpu.',
    },
    {
      name: 'memory short on one node, the other fits',
      nodes: [worker('n-1'), worker('n-2')],
      bound: [bound('a', 'n-1', 100, 12)],
      pod: pending('mem', 100, 8),
      explanation: '1/2 nodes: 1 lacks 8Gi free memory (largest free: 4Gi on n-1)',
      scheduler: null,
    },
    {
      name: 'a node short of cpu and memory counts under both, as in the scheduler’s histogram',
      nodes: [worker('n-1')],
      bound: [bound('a', 'n-1', 3900, 15.5)],
      pod: pending('both', 500, 1),
      explanation:
        '0/1 nodes: 1 lacks 1Gi free memory (largest free: 512Mi on n-1), 1 lacks 500m free cpu (largest free: 100m on n-1)',
      scheduler: '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.',
    },
    {
      name: 'the pod count (allocatable pods) is checked first',
      nodes: [worker('n-1', { podsAllocatable: 2 })],
      bound: [bound('a', 'n-1', 10), bound('b', 'n-1', 10)],
      pod: pending('third', 10),
      explanation: '0/1 nodes: 1 is full (allocatable pods reached)',
      scheduler: '0/1 nodes are available: 1 Too many pods.',
    },
    {
      name: 'a pod asking nothing still needs a pod slot',
      nodes: [worker('n-1', { podsAllocatable: 1 })],
      bound: [bound('a', 'n-1', 10)],
      pod: pending('zero', 0, 0),
      explanation: '0/1 nodes: 1 is full (allocatable pods reached)',
      scheduler: '0/1 nodes are available: 1 Too many pods.',
    },
    {
      name: 'terminal pods hold nothing',
      nodes: [worker('n-1')],
      bound: [bound('done', 'n-1', 4000, 1, { phase: 'Succeeded' })],
      pod: pending('p', 2000),
      explanation: '1/1 nodes',
      scheduler: null,
    },
    {
      name: 'GPUs per node, never pool totals',
      nodes: [
        worker('g-1', { gpuAllocatable: 8, gpuCapacity: 8 }),
        worker('g-2', { gpuAllocatable: 8, gpuCapacity: 8 }),
      ],
      bound: [bound('a', 'g-1', 100, 1, { gpuRequest: 6 }), bound('b', 'g-2', 100, 1, { gpuRequest: 5 })],
      pod: pending('gpu4', 100, 1, {}, { gpuRequest: 4 }),
      explanation: '0/2 nodes: 2 lack 4 free nvidia.com/gpu (largest free: 3 on g-2)',
      scheduler: '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.',
    },
    {
      name: 'an extended resource no node offers',
      nodes: [worker('n-1'), worker('n-2', { extendedAllocatable: { 'example.com/fpga': 2 } })],
      bound: [],
      pod: pending('fpga', 100, 1, { otherRequests: { 'example.com/fpga': 1 } }),
      explanation:
        "1/2 nodes: 1 lacks 1 free example.com/fpga (largest free: 0 on n-1); not checked: example.com/fpga checked against allocatable only (bound pods' use not kept)",
      scheduler: null,
    },
  ])('$name', ({ nodes, bound: pods, pod, explanation, scheduler }) => {
    const fit = fitPendingPod(pod, context(nodes, pods));
    expect(fit.explanation).toBe(explanation);
    expect(fit.schedulerStyle).toBe(scheduler);
  });

  it('unknown allocatable or requests are said, never taken as 0 free', () => {
    const nodes = [worker('n-1', { cpuAllocatable: null }), worker('n-2')];
    const pods = [bound('mystery', 'n-2', 0, 1, { cpuRequest: null })];
    const fit = fitPendingPod(pending('p', 1000), context(nodes, pods));
    expect(fit.fitting).toBe(2);
    expect(fit.unknown).toEqual(['cpu on 2 nodes (allocatable or bound requests unknown)']);
    expect(fit.explanation).toBe(
      '2/2 nodes; not checked: cpu on 2 nodes (allocatable or bound requests unknown)',
    );
  });

  it('the pod’s own request that is not a quantity is said', () => {
    const fit = fitPendingPod(pending('p', 0, 1, {}, { cpuRequest: null }), context([worker('n-1')]));
    expect(fit.explanation).toBe('1/1 nodes; not checked: its own cpu request (unknown)');
  });

  it('a 0-request pod fits anywhere its placement allows', () => {
    const fit = fitPendingPod(pending('tiny', 0, 0), context([worker('n-1')]));
    expect(fit).toMatchObject({ fitting: 1, nodesTotal: 1, reasons: [], unknown: [] });
    expect(GI).toBe(1073741824);
  });
});
