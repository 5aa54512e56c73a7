import { describe, expect, it } from 'vitest';
import { ObjectStore, type StoreChange } from '../../src/stores/object-store.ts';
import { node, pod } from '../support/records.ts';

const owner = (uid: string) => ({ kind: 'ReplicaSet', name: uid, uid, controller: true });

describe('ObjectStore', () => {
  it('indexes pods by node and by controller, and moves them when they change', () => {
    const store = new ObjectStore();
    store.upsert(pod('a', { nodeName: 'n1', controller: owner('rs1') }));
    store.upsert(pod('b', { nodeName: 'n1', controller: owner('rs2') }));
    store.upsert(pod('c', { nodeName: '', controller: owner('rs1') }));
    expect(
      store
        .podsOnNode('n1')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(
      store
        .podsOwnedBy('rs1')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['a', 'c']);

    store.upsert(pod('c', { resourceVersion: '2', nodeName: 'n2', controller: owner('rs1') }));
    expect(store.podsOnNode('n2').map((p) => p.name)).toEqual(['c']);

    store.upsert(pod('a', { resourceVersion: '2', nodeName: 'n3', controller: owner('rs1') }));
    expect(store.podsOnNode('n1').map((p) => p.name)).toEqual(['b']);

    store.remove('Pod', 'ml/b');
    expect(store.podsOnNode('n1')).toEqual([]);
    expect(store.podsOwnedBy('rs2')).toEqual([]);
  });

  it('ignores an upsert with the same uid and resourceVersion', () => {
    const store = new ObjectStore();
    const changes: StoreChange[] = [];
    store.onChange((c) => changes.push(c));
    expect(store.upsert(pod('a'))).toBe(true);
    expect(store.upsert(pod('a'))).toBe(false);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.deltas).toEqual([{ key: 'ml/a', previous: undefined, next: pod('a') }]);
    store.upsert(pod('a', { resourceVersion: '2' }));
    store.remove('Pod', 'ml/a');
    expect(
      changes.map((c) => [
        c.type,
        c.deltas[0]?.previous?.resourceVersion,
        c.deltas[0]?.next?.resourceVersion,
      ]),
    ).toEqual([
      ['upsert', undefined, '1'],
      ['upsert', '1', '2'],
      ['remove', '2', undefined],
    ]);
  });

  it('replaceAll removes records that vanished during a relist and keeps indexes right', () => {
    const store = new ObjectStore();
    store.upsert(pod('gone', { nodeName: 'n1' }));
    store.upsert(pod('kept', { nodeName: 'n1' }));
    store.upsert(pod('moved', { nodeName: 'n1' }));
    const change = store.replaceAll('Pod', [
      pod('kept', { nodeName: 'n1' }),
      pod('moved', { resourceVersion: '9', nodeName: 'n2' }),
      pod('new', { nodeName: 'n2' }),
    ]);
    expect(change.deltas.map((d) => d.key).sort()).toEqual(['ml/gone', 'ml/moved', 'ml/new']);
    // Each delta carries the record before and after, so listeners subtract what they had counted.
    const byKey = new Map(change.deltas.map((d) => [d.key, d]));
    expect(byKey.get('ml/gone')?.previous?.name).toBe('gone');
    expect(byKey.get('ml/gone')?.next).toBeUndefined();
    expect(byKey.get('ml/moved')?.previous?.resourceVersion).not.toBe('9');
    expect(byKey.get('ml/moved')?.next?.resourceVersion).toBe('9');
    expect(byKey.get('ml/new')?.previous).toBeUndefined();
    expect([...store.pods()].map((p) => p.name).sort()).toEqual(['kept', 'moved', 'new']);
    expect(store.podsOnNode('n1').map((p) => p.name)).toEqual(['kept']);
    expect(
      store
        .podsOnNode('n2')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['moved', 'new']);
  });

  it('keeps kinds apart and keys cluster-scoped objects by name', () => {
    const store = new ObjectStore();
    store.upsert(node('n1'));
    store.upsert(pod('n1'));
    expect(store.get('Node', 'n1')?.kind).toBe('Node');
    expect(store.get('Pod', 'ml/n1')?.kind).toBe('Pod');
    expect(store.count('Node')).toBe(1);
    expect(store.remove('Node', 'missing')).toBe(false);
  });
});
