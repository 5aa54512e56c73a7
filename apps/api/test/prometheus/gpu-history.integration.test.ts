import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePool } from '@fleetscope/diagnostics';
import { createFleet, type FleetServers, startFleetServers, systemClock } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/app-config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { PrometheusGpuHistory } from '../../src/sources/prometheus/gpu-history.source.ts';
import { JsonLogger } from '../../src/telemetry/json-logger.ts';
import { type BackfillSeries, backfill } from '../support/backfill.ts';
import { eventually } from '../support/harness.ts';
import { type PrometheusServer, startPrometheus } from '../support/prometheus-server.ts';

/**
 * GPU usage history through a real Prometheus: three hours of kube-state-metrics, Fleetscope-gauge
 * and DCGM-exporter samples (every label variant, gaps, a finished and an unbound pod) backfilled
 * with promtool, the API watching the simulated fleet for its pools, and GPU-hours checked against
 * sums over the model below, minute by minute. The short lookback stands in for the staleness
 * markers a live scrape would write, so a gap in the samples is a gap in the answers.
 */

const MIN = 60_000;
const STEPS = 180;
const END = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
const START = END - STEPS * MIN;
const at = (m: number): number => START + m * MIN;
const minutes = (from: number, to: number, skip: (m: number) => boolean = () => false): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i).filter((m) => !skip(m));

// prod-us-east: kube-state-metrics. prod-eu-west: only Fleetscope's gauge. openb: nothing at all.
const US = 'prod-us-east';
const EU = 'prod-eu-west';
const KSM_GAP = (m: number): boolean => m >= 100 && m < 110;
const H2_SILENT = (m: number): boolean => m >= 60 && m < 80;
const B_ALIVE = (m: number): boolean => m >= 30 && m < 150;

interface ModelPod {
  namespace: string;
  name: string;
  node: string;
  gpus: number;
  phase: 'Running' | 'Succeeded' | 'Pending';
  alive: (m: number) => boolean;
}
interface ModelDevice {
  node: string;
  gpu: number;
  /** Engine activity 0..1 at minute m, or null when the exporter is silent. */
  activity: (m: number) => number | null;
}

let fleet: ReturnType<typeof createFleet>;
let sim: FleetServers;
let prometheus: PrometheusServer;
let api: RunningServer;
let nodes: { h1: string; h2: string; a1: string; eu: string };
let pools: Map<string, string>;
let pods: ModelPod[];
let devices: ModelDevice[];

function gpuNodes(cluster: string): Array<{ name: string; pool: string; product: string }> {
  const sc = fleet.clusters.find((c) => c.name === cluster);
  if (!sc) throw new Error(`no cluster ${cluster}`);
  return sc
    .list('nodes')
    .filter((n) => n.metadata.labels?.['nvidia.com/gpu.product'])
    .map((n) => ({
      name: n.metadata.name ?? '',
      pool: resolvePool(n.metadata.labels ?? {}),
      product: n.metadata.labels?.['nvidia.com/gpu.product'] ?? '',
    }));
}

function series(): BackfillSeries[] {
  const out: BackfillSeries[] = [];
  const push = (
    metric: string,
    labels: Record<string, string>,
    ms: number[],
    value: (m: number) => number,
  ) => {
    if (ms.length > 0) out.push({ metric, labels, samples: ms.map((m) => [at(m), value(m)]) });
  };
  const us = { cluster: US };
  for (const pod of pods) {
    const live = minutes(0, STEPS, (m) => KSM_GAP(m) || !pod.alive(m));
    const id = { ...us, namespace: pod.namespace, pod: pod.name };
    push('kube_pod_info', { ...id, node: pod.node, uid: `uid-${pod.name}` }, live, () => 1);
    for (const phase of ['Pending', 'Running', 'Succeeded']) {
      push('kube_pod_status_phase', { ...id, phase }, live, () => (phase === pod.phase ? 1 : 0));
    }
    push(
      'kube_pod_container_resource_requests',
      { ...id, container: 'main', resource: 'nvidia_com_gpu', unit: 'integer' },
      live,
      () => pod.gpus,
    );
    push(
      'kube_pod_container_resource_requests',
      { ...id, container: 'main', resource: 'cpu', unit: 'core' },
      live,
      () => 16,
    );
  }
  const ksmUp = minutes(0, STEPS, KSM_GAP);
  push('kube_namespace_labels', { ...us, namespace: 'ml-train', label_team: 'research' }, ksmUp, () => 1);
  push('kube_namespace_labels', { ...us, namespace: 'notebooks' }, ksmUp, () => 1);

  // DCGM, every label variant: h1 `Hostname` + pod/namespace; h2 `hostname` + exported_* after a
  // relabel clash (namespace is the exporter's own); a1 only the coarse utilization, no pod labels.
  const h1 = { ...us, Hostname: nodes.h1, modelName: 'NVIDIA H100 80GB HBM3' };
  for (let gpu = 0; gpu < 8; gpu++) {
    const labels = {
      ...h1,
      gpu: String(gpu),
      UUID: `GPU-h1-${gpu}`,
      ...(gpu < 4 ? { pod: 'train-a', namespace: 'ml-train' } : {}),
    };
    const device = devices.find((d) => d.node === nodes.h1 && d.gpu === gpu);
    push('DCGM_FI_PROF_GR_ENGINE_ACTIVE', labels, minutes(0, STEPS), (m) => device?.activity(m) ?? 0);
    // One device also reports the coarse counter: it must not count twice.
    if (gpu === 0)
      push('DCGM_FI_DEV_GPU_UTIL', labels, minutes(0, STEPS), (m) => (device?.activity(m) ?? 0) * 100);
  }
  for (let gpu = 0; gpu < 2; gpu++) {
    const base = {
      ...us,
      hostname: nodes.h2,
      gpu: String(gpu),
      uuid: `GPU-h2-${gpu}`,
      namespace: 'gpu-operator',
    };
    const device = devices.find((d) => d.node === nodes.h2 && d.gpu === gpu);
    const value = (m: number): number => device?.activity(m) ?? 0;
    push(
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      { ...base, exported_pod: 'notebook-b', exported_namespace: 'notebooks' },
      minutes(0, STEPS, (m) => H2_SILENT(m) || !B_ALIVE(m)),
      value,
    );
    push(
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      base,
      minutes(0, STEPS, (m) => H2_SILENT(m) || B_ALIVE(m)),
      value,
    );
  }
  for (let gpu = 0; gpu < 2; gpu++) {
    const device = devices.find((d) => d.node === nodes.a1 && d.gpu === gpu);
    push(
      'DCGM_FI_DEV_GPU_UTIL',
      { ...us, Hostname: nodes.a1, gpu: String(gpu), UUID: `GPU-a1-${gpu}` },
      minutes(0, STEPS),
      (m) => (device?.activity(m) ?? 0) * 100,
    );
  }

  // A busy MIG instance: its nvidia.com/mig-* request is not in allocation, so it is not in use either.
  push(
    'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    { ...us, Hostname: nodes.a1, gpu: '1', UUID: 'GPU-a1-1', GPU_I_ID: '3', GPU_I_PROFILE: '1g.10gb' },
    minutes(0, STEPS),
    () => 0.9,
  );

  // prod-eu-west: Fleetscope's own gauge, 2 GPUs for inference all along; one of them busy.
  const eu = { cluster: EU };
  push(
    'fleetscope_gpu_allocated',
    { ...eu, pool: pools.get(nodes.eu) ?? '', namespace: 'inference', team: 'serving' },
    minutes(0, STEPS),
    () => 2,
  );
  for (let gpu = 0; gpu < 2; gpu++) {
    push(
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      {
        ...eu,
        Hostname: nodes.eu,
        gpu: String(gpu),
        UUID: `GPU-eu-${gpu}`,
        pod: 'serve-0',
        namespace: 'inference',
      },
      minutes(0, STEPS),
      () => (gpu === 0 ? 0.7 : 0),
    );
  }
  return out;
}

/** GPU-hours of one set of nodes, minute by minute from the model (the documented rules, not the code under test). */
function truth(inNodes: readonly string[]): { allocated: number; used: number; idle: number } {
  let allocated = 0;
  let used = 0;
  let idle = 0;
  for (let m = 0; m < STEPS; m++) {
    const alloc = new Map<string, number>();
    for (const pod of pods) {
      if (pod.phase === 'Running' && pod.node !== '' && pod.alive(m) && inNodes.includes(pod.node)) {
        alloc.set(pod.node, (alloc.get(pod.node) ?? 0) + pod.gpus);
      }
    }
    const busy = new Map<string, number>();
    const silent = new Set<string>();
    for (const d of devices.filter((x) => inNodes.includes(x.node))) {
      const a = d.activity(m);
      if (a === null) silent.add(d.node);
      else if (a >= 0.05) busy.set(d.node, (busy.get(d.node) ?? 0) + 1);
    }
    const allocKnown = !KSM_GAP(m);
    // Use is unknown at a minute when a node holding GPUs has a silent exporter.
    const useKnown = ![...alloc.keys()].some((n) => silent.has(n));
    if (allocKnown) allocated += [...alloc.values()].reduce((a, b) => a + b, 0);
    if (useKnown) used += [...busy.values()].reduce((a, b) => a + b, 0);
    if (allocKnown && useKnown) {
      for (const n of inNodes) idle += Math.max(0, (alloc.get(n) ?? 0) - (busy.get(n) ?? 0));
    }
  }
  const hours = (x: number): number => Math.round((x / 60) * 1000) / 1000;
  return { allocated: hours(allocated), used: hours(used), idle: hours(idle) };
}

beforeAll(async () => {
  fleet = createFleet({ seed: 7, size: 'small', clock: systemClock });
  const usNodes = gpuNodes(US);
  const byPool = (pool: string) => usNodes.filter((n) => n.pool === pool).map((n) => n.name);
  const poolNames = [...new Set(usNodes.map((n) => n.pool))].sort();
  // Two H100 nodes (priced) and one node of another pool (not priced).
  const twoNodePool =
    poolNames.find(
      (p) => byPool(p).length >= 2 && usNodes.some((n) => n.pool === p && n.product.includes('H100')),
    ) ?? '';
  const otherPool = poolNames.find((p) => p !== twoNodePool) ?? '';
  const euNode = gpuNodes(EU)[0];
  nodes = {
    h1: byPool(twoNodePool)[0] ?? '',
    h2: byPool(twoNodePool)[1] ?? '',
    a1: byPool(otherPool)[0] ?? '',
    eu: euNode?.name ?? '',
  };
  pools = new Map([...usNodes, ...gpuNodes(EU)].map((n) => [n.name, n.pool]));
  pods = [
    { namespace: 'ml-train', name: 'train-a', node: nodes.h1, gpus: 4, phase: 'Running', alive: () => true },
    { namespace: 'notebooks', name: 'notebook-b', node: nodes.h2, gpus: 2, phase: 'Running', alive: B_ALIVE },
    { namespace: 'ml-train', name: 'eval-c', node: nodes.a1, gpus: 1, phase: 'Running', alive: () => true },
    // Finished but not yet deleted: kube-state-metrics still exposes its requests.
    { namespace: 'ml-train', name: 'done-d', node: nodes.h1, gpus: 2, phase: 'Succeeded', alive: () => true },
    // Not bound to a node.
    { namespace: 'ml-train', name: 'waiting-e', node: '', gpus: 8, phase: 'Pending', alive: () => true },
  ];
  devices = [
    ...Array.from(
      { length: 8 },
      (_, gpu): ModelDevice => ({
        node: nodes.h1,
        gpu,
        activity: (m) => (gpu < 2 ? 0.8 : gpu === 2 ? (m < 90 ? 0.6 : 0.01) : 0),
      }),
    ),
    ...Array.from(
      { length: 2 },
      (_, gpu): ModelDevice => ({
        node: nodes.h2,
        gpu,
        activity: (m) => (H2_SILENT(m) ? null : gpu === 0 && B_ALIVE(m) ? 0.5 : 0),
      }),
    ),
    ...Array.from(
      { length: 2 },
      (_, gpu): ModelDevice => ({ node: nodes.a1, gpu, activity: () => (gpu === 0 ? 0.9 : 0) }),
    ),
  ];
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fleetscope-gpu-history-')), 'kubeconfig');
  sim = await startFleetServers(fleet, { kubeconfig, bookmarkFrequencyMs: 200, latencyScale: 0.01 });
  prometheus = await startPrometheus({
    jobs: [],
    retention: '30d',
    extraArgs: ['--query.lookback-delta=30s'],
    prepareDataDir: (dir) => backfill(dir, series()),
  });
  const config = parseConfig(
    [
      ...['--port', '0', '--web-dist', '', '--probe-interval', '0', '--kubeconfig', kubeconfig],
      ...[
        '--prometheus-url',
        prometheus.url,
        '--prometheus-cluster-label',
        'cluster',
        '--gpu-price',
        'h100=2.5',
      ],
    ],
    {},
    { webDist: null },
  );
  api = await startServer({
    config,
    targets: { kubeconfigPath: kubeconfig, contexts: fleet.clusters.map((c) => c.name) },
    logger: new JsonLogger('error', () => {}),
    metrics: null,
  });
}, 90_000);

afterAll(async () => {
  await api?.close();
  await prometheus?.stop();
  await sim?.close();
});

async function gql<T>(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

const HISTORY = `query H($from: DateTime!, $to: DateTime!, $groupBy: GpuHistoryGroupBy!, $cluster: String) {
  gpuUsageHistory(from: $from, to: $to, groupBy: $groupBy, cluster: $cluster) {
    stepSeconds times priced
    clusters {
      cluster unavailable allocationSource usageSource useByGroup
      groups { key kind skus totals { allocatedGpuHours usedGpuHours idleGpuHours idleCost unpricedIdleGpuHours } series { allocated used idle } }
      totals { allocatedGpuHours usedGpuHours idleGpuHours idleCost allocationCoverage usageCoverage }
      notes { code message }
    }
    totals { allocatedGpuHours usedGpuHours idleGpuHours idleCost }
  }
}`;

interface Totals {
  allocatedGpuHours: number | null;
  usedGpuHours: number | null;
  idleGpuHours: number | null;
  idleCost: number | null;
  unpricedIdleGpuHours?: number | null;
  allocationCoverage?: number;
  usageCoverage?: number;
}
interface Answer {
  gpuUsageHistory: {
    stepSeconds: number;
    times: string[];
    priced: boolean;
    clusters: Array<{
      cluster: string;
      unavailable: string | null;
      allocationSource: string;
      usageSource: string;
      useByGroup: boolean;
      groups: Array<{
        key: string;
        kind: string;
        skus: string[];
        totals: Totals;
        series: { allocated: Array<number | null>; used: Array<number | null>; idle: Array<number | null> };
      }>;
      totals: Totals;
      notes: Array<{ code: string; message: string }>;
    }>;
    totals: Totals | null;
  };
}

async function history(groupBy: string): Promise<Answer['gpuUsageHistory']> {
  const answer = await gql<Answer>(HISTORY, {
    from: new Date(START).toISOString(),
    to: new Date(END).toISOString(),
    groupBy,
  });
  expect(answer.errors).toBeUndefined();
  const result = answer.data?.gpuUsageHistory;
  if (!result) throw new Error('no answer');
  return result;
}

const close = (expected: number) => expect.closeTo(expected, 3);

describe('gpuUsageHistory through a real Prometheus', () => {
  it('per pool: GPU-hours allocated, used and idle match the model; gaps are unknown, not zero', async () => {
    let result!: Answer['gpuUsageHistory'];
    // The pools come from the watch: wait until every node in the history is known.
    await eventually(async () => {
      result = await history('POOL');
      const us = result.clusters.find((c) => c.cluster === US);
      expect(us?.notes.map((n) => n.code)).not.toContain('UNKNOWN_POOL_NODES');
    }, 30_000);
    expect(result.stepSeconds).toBe(60);
    expect(result.times).toHaveLength(STEPS);
    expect(result.priced).toBe(true);
    const us = result.clusters.find((c) => c.cluster === US);
    if (!us) throw new Error('no us cluster');
    expect(us.allocationSource).toBe('KUBE_STATE_METRICS');
    expect(us.usageSource).toBe('MIXED');

    const h100 = pools.get(nodes.h1) ?? '';
    const a100 = pools.get(nodes.a1) ?? '';
    const expectH100 = truth([nodes.h1, nodes.h2]);
    const expectA100 = truth([nodes.a1]);
    const expectCluster = truth([nodes.h1, nodes.h2, nodes.a1]);
    // The same numbers by hand, so the model's sums are checked too.
    expect(expectCluster).toEqual({ allocated: 17.833, used: 10.833, idle: 5.333 });
    const group = (key: string) => us.groups.find((g) => g.key === key);
    expect(group(h100)?.skus).toEqual(['NVIDIA-H100-80GB-HBM3']);
    expect(group(h100)?.totals).toMatchObject({
      allocatedGpuHours: close(expectH100.allocated),
      usedGpuHours: close(expectH100.used),
      idleGpuHours: close(expectH100.idle),
      idleCost: expect.closeTo(expectH100.idle * 2.5, 2),
    });
    expect(group(a100)?.totals).toMatchObject({
      allocatedGpuHours: close(expectA100.allocated),
      usedGpuHours: close(expectA100.used),
      idleGpuHours: close(expectA100.idle),
      idleCost: 0,
      unpricedIdleGpuHours: close(expectA100.idle),
    });
    expect(us.totals).toMatchObject({
      allocatedGpuHours: close(expectCluster.allocated),
      usedGpuHours: close(expectCluster.used),
      idleGpuHours: close(expectCluster.idle),
      allocationCoverage: close(170 / 180),
      usageCoverage: close(160 / 180),
    });
    // Allocation unknown during the kube-state-metrics gap; use unknown while h2 (holding GPUs) is silent.
    const h100Series = group(h100)?.series;
    expect(h100Series?.allocated[100]).toBeNull();
    expect(h100Series?.allocated[99]).toBe(6);
    expect(h100Series?.used[65]).toBeNull();
    expect(h100Series?.used[20]).toBe(3);
    expect(us.notes.map((n) => n.code)).toEqual(
      expect.arrayContaining(['ALLOCATION_GAPS', 'USAGE_GAPS', 'UNPRICED_SKUS']),
    );
  });

  it("falls back to Fleetscope's gauge, and says so; a cluster with nothing is unknown, never zero", async () => {
    const result = await history('POOL');
    const eu = result.clusters.find((c) => c.cluster === EU);
    expect(eu).toMatchObject({
      unavailable: null,
      allocationSource: 'FLEETSCOPE',
      usageSource: 'PROF_GR_ENGINE_ACTIVE',
    });
    expect(eu?.groups.find((g) => g.key === pools.get(nodes.eu))?.totals).toMatchObject({
      allocatedGpuHours: close(6),
      usedGpuHours: close(3),
      idleGpuHours: close(3),
      idleCost: close(7.5),
    });
    const openb = result.clusters.find((c) => c.cluster === 'openb');
    expect(openb).toMatchObject({
      allocationSource: 'NONE',
      usageSource: 'NONE',
      totals: { allocatedGpuHours: null, usedGpuHours: null, idleGpuHours: null, idleCost: null },
    });
    expect(openb?.notes.map((n) => n.code)).toEqual(
      expect.arrayContaining(['NO_ALLOCATION_SOURCE', 'NO_USAGE_SOURCE']),
    );
    // The fleet sums the clusters that have history.
    expect(result.totals).toMatchObject({
      allocatedGpuHours: close(truth([nodes.h1, nodes.h2, nodes.a1]).allocated + 6),
    });
  });

  it('per team: namespace labels name teams, a namespace without one is its own; use without pod labels is not attributed', async () => {
    const result = await history('TEAM');
    const us = result.clusters.find((c) => c.cluster === US);
    const team = (key: string) => us?.groups.find((g) => g.key === key);
    expect(us?.useByGroup).toBe(true);
    // research = ml-train: train-a (4 GPUs on h1) and eval-c (1 on a1), allocated over the 170 known
    // minutes; its use is known all along (h2's silence is not its business): 3 busy GPUs on h1 for
    // 90 minutes, then 2.
    expect(team('research')?.totals).toMatchObject({
      allocatedGpuHours: close(850 / 60),
      usedGpuHours: close(450 / 60),
    });
    expect(team('notebooks')?.totals).toMatchObject({
      allocatedGpuHours: close(220 / 60),
      usedGpuHours: close(100 / 60),
    });
    // a1's busy GPU carries no pod labels: counted, but not to a team.
    expect(team('')).toMatchObject({
      kind: 'NOT_ATTRIBUTED',
      totals: { allocatedGpuHours: null, usedGpuHours: close(3) },
    });
    expect(us?.notes.map((n) => n.code)).toContain('SOME_USE_NOT_ATTRIBUTED');
    // The cluster's totals do not depend on the grouping.
    expect(us?.totals).toMatchObject({
      allocatedGpuHours: close(17.833),
      usedGpuHours: close(10.833),
      idleGpuHours: close(5.333),
    });
    const eu = result.clusters.find((c) => c.cluster === EU);
    expect(eu?.groups.find((g) => g.key === 'serving')?.totals).toMatchObject({
      allocatedGpuHours: close(6),
      usedGpuHours: close(3),
    });
  });

  it('bad ranges and unknown clusters get stable error codes', async () => {
    const reversed = await gql(HISTORY, {
      from: new Date(END).toISOString(),
      to: new Date(START).toISOString(),
      groupBy: 'POOL',
    });
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await gql(HISTORY, {
      from: new Date(START).toISOString(),
      to: new Date(END).toISOString(),
      groupBy: 'POOL',
      cluster: 'nope',
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('without Prometheus, or with one that is down, the reader says so instead of answering zeros', async () => {
    const request = {
      cluster: US,
      groupBy: 'POOL' as const,
      range: { startMs: START, endMs: END, stepSeconds: 60, points: STEPS },
      busyThreshold: 0.05,
      teamLabel: 'team',
    };
    expect(await new PrometheusGpuHistory(null).read(request)).toMatchObject({
      ok: false,
      code: 'NO_PROMETHEUS',
    });
    const down = new PrometheusGpuHistory({
      urls: { [US]: 'http://127.0.0.1:1' },
      sharedUrl: null,
      clusterLabel: null,
      jobs: {
        apiserver: 'apiserver',
        etcd: 'etcd',
        scheduler: 'kube-scheduler',
        controllerManager: 'kube-controller-manager',
      },
      window: '5m',
      timeoutMs: 2_000,
      retries: 0,
      concurrency: 1,
      queries: {},
    });
    const outcome = await down.read(request);
    expect(outcome).toMatchObject({ ok: false, code: 'PROMETHEUS_ERROR' });
    expect(outcome.ok ? '' : outcome.message).toMatch(/^Prometheus http:\/\/127\.0\.0\.1:1: network error/);
  });
});
