import type { DcgmSample } from '@fleetscope/diagnostics';
import { describe, expect, it } from 'vitest';
import type { DcgmReading, DcgmSampleSource } from '../../src/sources/dcgm/dcgm-source.ts';
import { GpuUsageStore } from '../../src/sources/dcgm/gpu-usage.store.ts';
import { FleetState } from '../../src/stores/cluster-state.ts';
import { pod } from '../support/records.ts';

const silent = { warn: () => {}, info: () => {} };
const labels = (gpu: string): Record<string, string> => ({ gpu, UUID: `GPU-${gpu}`, Hostname: 'n1' });

class ScriptedSource implements DcgmSampleSource {
  readings: Array<DcgmReading | Error | null> = [];
  async read(): Promise<DcgmReading | null> {
    const next = this.readings.shift();
    if (next instanceof Error) throw next;
    return next ?? null;
  }
}

function reading(samples: Array<[string, string, number]>, at: number): DcgmReading {
  const out: DcgmSample[] = samples.map(([metric, gpu, value]) => ({
    metric,
    labels: labels(gpu),
    value,
    timestampMs: at,
  }));
  return { samples: out, xidHistory: null, source: 'test' };
}

describe('GpuUsageStore', () => {
  it('joins unlabelled devices to the node’s non-terminal GPU pods; keeps the last good read on failure', async () => {
    const fleet = new FleetState();
    const cluster = fleet.add('c');
    cluster.objects.upsert(pod('train', { nodeName: 'n1', gpuRequest: 2, namespace: 'ml' }));
    cluster.objects.upsert(
      pod('done', { nodeName: 'n1', gpuRequest: 1, namespace: 'ml', phase: 'Succeeded' }),
    );
    cluster.objects.upsert(pod('web', { nodeName: 'n1', gpuRequest: 0, namespace: 'ml' }));
    let now = 1_000;
    const source = new ScriptedSource();
    const store = new GpuUsageStore(
      source,
      fleet,
      { now: () => now },
      { intervalMs: 1, xidWindowMs: 60_000, logger: silent },
    );
    expect([store.devices('c'), store.asOf('c')]).toEqual([null, null]);

    source.readings.push(reading([['DCGM_FI_PROF_GR_ENGINE_ACTIVE', '0', 0.9]], now));
    await store.collect('c');
    expect(store.devices('c')?.map((d) => [d.gpu, d.pods, d.podSource])).toEqual([
      ['0', ['ml/train'], 'NODE_PODS'],
    ]);
    expect(store.asOf('c')).toBe(1_000);

    now = 2_000;
    source.readings.push(new Error('Prometheus http://p: timeout'));
    await store.collect('c');
    expect(store.devices('c')?.length).toBe(1);
    expect(store.asOf('c')).toBe(1_000);
    expect(store.status('c')?.error).toBe('Prometheus http://p: timeout');

    // No source for the cluster any more: unknown, not the old devices.
    source.readings.push(null);
    await store.collect('c');
    expect(store.devices('c')).toBeNull();
  });

  it('a source without history: XID changes are seen from read to read', async () => {
    const fleet = new FleetState();
    fleet.add('c');
    let now = 10_000;
    const source = new ScriptedSource();
    const store = new GpuUsageStore(
      source,
      fleet,
      { now: () => now },
      { intervalMs: 1, xidWindowMs: 60_000, logger: silent },
    );
    for (const [t, v] of [
      [10_000, 0],
      [20_000, 0],
      [30_000, 79],
      [40_000, 79],
    ] as const) {
      now = t;
      source.readings.push(reading([['DCGM_FI_DEV_XID_ERRORS', '0', v]], t));
      await store.collect('c');
    }
    expect(store.devices('c')?.[0]).toMatchObject({ lastXid: 79, xidChangedAt: 30_000 });
    // Past the window the change is forgotten: the XID stays, its time is unknown.
    now = 200_000;
    source.readings.push(reading([['DCGM_FI_DEV_XID_ERRORS', '0', 79]], now));
    await store.collect('c');
    expect(store.devices('c')?.[0]).toMatchObject({ lastXid: 79, xidChangedAt: null });
  });
});
