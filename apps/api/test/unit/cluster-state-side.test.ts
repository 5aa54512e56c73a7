import type { ResourceFreshness } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../src/stores/cluster-state.ts';

const fresh = (patch: Partial<ResourceFreshness>): ResourceFreshness => ({
  resource: 'resourceslices',
  state: 'CONNECTING',
  lastEventAt: null,
  confirmedAt: null,
  behind: null,
  lastSyncAt: null,
  lastErrorAt: null,
  lastError: null,
  relists: 0,
  restarts: 0,
  ...patch,
});

describe('ClusterState: the GPU side watches', () => {
  it.each([
    { name: 'not watched', freshness: null, serves: null },
    { name: 'connecting', freshness: fresh({}), serves: null },
    { name: 'listed', freshness: fresh({ state: 'SYNCED', lastSyncAt: 5 }), serves: true },
    { name: 'listed, then retrying', freshness: fresh({ state: 'RETRYING', lastSyncAt: 5 }), serves: true },
    { name: '404: not served', freshness: fresh({ state: 'RETRYING', notServed: true }), serves: false },
    {
      name: 'served again after a 404',
      freshness: fresh({ state: 'SYNCED', lastSyncAt: 9, notServed: false }),
      serves: true,
    },
    { name: 'forbidden: not known', freshness: fresh({ state: 'FORBIDDEN', restarts: 1 }), serves: null },
  ])('$name → serves $serves', ({ freshness, serves }) => {
    const state = new ClusterState('c1');
    if (freshness !== null) state.setFreshness(freshness);
    expect(state.serves('resourceslices')).toBe(serves);
  });

  it('keeps their freshness out of the cluster’s (the plane verdicts never read it) and wakes no summary', () => {
    const state = new ClusterState('c1');
    let wakes = 0;
    state.onChange(() => wakes++);
    state.setFreshness(fresh({ state: 'RETRYING', notServed: true }));
    expect(state.freshness()).toEqual([]);
    state.objects.upsert({
      kind: 'Namespace',
      uid: 'u1',
      name: 'ml',
      resourceVersion: '1',
      team: 'research',
    });
    expect(wakes).toBe(0);
    expect(state.sideRevision('Namespace')).toBe(1);
    expect(state.sideRevision('PodDisruptionBudget')).toBe(0);
    // The GPU Operator's state makes a finding: a ClusterPolicy change re-summarises the cluster.
    state.objects.upsert({
      kind: 'ClusterPolicy',
      uid: 'u2',
      name: 'cluster-policy',
      resourceVersion: '1',
      state: 'notReady',
      conditions: [],
    });
    expect(wakes).toBe(1);
    state.setFreshness(fresh({ resource: 'pods', state: 'SYNCED', lastSyncAt: 1 }));
    expect(state.freshness().map((f) => f.resource)).toEqual(['pods']);
  });
});
