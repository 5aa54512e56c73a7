import { createFleet, dcgmExposition, expectedGpuDevices, ManualClock } from '@fleetscope/fleet-sim';
import { describe, expect, it } from 'vitest';
import {
  dcgmSamplesFromFamilies,
  deviceActivity,
  foldDcgmSamples,
  parseExposition,
} from '../../src/index.ts';

/** The simulator's exposition read by the pure fold, against the simulator's own per-device truth. */
describe('foldDcgmSamples over the simulated exporter', () => {
  it.each(['gpu-lab', 'gpu-lab-legacy'])('%s: every device busy / idle / free as the truth says', (name) => {
    const clock = new ManualClock();
    const fleet = createFleet({ scenario: 'gpu-usage', size: 'small', clock });
    const cluster = fleet.cluster(name);
    const text = dcgmExposition(cluster) ?? '';
    const parsed = parseExposition(text);
    expect(parsed.errors).toEqual([]);
    const fold = foldDcgmSamples({
      cluster: name,
      samples: dcgmSamplesFromFamilies(parsed.families, clock.now()),
    });
    expect(fold.problems).toEqual([]);
    expect(fold.unknownLabels).toEqual([]);
    const got = fold.devices.map((d) => ({
      key: `${d.node}/${d.gpu}/${d.migInstance ?? ''}`,
      uuid: d.uuid,
      activity: deviceActivity(d),
      pod: d.pods[0] ?? null,
    }));
    const want = expectedGpuDevices(cluster).map((d) => ({
      key: `${d.node}/${d.gpu}/${d.migInstance ?? ''}`,
      uuid: d.uuid,
      activity: d.state === 'BUSY' ? 'BUSY' : d.state === 'MIG_PARENT' ? 'UNKNOWN' : 'IDLE',
      pod: d.labelledPod,
    }));
    const byKey = (a: { key: string }, b: { key: string }): number =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    expect(got.sort(byKey)).toEqual(want.sort(byKey));
    // The old exporter has no profiling counters: activity comes from DEV_GPU_UTIL.
    const sources = new Set(fold.devices.map((d) => d.engineSource).filter((s) => s !== null));
    expect([...sources]).toEqual([name === 'gpu-lab-legacy' ? 'DEV_GPU_UTIL' : 'PROF_GR_ENGINE_ACTIVE']);
  });
});
