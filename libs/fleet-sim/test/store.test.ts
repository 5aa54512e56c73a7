import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { ObjectStore } from '../src/model/store.ts';
import type { KubeObject } from '../src/model/types.ts';
import { Random } from '../src/random.ts';

function cm(name: string, data: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'ns', uid: '', resourceVersion: '', creationTimestamp: '' },
    data: { v: data },
  };
}

function newStore(maxHistory?: number): ObjectStore {
  return new ObjectStore({
    clock: new ManualClock(),
    random: new Random(1),
    ...(maxHistory ? { maxHistory } : {}),
  });
}

describe('ObjectStore', () => {
  it('stamps every write with the next resourceVersion and server-owned identity', () => {
    const store = newStore();
    const a = store.put('configmaps', cm('a', '1'));
    const b = store.put('configmaps', cm('b', '1'));
    const a2 = store.update('configmaps', 'ns', 'a', (o) => {
      o.data = { v: '2' };
      o.metadata.uid = 'forged';
    });
    expect([a.metadata.resourceVersion, b.metadata.resourceVersion, a2?.metadata.resourceVersion]).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(a2?.metadata.uid).toBe(a.metadata.uid);
    expect(a.metadata.creationTimestamp).toBe('2026-01-15T08:00:00Z');
    const removed = store.remove('configmaps', 'ns', 'b');
    expect(removed?.metadata.resourceVersion).toBe('4');
    expect(store.list('configmaps').map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('rebuilds past snapshots and replays changes since a version', () => {
    const store = newStore();
    store.put('configmaps', cm('a', '1'));
    store.put('configmaps', cm('b', '1'));
    store.update('configmaps', 'ns', 'a', (o) => {
      o.data = { v: '2' };
    });
    store.remove('configmaps', 'ns', 'b');
    store.put('configmaps', cm('c', '1'));
    const at2 = store.snapshotAt('configmaps', 2);
    expect(at2?.map((o) => [o.metadata.name, o.data])).toEqual([
      ['a', { v: '1' }],
      ['b', { v: '1' }],
    ]);
    expect(
      store.changesSince('configmaps', 2)?.map((c) => `${c.type}:${c.object.metadata.name}@${c.rv}`),
    ).toEqual(['MODIFIED:a@3', 'DELETED:b@4', 'ADDED:c@5']);
    expect(store.snapshotAt('configmaps', 99)).toBeUndefined();
  });

  it('answers undefined for versions older than the compaction point', () => {
    const store = newStore();
    for (const n of ['a', 'b', 'c']) store.put('configmaps', cm(n, '1'));
    store.compact(2);
    expect(store.compactedRv()).toBe(2);
    expect(store.changesSince('configmaps', 1)).toBeUndefined();
    expect(store.changesSince('configmaps', 2)?.length).toBe(1);
    expect(store.snapshotAt('configmaps', 1)).toBeUndefined();
  });

  it('compacts automatically once history outgrows its window', () => {
    const store = newStore(10);
    for (let i = 0; i < 30; i++) store.put('configmaps', cm(`n${i}`, '1'));
    expect(store.compactedRv()).toBeGreaterThan(0);
    expect(store.changesSince('configmaps', 0)).toBeUndefined();
    expect(store.changesSince('configmaps', store.compactedRv())).toBeDefined();
  });

  it('tells listeners about every change', () => {
    const store = newStore();
    const seen: string[] = [];
    const off = store.subscribe((c) => seen.push(`${c.type}:${c.object.metadata.name}`));
    store.put('configmaps', cm('a', '1'));
    store.put('configmaps', cm('a', '2'));
    off();
    store.remove('configmaps', 'ns', 'a');
    expect(seen).toEqual(['ADDED:a', 'MODIFIED:a']);
  });

  it('lists one snapshot for every page of a list while writes go on, and new keys in order', () => {
    const store = newStore();
    for (const n of ['b', 'd', 'a']) store.put('configmaps', cm(n, '1'));
    const rv = store.latestRv();
    const first = store.listAt('configmaps', rv);
    store.update('configmaps', 'ns', 'a', (o) => {
      o.data = { v: '2' };
    });
    store.put('configmaps', cm('c', '1'));
    store.remove('configmaps', 'ns', 'd');
    const again = store.listAt('configmaps', rv);
    expect(again?.map((o) => `${o.metadata.name}=${(o.data as { v?: string } | undefined)?.v}`)).toEqual([
      'a=1',
      'b=1',
      'd=1',
    ]);
    expect(again).toEqual(first);
    expect(
      store
        .listAt('configmaps', store.latestRv())
        ?.map((o) => `${o.metadata.name}=${(o.data as { v?: string } | undefined)?.v}`),
    ).toEqual(['a=2', 'b=1', 'c=1']);
    expect(store.list('configmaps').map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(store.listAt('configmaps', store.latestRv() + 1)).toBeUndefined();
    store.compact();
    expect(store.listAt('configmaps', rv)).toBeUndefined();
  });
});
