import type { BlockedGpuPod, ClusterHealth, RolloutStatus } from '@fleetscope/diagnostics';
import type { ResourceFreshness } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import type { FleetSnapshots } from '../../src/analysis/fleet-snapshots.ts';
import type { GpuDefragService } from '../../src/graphql/gpu/gpu-defrag.service.ts';
import { WorkloadsService } from '../../src/graphql/workloads/workloads.service.ts';

const snapshots = { history: { firstSeen: () => null } } as unknown as FleetSnapshots;

/** A defragmentation service that answers `proposals` and counts the calls. */
function defragOf(proposals: readonly BlockedGpuPod[] = []): GpuDefragService & { calls: number } {
  const fake = {
    calls: 0,
    proposals(): readonly BlockedGpuPod[] {
      fake.calls++;
      return proposals;
    },
  };
  return fake as unknown as GpuDefragService & { calls: number };
}

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
  const service = new WorkloadsService(snapshots, defragOf());

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

function rollout(name: string, action: RolloutStatus['recommendation']['action']): RolloutStatus {
  return {
    kind: 'Deployment',
    namespace: 'ml',
    name,
    stage: 'UPDATING',
    message: `Waiting for deployment "${name}" rollout to finish: 0 out of 1 new replicas have been updated...`,
    done: false,
    paused: false,
    progress: { desired: 1, updated: 1, ready: 0, available: 0, old: 0 },
    newReplicaSet: null,
    oldReplicaSets: [],
    stuckReason: 'new pods cannot be scheduled',
    blockingPods: [
      {
        namespace: 'ml',
        name: `${name}-pod`,
        rule: 'pod.pending-unschedulable',
        summary: 'Pending',
        cause: null,
      },
    ],
    recommendation: { action, reason: 'no node has room for the new pods' },
    revision: '2',
    progressDeadlineExceeded: false,
    templateDiff: null,
    trigger: null,
    partition: null,
  };
}

describe('WorkloadsService: a rollout blocked by GPU fragmentation names the defragmentation moves', () => {
  const blocked = {
    pod: { namespace: 'ml', name: 'sweep-pod' },
    suggestion: {
      outcome: 'moves',
      targetNode: 'gpu-4',
      moves: [{ pod: 'ml/tune-0', fromNode: 'gpu-4', toNode: 'gpu-5', request: 2 }],
      drainNode: null,
      podsDisrupted: 1,
      exact: true,
    },
  } as unknown as BlockedGpuPod;

  it('replaces "fix capacity" with "free room" and the moves, leaving other advice alone', () => {
    const defrag = defragOf([blocked]);
    const service = new WorkloadsService(snapshots, defrag);
    const rollouts = service.rollouts(
      health({
        rollouts: [
          rollout('sweep', 'fix capacity'),
          rollout('other', 'fix capacity'),
          rollout('api', 'roll back'),
        ],
      }),
      {},
    );
    expect(rollouts?.map((r) => [r.name, r.recommendation.action])).toEqual([
      ['api', 'roll back'],
      ['other', 'fix capacity'],
      ['sweep', 'free room'],
    ]);
    expect(rollouts?.find((r) => r.name === 'sweep')?.recommendation.reason).toContain(
      'free room by moving 1 pod (ml/tune-0 from gpu-4 to gpu-5) so ml/sweep-pod fits on gpu-4',
    );
  });

  it('asks for no proposal when no rollout is told to fix capacity', () => {
    const defrag = defragOf([blocked]);
    const service = new WorkloadsService(snapshots, defrag);
    service.rollouts(health({ rollouts: [rollout('api', 'roll back')] }), {});
    expect(defrag.calls).toBe(0);
  });
});
