import type { PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { PENDING_FIT_REFRESH_MS, PendingFitCache } from '../../src/analysis/pending-fit.ts';
import { ClusterState } from '../../src/stores/cluster-state.ts';
import { recordKey } from '../../src/stores/object-store.ts';
import { node, pod } from '../support/records.ts';

const worker = (name: string) =>
  node(name, { cpuAllocatable: 4000, memoryAllocatable: 16 * 2 ** 30, podsAllocatable: 110 });
const running = (name: string, nodeName: string, cpu: number, rv = '1') =>
  pod(name, { nodeName, cpuRequest: cpu, memoryRequest: 0, resourceVersion: rv });
const waiting: PodRecord = pod('big', {
  phase: 'Pending',
  ready: false,
  cpuRequest: 2000,
  memoryRequest: 0,
  placement: { nodeSelector: {}, requiredTerms: [], tolerations: [] },
});

// The API's fit of pending pods: node views kept per node revision, refreshed at most every few seconds.
describe('PendingFitCache', () => {
  it('fits a pending pod from the store, follows bound pods once the refresh is due, and skips bound pods', () => {
    const state = new ClusterState('c1');
    state.objects.upsert(worker('n-1'));
    state.objects.upsert(running('a', 'n-1', 3000));
    state.objects.upsert(waiting);
    const cache = new PendingFitCache();
    const t0 = 1_000_000;
    expect(cache.fitter(state, t0)(waiting)?.explanation).toBe(
      '0/1 nodes: 1 lacks 2 free cpu (largest free: 1 on n-1)',
    );
    expect(cache.fitter(state, t0)(running('a', 'n-1', 3000))).toBeNull();
    // The bound pod shrinks: within the refresh period the kept fit stands; after it, the new one.
    state.objects.upsert(running('a', 'n-1', 1000, '2'));
    expect(cache.fitter(state, t0 + 1000)(waiting)?.fitting).toBe(0);
    expect(cache.fitter(state, t0 + PENDING_FIT_REFRESH_MS)(waiting)?.explanation).toBe('1/1 nodes');
  });

  it('a node that leaves leaves the fit', () => {
    const state = new ClusterState('c1');
    state.objects.upsert(worker('n-1'));
    state.objects.upsert(worker('n-2'));
    const cache = new PendingFitCache();
    expect(cache.fitter(state, 0)(waiting)?.nodesTotal).toBe(2);
    state.objects.remove('Node', recordKey({ name: 'n-2' }));
    expect(cache.fitter(state, PENDING_FIT_REFRESH_MS)(waiting)?.nodesTotal).toBe(1);
  });
});
