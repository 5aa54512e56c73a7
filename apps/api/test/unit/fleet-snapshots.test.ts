import { WATCHED_RESOURCES } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { FleetSnapshots } from '../../src/analysis/fleet-snapshots.ts';
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
