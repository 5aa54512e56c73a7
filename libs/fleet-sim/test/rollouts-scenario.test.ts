import { describe, expect, it } from 'vitest';
import { createFleet } from '../src/fleet.ts';
import type { KubeObject } from '../src/model/types.ts';
import { ROLLOUT_TRUTH } from '../src/scenarios/rollouts.ts';

// The objects of the `rollouts` scenario, worded as the deployment controller, kubelet and scheduler
// write them. What the analysis makes of them is asserted through the API and the CLI
// (apps/api/test/integration/rollouts-scenario.test.ts).
const cluster = createFleet({ size: 'small', scenario: 'rollouts' }).cluster('prod-rollouts');

function owned(kind: string, uid: string, resource: string, namespace: string): KubeObject[] {
  return cluster
    .list(resource)
    .filter(
      (o) =>
        o.metadata.namespace === namespace &&
        (o.metadata.ownerReferences ?? []).some((r) => r.kind === kind && r.uid === uid),
    );
}

function deployment(namespace: string, name: string): KubeObject {
  const d = cluster
    .list('deployments')
    .find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
  if (d === undefined) throw new Error(`no deployment ${namespace}/${name}`);
  return d;
}

function revision(o: KubeObject): string {
  return (o.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/revision'] ?? '';
}

function podsOf(rs: KubeObject): KubeObject[] {
  return owned('ReplicaSet', rs.metadata.uid, 'pods', rs.metadata.namespace ?? '');
}

function eventsOf(o: KubeObject): { reason: string; message: string; type: string }[] {
  return cluster
    .list('events')
    .filter((e) => {
      const involved = e.involvedObject as Record<string, string>;
      return involved.name === o.metadata.name && involved.namespace === o.metadata.namespace;
    })
    .map((e) => ({ reason: String(e.reason), message: String(e.message), type: String(e.type) }));
}

describe('rollouts scenario objects', () => {
  it('a StatefulSet and a DaemonSet stopped by their first pod of the new revision', () => {
    const sts = cluster.list('statefulsets').find((o) => o.metadata.name === 'postgres') as KubeObject;
    const status = sts.status as Record<string, unknown>;
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 1 });
    const pods = owned('StatefulSet', sts.metadata.uid, 'pods', 'data');
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(['postgres-0', 'postgres-1', 'postgres-2']);
    const updated = pods.filter(
      (p) =>
        (p.metadata.labels as Record<string, string>)['controller-revision-hash'] === status.updateRevision,
    );
    expect(updated.map((p) => p.metadata.name)).toEqual(['postgres-2']);

    const ds = cluster.list('daemonsets').find((o) => o.metadata.name === 'dcgm-exporter') as KubeObject;
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 8,
      updatedNumberScheduled: 1,
      numberAvailable: 7,
    });
    const dsPods = owned('DaemonSet', ds.metadata.uid, 'pods', 'monitoring');
    expect(dsPods).toHaveLength(8);
    expect(new Set(dsPods.map((p) => (p.spec as { nodeName: string }).nodeName)).size).toBe(8);
    const fresh = dsPods.filter(
      (p) => (p.metadata.labels as Record<string, string>)['pod-template-generation'] === '2',
    );
    expect(fresh).toHaveLength(1);
    expect(eventsOf(fresh[0] as KubeObject).map((e) => e.reason)).toContain('Failed');
  });

  it.each(
    ROLLOUT_TRUTH.filter((t) => t.kind === 'Deployment').map((t) => [`${t.namespace}/${t.name}`, t] as const),
  )('%s: revision 2 rolling over revision 1, stopped where the controller stops', (_, truth) => {
    const d = deployment(truth.namespace, truth.name);
    expect(revision(d)).toBe('2');
    const sets = owned('Deployment', d.metadata.uid, 'replicasets', truth.namespace).sort((a, b) =>
      revision(a).localeCompare(revision(b)),
    );
    expect(sets.map(revision)).toEqual(['1', '2']);
    const [old, fresh] = sets as [KubeObject, KubeObject];
    const status = d.status as Record<string, number>;
    const quota = truth.action === 'fix quota';
    expect(podsOf(old)).toHaveLength(quota ? 4 : 3);
    expect(podsOf(fresh)).toHaveLength(quota ? 0 : 2);
    expect(status).toMatchObject({
      observedGeneration: 2,
      replicas: quota ? 4 : 5,
      updatedReplicas: quota ? 0 : 2,
      availableReplicas: quota ? 4 : 3,
    });
  });

  it('words each failure as kubelet, the scheduler and the ReplicaSet controller do', () => {
    const newPod = (ns: string, name: string): KubeObject => {
      const d = deployment(ns, name);
      const fresh = owned('Deployment', d.metadata.uid, 'replicasets', ns).find((rs) => revision(rs) === '2');
      return podsOf(fresh as KubeObject)[0] as KubeObject;
    };
    const statusOf = (p: KubeObject) =>
      (p.status as { containerStatuses: Record<string, Record<string, Record<string, unknown>>>[] })
        .containerStatuses[0] as Record<string, Record<string, Record<string, unknown>>>;

    const config = newPod('shop', 'orders');
    expect(statusOf(config).state?.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key DATABASE_URL in Secret shop/orders-db",
    });
    expect(eventsOf(config)).toContainEqual({
      reason: 'Failed',
      message: "Error: couldn't find key DATABASE_URL in Secret shop/orders-db",
      type: 'Warning',
    });

    const oom = newPod('inference', 'embedder');
    expect(statusOf(oom).state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(statusOf(oom).lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });

    const unready = newPod('shop', 'search-api');
    expect((unready.status as { phase: string }).phase).toBe('Running');
    expect(eventsOf(unready)).toContainEqual({
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      type: 'Warning',
    });

    const tainted = newPod('inference', 'vision-infer');
    const scheduled = (tainted.status as { conditions: Record<string, string>[] }).conditions.find(
      (c) => c.type === 'PodScheduled',
    );
    expect(scheduled?.reason).toBe('Unschedulable');
    expect(scheduled?.message).toMatch(
      /^0\/11 nodes are available: .*8 node\(s\) had untolerated taint\(s\)/,
    );

    const unbound = newPod('data', 'feature-store');
    expect(
      (unbound.status as { conditions: Record<string, string>[] }).conditions.find(
        (c) => c.type === 'PodScheduled',
      )?.message,
    ).toBe(
      '0/11 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/11 nodes are available: 11 Preemption is not helpful for scheduling.',
    );

    const scorer = deployment('ml-batch', 'batch-scorer');
    const failure = (scorer.status as { conditions: Record<string, string>[] }).conditions.find(
      (c) => c.type === 'ReplicaFailure',
    );
    expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    expect(failure?.message).toMatch(
      /^pods "batch-scorer-\S+" is forbidden: exceeded quota: ml-batch-gpu-quota, requested: requests\.nvidia\.com\/gpu=2, used: requests\.nvidia\.com\/gpu=8, limited: requests\.nvidia\.com\/gpu=8$/,
    );
    const fresh = owned('Deployment', scorer.metadata.uid, 'replicasets', 'ml-batch').find(
      (rs) => revision(rs) === '2',
    ) as KubeObject;
    expect(eventsOf(fresh).map((e) => `${e.type} ${e.reason} ${e.message.split(':')[0]}`)).toEqual([
      'Warning FailedCreate Error creating',
    ]);
  });
});

describe('rollouts scenario: the claim and the quota the stuck rollouts rest on', () => {
  it('the unbound claim is served Pending, naming a StorageClass that does not exist', () => {
    const claim = cluster.get('persistentvolumeclaims', 'data', 'feature-store-data');
    expect(claim?.spec).toMatchObject({ storageClassName: 'fast-nvme' });
    expect(claim?.status).toEqual({ phase: 'Pending' });
    const classes = cluster.list('storageclasses');
    expect(classes.map((c) => c.metadata.name)).not.toContain('fast-nvme');
    // The cluster's own default class exists: the claim names another one.
    expect(
      classes.filter(
        (c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
      ),
    ).toHaveLength(1);
  });

  it('the quota the GPU rollout exceeds is used up, as its FailedCreate says', () => {
    const quota = cluster.get('resourcequotas', 'ml-batch', 'ml-batch-gpu-quota');
    expect(quota?.status).toEqual({
      hard: { 'requests.nvidia.com/gpu': '8' },
      used: { 'requests.nvidia.com/gpu': '8' },
    });
    const failure = (
      (deployment('ml-batch', 'batch-scorer').status as { conditions: { type: string; message: string }[] })
        .conditions ?? []
    ).find((c) => c.type === 'ReplicaFailure');
    expect(failure?.message).toMatch(
      /exceeded quota: ml-batch-gpu-quota, requested: requests\.nvidia\.com\/gpu=2, used: requests\.nvidia\.com\/gpu=8, limited: requests\.nvidia\.com\/gpu=8$/,
    );
  });

  it('a cluster with GPU pools has the nvidia RuntimeClass', () => {
    expect(cluster.list('runtimeclasses').map((c) => [c.metadata.name, c.handler])).toEqual([
      ['nvidia', 'nvidia'],
    ]);
  });
});
