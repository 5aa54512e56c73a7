/**
 * Walls: many graphql-ws subscribers of the real API (production build, own process) while the simulator
 * (own process) churns 1% of the big cluster's pods per second. Subscribers run in a third process; each
 * holds one websocket with the web app's FleetChanged and a findingsChanged subscription.
 *
 * Measured with 0, 100 and 1,000 subscribers (one window each, churn on throughout):
 * - update latency: from a churn step's time (the simulator stamps it when it stores the change) to the
 *   first message at each subscriber that reflects it (a marker pod per step: the pod count names the
 *   step), and from a pod turning not Ready to its finding opened at each subscriber;
 * - API resident memory, CPU time per push (API process CPU over the window, less the 0-subscriber
 *   window's, divided by the pushes its /metrics counted), executions and serializations per version.
 *
 * Baseline: a plain `ws` server (bench/serve/ws-broadcast.ts, own process) broadcasting a message of the
 * FleetChanged payload's size once a second to the same number of plain `ws` clients.
 *
 *   node bench/run.ts --only walls [--pods 150000] [--subscribers 1000]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, podCountFromArgs, progress, report } from './result.ts';
import {
  type Child,
  cpuMs,
  graphql,
  load,
  rssBytes,
  startApi,
  startChild,
  startSim,
  waitSynced,
} from './serve/processes.ts';
import { webOperation } from './serve/web-documents.ts';
import type { SubscriberPlan, SubscribersReport } from './serve/ws-subscribers.ts';

const args = process.argv.slice(2);
const subscribersAt = args.indexOf('--subscribers');
const MANY = subscribersAt >= 0 ? Number(args[subscribersAt + 1]) : 1_000;
const FEW = Math.max(1, Math.round(MANY / 10));
const windowAt = args.indexOf('--window-s');
const WINDOW_MS = (windowAt >= 0 ? Number(args[windowAt + 1]) : 20) * 1000;
const CHURN = 0.01;
const pods = podCountFromArgs();
const nodes = Math.max(147, Math.round(pods / 30));
const dir = mkdtempSync(join(tmpdir(), 'bench-walls-'));
const stepsFile = join(dir, 'steps.jsonl');
const here = import.meta.dirname;
const loads: string[] = [load()];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const FINDINGS = `subscription FindingsWall { findingsChanged {
  version opened { id rule status title subjects { kind namespace name } observedAt } changed { id status } resolved { id } } }`;

/** One `name{subscription="field"} value` counter from the API's /metrics (0 when absent). */
async function counters(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^fleetscope_subscription_(\w+)_total\{subscription="(\w+)"\} (\S+)$/.exec(line);
    if (m) out[`${m[1]}.${m[2]}`] = Number(m[3]);
  }
  return out;
}

interface Window {
  subscribers: number;
  cpuMs: number;
  rss: number;
  pushes: number;
  executions: number;
  serializations: number;
  /** Every counter's increase over the window, e.g. `serializations.fleetChanged`. */
  deltas: Record<string, number>;
  report: SubscribersReport | null;
  fromMs: number;
  toMs: number;
}

async function window(
  count: number,
  measure: () => { cpu: number; rss: number },
  metrics: () => Promise<Record<string, number>>,
  clients: Child | null,
): Promise<Window> {
  const before = await metrics();
  const cpu0 = measure().cpu;
  const fromMs = Date.now();
  await sleep(WINDOW_MS);
  const cpu1 = measure().cpu;
  const toMs = Date.now();
  const after = await metrics();
  const delta = (kind: string): number =>
    Object.entries(after)
      .filter(([k]) => k.startsWith(`${kind}.`))
      .reduce((n, [k, v]) => n + v - (before[k] ?? 0), 0);
  let result: SubscribersReport | null = null;
  if (clients) {
    // Let the last steps arrive (one push interval and a debounce), then ask.
    await sleep(2_500);
    clients.send(`report ${fromMs} ${toMs}`);
    result = await clients.line<SubscribersReport>('SUBSCRIBERS ', 120_000);
  }
  return {
    subscribers: count,
    cpuMs: cpu1 - cpu0,
    rss: measure().rss,
    pushes: delta('pushes'),
    executions: delta('executions'),
    serializations: delta('serializations'),
    deltas: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)])),
    report: result,
    fromMs,
    toMs,
  };
}

progress(`simulator: building ${pods} pods on ${nodes} nodes`);
const sim = await startSim(pods, nodes, stepsFile);
progress(`simulator ready in ${(sim.info.buildMs / 1000).toFixed(1)} s`);
const api = await startApi(sim.info);
const apiWindows: Window[] = [];
const baseWindows: Window[] = [];
let fleetBytes = 0;
try {
  await waitSynced(api, sim.info, 60 * 60_000);
  progress(`API synced (load ${load()})`);
  await sleep(6_000);
  const { cluster } = await graphql<{ cluster: { pods: { total: number } } }>(
    api.url,
    'query($n: String!) { cluster(name: $n) { pods { total } } }',
    { n: sim.info.big },
  );
  sim.send(`churn ${CHURN}`);
  await sleep(5_000);
  loads.push(load());
  const measure = (): { cpu: number; rss: number } => ({ cpu: cpuMs(api.pid), rss: rssBytes(api.pid) });
  const metrics = (): Promise<Record<string, number>> => counters(api.url);

  progress('0 subscribers');
  apiWindows.push(await window(0, measure, metrics, null));
  for (const count of [FEW, MANY]) {
    progress(`${count} subscribers`);
    const plan: SubscriberPlan = {
      url: api.url,
      count,
      mode: 'graphql',
      fleetQuery: webOperation('FleetChanged'),
      findingsQuery: FINDINGS,
      bigCluster: sim.info.big,
      basePods: cluster.pods.total,
      stepsFile,
    };
    const clients = startChild(join(here, 'serve/ws-subscribers.ts'), [JSON.stringify(plan)], {
      stdin: true,
    });
    const subscribed = await clients.line<{ connectMs: number; streams: number; expected: number }>(
      'SUBSCRIBED ',
      300_000,
    );
    progress(
      `${count} subscribers: ${subscribed.streams} of ${subscribed.expected} streams live in ${(subscribed.connectMs / 1000).toFixed(1)} s (load ${load()})`,
    );
    await sleep(3_000);
    const w = await window(count, measure, metrics, clients);
    apiWindows.push(w);
    fleetBytes = Math.max(fleetBytes, w.report?.meanBytes.fleet ?? 0);
    await clients.stop();
    loads.push(load());
  }
  sim.send('stop');
} finally {
  await api.stop();
  await sim.stop();
}

// Baseline: a plain ws broadcast of the same size to the same number of plain clients.
progress(`baseline: plain ws broadcast of ${Math.round(fleetBytes)} bytes`);
const server = startChild(join(here, 'serve/ws-broadcast.ts'), [], { stdin: true });
try {
  const { url } = await server.line<{ url: string }>('BROADCAST_READY ', 30_000);
  server.send(`start ${Math.round(fleetBytes)}`);
  const sends = async (): Promise<Record<string, number>> => {
    server.send('stats');
    const s = await server.line<{ sends: number }>('BROADCAST ', 30_000);
    return { 'pushes.raw': s.sends };
  };
  const measure = (): { cpu: number; rss: number } => ({ cpu: cpuMs(server.pid), rss: rssBytes(server.pid) });
  await sleep(2_000);
  baseWindows.push(await window(0, measure, sends, null));
  for (const count of [FEW, MANY]) {
    const plan: SubscriberPlan = { url, count, mode: 'raw' };
    const clients = startChild(join(here, 'serve/ws-subscribers.ts'), [JSON.stringify(plan)], {
      stdin: true,
    });
    await clients.line('SUBSCRIBED ', 300_000);
    await sleep(2_000);
    baseWindows.push(await window(count, measure, sends, clients));
    await clients.stop();
  }
  loads.push(load());
} finally {
  await server.stop();
}

const rows: BenchRow[] = [];
/** Pod changes per second the simulator achieved in a window (its steps can fall behind on a busy machine). */
const steps = readFileSync(stepsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { at: number; changed: number });
const churned = (w: Window): number =>
  (steps.filter((s) => s.at >= w.fromMs && s.at <= w.toMs).reduce((n, s) => n + s.changed, 0) * 1000) /
  (w.toMs - w.fromMs);
const idle = apiWindows[0];
const baseIdle = baseWindows[0];
const pushWindow = 1_000;
const debounce = 250;
// Under steady churn the trailing debounce never settles (an event every 100 ms): a recompute waits for
// the debounce's upper bound, max(4 × debounce, 1 s) (core.module.ts), then a subscriber's next push slot.
const maxDelay = Math.max(4 * debounce, 1_000);
for (const [i, w] of apiWindows.entries()) {
  if (w.subscribers === 0 || !idle) continue;
  const base = baseWindows[i];
  const n = w.subscribers;
  const r = w.report;
  rows.push({
    metric: `${n} subscribers: pod changes per second achieved`,
    value: churned(w),
    unit: `/s (asked ${Math.round(sim.info.churnCandidates * CHURN)})`,
  });
  rows.push({
    metric: `${n} subscribers: FleetChanged update latency p50`,
    value: r?.fleetLatency.p50 ?? NaN,
    unit: 'ms',
  });
  rows.push({
    metric: `${n} subscribers: FleetChanged update latency p99`,
    value: r?.fleetLatency.p99 ?? NaN,
    unit: 'ms',
    target: `≤ ${maxDelay + pushWindow + 250} ms (max debounce ${maxDelay} + push ${pushWindow} + 250)`,
  });
  if (r?.findingLatency)
    rows.push({ metric: `  pod not Ready → finding opened p99`, value: r.findingLatency.p99, unit: 'ms' });
  if (base?.report)
    rows.push({
      metric: `  baseline: plain ws broadcast latency p99`,
      value: base.report.fleetLatency.p99,
      unit: 'ms',
    });
  rows.push({
    metric: `  API memory per subscriber (RSS vs 0)`,
    value: (w.rss - idle.rss) / n / 1024,
    unit: 'KB',
  });
  if (base && baseIdle)
    rows.push({
      metric: `  baseline: plain ws memory per client`,
      value: (base.rss - baseIdle.rss) / n / 1024,
      unit: 'KB',
    });
  const perPush = ((w.cpuMs - idle.cpuMs) * 1000) / Math.max(1, w.pushes);
  rows.push({ metric: `  API CPU per push (beyond 0 subscribers)`, value: perPush, unit: 'µs' });
  // The 0-subscriber window's ingest work is only comparable if the simulator achieved the same churn:
  // scaled to the churn achieved, and with every CPU millisecond counted as pushes (an upper bound).
  const idleChurn = churned(idle);
  const scaledIdle = idleChurn > 0 ? (idle.cpuMs * churned(w)) / idleChurn : idle.cpuMs;
  rows.push({
    metric: `  API CPU per push, idle scaled to the churn achieved`,
    value: ((w.cpuMs - scaledIdle) * 1000) / Math.max(1, w.pushes),
    unit: 'µs',
  });
  rows.push({
    metric: `  API CPU per push, upper bound (all CPU)`,
    value: (w.cpuMs * 1000) / Math.max(1, w.pushes),
    unit: 'µs',
  });
  if (base && baseIdle) {
    const basePerSend = ((base.cpuMs - baseIdle.cpuMs) * 1000) / Math.max(1, base.pushes);
    rows.push({ metric: `  baseline: plain ws CPU per send`, value: basePerSend, unit: 'µs' });
    rows.push({ metric: `  API per push / plain ws per send`, value: perPush / basePerSend, unit: '×' });
  }
  rows.push({ metric: `  pushes in the window`, value: w.pushes, unit: 'msgs' });
  for (const field of ['fleetChanged', 'findingsChanged']) {
    const serialized = w.deltas[`serializations.${field}`] ?? 0;
    rows.push({
      metric: `  ${field}: serializations / executions / pushes`,
      value: serialized,
      unit: `/ ${w.deltas[`executions.${field}`] ?? 0} / ${w.deltas[`pushes.${field}`] ?? 0}`,
    });
    rows.push({
      metric: `  ${field}: pushes per serialization`,
      value: (w.deltas[`pushes.${field}`] ?? 0) / Math.max(1, serialized),
      unit: '×',
    });
  }
  rows.push({ metric: `  FleetChanged payload`, value: (r?.meanBytes.fleet ?? 0) / 1024, unit: 'KB' });
  rows.push({ metric: `  streams live (2 per subscriber)`, value: r?.streams ?? 0, unit: `of ${2 * n}` });
  if ((r?.undelivered ?? 0) > 0 || (r?.errors ?? 0) > 0)
    rows.push({
      metric: `  steps not delivered / errors`,
      value: (r?.undelivered ?? 0) + (r?.errors ?? 0),
      unit: '',
    });
}
if (idle) {
  rows.push({
    metric: 'API CPU with 0 subscribers (ingest of the churn)',
    value: (idle.cpuMs / WINDOW_MS) * 100,
    unit: '% of a core',
  });
  rows.push({ metric: '  pod changes per second achieved', value: churned(idle), unit: '/s' });
}

process.stderr.write(`${JSON.stringify({ apiWindows, baseWindows }, null, 1)}\n`);
report({
  name: 'walls',
  setup: `${sim.info.pods} pods / ${sim.info.nodes} nodes (one cluster of ${sim.info.bigPods}), churn ${CHURN * 100}% of its pods per second (10 steps/s), windows of ${WINDOW_MS / 1000} s with 0, ${FEW} and ${MANY} subscribers (FleetChanged + findingsChanged each), API defaults (debounce ${debounce} ms, at most ${maxDelay} ms under steady change; push interval ${pushWindow} ms); load average at start, churn start, after each window, end: ${loads.join('; ')}`,
  // A figure that could not be measured (no sample) is left out rather than printed as a number.
  rows: rows.filter((row) => Number.isFinite(row.value)),
});
