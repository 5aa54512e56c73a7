import { deviceActivity, hasRecentCriticalXid } from '@fleetscope/diagnostics';
import {
  attachDcgm,
  createFleet,
  DCGM_PREFIX,
  expectedGpuDevices,
  type FleetServers,
  GPU_LAB_DCGM,
  GPU_USAGE_XID_AFTER_MS,
  startFleetServers,
  systemClock,
} from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuUsageStore } from '../../src/sources/dcgm/gpu-usage.store.ts';
import { PrometheusDcgmSource } from '../../src/sources/dcgm/prometheus-dcgm.source.ts';
import { DEFAULT_PROMETHEUS_CONFIG } from '../../src/sources/prometheus/prometheus-config.ts';
import { FleetState } from '../../src/stores/cluster-state.ts';
import { eventually } from '../support/harness.ts';
import { type PrometheusServer, startPrometheus } from '../support/prometheus-server.ts';

/**
 * The gpu-usage scenario through the production path: the simulator serves dcgm-exporter text per
 * cluster (`/sim/dcgm`, every GPU node with its host label — a real fleet scrapes one exporter per
 * node; the series are the same), Debian's Prometheus scrapes it, PrometheusDcgmSource queries it,
 * and GpuUsageStore folds it. Devices must match the simulator's per-device truth.
 */
const fleet = createFleet({ scenario: 'gpu-usage', size: 'small', clock: systemClock });
const lab = fleet.cluster('gpu-lab');
// No XID until the test says so: Prometheus must first have seen the exporter's 0.
attachDcgm(lab, { ...GPU_LAB_DCGM, xid: [] }, Date.now());
let servers: FleetServers;
let prometheus: PrometheusServer;
const silent = { warn: () => {}, info: () => {} };
const state = new FleetState();
for (const c of fleet.clusters) state.add(c.name);

beforeAll(async () => {
  servers = await startFleetServers(fleet, { latencyScale: 0.01 });
  prometheus = await startPrometheus({
    scrapeIntervalSeconds: 1,
    jobs: [
      {
        name: 'dcgm-exporter',
        targets: [],
        staticConfigs: servers.servers.map((s) => ({
          targets: [`127.0.0.1:${s.port}`],
          labels: { cluster: s.cluster.name, __metrics_path__: DCGM_PREFIX },
        })),
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await servers?.close();
});

function store(): GpuUsageStore {
  const source = new PrometheusDcgmSource({
    config: {
      ...DEFAULT_PROMETHEUS_CONFIG,
      urls: null,
      sharedUrl: prometheus.url,
      clusterLabel: 'cluster',
      retries: 0,
      timeoutMs: 3_000,
    },
    xidWindowMs: 600_000,
  });
  return new GpuUsageStore(source, state, systemClock, {
    intervalMs: 60_000,
    xidWindowMs: 600_000,
    logger: silent,
  });
}

const key = (d: { node: string; gpu: string; migInstance: string | null }): string =>
  `${d.node}/${d.gpu}/${d.migInstance ?? ''}`;

describe('GPU usage through a real Prometheus', () => {
  it('every device busy / idle / free as the simulator’s truth says, in both label namings', async () => {
    const usage = store();
    for (const name of ['gpu-lab', 'gpu-lab-legacy']) {
      const cluster = fleet.cluster(name);
      await eventually(async () => {
        await usage.collect(name);
        expect(usage.status(name)?.error ?? null).toBeNull();
        const devices = usage.devices(name) ?? [];
        const got = devices.map((d) => ({
          key: key(d),
          uuid: d.uuid,
          activity: deviceActivity(d),
          pods: d.pods,
        }));
        const want = expectedGpuDevices(cluster).map((d) => ({
          key: key(d),
          uuid: d.uuid,
          activity: d.state === 'BUSY' ? 'BUSY' : d.state === 'MIG_PARENT' ? 'UNKNOWN' : 'IDLE',
          pods: d.labelledPod === null ? [] : [d.labelledPod],
        }));
        const order = (a: { key: string }, b: { key: string }): number => a.key.localeCompare(b.key);
        expect(got.sort(order)).toEqual(want.sort(order));
      }, 30_000);
      expect(usage.status(name)?.problems).toEqual([]);
      expect(usage.status(name)?.unknownLabels).toEqual([]);
    }
    const legacy = usage.devices('gpu-lab-legacy') ?? [];
    expect(new Set(legacy.map((d) => d.engineSource))).toEqual(new Set(['DEV_GPU_UTIL']));
    const mig = (usage.devices('gpu-lab') ?? []).filter((d) => d.migInstance !== null);
    expect(mig.length).toBe(32);
    expect(mig.every((d) => d.engineSource === 'PROF_GR_ENGINE_ACTIVE')).toBe(true);
    const idle = (usage.devices('gpu-lab') ?? []).filter(
      (d) => d.pods.length > 0 && deviceActivity(d) === 'IDLE',
    );
    expect(idle.map((d) => d.pods[0]?.split('-')[0]).sort()).toEqual([
      'research/jupyter',
      'research/jupyter',
      'research/jupyter',
      'research/jupyter',
    ]);
  }, 90_000);

  it('XID 79 on one GPU is read by change, with when; no other device has one', async () => {
    const usage = store();
    // Prometheus has scraped the exporter's 0 for this GPU before the XID happens.
    await eventually(async () => {
      await usage.collect('gpu-lab');
      expect((usage.devices('gpu-lab') ?? []).length).toBeGreaterThan(0);
    }, 30_000);
    const happened = Date.now();
    attachDcgm(lab, GPU_LAB_DCGM, happened - GPU_USAGE_XID_AFTER_MS);
    const truth = expectedGpuDevices(lab).filter((d) => d.state === 'XID');
    expect(truth.map((d) => d.xid)).toEqual([79]);
    await eventually(async () => {
      await usage.collect('gpu-lab');
      const devices = usage.devices('gpu-lab') ?? [];
      const withXid = devices.filter((d) => d.lastXid !== null);
      expect(withXid.map((d) => ({ key: key(d), xid: d.lastXid }))).toEqual(
        truth.map((d) => ({ key: key(d), xid: 79 })),
      );
      const [xid] = withXid;
      expect(xid?.xidChangedAt).not.toBeNull();
      expect(xid !== undefined && hasRecentCriticalXid(xid, Date.now(), 600_000)).toBe(true);
    }, 30_000);
  }, 90_000);
});
