import type { ClusterHealth } from '@fleetscope/diagnostics';
import type { ResourceFreshness } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import type { FleetSnapshots } from '../../src/analysis/fleet-snapshots.ts';
import { WorkloadsService } from '../../src/graphql/workloads/workloads.service.ts';

const snapshots = { history: { firstSeen: () => null } } as unknown as FleetSnapshots;

function watch(
  resource: ResourceFreshness['resource'],
  over: Partial<ResourceFreshness> = {},
): ResourceFreshness {
  return {
    resource,
    state: 'SYNCED',
    lastEventAt: 1,
    confirmedAt: 1,
    lastSyncAt: 1,
    lastErrorAt: null,
    lastError: null,
    ...over,
  } as ResourceFreshness;
}

/** Only what the service reads of a summary. */
function health(over: Partial<ClusterHealth>): ClusterHealth {
  return {
    name: 'c',
    pods: { total: 0 },
    freshness: [watch('pods'), watch('deployments')],
    findings: [],
    troubledPods: [],
    rollouts: [],
    ...over,
  } as unknown as ClusterHealth;
}

describe('WorkloadsService: unknown is never empty', () => {
  const service = new WorkloadsService(snapshots);

  it.each<[string, Partial<ClusterHealth>, boolean]>([
    ['listed', {}, true],
    ['pods never listed', { pods: null }, false],
    [
      'deployments forbidden',
      { freshness: [watch('pods'), watch('deployments', { state: 'FORBIDDEN' })] },
      false,
    ],
    [
      'deployments never synced',
      { freshness: [watch('pods'), watch('deployments', { lastSyncAt: null })] },
      false,
    ],
  ])('rollouts when %s', (_, over, known) => {
    expect(service.rollouts(health(over), {}) === null).toBe(!known);
  });

  it('troubled pods are null while pods are unknown, and bad arguments are refused either way', () => {
    expect(service.pods(health({ pods: null }), { first: 10 })).toBeNull();
    expect(service.pods(health({}), { first: 10 })).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
    expect(() => service.pods(health({ pods: null }), { first: 0 })).toThrow(/first must be an integer/);
  });
});
