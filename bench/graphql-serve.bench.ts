/**
 * GraphQL at fleet size: the real API (its production build, its own process) watching the simulator
 * (its own process) serving one cluster of N pods on N/30 nodes plus the demo's smaller clusters, and 50
 * concurrent HTTP clients (a third process) sending the web app's own queries: the Fleet view, the Cluster
 * view, the GPU Pools view (every pool with its heatmap) and the Rollouts board. Baseline, paired with each
 * query: the same 50 clients asking `{ __typename }` of the same server (HTTP, Fastify, Apollo's parse,
 * validate and execute of a trivial document), and once `GET /healthz` (HTTP and Nest only).
 *
 * Each query runs twice after its baseline: executed (`Cache-Control: no-cache`, which the API's answer
 * cache honours by executing and keeping the answer) and as the views send it (answered from the cache
 * while no slice it reads moves): the cache's gain is measured in one run, on one API process. The
 * cache's hit, miss and bypass counters of each phase (from /metrics) say which path was measured.
 *
 *   node bench/run.ts --only graphql-serve [--pods 150000]
 *
 * Needs the API build (`npm run build -w @fleetscope/api`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, podCountFromArgs, progress, report } from './result.ts';
import type { LoadPhase, LoadPlan, PhaseResult } from './serve/http-load.ts';
import { load, percentile, rssBytes, startApi, startChild, startSim, waitSynced } from './serve/processes.ts';
import { webOperation } from './serve/web-documents.ts';

const CONCURRENCY = 50;
const COUNTERS = [
  'fleetscope_answer_cache_hits_total',
  'fleetscope_answer_cache_misses_total',
  'fleetscope_answer_cache_bypasses_total',
];
const pods = podCountFromArgs();
const nodes = Math.max(147, Math.round(pods / 30));
const dir = mkdtempSync(join(tmpdir(), 'bench-graphql-serve-'));
const loads: string[] = [load()];

progress(`simulator: building ${pods} pods on ${nodes} nodes`);
const sim = await startSim(pods, nodes, join(dir, 'steps.jsonl'));
progress(
  `simulator ready in ${(sim.info.buildMs / 1000).toFixed(1)} s: ${sim.info.pods} pods, ${sim.info.nodes} nodes`,
);
const api = await startApi(sim.info);
let results: PhaseResult[] = [];
let syncMs = 0;
let apiRss = 0;
try {
  syncMs = await waitSynced(api, sim.info, 60 * 60_000);
  progress(`API synced in ${(syncMs / 1000).toFixed(1)} s (load ${load()})`);
  // Pools are refreshed on the API's tick: let one pass before measuring.
  await new Promise((r) => setTimeout(r, 6_000));
  apiRss = rssBytes(api.pid);
  loads.push(load());

  const post = (name: string, operation: string, variables?: Record<string, unknown>): LoadPhase => ({
    name,
    method: 'POST',
    path: '/graphql',
    body: { query: webOperation(operation), operationName: operation, ...(variables ? { variables } : {}) },
  });
  const typename: LoadPhase = {
    name: 'typename',
    method: 'POST',
    path: '/graphql',
    body: { query: '{ __typename }' },
    // Executed by Apollo as in earlier runs: `{ __typename }` is cacheable too, and no-store bypasses.
    headers: { 'cache-control': 'no-store' },
  };
  const subjects: LoadPhase[] = [
    post('FleetView', 'FleetView'),
    post('ClusterView', 'ClusterView', { name: sim.info.big }),
    post('PoolsView', 'PoolsView'),
    post('RolloutsView', 'RolloutsView', { name: 'prod-rollouts' }),
  ];
  const executed = (s: LoadPhase): LoadPhase => ({
    ...s,
    name: `${s.name} executed`,
    headers: { 'cache-control': 'no-cache' },
  });
  const plan: LoadPlan = {
    url: api.url,
    serverPid: api.pid,
    concurrency: CONCURRENCY,
    warmupMs: 1_000,
    durationMs: 5_000,
    phases: [
      { name: 'idle', method: 'GET', path: '/healthz', idle: true },
      { name: 'healthz', method: 'GET', path: '/healthz' },
      ...subjects.flatMap((s) => [typename, executed(s), s]),
      { name: 'idle', method: 'GET', path: '/healthz', idle: true },
    ],
    counters: COUNTERS,
  };
  const clients = startChild(join(import.meta.dirname, 'serve/http-load.ts'), [JSON.stringify(plan)]);
  results = await clients.line<PhaseResult[]>('HTTP_LOAD ', 15 * 60_000);
  loads.push(load());
} finally {
  await api.stop();
  sim.child.stdin?.end();
  await sim.stop();
}

const rows: BenchRow[] = [];
const ms = (r: PhaseResult, p: number): number => percentile(r.latenciesMs, p);
const healthz = results.find((r) => r.name === 'healthz');
const typenames = results.filter((r) => r.name === 'typename');
if (healthz) {
  rows.push({ metric: 'baseline GET /healthz p50', value: ms(healthz, 50), unit: 'ms' });
  rows.push({ metric: 'baseline GET /healthz p99', value: ms(healthz, 99), unit: 'ms' });
}
// The API's CPU at rest (its 5 s tick, pool refreshes, probes and metrics at this size), per ms, from
// the phases without requests before and after: subtracted from each phase's CPU before it is divided by
// the requests answered, or a phase of few requests would carry the background's cost.
const idle = results.filter((r) => r.name === 'idle' && r.serverCpuMs !== null);
const idleCpuPerMs =
  idle.length === 0
    ? 0
    : idle.reduce((n, r) => n + (r.serverCpuMs ?? 0), 0) / idle.reduce((n, r) => n + r.elapsedMs, 0);
const perRequest = (x: PhaseResult): number =>
  (Math.max(0, (x.serverCpuMs ?? 0) - idleCpuPerMs * x.elapsedMs) * 1000) / Math.max(1, x.requests);
if (idle.length > 0)
  rows.push({ metric: 'API CPU at rest (no requests)', value: idleCpuPerMs * 100, unit: '% of a core' });
results.forEach((r, i) => {
  if (r.name === 'healthz' || r.name === 'idle' || r.name === 'typename' || r.name.endsWith(' executed'))
    return;
  const run = results[i - 1];
  const base = results[i - 2];
  if (base?.name !== 'typename' || run?.name !== `${r.name} executed`) return;
  const hitShare = (x: PhaseResult): number => {
    const hits = x.counters.fleetscope_answer_cache_hits_total ?? Number.NaN;
    const all = hits + (x.counters.fleetscope_answer_cache_misses_total ?? Number.NaN);
    return all > 0 ? (100 * hits) / all : 0;
  };
  for (const [label, x] of [
    [`${r.name} executed`, run],
    [`${r.name} cached`, r],
  ] as const) {
    rows.push({ metric: `${label} p50`, value: ms(x, 50), unit: 'ms' });
    rows.push({ metric: `${label} p99`, value: ms(x, 99), unit: 'ms', target: '≤ 20 ms (cached slice)' });
    rows.push({ metric: `  ${label} throughput`, value: (x.requests * 1000) / x.elapsedMs, unit: 'req/s' });
    if (x.serverCpuMs !== null) {
      rows.push({ metric: `  ${label} API CPU per request (net of rest)`, value: perRequest(x), unit: 'µs' });
    }
    rows.push({ metric: `  ${label} answers from the cache`, value: hitShare(x), unit: '%' });
    if (x.errors > 0) rows.push({ metric: `  ${label} errors`, value: x.errors, unit: 'req' });
  }
  rows.push({ metric: `  baseline { __typename } p99 (paired)`, value: ms(base, 99), unit: 'ms' });
  rows.push({ metric: `  ${r.name} cached p99 / baseline p99`, value: ms(r, 99) / ms(base, 99), unit: '×' });
  if (r.serverCpuMs !== null && run.serverCpuMs !== null && base.serverCpuMs !== null) {
    rows.push({
      metric: `  baseline { __typename } API CPU per request`,
      value: perRequest(base),
      unit: 'µs',
    });
    rows.push({
      metric: `  ${r.name} executed CPU / baseline`,
      value: perRequest(run) / perRequest(base),
      unit: '×',
    });
    rows.push({
      metric: `  ${r.name} cached CPU / baseline`,
      value: perRequest(r) / perRequest(base),
      unit: '×',
    });
    rows.push({
      metric: `  ${r.name} executed CPU / cached CPU`,
      value: perRequest(run) / perRequest(r),
      unit: '×',
    });
  }
  rows.push({ metric: `  ${r.name} answer size`, value: r.bytesPerAnswer / 1024, unit: 'KB' });
});
if (typenames.length > 0) {
  const all = typenames.flatMap((t) => t.latenciesMs).sort((a, b) => a - b);
  rows.push({ metric: 'baseline { __typename } p50 (all phases)', value: percentile(all, 50), unit: 'ms' });
  rows.push({
    metric: 'baseline { __typename } throughput',
    value: typenames.reduce((n, t) => n + (t.requests * 1000) / t.elapsedMs, 0) / typenames.length,
    unit: 'req/s',
  });
}
rows.push({ metric: 'API initial sync of the fleet', value: syncMs / 1000, unit: 's' });
rows.push({ metric: 'API resident memory after sync', value: apiRss / 2 ** 20, unit: 'MiB' });

report({
  name: 'graphql-serve',
  setup: `${sim.info.pods} pods / ${sim.info.nodes} nodes (one cluster of ${sim.info.bigPods} on ${sim.info.bigNodes}), API production build, ${CONCURRENCY} closed-loop keep-alive clients in another process, 1 s warm-up + 5 s per phase, baseline phase before each query; load average (1/5/15 min) at start, after sync, at end: ${loads.join('; ')}`,
  // A figure that could not be measured (no sample) is left out rather than printed as a number.
  rows: rows.filter((row) => Number.isFinite(row.value)),
});
