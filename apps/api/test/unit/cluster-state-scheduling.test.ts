import type {
  PersistentVolumeClaimRecord,
  ResourceFreshness,
  ResourceQuotaRecord,
  StorageClassRecord,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { summaryInput } from '../../src/analysis/fleet-snapshots.ts';
import { ClusterState } from '../../src/stores/cluster-state.ts';

const fresh = (patch: Partial<ResourceFreshness>): ResourceFreshness => ({
  resource: 'persistentvolumeclaims',
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
const claim = (name: string, phase: string): PersistentVolumeClaimRecord => ({
  kind: 'PersistentVolumeClaim',
  uid: `u-${name}`,
  namespace: 'data',
  name,
  resourceVersion: phase,
  createdAt: 1,
  phase,
  storageClassName: 'fast-nvme',
  volumeName: '',
  selectedNode: '',
});
const quota = (name: string, namespace: string, used: number): ResourceQuotaRecord => ({
  kind: 'ResourceQuota',
  uid: `u-${namespace}-${name}`,
  namespace,
  name,
  resourceVersion: String(used),
  createdAt: 1,
  hard: { pods: 10 },
  used: { pods: used },
});
const sc = (name: string, isDefault: boolean, createdAt: number): StorageClassRecord => ({
  kind: 'StorageClass',
  uid: `u-${name}`,
  name,
  resourceVersion: '1',
  createdAt,
  provisioner: 'ebs.csi.aws.com',
  volumeBindingMode: 'WaitForFirstConsumer',
  isDefault,
});

describe('ClusterState: the scheduling watches (claims, classes, quotas)', () => {
  it('keeps their freshness apart from the verdict-bearing watches; only being listed wakes a summary', () => {
    const state = new ClusterState('c1');
    let wakes = 0;
    state.onChange(() => wakes++);
    state.setFreshness(fresh({}));
    expect(state.freshness()).toEqual([]);
    expect(wakes).toBe(0);
    state.setFreshness(fresh({ state: 'SYNCED', lastSyncAt: 5, confirmedAt: 5 }));
    expect(wakes).toBe(1);
    expect(state.schedulingListed('persistentvolumeclaims')).toBe(true);
    // A confirmation alone: nothing a summary reads moved.
    state.setFreshness(fresh({ state: 'SYNCED', lastSyncAt: 5, confirmedAt: 9 }));
    expect(wakes).toBe(1);
    // Stale or retrying is still listed: never a verdict, never "unknown pods".
    state.setFreshness(fresh({ state: 'RETRYING', lastSyncAt: 5, confirmedAt: 9 }));
    expect(wakes).toBe(1);
    state.setFreshness(fresh({ state: 'FORBIDDEN', lastSyncAt: 5, restarts: 1 }));
    expect(state.schedulingListed('persistentvolumeclaims')).toBe(false);
    expect(wakes).toBe(2);
    expect(state.freshness()).toEqual([]);
    expect(state.schedulingWatches().map((f) => f.resource)).toEqual(['persistentvolumeclaims']);
  });

  it('indexes claims not Bound and quotas by namespace from deltas', () => {
    const state = new ClusterState('c1');
    let wakes = 0;
    state.onChange(() => wakes++);
    state.objects.upsert(claim('a', 'Pending'));
    state.objects.upsert(claim('b', 'Bound'));
    expect([...state.pendingClaims()].map((c) => c.name)).toEqual(['a']);
    expect(wakes).toBe(1);
    state.objects.upsert(claim('a', 'Bound'));
    expect([...state.pendingClaims()]).toEqual([]);
    expect(wakes).toBe(2);
    // A Bound claim changing (a label, a resize) wakes nothing.
    state.objects.upsert({ ...claim('b', 'Bound'), resourceVersion: 'x' });
    expect(wakes).toBe(2);
    expect(state.claim('data', 'b')?.phase).toBe('Bound');

    state.objects.upsert(quota('q', 'ml', 3));
    state.objects.upsert(quota('q2', 'ml', 1));
    state.objects.upsert(quota('q', 'other', 2));
    expect(
      state
        .quotas('ml')
        .map((q) => q.name)
        .sort(),
    ).toEqual(['q', 'q2']);
    state.objects.upsert(quota('q', 'ml', 10));
    expect(state.quotas('ml').find((q) => q.name === 'q')?.used.pods).toBe(10);
    state.objects.remove('ResourceQuota', 'ml/q2');
    expect(state.quotas('ml').map((q) => q.name)).toEqual(['q']);
    expect([...state.allQuotas()]).toHaveLength(2);

    state.objects.upsert(sc('old', true, 1));
    state.objects.upsert(sc('new', true, 2));
    state.objects.upsert(sc('plain', false, 3));
    expect(state.defaultStorageClass()?.name).toBe('new');
  });

  it('a summary gets each kind only once its watch listed it', () => {
    const state = new ClusterState('c1');
    state.objects.upsert(claim('a', 'Pending'));
    state.objects.upsert(sc('gp3', true, 1));
    let input = summaryInput(state, 10).scheduling;
    expect(input?.pendingClaims).toBeUndefined();
    expect(input?.storageClasses).toBeUndefined();
    state.setFreshness(fresh({ state: 'SYNCED', lastSyncAt: 5 }));
    state.setFreshness(fresh({ resource: 'storageclasses', state: 'SYNCED', lastSyncAt: 5 }));
    input = summaryInput(state, 10).scheduling;
    expect([...(input?.pendingClaims?.() ?? [])].map((c) => c.name)).toEqual(['a']);
    expect(input?.storageClasses?.map((c) => c.name)).toEqual(['gp3']);
    expect(input?.quotas).toBeUndefined();
  });
});

describe('ClusterState: refused ReplicaSets', () => {
  const rs = (name: string, refused: boolean) => ({
    kind: 'ReplicaSet' as const,
    uid: `u-${name}`,
    namespace: 'ml',
    name,
    resourceVersion: String(refused),
    controller: null,
    replicas: 1,
    readyReplicas: 0,
    availableReplicas: 0,
    revision: '2',
    podTemplateHash: 'abc',
    conditions: refused
      ? [
          {
            type: 'ReplicaFailure',
            status: 'True' as const,
            reason: 'FailedCreate',
            message: 'exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
            lastTransitionTime: 1,
          },
        ]
      : [],
  });

  it('keeps the refused ones by namespace; entering or leaving wakes a summary, other changes do not', () => {
    const state = new ClusterState('c1');
    let wakes = 0;
    state.onChange(() => wakes++);
    state.objects.upsert(rs('a', false));
    expect(wakes).toBe(0);
    state.objects.upsert(rs('a', true));
    expect(state.refusedReplicaSets('ml').map((r) => r.name)).toEqual(['a']);
    expect(wakes).toBe(1);
    state.objects.upsert({ ...rs('a', true), resourceVersion: 'again' });
    expect(wakes).toBe(1);
    state.objects.remove('ReplicaSet', 'ml/a');
    expect(state.refusedReplicaSets('ml')).toEqual([]);
    expect(wakes).toBe(2);
  });
});
