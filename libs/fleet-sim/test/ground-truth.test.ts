import { describe, expect, it } from 'vitest';
import { createFleet } from '../src/fleet.ts';
import { rec } from '../src/model/access.ts';
import type { KubeObject } from '../src/model/types.ts';
import type { ScenarioSpec } from '../src/scenarios/spec.ts';

const tiny: ScenarioSpec = {
  name: 'tiny',
  description: 'one CPU node, two 4-GPU nodes',
  clusters: [
    {
      name: 'tiny',
      region: 'lab',
      zones: ['lab-a'],
      version: 'v1.35.2',
      provider: 'onprem',
      pools: [
        {
          name: 'system',
          poolLabel: 'pool',
          instanceType: 'cpu',
          nodes: { small: 1, demo: 1 },
          cpu: 8,
          memoryGi: 32,
        },
        {
          name: 'gpu',
          poolLabel: 'pool',
          instanceType: 'gpu4',
          nodes: { small: 2, demo: 2 },
          cpu: 32,
          memoryGi: 256,
          gpu: {
            product: 'NVIDIA-L40S',
            count: 4,
            memoryMiB: 46068,
            family: 'ada-lovelace',
            computeMajor: 8,
            computeMinor: 9,
            driver: '570.133.20',
            cuda: '12.8',
          },
        },
      ],
      workloads: [
        {
          namespace: 'ml',
          name: 'trainer',
          pool: 'gpu',
          replicas: { small: 1, demo: 1 },
          role: 'training',
          image: 'img:1',
          cpu: '4',
          memory: '16Gi',
          gpus: 2,
        },
        {
          namespace: 'web',
          name: 'web',
          pool: 'system',
          replicas: { small: 2, demo: 2 },
          role: 'service',
          image: 'img:1',
          cpu: '1',
          memory: '1Gi',
          servicePort: 8080,
        },
      ],
      incidents: [],
    },
  ],
};

function pod(
  name: string,
  opts: { node?: string; phase: string; gpus?: number; initGpus?: number; ready?: boolean; waiting?: string },
): KubeObject {
  const gpu = (n: number | undefined): Record<string, unknown> =>
    n ? { limits: { 'nvidia.com/gpu': String(n) } } : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ml', uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      containers: [{ name: 'main', image: 'img:1', resources: gpu(opts.gpus) }],
      ...(opts.initGpus
        ? { initContainers: [{ name: 'init', image: 'img:1', resources: gpu(opts.initGpus) }] }
        : {}),
    },
    status: {
      phase: opts.phase,
      conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'main',
          ready: opts.ready ?? false,
          restartCount: 0,
          state: opts.waiting ? { waiting: { reason: opts.waiting } } : {},
        },
      ],
    },
  };
}

describe('groundTruth', () => {
  it('equals a hand count on a tiny fleet', () => {
    const fleet = createFleet({ scenario: tiny, size: 'small' });
    const c = fleet.cluster('tiny');
    const nodes = c.list('nodes').map((n) => n.metadata.name);
    expect(nodes).toEqual(['tiny-gpu-0', 'tiny-gpu-1', 'tiny-system-0']);

    c.upsert(pod('init-heavy', { node: 'tiny-gpu-1', phase: 'Running', gpus: 1, initGpus: 3, ready: true }));
    c.upsert(pod('waiting', { phase: 'Pending', gpus: 2 }));
    c.upsert(pod('failed', { node: 'tiny-gpu-1', phase: 'Failed', gpus: 1, waiting: 'CrashLoopBackOff' }));
    c.upsert(pod('done', { node: 'tiny-gpu-1', phase: 'Succeeded', gpus: 1 }));
    c.upsert(pod('looper', { node: 'tiny-system-0', phase: 'Running', waiting: 'CrashLoopBackOff' }));
    c.setNodeReady('tiny-gpu-0', false);
    c.cordonNode('tiny-system-0');
    const web = c.get('services', 'web', 'web') as KubeObject;
    c.upsert({
      ...web,
      metadata: { ...web.metadata, name: 'orphan', uid: '', resourceVersion: '' },
      spec: {
        ...rec(web.spec),
        selector: { app: 'nobody' },
        clusterIP: '172.20.0.99',
        clusterIPs: ['172.20.0.99'],
      },
    });
    c.upsert({
      ...web,
      metadata: { ...web.metadata, name: 'external', uid: '', resourceVersion: '' },
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
    });
    const trainer = c.get('deployments', 'ml', 'trainer') as KubeObject;
    c.upsert({
      ...trainer,
      metadata: { ...trainer.metadata, name: 'half', uid: '', resourceVersion: '' },
      spec: { ...rec(trainer.spec), replicas: 3 },
      status: { availableReplicas: 2 },
    });

    const truth = fleet.groundTruth('tiny');
    expect(truth.nodes).toEqual({ total: 3, ready: 2, notReady: 1, unknown: 0, cordoned: 1 });
    // trainer (2 GPUs, init 2) was placed on tiny-gpu-0 (least allocated, first); it stays allocated there.
    expect(c.list('pods', 'ml').find((p) => p.metadata.name.startsWith('trainer-'))?.spec).toMatchObject({
      nodeName: 'tiny-gpu-0',
    });
    expect(truth.pods).toEqual({
      total: 8,
      running: 5,
      ready: 4,
      pending: 1,
      failed: 1,
      succeeded: 1,
      crashLooping: 1,
    });
    // allocatable: only tiny-gpu-1 is Ready (4); unusable: tiny-gpu-0 NotReady (4), system cordoned (0 GPUs);
    // allocated: trainer 2 + init-heavy max(1, 3) = 5; pending: 2.
    expect(truth.gpus).toEqual({
      allocatable: 4,
      allocated: 5,
      pending: 2,
      unusable: 4,
      byResource: [{ resource: 'nvidia.com/gpu', allocatable: 4, allocated: 5, pending: 2, unusable: 4 }],
    });
    // services: kubernetes, web, orphan, external; only orphan has a selector and no ready endpoint.
    expect(truth.workloads).toEqual({
      deployments: 3,
      deploymentsAvailable: 2,
      services: 4,
      servicesWithoutEndpoints: 1,
    });

    c.update('endpointslices', 'web', c.list('endpointslices', 'web')[0]?.metadata.name ?? '', (s) => {
      for (const e of s.endpoints as { conditions: { ready: boolean } }[]) e.conditions.ready = false;
    });
    c.setNodeReady('tiny-gpu-0', 'Unknown');
    c.cordonNode('tiny-system-0', false);
    const later = fleet.groundTruth('tiny');
    expect(later.workloads.servicesWithoutEndpoints).toBe(2);
    expect(later.nodes).toEqual({ total: 3, ready: 2, notReady: 0, unknown: 1, cordoned: 0 });
  });

  it('reports the demo incidents', () => {
    const fleet = createFleet({ size: 'small' });
    const east = fleet.groundTruth('prod-us-east');
    // llm-sweep-4gpu (unschedulable) and nccl-allreduce-check (Init:CrashLoopBackOff) are Pending;
    // reranker and nccl-allreduce-check crash-loop (an init container counts like an app container).
    expect(east.pods.pending).toBe(2);
    expect(east.pods.crashLooping).toBe(2);
    expect(east.gpus.pending).toBe(4);
    expect(east.nodes.unknown).toBe(1);
    expect(east.workloads.deployments - east.workloads.deploymentsAvailable).toBe(3);
    const west = fleet.groundTruth('prod-eu-west');
    expect(west.nodes.cordoned).toBe(1);
    expect(west.gpus.unusable).toBe(4);
    expect(west.workloads.servicesWithoutEndpoints).toBe(1);
  });

  it('reports nothing wrong for the healthy scenario', () => {
    const fleet = createFleet({ scenario: 'healthy', size: 'small' });
    for (const c of fleet.clusters) {
      const t = fleet.groundTruth(c.name);
      expect(t.nodes.ready).toBe(t.nodes.total);
      expect(t.nodes.cordoned).toBe(0);
      expect(t.pods.ready).toBe(t.pods.total);
      expect(t.pods.pending + t.pods.crashLooping + t.pods.failed).toBe(0);
      expect(t.gpus.pending + t.gpus.unusable).toBe(0);
      expect(t.gpus.allocated).toBeLessThanOrEqual(t.gpus.allocatable);
      expect(t.workloads.deploymentsAvailable).toBe(t.workloads.deployments);
      expect(t.workloads.servicesWithoutEndpoints).toBe(0);
    }
  });
});
