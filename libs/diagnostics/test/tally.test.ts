import type { GpuTotals, NodeCounts, PodCounts, WorkloadCounts } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { type TallyInput, tallyCluster } from '../src/index.ts';
import { crashLoopContainer, deployment, endpointSlice, node, pod, service } from './factories.ts';

const EMPTY: TallyInput = { nodes: [], pods: [], deployments: [], services: [], endpointSlices: [] };

describe('tallyCluster: GPU arithmetic', () => {
  it.each<{ name: string; input: Partial<TallyInput>; expected: Omit<GpuTotals, 'byResource'> }>([
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
    const { byResource: _, ...whole } = tallyCluster({ ...EMPTY, ...input }).gpus;
    expect(whole).toEqual(expected);
  });
});

describe('tallyCluster: each GPU-like resource apart', () => {
  const MIG_1G = 'nvidia.com/mig-1g.10gb';
  const MIG_3G = 'nvidia.com/mig-3g.40gb';
  const SHARED = 'nvidia.com/gpu.shared';
  const totals = (
    resource: string,
    allocatable: number,
    allocated: number,
    pending: number,
    unusable = 0,
  ) => ({
    resource,
    allocatable,
    allocated,
    pending,
    unusable,
  });
  it.each<{ name: string; input: Partial<TallyInput>; whole: number; byResource: GpuTotals['byResource'] }>([
    {
      name: 'a mixed-MIG pool has no whole GPUs, but its slices are counted per profile',
      input: {
        nodes: [
          node('mig-a', { gpuAllocatable: 0, gpuExtended: { [MIG_1G]: 14, [MIG_3G]: 4 } }),
          node('mig-b', { gpuAllocatable: 0, gpuExtended: { [MIG_1G]: 14 }, ready: false }),
        ],
        pods: [
          pod('infer', { nodeName: 'mig-a', gpuRequest: 0, gpuExtendedRequest: { [MIG_1G]: 2 } }),
          pod('queued', {
            phase: 'Pending',
            nodeName: '',
            gpuRequest: 0,
            gpuExtendedRequest: { [MIG_3G]: 1 },
          }),
        ],
      },
      whole: 0,
      byResource: [totals(MIG_1G, 14, 2, 0, 14), totals(MIG_3G, 4, 0, 1)],
    },
    {
      name: 'whole GPUs first, shared replicas never added to them',
      input: {
        nodes: [node('h100'), node('l4', { gpuAllocatable: 0, gpuExtended: { [SHARED]: 16 } })],
        pods: [
          pod('train', { gpuRequest: 8 }),
          pod('notebook', { nodeName: 'l4', gpuRequest: 0, gpuExtendedRequest: { [SHARED]: 3 } }),
        ],
      },
      whole: 8,
      byResource: [totals('nvidia.com/gpu', 8, 8, 0), totals(SHARED, 16, 3, 0)],
    },
    {
      name: 'no GPU anywhere: nothing listed',
      input: { nodes: [node('cpu', { gpuAllocatable: 0 })] },
      whole: 0,
      byResource: [],
    },
  ])('$name', ({ input, whole, byResource }) => {
    const gpus = tallyCluster({ ...EMPTY, ...input }).gpus;
    expect(gpus.allocatable).toBe(whole);
    expect(gpus.byResource).toEqual(byResource);
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

describe('tallyCluster: init containers count like app containers', () => {
  it('a pod whose init container crash-loops is crash-looping', () => {
    const stuck = pod('init-loop', {
      phase: 'Pending',
      ready: false,
      containers: [
        { ...crashLoopContainer(), name: 'nccl-preflight', init: true },
        { ...crashLoopContainer(0), name: 'trainer', waitingReason: 'PodInitializing' },
      ],
    });
    const tally = tallyCluster({ ...EMPTY, pods: [stuck] });
    expect(tally.pods.crashLooping).toBe(1);
    expect(tally.crashLoopingPods.map((p) => p.name)).toEqual(['init-loop']);
  });
});
