import { describe, expect, it } from 'vitest';
import { PodChurn } from '../src/churn.ts';
import { createFleet } from '../src/fleet.ts';
import { arr, at, rec, str } from '../src/model/access.ts';
import type { KubeObject } from '../src/model/types.ts';
import { Random } from '../src/random.ts';

function ready(pod: KubeObject | undefined): boolean {
  return arr(at(pod, 'status', 'conditions')).some(
    (c) => str(rec(c).type) === 'Ready' && str(rec(c).status) === 'True',
  );
}

function podOf(
  cluster: ReturnType<typeof createFleet>['clusters'][number],
  id: string,
): KubeObject | undefined {
  const [namespace, name] = id.split('/');
  return cluster.get('pods', namespace, name ?? '');
}

describe('PodChurn', () => {
  it('changes exactly the pods it was asked to, and says which', () => {
    const fleet = createFleet({ scenario: 'healthy', size: 'demo', seed: 3 });
    const cluster = fleet.clusters[0];
    if (!cluster) throw new Error('no cluster');
    const churn = new PodChurn(cluster, new Random(9), { notReadyShare: 0.25, notReadySteps: 2 });
    const podsBefore = cluster.store.count('pods');
    const changes: string[] = [];
    const stop = cluster.store.subscribe((c) => {
      if (c.resource === 'pods') changes.push(`${c.type} ${c.object.metadata.name}`);
    });

    const first = churn.step(9);
    expect(first.seq).toBe(1);
    expect(first.changed).toBe(9);
    expect(changes).toHaveLength(9);
    expect(first.notReady).toHaveLength(2);
    expect(first.recovered).toEqual([]);
    expect(first.marker).toMatch(/\/churn-marker-1$/);
    expect(ready(podOf(cluster, first.marker))).toBe(true);
    expect(podOf(cluster, first.marker)?.metadata.ownerReferences).toBeUndefined();
    for (const id of first.notReady) expect(ready(podOf(cluster, id))).toBe(false);
    // One marker pod per step: the pod count tells which step a view reflects.
    expect(cluster.store.count('pods')).toBe(podsBefore + 1);

    churn.step(9);
    const third = churn.step(9);
    // Pods turned not Ready in step 1 are Ready again in step 3, within the step's count.
    expect([...third.recovered].sort()).toEqual([...first.notReady].sort());
    for (const id of first.notReady) expect(ready(podOf(cluster, id))).toBe(true);
    expect(third.changed).toBe(9);
    expect(changes).toHaveLength(27);
    expect(cluster.store.count('pods')).toBe(podsBefore + 3);
    stop();
  });

  it('refuses counts and shares it cannot honour', () => {
    const fleet = createFleet({ scenario: 'healthy', size: 'small', seed: 3 });
    const cluster = fleet.clusters[0];
    if (!cluster) throw new Error('no cluster');
    expect(() => new PodChurn(cluster, new Random(1), { notReadyShare: 2 })).toThrow(/notReadyShare/);
    expect(() => new PodChurn(cluster, new Random(1)).step(0)).toThrow(/count/);
  });
});
