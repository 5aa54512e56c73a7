import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { dcgmExposition, expectedGpuDevices } from '../src/dcgm/state.ts';
import { createFleet } from '../src/fleet.ts';
import { GPU_USAGE_XID_AFTER_MS } from '../src/scenarios/gpu-usage.ts';

function count<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

describe('simulated dcgm-exporter (gpu-usage scenario)', () => {
  it('follows the workloads: training busy, notebooks idle-allocated, the rest free; XID 79 after its time', () => {
    const clock = new ManualClock();
    const fleet = createFleet({ scenario: 'gpu-usage', size: 'small', clock });
    const lab = fleet.cluster('gpu-lab');
    const before = expectedGpuDevices(lab);
    const h100 = before.filter((d) => d.pool === 'h100');
    expect(count(h100, (d) => d.state)).toEqual({ BUSY: 8, IDLE_ALLOCATED: 3, FREE: 5 });
    expect(
      h100
        .filter((d) => d.state === 'IDLE_ALLOCATED')
        .every((d) => d.labelledPod?.startsWith('research/jupyter-')),
    ).toBe(true);

    clock.advance(GPU_USAGE_XID_AFTER_MS);
    const after = expectedGpuDevices(lab).filter((d) => d.pool === 'h100');
    const xid = after.filter((d) => d.state === 'XID');
    expect(xid.map((d) => [d.gpu, d.xid])).toEqual([['7', 79]]);
    const secondNode = [...new Set(after.map((d) => d.node))].sort()[1];
    expect(xid[0]?.node).toBe(secondNode);
  });

  it('MIG node: per-instance devices, whisper busy on 1g.10gb, the MIG notebook idle', () => {
    const fleet = createFleet({ scenario: 'gpu-usage', size: 'small', clock: new ManualClock() });
    const mig = expectedGpuDevices(fleet.cluster('gpu-lab')).filter((d) => d.pool === 'a100-mig');
    expect(count(mig, (d) => d.state)).toEqual({ MIG_PARENT: 8, BUSY: 3, IDLE_ALLOCATED: 1, FREE: 28 });
    expect(
      count(
        mig.filter((d) => d.migProfile !== null),
        (d) => d.migProfile ?? '',
      ),
    ).toEqual({
      '1g.10gb': 16,
      '2g.20gb': 8,
      '3g.40gb': 8,
    });
    expect(mig.filter((d) => d.state === 'BUSY').every((d) => d.migProfile === '1g.10gb')).toBe(true);
    expect(mig.find((d) => d.state === 'IDLE_ALLOCATED')?.migProfile).toBe('3g.40gb');
  });

  it('exposition: label naming per cluster, no DEV_GPU_UTIL on MIG instances, GPU_UTIL only for the old exporter', () => {
    const fleet = createFleet({ scenario: 'gpu-usage', size: 'small', clock: new ManualClock() });
    const lab = dcgmExposition(fleet.cluster('gpu-lab')) ?? '';
    expect(lab).toMatch(/hostname="/);
    expect(lab).not.toMatch(/Hostname="/);
    expect(lab).toMatch(/^DCGM_FI_PROF_GR_ENGINE_ACTIVE\{.*GPU_I_PROFILE="1g\.10gb",GPU_I_ID="1"/m);
    expect(lab).not.toMatch(/^DCGM_FI_DEV_GPU_UTIL\{.*GPU_I_ID/m);
    const legacy = dcgmExposition(fleet.cluster('gpu-lab-legacy')) ?? '';
    expect(legacy).toMatch(/uuid="GPU-/);
    expect(legacy).toMatch(/pod_name="jupyter-/);
    expect(legacy).not.toMatch(/DCGM_FI_PROF_GR_ENGINE_ACTIVE/);
    expect(legacy).toMatch(/^DCGM_FI_DEV_GPU_UTIL\{/m);
    // One node's exporter, and a node without GPUs has none.
    const node = expectedGpuDevices(fleet.cluster('gpu-lab'))[0]?.node ?? '';
    const one = dcgmExposition(fleet.cluster('gpu-lab'), node) ?? '';
    expect(new Set([...one.matchAll(/hostname="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set([node]));
    expect(dcgmExposition(fleet.cluster('gpu-lab'), 'no-such-node')).toBeNull();
  });

  it('time-sliced L4 in the demo fleet: one labelled pod per physical GPU, its sharers listed in the truth', () => {
    const fleet = createFleet({ scenario: 'demo', size: 'small', clock: new ManualClock() });
    const l4 = expectedGpuDevices(fleet.cluster('prod-eu-west')).filter((d) => d.pool === 'l4-shared');
    expect(l4.length).toBeGreaterThan(0);
    for (const d of l4) expect(d.labelledPod).toBe(d.pods[0] ?? null);
  });
});
