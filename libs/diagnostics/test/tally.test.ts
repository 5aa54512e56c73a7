import type { GpuTotals, NodeCounts, PodCounts, WorkloadCounts } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { type TallyInput, tallyCluster } from '../src/index.ts';
import { crashLoopContainer, deployment, endpointSlice, node, pod, service } from './factories.ts';

const EMPTY: TallyInput = { nodes: [], pods: [], deployments: [], services: [], endpointSlices: [] };

describe('tallyCluster: GPU arithmetic', () => {
  it.each<{ name: string; input: Partial<TallyInput>; expected: GpuTotals }>([
    {
      name: 'Ready nodes count as allocatable',
      input: { nodes: [node('a'), node('b', { gpuAllocatable: 4 })] },
      expected: { allocatable: 12, allocated: 0, pending: 0, unusable: 0 },
    },
    {
      name: 'NotReady and Unknown nodes are unusable, not allocatable',
      input: {
        nodes: [node('a'), node('b', { ready: false }), node('c', { ready: null, gpuAllocatable: 4 })],
      },
      expected: { allocatable: 8, allocated: 0, pending: 0, unusable: 12 },
    },
    {
      name: 'a cordoned Ready node counts in both allocatable and unusable',
      input: { nodes: [node('a', { unschedulable: true }), node('b')] },
      expected: { allocatable: 16, allocated: 0, pending: 0, unusable: 8 },
    },
    {
      name: 'a cordoned NotReady node is counted once in unusable',
      input: { nodes: [node('a', { unschedulable: true, ready: false })] },
      expected: { allocatable: 0, allocated: 0, pending: 0, unusable: 8 },
    },
    {
      name: 'bound non-terminal pods are allocated, whatever the phase',
      input: {
        pods: [
          pod('run', { gpuRequest: 4 }),
          pod('starting', { phase: 'Pending', gpuRequest: 2 }),
          pod('lost', { phase: 'Unknown', gpuRequest: 1 }),
          pod('terminating', { gpuRequest: 1, deletionTimestamp: 1 }),
        ],
      },
      expected: { allocatable: 0, allocated: 8, pending: 0, unusable: 0 },
    },
    {
      name: 'terminal pods hold no GPUs',
      input: {
        pods: [
          pod('done', { phase: 'Succeeded', gpuRequest: 8 }),
          pod('failed', { phase: 'Failed', gpuRequest: 8 }),
        ],
      },
      expected: { allocatable: 0, allocated: 0, pending: 0, unusable: 0 },
    },
    {
      name: 'unbound pods are pending',
      input: {
        pods: [
          pod('waiting', { phase: 'Pending', nodeName: '', gpuRequest: 4 }),
          pod('waiting-2', { phase: 'Pending', nodeName: '', gpuRequest: 4 }),
          pod('failed-unbound', { phase: 'Failed', nodeName: '', gpuRequest: 4 }),
        ],
      },
      expected: { allocatable: 0, allocated: 0, pending: 8, unusable: 0 },
    },
  ])('$name', ({ input, expected }) => {
    expect(tallyCluster({ ...EMPTY, ...input }).gpus).toEqual(expected);
  });
});

describe('tallyCluster: counts', () => {
  it('counts nodes by Ready state and cordon', () => {
    const nodes = [
      node('a'),
      node('b', { unschedulable: true }),
      node('c', { ready: false }),
      node('d', { ready: null, unschedulable: true }),
    ];
    expect(tallyCluster({ ...EMPTY, nodes }).nodes).toEqual<NodeCounts>({
      total: 4,
      ready: 2,
      notReady: 1,
      unknown: 1,
      cordoned: 2,
    });
  });

  it('counts pods by phase, readiness and crash loop', () => {
    const pods = [
      pod('run'),
      pod('run-unready', { ready: false }),
      pod('run-crash', { ready: false, containers: [crashLoopContainer()] }),
      pod('pending', { phase: 'Pending', ready: false, nodeName: '' }),
      pod('pending-crash', { phase: 'Pending', ready: false, containers: [crashLoopContainer()] }),
      pod('failed-crash', { phase: 'Failed', ready: false, containers: [crashLoopContainer()] }),
      pod('done', { phase: 'Succeeded', ready: false }),
      pod('deleting', { deletionTimestamp: 1 }),
      pod('unknown', { phase: 'Unknown', ready: false }),
    ];
    expect(tallyCluster({ ...EMPTY, pods }).pods).toEqual<PodCounts>({
      total: 9,
      running: 4,
      ready: 2,
      pending: 2,
      failed: 1,
      succeeded: 1,
      crashLooping: 2,
    });
  });

  it('counts workloads and services without ready endpoints', () => {
    const input: TallyInput = {
      ...EMPTY,
      deployments: [
        deployment('ok'),
        deployment('short', { replicas: 3, availableReplicas: 1 }),
        deployment('zero', { replicas: 0, availableReplicas: 0 }),
        deployment('surge', { replicas: 2, availableReplicas: 3 }),
      ],
      services: [
        service('with-endpoints'),
        service('split-across-slices'),
        service('none-ready'),
        service('no-slices'),
        service('other-namespace'),
        service('headless-manual', { selector: {} }),
        service('alias', { type: 'ExternalName', selector: { app: 'x' } }),
      ],
      endpointSlices: [
        endpointSlice('with-endpoints', 2),
        endpointSlice('split-across-slices', 0),
        endpointSlice('split-across-slices', 1),
        endpointSlice('none-ready', 0, { endpoints: 3 }),
        endpointSlice('other-namespace', 2, { namespace: 'elsewhere' }),
        endpointSlice('', 5),
      ],
    };
    const tally = tallyCluster(input);
    expect(tally.workloads).toEqual<WorkloadCounts>({
      deployments: 4,
      deploymentsAvailable: 3,
      services: 7,
      servicesWithoutEndpoints: 3,
    });
    expect(tally.servicesWithoutEndpoints.map((s) => s.name).sort()).toEqual([
      'no-slices',
      'none-ready',
      'other-namespace',
    ]);
    expect(tally.servicesWithSelector).toBe(5);
    expect(tally.servingDeployments).toBe(3);
  });

  it('walks one-shot iterables (generators) once', () => {
    function* nodes() {
      yield node('a');
      yield node('b', { ready: false });
    }
    const tally = tallyCluster({ ...EMPTY, nodes: nodes() });
    expect(tally.nodes.total).toBe(2);
    expect(tally.notReadyNodes.map((n) => n.name)).toEqual(['b']);
  });
});
