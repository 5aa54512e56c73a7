import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFleet, type FleetServers, type SimFleet, startFleetServers } from '@fleetscope/fleet-sim';
import type { Signal, SignalName, SignalSet } from '@fleetscope/types';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProbeOptions, runProbes } from '../../src/sources/probes/api-probes.ts';

/**
 * The synthetic probes against the simulated API servers over real HTTP. The simulator enacts each
 * control-plane scenario (webhook timeouts, lost quorum, late watch events) at 1 % of its real latency.
 * No assertion is about how fast anything is: only which probes have values, which have errors, and
 * which are omitted as inconclusive.
 */

const NAMESPACE = 'fleetscope';
const PROBE_CONFIGMAP = 'fleetscope-probe';
const DRY_RUN_CONFIGMAP = 'fleetscope-probe-dry-run';
const CLUSTER = 'prod-us-east';
const READ_PROBES: readonly SignalName[] = [
  'probe_readyz_seconds',
  'probe_list_seconds',
  'probe_admission_dry_run_seconds',
];
const WRITE_PROBES: readonly SignalName[] = ['probe_write_seconds', 'probe_watch_delivery_seconds'];
/** Scenario latencies are enacted at this scale (a 10 s webhook timeout takes 100 ms). */
const LATENCY_SCALE = 0.01;

interface Sim {
  fleet: SimFleet;
  servers: FleetServers;
  kubeconfigPath: string;
}

let running: Sim[] = [];

afterEach(async () => {
  await Promise.all(running.map((sim) => sim.servers.close()));
  running = [];
});

/** A fresh small fleet on loopback with `scenario` as the control plane of CLUSTER. */
async function startSim(scenario: string): Promise<Sim> {
  const fleet = createFleet({ seed: 11, size: 'small', controlPlane: { [CLUSTER]: scenario } });
  const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'fleetscope-probes-')), 'kubeconfig');
  const servers = await startFleetServers(fleet, { kubeconfig: kubeconfigPath, latencyScale: LATENCY_SCALE });
  const sim = { fleet, servers, kubeconfigPath };
  running.push(sim);
  return sim;
}

function kubeConfig(path: string, context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  kc.setCurrentContext(context);
  return kc;
}

function probe(sim: Sim, options: Partial<ProbeOptions> = {}): Promise<SignalSet> {
  return runProbes(
    kubeConfig(sim.kubeconfigPath, CLUSTER),
    CLUSTER,
    // These tests are about probe mechanics; observer self-load has its own test (observer-under-load).
    {
      namespace: NAMESPACE,
      timeoutMs: 5_000,
      write: false,
      overloadedLateMs: Number.POSITIVE_INFINITY,
      ...options,
    },
    () => 1_000,
  );
}

/** The signal, failing the test when it is absent. */
function get(set: SignalSet, name: SignalName): Signal {
  const found = set.signals[name];
  if (!found) throw new Error(`${name} is missing; have ${Object.keys(set.signals).join(', ')}`);
  return found;
}

function expectValue(set: SignalSet, name: SignalName): number {
  const s = get(set, name);
  expect(s.error, name).toBeNull();
  expect(s.source).toBe('probe');
  expect(s.samples).toHaveLength(1);
  const value = s.samples[0]?.value ?? Number.NaN;
  expect(Number.isFinite(value) && value >= 0, `${name} = ${value}`).toBe(true);
  return value;
}

function expectError(set: SignalSet, name: SignalName, pattern: RegExp): void {
  const s = get(set, name);
  expect(s.samples, name).toEqual([]);
  expect(s.error, name).toMatch(pattern);
}

describe('runProbes: healthy control plane', () => {
  it('times every read probe and the dry-run, with no errors', async () => {
    const sim = await startSim('healthy');
    const set = await probe(sim);
    expect(set.cluster).toBe(CLUSTER);
    for (const name of READ_PROBES) expectValue(set, name);
    for (const name of WRITE_PROBES) expect(set.signals[name], name).toBeUndefined();
    for (const s of Object.values(set.signals)) expect(s?.observedAt).toBe(1_000);
  });

  it('persists nothing without write: the dry-run ConfigMap does not exist and no resourceVersion moved', async () => {
    const sim = await startSim('healthy');
    const cluster = sim.fleet.cluster(CLUSTER);
    const before = cluster.resourceVersion();
    const set = await probe(sim);
    expectValue(set, 'probe_admission_dry_run_seconds');
    expect(cluster.get('configmaps', NAMESPACE, DRY_RUN_CONFIGMAP)).toBeUndefined();
    expect(cluster.get('configmaps', NAMESPACE, PROBE_CONFIGMAP)).toBeUndefined();
    expect(cluster.resourceVersion()).toBe(before);
  });

  it('with write, times the write and its watch delivery and leaves the marker on the probe ConfigMap', async () => {
    const sim = await startSim('healthy');
    const set = await probe(sim, { write: true });
    for (const name of [...READ_PROBES, ...WRITE_PROBES]) expectValue(set, name);
    const configMap = sim.fleet.cluster(CLUSTER).get('configmaps', NAMESPACE, PROBE_CONFIGMAP);
    expect(configMap).toBeDefined();
    const data = (configMap as { data?: Record<string, unknown> } | undefined)?.data ?? {};
    expect(typeof data.marker).toBe('string');
    expect(data.marker).not.toBe('');
  });

  it('with write, reuses the probe ConfigMap on later rounds and moves its marker', async () => {
    const sim = await startSim('healthy');
    const marker = (): unknown =>
      (
        sim.fleet.cluster(CLUSTER).get('configmaps', NAMESPACE, PROBE_CONFIGMAP) as {
          data?: { marker?: unknown };
        }
      )?.data?.marker;
    const first = await probe(sim, { write: true });
    const firstMarker = marker();
    const second = await probe(sim, { write: true });
    for (const set of [first, second]) for (const name of WRITE_PROBES) expectValue(set, name);
    expect(marker()).not.toBe(firstMarker);
    const probeMaps = sim.fleet
      .cluster(CLUSTER)
      .list('configmaps', NAMESPACE)
      .filter((c) => c.metadata.name.startsWith(PROBE_CONFIGMAP));
    expect(probeMaps.map((c) => c.metadata.name)).toEqual([PROBE_CONFIGMAP]);
  });
});

describe('runProbes: failing control planes', () => {
  it('admission-webhook-timeout: the dry-run fails naming the webhook, reads are fine', async () => {
    const sim = await startSim('admission-webhook-timeout');
    const set = await probe(sim);
    expectValue(set, 'probe_readyz_seconds');
    expectValue(set, 'probe_list_seconds');
    expectError(set, 'probe_admission_dry_run_seconds', /failed calling webhook "policy\.example\.com"/);
  });

  it('admission-webhook-timeout with write: the write is rejected by the same webhook', async () => {
    const sim = await startSim('admission-webhook-timeout');
    const set = await probe(sim, { write: true });
    expectError(set, 'probe_write_seconds', /failed calling webhook "policy\.example\.com"/);
    expect(set.signals.probe_watch_delivery_seconds).toBeUndefined();
  });

  it('etcd-lost-quorum: readyz fails on its etcd check and the write fails with the etcd error', async () => {
    const sim = await startSim('etcd-lost-quorum');
    const set = await probe(sim, { write: true });
    expectError(set, 'probe_readyz_seconds', /HTTP 500.*etcd failed/s);
    expectValue(set, 'probe_list_seconds'); // served from the watch cache
    expectValue(set, 'probe_admission_dry_run_seconds'); // dry runs never reach etcd
    expectError(set, 'probe_write_seconds', /etcdserver: request timed out/);
    expect(set.signals.probe_watch_delivery_seconds).toBeUndefined();
    expect(sim.fleet.cluster(CLUSTER).get('configmaps', NAMESPACE, PROBE_CONFIGMAP)).toBeUndefined();
  });

  it('etcd-lost-quorum after a healthy round: the update fails, and the abandoned watch wait stays quiet', async () => {
    const sim = await startSim('healthy');
    for (const name of WRITE_PROBES) expectValue(await probe(sim, { write: true }), name);
    sim.fleet.cluster(CLUSTER).setControlPlaneScenario('etcd-lost-quorum');
    const timeoutMs = 400;
    const set = await probe(sim, { write: true, timeoutMs });
    expectError(set, 'probe_write_seconds', /etcdserver: request timed out/);
    expect(set.signals.probe_watch_delivery_seconds).toBeUndefined();
    // Outlive the probe's delivery deadline: an unhandled rejection from the abandoned wait would fail
    // the run here (Vitest reports unhandled rejections as errors).
    await sleep(timeoutMs * 2);
  });

  it('watch-cache-pressure: the watch event still arrives, no earlier than the delay the server enacts', async () => {
    const sim = await startSim('watch-cache-pressure');
    const set = await probe(sim, { write: true });
    expectValue(set, 'probe_write_seconds');
    const delivery = expectValue(set, 'probe_watch_delivery_seconds');
    // The server holds every live event 6 s × LATENCY_SCALE before sending it, and the clock starts
    // before the write is sent: a lower bound that cannot flake (no upper bound, no comparison with a
    // healthy run, which a loaded machine could make as slow). 5 ms slack for timer granularity.
    expect(delivery).toBeGreaterThanOrEqual(6 * LATENCY_SCALE - 0.005);
  });
});

describe('runProbes: inconclusive outcomes are omitted, not errors', () => {
  it('forbidden ConfigMaps: the dry-run and the write probes are omitted, reads are timed', async () => {
    const sim = await startSim('healthy');
    sim.servers.server(CLUSTER).faults.set('configmaps', { kind: 'forbidden' });
    const set = await probe(sim, { write: true });
    expectValue(set, 'probe_readyz_seconds');
    expectValue(set, 'probe_list_seconds');
    for (const name of ['probe_admission_dry_run_seconds', ...WRITE_PROBES] as const) {
      expect(set.signals[name], name).toBeUndefined();
    }
  });

  it('a missing probe namespace: the dry-run and the write probes are omitted', async () => {
    const sim = await startSim('healthy');
    const set = await probe(sim, { namespace: 'no-such-namespace', write: true });
    expectValue(set, 'probe_readyz_seconds');
    expectValue(set, 'probe_list_seconds');
    for (const name of ['probe_admission_dry_run_seconds', ...WRITE_PROBES] as const) {
      expect(set.signals[name], name).toBeUndefined();
    }
  });
});

describe('runProbes: unreachable API server', () => {
  it('gives every probe an error and does not throw', async () => {
    const port = await closedPort();
    const path = join(mkdtempSync(join(tmpdir(), 'fleetscope-probes-')), 'kubeconfig');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: gone',
        '  cluster:',
        `    server: "http://127.0.0.1:${port}"`,
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: gone-user',
        '  user: {}',
        'contexts:',
        '- name: gone',
        '  context: { cluster: gone, user: gone-user }',
        'current-context: gone',
        '',
      ].join('\n'),
    );
    const set = await runProbes(
      kubeConfig(path, 'gone'),
      'gone',
      { namespace: NAMESPACE, timeoutMs: 2_000, write: true, overloadedLateMs: Number.POSITIVE_INFINITY },
      () => 1_000,
    );
    expect(set.cluster).toBe('gone');
    for (const name of [...READ_PROBES, 'probe_write_seconds'] as const) {
      expectError(set, name, /ECONNREFUSED/);
    }
    // Nothing was written, so there is no delivery to time (the write error already says why).
    expect(set.signals.probe_watch_delivery_seconds).toBeUndefined();
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
