import type { ContainerStateRecord, OwnerRef, PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../src/stores/object-store.ts';
import { SharedObjects, SharedStrings } from '../../src/stores/shared-values.ts';
import { pod } from '../support/records.ts';

const owner = (rs: string): OwnerRef => ({
  kind: 'ReplicaSet',
  name: rs,
  uid: `uid-${rs}`,
  controller: true,
});
const running = (name: string, restartCount = 0): ContainerStateRecord => ({
  name,
  init: false,
  ready: true,
  restartCount,
  waitingReason: '',
  waitingMessage: '',
  lastTerminationReason: '',
  lastExitCode: null,
});

/**
 * A pod as projection makes it: every string a fresh copy (as JSON.parse returns them), every object
 * its own. `unique` changes nothing but the instances.
 */
function projectedPod(
  name: string,
  rs: string,
  nodeName: string,
  overrides: Partial<PodRecord> = {},
): PodRecord {
  const fresh = (s: string): string => `${s}#`.slice(0, -1);
  return pod(name, {
    namespace: fresh('ml'),
    nodeName: fresh(nodeName),
    controller: owner(fresh(rs)),
    labels: { app: fresh('train'), 'pod-template-hash': fresh(rs) },
    gpuExtendedRequest: {},
    containers: [running(fresh('main'))],
    ...overrides,
  });
}

const key = (name: string): string => `ml/${name}`;
const stored = (store: ObjectStore, name: string): PodRecord => {
  const record = store.get('Pod', key(name));
  if (!record) throw new Error(`${name} not stored`);
  return record;
};
const EMPTY = { strings: 0, owners: 0, labels: 0, amounts: 0, containers: 0 };

describe('ObjectStore: pods share what they hold in common', () => {
  it('gives pods of one ReplicaSet on one node the same instances, equal to what was projected', () => {
    const store = new ObjectStore();
    const a = projectedPod('a', 'rs1', 'n1');
    const b = projectedPod('b', 'rs1', 'n1');
    const expectedA = structuredClone(a);
    store.upsert(a);
    store.upsert(b);
    const [sa, sb] = [stored(store, 'a'), stored(store, 'b')];
    // What analysis reads is unchanged…
    expect(sa).toEqual(expectedA);
    expect(sb.labels).toEqual({ app: 'train', 'pod-template-hash': 'rs1' });
    // …and held once.
    expect(sb.controller).toBe(sa.controller);
    expect(sb.labels).toBe(sa.labels);
    expect(sb.containers).toBe(sa.containers);
    expect(sb.gpuExtendedRequest).toBe(sa.gpuExtendedRequest);
    expect(Object.isFrozen(sa.labels)).toBe(true);
    expect(Object.isFrozen(sa.containers[0])).toBe(true);
    expect(store.sharedValueCounts()).toEqual({
      strings: 2,
      owners: 1,
      labels: 1,
      amounts: 1,
      containers: 1,
    });
  });

  it('keeps apart values that differ in anything, order of labels included', () => {
    const store = new ObjectStore();
    store.upsert(projectedPod('a', 'rs1', 'n1'));
    store.upsert(projectedPod('b', 'rs1', 'n1', { labels: { 'pod-template-hash': 'rs1', app: 'train' } }));
    store.upsert(projectedPod('c', 'rs1', 'n1', { containers: [running('main', 1)] }));
    store.upsert(projectedPod('d', 'rs1', 'n1', { controller: { ...owner('rs1'), uid: 'other' } }));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => stored(store, n)) as PodRecord[];
    expect(Object.keys(b?.labels ?? {})).toEqual(['pod-template-hash', 'app']);
    expect(b?.labels).not.toBe(a?.labels);
    expect(c?.containers).not.toBe(a?.containers);
    expect(c?.containers[0]?.restartCount).toBe(1);
    expect(d?.controller).not.toBe(a?.controller);
    expect(d?.controller?.uid).toBe('other');
  });

  it('does not share container lists with a waiting message (kubelet names the pod in it)', () => {
    const store = new ObjectStore();
    const waiting = (): ContainerStateRecord[] => [
      {
        ...running('main'),
        ready: false,
        waitingReason: 'CrashLoopBackOff',
        waitingMessage: 'back-off 5m0s',
      },
    ];
    store.upsert(projectedPod('a', 'rs1', 'n1', { containers: waiting() }));
    store.upsert(projectedPod('b', 'rs1', 'n1', { containers: waiting() }));
    expect(stored(store, 'b').containers).not.toBe(stored(store, 'a').containers);
    expect(stored(store, 'b').containers).toEqual(waiting());
    expect(store.sharedValueCounts().containers).toBe(0);
  });

  it('carries unchanged values over from the record an event replaces', () => {
    const store = new ObjectStore();
    store.upsert(projectedPod('a', 'rs1', 'n1'));
    const before = stored(store, 'a');
    store.upsert(projectedPod('a', 'rs1', 'n1', { resourceVersion: '2', containers: [running('main', 1)] }));
    const after = stored(store, 'a');
    expect(after.labels).toBe(before.labels);
    expect(after.controller).toBe(before.controller);
    expect(after.containers).not.toBe(before.containers);
    expect(after.containers[0]?.restartCount).toBe(1);
    // The old container list was this pod's alone: it left the table with the old record.
    expect(store.sharedValueCounts()).toEqual({
      strings: 2,
      owners: 1,
      labels: 1,
      amounts: 1,
      containers: 1,
    });
  });

  it('releases a removed record’s values, and keeps those other records still use', () => {
    const store = new ObjectStore();
    store.upsert(projectedPod('a', 'rs1', 'n1'));
    store.upsert(projectedPod('b', 'rs2', 'n2', { namespace: 'ml' }));
    expect(store.sharedValueCounts()).toEqual({
      strings: 3,
      owners: 2,
      labels: 2,
      amounts: 1,
      containers: 1,
    });
    store.remove('Pod', key('b'));
    // n2, rs2's owner reference and its labels went with b; ml, {} and the container list stay for a.
    expect(store.sharedValueCounts()).toEqual({
      strings: 2,
      owners: 1,
      labels: 1,
      amounts: 1,
      containers: 1,
    });
    store.remove('Pod', key('a'));
    expect(store.sharedValueCounts()).toEqual(EMPTY);
  });

  it('releases what a relist drops or changes, and keeps the stored record for an unchanged one', () => {
    const store = new ObjectStore();
    store.replaceAll('Pod', [projectedPod('kept', 'rs1', 'n1'), projectedPod('gone', 'rs2', 'n2')]);
    const kept = stored(store, 'kept');
    const change = store.replaceAll('Pod', [
      projectedPod('kept', 'rs1', 'n1'),
      projectedPod('new', 'rs3', 'n3'),
    ]);
    expect(change.deltas.map((d) => d.key).sort()).toEqual([key('gone'), key('new')]);
    expect(stored(store, 'kept')).toBe(kept);
    expect(store.podsOnNode('n1')).toEqual([kept]);
    expect(store.podsOnNode('n2')).toEqual([]);
    expect(store.podsOwnedBy('uid-rs3').map((p) => p.name)).toEqual(['new']);
    expect(store.sharedValueCounts()).toEqual({
      strings: 3,
      owners: 2,
      labels: 2,
      amounts: 1,
      containers: 1,
    });
    store.replaceAll('Pod', []);
    expect(store.sharedValueCounts()).toEqual(EMPTY);
  });

  it('stays bounded by the values in use under churn: names, nodes and owners come and go', () => {
    const store = new ObjectStore();
    const LIVE = 20;
    let largest = EMPTY;
    for (let i = 0; i < 2_000; i++) {
      // Every pod new: its own name, ReplicaSet, node and restart count; a pod changes node half-way.
      store.upsert(projectedPod(`p${i}`, `rs${i}`, `n${i}`, { containers: [running('main', i)] }));
      if (i % 2 === 1) {
        store.upsert(projectedPod(`p${i}`, `rs${i}`, `m${i}`, { resourceVersion: '2' }));
      }
      if (i >= LIVE) store.remove('Pod', key(`p${i - LIVE}`));
      const sizes = store.sharedValueCounts();
      largest = {
        strings: Math.max(largest.strings, sizes.strings),
        owners: Math.max(largest.owners, sizes.owners),
        labels: Math.max(largest.labels, sizes.labels),
        amounts: Math.max(largest.amounts, sizes.amounts),
        containers: Math.max(largest.containers, sizes.containers),
      };
    }
    expect(store.count('Pod')).toBe(LIVE);
    // One namespace and one node per live pod; one owner, label map and container list at most per live pod.
    expect(largest.strings).toBeLessThanOrEqual(LIVE + 1);
    expect(largest.owners).toBeLessThanOrEqual(LIVE);
    expect(largest.labels).toBeLessThanOrEqual(LIVE);
    expect(largest.containers).toBeLessThanOrEqual(LIVE);
    for (let i = 2_000 - LIVE; i < 2_000; i++) store.remove('Pod', key(`p${i}`));
    expect(store.sharedValueCounts()).toEqual(EMPTY);
  });

  it('moves a pod between index entries when an event changes its node or controller, and only then', () => {
    const store = new ObjectStore();
    store.upsert(projectedPod('a', 'rs1', 'n1'));
    store.upsert(projectedPod('a', 'rs1', 'n1', { resourceVersion: '2' }));
    expect(store.podsOnNode('n1').map((p) => p.resourceVersion)).toEqual(['2']);
    store.upsert(projectedPod('a', 'rs2', 'n2', { resourceVersion: '3' }));
    expect(store.podsOnNode('n1')).toEqual([]);
    expect(store.podsOwnedBy('uid-rs1')).toEqual([]);
    expect(store.podsOwnedBy('uid-rs2').map((p) => p.name)).toEqual(['a']);
    store.upsert(projectedPod('a', 'rs2', '', { resourceVersion: '4', controller: null }));
    expect(store.podsOwnedBy('uid-rs2')).toEqual([]);
    expect(store.podsOnNode('n2')).toEqual([]);
    expect(store.sharedValueCounts()).toEqual({
      strings: 1,
      owners: 0,
      labels: 1,
      amounts: 1,
      containers: 1,
    });
  });

  it('leaves a frozen record alone, on the way in and out', () => {
    const store = new ObjectStore();
    store.upsert(projectedPod('a', 'rs1', 'n1'));
    const frozen = Object.freeze(projectedPod('b', 'rs1', 'n1'));
    expect(store.upsert(frozen)).toBe(true);
    expect(stored(store, 'b')).toBe(frozen);
    store.remove('Pod', key('b'));
    expect(store.sharedValueCounts()).toEqual({
      strings: 2,
      owners: 1,
      labels: 1,
      amounts: 1,
      containers: 1,
    });
  });
});

describe('SharedStrings and SharedObjects', () => {
  it('count uses and drop a value with its last use', () => {
    const strings = new SharedStrings();
    const first = strings.acquire('node-1');
    expect(strings.acquire(`${'node-'}${1}`)).toBe(first);
    strings.release('node-1');
    expect(strings.size).toBe(1);
    strings.release('node-1');
    expect(strings.size).toBe(0);
    strings.release('never-held');
    expect(strings.size).toBe(0);
    expect(strings.acquire('')).toBe('');
    expect(strings.size).toBe(0);
  });

  it('keep values whose hashes collide apart, and unlink any of them', () => {
    const dropped: string[] = [];
    const table = new SharedObjects<{ v: string }>({
      hash: () => 7, // every value collides
      equal: (a, b) => a.v === b.v,
      drop: (value) => dropped.push(value.v),
    });
    const [a, b, c] = ['a', 'b', 'c'].map((v) => table.acquire({ v }));
    expect(table.acquire({ v: 'b' })).toBe(b);
    expect(table.size).toBe(3);
    for (const value of [b, b, a, c]) if (value) table.release(value);
    expect(dropped).toEqual(['b', 'a', 'c']);
    expect(table.size).toBe(0);
    // A value equal to a dropped one starts a new entry.
    const again = { v: 'a' };
    expect(table.acquire(again)).toBe(again);
    table.release({ v: 'a' }); // not the canonical instance: no effect
    expect(table.size).toBe(1);
  });
});
