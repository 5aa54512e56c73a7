import type { EventRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../src/stores/cluster-state.ts';
import { EventRing } from '../../src/stores/event-ring.ts';
import { event } from '../support/records.ts';

const key = (e: EventRecord): string => `${e.namespace}/${e.name}`;
const add = (ring: EventRing, e: EventRecord, previous?: EventRecord): void =>
  ring.apply({ key: key(e), previous, next: e });
const names = (events: EventRecord[]): string[] => events.map((e) => e.name);

describe('EventRing: the last events per object, bounded', () => {
  it('keeps the newest N per object, newest first', () => {
    const ring = new EventRing({ perObject: 3, maxEvents: 100 });
    for (let i = 1; i <= 5; i++) add(ring, event(`e${i}`, { lastSeenAt: i }));
    expect(names(ring.eventsFor('Pod', 'ml', 'train-0'))).toEqual(['e5', 'e4', 'e3']);
    expect(ring.size).toBe(3);
    expect(ring.eventsFor('Pod', 'ml', 'other')).toEqual([]);
  });

  it('an event seen again replaces its entry; one the server deleted leaves', () => {
    const ring = new EventRing({ perObject: 3, maxEvents: 100 });
    const first = event('e1', { lastSeenAt: 1 });
    add(ring, first);
    add(ring, event('e2', { lastSeenAt: 2 }));
    const again = event('e1', { resourceVersion: '2', count: 2, lastSeenAt: 3 });
    add(ring, again, first);
    expect(ring.eventsFor('Pod', 'ml', 'train-0').map((e) => [e.name, e.count])).toEqual([
      ['e1', 2],
      ['e2', 1],
    ]);
    expect(ring.size).toBe(2);
    ring.apply({ key: 'ml/e1', previous: again, next: undefined });
    expect(names(ring.eventsFor('Pod', 'ml', 'train-0'))).toEqual(['e2']);
    ring.apply({ key: 'ml/e2', previous: event('e2'), next: undefined });
    expect(ring.objects).toBe(0);
    expect(ring.size).toBe(0);
  });

  it('past the global cap, the object that heard last longest ago loses its oldest events first', () => {
    const ring = new EventRing({ perObject: 2, maxEvents: 4 });
    add(ring, event('a1', { involvedName: 'a', lastSeenAt: 1 }));
    add(ring, event('a2', { involvedName: 'a', lastSeenAt: 2 }));
    add(ring, event('b1', { involvedName: 'b', lastSeenAt: 3 }));
    add(ring, event('c1', { involvedName: 'c', lastSeenAt: 4 }));
    expect(ring.size).toBe(4);
    add(ring, event('c2', { involvedName: 'c', lastSeenAt: 5 }));
    expect(ring.size).toBe(4);
    expect(names(ring.eventsFor('Pod', 'ml', 'a'))).toEqual(['a2']);
    // 'a' hears again: now 'b' is the least recently heard and is evicted next.
    add(ring, event('a3', { involvedName: 'a', lastSeenAt: 6 }));
    expect(names(ring.eventsFor('Pod', 'ml', 'b'))).toEqual([]);
    expect(names(ring.eventsFor('Pod', 'ml', 'a'))).toEqual(['a3', 'a2']);
    expect(ring.size).toBe(4);
    expect(ring.objects).toBe(2);
  });

  it('stays within its cap over a storm of events on many objects', () => {
    const ring = new EventRing({ perObject: 10, maxEvents: 1_000 });
    for (let i = 0; i < 20_000; i++) {
      add(ring, event(`e${i}`, { involvedName: `pod-${i % 3_000}`, lastSeenAt: i }));
      expect(ring.size).toBeLessThanOrEqual(1_000);
    }
    expect(ring.size).toBe(1_000);
    // What is kept is the newest: the last event, and nothing of an object last heard 2 000 events ago.
    expect(names(ring.eventsFor('Pod', 'ml', 'pod-1999'))).toEqual(['e19999']);
    expect(ring.eventsFor('Pod', 'ml', 'pod-2999')).toEqual([]);
  });

  it('keys cluster-scoped objects with an empty namespace, and rejects impossible bounds', () => {
    const ring = new EventRing();
    add(
      ring,
      event('n1', {
        namespace: 'default',
        involvedKind: 'Node',
        involvedNamespace: '',
        involvedName: 'gpu-1',
      }),
    );
    expect(names(ring.eventsFor('Node', '', 'gpu-1'))).toEqual(['n1']);
    expect(() => new EventRing({ perObject: 0 })).toThrow(RangeError);
    expect(() => new EventRing({ perObject: 10, maxEvents: 5 })).toThrow(RangeError);
  });
});

describe('ClusterState: events from the store reach the ring, and wake no summary', () => {
  it('serves eventsFor from store upserts and relists', () => {
    const cluster = new ClusterState('c', { events: { perObject: 2 } });
    let woken = 0;
    cluster.onChange(() => woken++);
    cluster.objects.upsert(event('e1', { lastSeenAt: 1 }));
    cluster.objects.upsert(event('e2', { lastSeenAt: 2 }));
    cluster.objects.upsert(event('e3', { lastSeenAt: 3 }));
    expect(names(cluster.eventsFor('Pod', 'ml', 'train-0'))).toEqual(['e3', 'e2']);
    // A relist without e3 (deleted while the watch was down): it leaves the ring.
    cluster.objects.replaceAll('Event', [event('e2', { lastSeenAt: 2 })]);
    expect(names(cluster.eventsFor('Pod', 'ml', 'train-0'))).toEqual(['e2']);
    expect(woken).toBe(0);
  });
});
