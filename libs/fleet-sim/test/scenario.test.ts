import { describe, expect, it } from 'vitest';
import { createFleet } from '../src/fleet.ts';
import { arr, at, rec, str, stringMap } from '../src/model/access.ts';
import type { KubeObject } from '../src/model/types.ts';

const fleet = createFleet({ size: 'small' });
const east = fleet.cluster('prod-us-east');
const west = fleet.cluster('prod-eu-west');
const openb = fleet.cluster('openb');

function labelsOf(o: KubeObject): Record<string, string> {
  return stringMap(o.metadata.labels);
}

describe('demo scenario objects', () => {
  it('has three clusters and at least three GPU pools', () => {
    expect(fleet.clusters.map((c) => c.name)).toEqual(['prod-us-east', 'prod-eu-west', 'openb']);
    const pools = new Set(
      fleet.clusters.flatMap((c) =>
        c
          .list('nodes')
          .filter((n) => labelsOf(n)['nvidia.com/gpu.present'] === 'true')
          .map(
            (n) =>
              `${c.name}/${labelsOf(n)['karpenter.sh/nodepool'] ?? labelsOf(n)['cloud.google.com/gke-nodepool'] ?? labelsOf(n)['nvidia.com/gpu.product']}`,
          ),
      ),
    );
    expect(pools.size).toBeGreaterThanOrEqual(3);
  });

  it('labels, taints and sizes GPU nodes like GPU Feature Discovery and the device plugin', () => {
    const h100 = east
      .list('nodes')
      .find((n) => labelsOf(n)['karpenter.sh/nodepool'] === 'h100-sxm') as KubeObject;
    expect(labelsOf(h100)).toMatchObject({
      'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
      'nvidia.com/gpu.count': '8',
      'nvidia.com/gpu.present': 'true',
      'node.kubernetes.io/instance-type': 'p5.48xlarge',
    });
    expect(labelsOf(h100)['kubernetes.io/hostname']).toBe(h100.metadata.name);
    expect(at(h100, 'spec', 'taints')).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(at(h100, 'status', 'allocatable', 'nvidia.com/gpu')).toBe('8');
    const ready = arr(at(h100, 'status', 'conditions')).find((c) => str(rec(c).type) === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady' });

    const mig = east
      .list('nodes')
      .find((n) => labelsOf(n)['nvidia.com/mig.strategy'] === 'mixed') as KubeObject;
    expect(labelsOf(mig)['nvidia.com/mig.config.state']).toBe('success');
    expect(at(mig, 'status', 'allocatable')).toMatchObject({
      'nvidia.com/gpu': '0',
      'nvidia.com/mig-1g.10gb': '16',
    });

    const l4 = west
      .list('nodes')
      .find((n) => labelsOf(n)['cloud.google.com/gke-nodepool'] === 'l4-shared') as KubeObject;
    expect(labelsOf(l4)).toMatchObject({
      'nvidia.com/gpu.product': 'NVIDIA-L4-SHARED',
      'nvidia.com/gpu.count': '1',
      'nvidia.com/gpu.replicas': '4',
      'nvidia.com/gpu.sharing-strategy': 'time-slicing',
    });
    expect(at(l4, 'status', 'allocatable', 'nvidia.com/gpu')).toBe('4');
  });

  it('chains Pod → ReplicaSet → Deployment with controller owner references', () => {
    for (const pod of east.list('pods')) {
      const owner = pod.metadata.ownerReferences?.[0];
      expect(owner).toMatchObject({ kind: 'ReplicaSet', controller: true });
      const rs = east.get('replicasets', pod.metadata.namespace, owner?.name ?? '') as KubeObject;
      expect(rs.metadata.uid).toBe(owner?.uid);
      expect(labelsOf(pod)['pod-template-hash']).toBe(labelsOf(rs)['pod-template-hash']);
      expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
      const dep = rs.metadata.ownerReferences?.[0];
      expect(east.get('deployments', pod.metadata.namespace, dep?.name ?? '')?.metadata.uid).toBe(dep?.uid);
      expect(pod.metadata.managedFields?.length).toBeGreaterThan(0);
    }
  });

  it('words the pending 4-GPU pod and the crash loop like kube-scheduler and kubelet', () => {
    const events = east.list('events');
    const failed = events.find((e) => e.reason === 'FailedScheduling') as KubeObject;
    expect(failed).toMatchObject({ type: 'Warning', source: { component: 'default-scheduler' } });
    const nodes = east.list('nodes').length;
    expect(failed.message).toMatch(
      new RegExp(
        `^0/${nodes} nodes are available: .*Insufficient nvidia\\.com/gpu.*\\. preemption: 0/${nodes} nodes are available: .*\\.$`,
      ),
    );
    const histogram = /available: (.*?)\. preemption/.exec(String(failed.message))?.[1]?.split(', ') ?? [];
    expect(histogram).toEqual([...histogram].sort());
    const pending = east.list('pods').find((p) => str(at(p, 'status', 'phase')) === 'Pending') as KubeObject;
    expect(arr(at(pending, 'status', 'conditions'))[0]).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: failed.message,
    });

    const backOff = events.find((e) => e.reason === 'BackOff') as KubeObject;
    const crashing = east.get(
      'pods',
      'inference',
      str(at(backOff, 'involvedObject', 'name')) ?? '',
    ) as KubeObject;
    expect(backOff.message).toBe(
      `Back-off restarting failed container server in pod ${crashing.metadata.name}_inference(${crashing.metadata.uid})`,
    );
    expect(at(crashing, 'status', 'containerStatuses')).toMatchObject([
      {
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error' } },
      },
    ]);
  });

  it('publishes EndpointSlices for Services, empty for the orphan Service', () => {
    const slices = west.list('endpointslices');
    const serve = slices.find(
      (s) => labelsOf(s)['kubernetes.io/service-name'] === 'llm-serve-l4',
    ) as KubeObject;
    expect(arr(serve.endpoints).every((e) => at(e, 'conditions', 'ready') === true)).toBe(true);
    const orphan = slices.find(
      (s) => labelsOf(s)['kubernetes.io/service-name'] === 'legacy-ranker',
    ) as KubeObject;
    expect(orphan.endpoints).toBeNull();
  });

  it('builds the openb cluster from the trace, fractional tasks taking one whole GPU', () => {
    const nodes = openb.list('nodes').filter((n) => n.metadata.name.startsWith('openb-node-'));
    expect(nodes[0]?.metadata.name).toBe('openb-node-0000');
    const fractional = openb
      .list('pods', 'openb')
      .find((p) => Number(p.metadata.annotations?.['openb.fleetscope.dev/gpu-milli']) < 1000) as KubeObject;
    expect(fractional.metadata.annotations?.['openb.fleetscope.dev/task']).toMatch(/^openb-pod-\d{4}$/);
    expect(at(fractional, 'spec', 'containers')).toMatchObject([
      { resources: { limits: { 'nvidia.com/gpu': '1' } } },
    ]);
  });
});
