import { utimesSync } from 'node:fs';
import {
  attachDcgm,
  createFleet,
  dcgmExposition,
  expectedGpuDevices,
  GPU_LAB_DCGM,
  ManualClock,
} from '@fleetscope/fleet-sim';
import { describe, expect, it } from 'vitest';
import { fleetscope, inputFolder } from '../support/cli.ts';

const { file } = inputFolder('fleetscope-cli-dcgm-');

interface Device {
  node: string;
  gpu: string;
  uuid: string;
  modelName: string | null;
  migProfile: string | null;
  migInstance: string | null;
  engineActive: number | null;
  engineSource: string | null;
  activity: string;
  powerWatts: number | null;
  temperatureC: number | null;
  framebufferUsedBytes: number | null;
  lastXid: number | null;
  xidChangedAt: number | null;
  xidKind: string | null;
  pods: string[];
}
interface Report {
  controlPlane?: unknown;
  gpus: {
    files: string[];
    devices: Device[];
    problems: Array<{ metric: string; problems: string[] }>;
    skippedSeries: number;
    unknownLabels: string[];
  };
}

const key = (d: { node: string; gpu: string; migInstance: string | null }): string =>
  `${d.node}/${d.gpu}/${d.migInstance ?? ''}`;

/** Scrapes of the simulated exporters, one file per node, as `curl <node>:9400/metrics` writes them. */
function scrapes() {
  const clock = new ManualClock();
  const fleet = createFleet({ scenario: 'gpu-usage', size: 'small', clock });
  const lab = fleet.cluster('gpu-lab');
  const legacy = fleet.cluster('gpu-lab-legacy');
  attachDcgm(lab, { ...GPU_LAB_DCGM, xid: [] }, clock.now());
  const truthBefore = [...expectedGpuDevices(lab), ...expectedGpuDevices(legacy)];
  const nodes = (c: typeof lab, pool?: string): string[] =>
    [
      ...new Set(
        expectedGpuDevices(c)
          .filter((d) => pool === undefined || d.pool === pool)
          .map((d) => d.node),
      ),
    ].sort();
  const [h1 = '', h2 = ''] = nodes(lab, 'h100');
  const [mig = ''] = nodes(lab, 'a100-mig');
  const files: string[] = [];
  const write = (name: string, text: string | null, mtimeMs: number): string => {
    const path = file(name, text ?? '');
    utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
    files.push(path);
    return path;
  };
  const t0 = clock.now();
  write('h1.prom', dcgmExposition(lab, h1), t0);
  write('mig.prom', dcgmExposition(lab, mig), t0);
  write('legacy.prom', dcgmExposition(legacy, nodes(legacy)[0]), t0);
  write('h2-before.prom', dcgmExposition(lab, h2), t0);
  // Then GPU 7 of the second H100 node falls off the bus; the next scrape of that node shows it.
  clock.advance(60_000);
  attachDcgm(lab, GPU_LAB_DCGM, clock.now() - (GPU_LAB_DCGM.xid?.[0]?.afterMs ?? 0));
  const t1 = clock.now();
  write('h2-after.prom', dcgmExposition(lab, h2), t1);
  return { files, truthBefore, truthAfter: expectedGpuDevices(lab), h2, t1 };
}

describe('fleetscope analyze --metrics with dcgm-exporter scrapes', () => {
  it('lists every GPU by UUID with node, model, MIG instance, activity, memory, power, temperature, XIDs and pods', async () => {
    const { files, truthBefore, truthAfter, h2, t1 } = scrapes();
    const { code, stdout, stderr } = await fleetscope(
      'analyze',
      ...files.flatMap((f) => ['--metrics', f]),
      '--format',
      'json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    // dcgm-exporter scrapes are not control-plane components.
    expect(report.controlPlane).toBeUndefined();
    expect(report.gpus.problems).toEqual([]);
    expect(report.gpus.unknownLabels).toEqual([]);
    const scraped = new Set(report.gpus.devices.map((d) => d.node));
    const truth = truthBefore.filter((d) => scraped.has(d.node));
    expect(report.gpus.devices.map((d) => key(d)).sort()).toEqual(truth.map(key).sort());
    for (const d of report.gpus.devices) {
      const t = truth.find((x) => key(x) === key(d));
      const after = truthAfter.find((x) => key(x) === key(d));
      expect({ key: key(d), uuid: d.uuid, pod: d.pods[0] ?? null }).toEqual({
        key: key(d),
        uuid: t?.uuid,
        pod: t?.labelledPod ?? null,
      });
      const state = after?.state === 'XID' ? 'XID' : t?.state;
      const activity = state === 'BUSY' ? 'BUSY' : state === 'MIG_PARENT' ? 'UNKNOWN' : 'IDLE';
      expect({ key: key(d), activity: d.activity }).toEqual({ key: key(d), activity });
      expect(d.modelName).toMatch(/^NVIDIA /);
      if (d.migInstance !== null)
        expect([d.engineSource, d.powerWatts]).toEqual(['PROF_GR_ENGINE_ACTIVE', null]);
      else expect(d.temperatureC).not.toBeNull();
    }
    // The old exporter has no profiling counters: DEV_GPU_UTIL it is.
    const legacyDevices = report.gpus.devices.filter(
      (d) => truthBefore.find((t) => key(t) === key(d))?.pool === 'a100',
    );
    expect(new Set(legacyDevices.map((d) => d.engineSource))).toEqual(new Set(['DEV_GPU_UTIL']));
    // XID by change: 0 in the first scrape of h2, 79 in the next, dated by that file.
    expect(
      report.gpus.devices
        .filter((d) => d.lastXid !== null)
        .map((d) => [d.node, d.gpu, d.lastXid, d.xidKind, d.xidChangedAt]),
    ).toEqual([[h2, '7', 79, 'CRITICAL', Math.floor(t1 / 1000) * 1000]]);

    const text = await fleetscope('analyze', ...files.flatMap((f) => ['--metrics', f]));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/GPUs from DCGM-exporter — 5 file\(s\)/);
    expect(text.stdout).toMatch(
      /NODE\s+GPU\s+UUID\s+MODEL\s+MIG\s+ENGINE\s+MEMORY USED\/TOTAL\s+POWER\s+TEMP\s+XID\s+PODS/,
    );
    expect(text.stdout).toMatch(/1g\.10gb#1/);
    expect(text.stdout).toMatch(/79 critical at /);
    for (const d of report.gpus.devices.filter((x) => x.uuid !== '')) expect(text.stdout).toContain(d.uuid);
  });

  it('every label variant is read; an unknown one is reported, not guessed', async () => {
    const variants = file(
      'variants.prom',
      [
        '# TYPE DCGM_FI_PROF_GR_ENGINE_ACTIVE gauge',
        // Relabel clash: the workload in exported_*, the exporter itself in pod/namespace/container.
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="0",UUID="GPU-a",Hostname="n1",modelName="NVIDIA L4",exported_pod="nb-1",exported_namespace="research",pod="nvidia-dcgm-exporter-x",namespace="gpu-operator",container="nvidia-dcgm-exporter"} 0.01',
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1",uuid="GPU-b",hostname="n1",pod_name="train-0",pod_namespace="ml"} 0.9',
        // Someone's relabelling renamed the host label: not guessed from it.
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="0",UUID="GPU-c",node_name="n2"} 0.5',
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await fleetscope('analyze', '--metrics', variants, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.gpus.devices.map((d) => [d.node, d.gpu, d.uuid, d.pods, d.activity])).toEqual([
      ['n1', '0', 'GPU-a', ['research/nb-1'], 'IDLE'],
      ['n1', '1', 'GPU-b', ['ml/train-0'], 'BUSY'],
    ]);
    expect(report.gpus.skippedSeries).toBe(1);
    expect(report.gpus.unknownLabels).toEqual(['node_name']);
    expect(report.gpus.problems[0]?.problems).toEqual([
      'no host label (Hostname or hostname)',
      'unknown labels: node_name',
    ]);
    expect(stderr).toMatch(/unknown labels \(not read\): node_name/);
    expect(stderr).toMatch(/1 DCGM series name no device/);
  });
});
