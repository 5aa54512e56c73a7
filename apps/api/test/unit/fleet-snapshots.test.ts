import { WATCHED_RESOURCES } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { FleetSnapshots } from '../../src/analysis/fleet-snapshots.ts';
import type { AppConfig } from '../../src/config/app-config.ts';
import { FleetResolver } from '../../src/graphql/fleet/fleet.resolver.ts';
import { FleetService } from '../../src/graphql/fleet/fleet.service.ts';
import { FleetState } from '../../src/stores/cluster-state.ts';

const T0 = Date.parse('2026-11-29T20:00:00Z');

function quietFleet(now: () => number): FleetState {
  const fleet = new FleetState();
  const cluster = fleet.add('quiet');
  for (const resource of WATCHED_RESOURCES) {
    cluster.setFreshness({
      resource,
      state: 'SYNCED',
      lastEventAt: null,
      confirmedAt: now(),
      behind: null,
      lastSyncAt: now(),
      lastErrorAt: null,
      lastError: null,
      relists: 1,
      restarts: 0,
    });
  }
  return fleet;
}

describe('FleetSnapshots: a version per change, not per tick', () => {
  it('keeps the version while nothing happens, and moves it when time makes a verdict change', () => {
    let now = T0;
    const clock = { now: () => now };
    const fleet = quietFleet(clock.now);
    const snapshots = new FleetSnapshots(fleet, clock, {
      debounceMs: 0,
      maxDelayMs: 0,
      intervalMs: 5_000,
      staleAfterMs: 120_000,
    });
    const first = snapshots.recompute(true);
    // Ticks every 5 s for 100 s: verdicts hold clock times, not "4s ago", so nothing changes.
    for (let t = 5_000; t <= 100_000; t += 5_000) {
      now = T0 + t;
      expect(snapshots.recompute(true).version).toBe(first.version);
    }
    // Past stale-after without a confirmation: the verdict changes, so does the version.
    now = T0 + 121_000;
    const stale = snapshots.recompute(true);
    expect(stale.version).toBe(first.version + 1);
    expect(stale.clusters[0]?.stale).toBe(true);
    now = T0 + 126_000;
    expect(snapshots.recompute(true).version).toBe(stale.version);
  });
});

describe('FleetService: a cluster that did not change keeps its summary, and its subscribers hear nothing', () => {
  it('pushes clusterChanged only for the cluster that changed', async () => {
    const now = T0;
    const clock = { now: () => now };
    const fleet = quietFleet(clock.now);
    const other = fleet.add('other');
    for (const f of fleet.get('quiet')?.freshness() ?? []) other.setFreshness(f);
    const snapshots = new FleetSnapshots(fleet, clock, {
      debounceMs: 0,
      maxDelayMs: 0,
      intervalMs: 5_000,
      staleAfterMs: 120_000,
    });
    const views = new FleetService(snapshots, { staleAfterMs: 120_000 } as AppConfig);
    const resolver = new FleetResolver(views);
    snapshots.recompute(true);
    const before = views.fleet();
    const quietSource = views.clusterSource('quiet');
    const quietSub = resolver.clusterChanged('quiet');
    const otherSub = resolver.clusterChanged('other');
    expect((await quietSub.next()).value.value).toBe(before.clusters.find((c) => c.name === 'quiet'));
    expect((await otherSub.next()).value.value).toBe(before.clusters.find((c) => c.name === 'other'));

    // 'other' loses its pods watch: only 'other' changes.
    const pods = other.freshness().find((f) => f.resource === 'pods');
    if (!pods) throw new Error('no pods freshness');
    other.setFreshness({ ...pods, state: 'RETRYING', lastError: 'connection refused', lastErrorAt: now });
    snapshots.recompute(true);
    const after = views.fleet();
    expect(after.version).toBe(before.version + 1);
    expect(views.clusterSource('quiet')).toBe(quietSource);
    // Every view carries the current snapshot's time, so ages computed from it stay right.
    expect(after.clusters.find((c) => c.name === 'quiet')?.generatedAt).toEqual(after.generatedAt);
    const pushed = await Promise.race([
      otherSub.next().then((r) => r.value.value),
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 1_500)),
    ]);
    expect(pushed).toMatchObject({ name: 'other', stale: true });
    // Pushed because its slice version moved; the quiet cluster's did not.
    expect(after.sources.find((c) => c.name === 'other')).toBe(views.clusterSource('other'));
    const quietPushed = await Promise.race([
      quietSub.next().then(() => 'pushed'),
      new Promise((resolve) => setTimeout(() => resolve('nothing'), 1_500)),
    ]);
    expect(quietPushed).toBe('nothing');
    await quietSub.return?.();
    await otherSub.return?.();
  });
});
