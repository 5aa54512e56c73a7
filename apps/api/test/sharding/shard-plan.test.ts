import { describe, expect, it } from 'vitest';
import { isHeld, type LeaseView, planShards } from '../../src/sharding/shard-plan.ts';

const NOW = 1_000_000;
const lease = (cluster: string, holder: string, renewedAgoMs = 1_000, durationMs = 15_000): LeaseView => ({
  name: `l-${cluster}`,
  cluster,
  holder,
  renewedAt: NOW - renewedAgoMs,
  durationMs,
  resourceVersion: '1',
});
const SIX = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('isHeld', () => {
  it.each([
    { name: 'renewed within its duration', l: lease('a', 'r1', 14_999), held: true },
    { name: 'not renewed for its duration', l: lease('a', 'r1', 15_000), held: false },
    { name: 'released (no holder)', l: lease('a', ''), held: false },
  ])('$name', ({ l, held }) => expect(isHeld(l, NOW)).toBe(held));
});

describe('planShards: each replica aims at ceil(clusters / live replicas)', () => {
  it.each([
    {
      name: 'alone, a replica takes every free cluster',
      leases: [],
      replicas: 1,
      self: 'r1',
      expect: { renew: 0, acquire: 6, release: 0, share: 6 },
    },
    {
      name: 'a replica joining two others takes its share of what is free, not more',
      leases: [lease('a', 'r1'), lease('b', 'r1'), lease('c', 'r2'), lease('d', 'r2')],
      replicas: 3,
      self: 'r3',
      expect: { renew: 0, acquire: 2, release: 0, share: 2 },
    },
    {
      name: 'one holding everything releases beyond its share when others are alive',
      leases: SIX.map((c) => lease(c, 'r1')),
      replicas: 3,
      self: 'r1',
      expect: { renew: 2, acquire: 0, release: 4, share: 2 },
    },
    {
      name: "a dead replica's expired leases are free to take",
      leases: [lease('a', 'r1', 20_000), lease('b', 'r1', 20_000), lease('c', 'r2'), lease('d', 'r2')],
      replicas: 2,
      self: 'r2',
      expect: { renew: 2, acquire: 1, release: 0, share: 3 },
    },
    {
      name: 'leases held by live others are never taken',
      leases: SIX.map((c) => lease(c, 'r2')),
      replicas: 2,
      self: 'r1',
      expect: { renew: 0, acquire: 0, release: 0, share: 3 },
    },
  ])('$name', ({ leases, replicas, self, expect: counts }) => {
    const plan = planShards({ clusters: SIX, leases, liveReplicas: replicas, self, now: NOW });
    expect({
      renew: plan.renew.length,
      acquire: plan.acquire.length,
      release: plan.release.length,
      share: plan.share,
    }).toEqual(counts);
    // Never takes a held lease, never renews another's.
    const held = new Map(leases.filter((l) => isHeld(l, NOW)).map((l) => [l.cluster, l.holder]));
    for (const c of plan.acquire) expect(held.has(c)).toBe(false);
    for (const c of plan.renew) expect(held.get(c)).toBe(self);
  });

  it('replicas start looking for free clusters at different places', () => {
    const first = (self: string) =>
      planShards({ clusters: SIX, leases: [], liveReplicas: 3, self, now: NOW }).acquire;
    const picks = new Set(['r1', 'r2', 'r3', 'r4', 'r5'].map((r) => first(r).join()));
    expect(picks.size).toBeGreaterThan(1);
  });
});
