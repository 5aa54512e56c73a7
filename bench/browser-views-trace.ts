/// <reference lib="dom" />
/**
 * Where a view's main-thread time goes, from a Chromium trace (CDP `Tracing`, the timeline categories
 * DevTools' Performance panel records): one view of the app at the bench's size (`browser-views-data.ts`)
 * is loaded, left open without pushes, then pushed to once a second, and the renderer main thread's
 * events are summed by name per phase — the first heatmap draw (between the app's `heatmap-draw-start`
 * and `-end` marks, Pools only), the load, and the pushes. A tool for finding a cause, not a benchmark:
 * it prints a table and writes the raw trace (open it in DevTools → Performance → Load profile).
 *
 *   node bench/browser-views-trace.ts [pools|rollouts|fleet] [--dist apps/web/dist] [--pushes 8] [--out /tmp/trace.json]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { buildAnswers } from './browser-views-data.ts';
import { startReplayServer, WEB_DIST } from './browser-views-server.ts';

const argv = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const VIEW = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--')) ?? 'pools';
const DIST = resolve(value('--dist') ?? WEB_DIST);
const PUSHES = Number(value('--pushes') ?? 8);
const OUT = value('--out') ?? `/tmp/fleetscope-${VIEW}-trace.json`;
if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no build at ${DIST}`);

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const view = buildAnswers(PUSHES)[`${VIEW}-large`];
if (view === undefined) throw new Error(`no view ${VIEW} (pools, rollouts, fleet)`);
const server = await startReplayServer(DIST);
server.prepare([view.query, { ...view.subscription, body: view.subscription.pushes[0] ?? '' }]);
const browser = await chromium.launch({
  executablePath: ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p)),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
/** A V8 CPU profile (CDP `Profiler.stop`): nodes with their call frame, samples and time deltas (µs). */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), from the profile's samples. */
function selfTimeByFunction(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

let selfTimes: [string, number][] = [];
const events: TraceEvent[] = [];
try {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  cdp.on('Tracing.dataCollected', (m) => {
    events.push(...(m.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8',
        'v8.execute',
        'blink',
        'loading',
        'toplevel',
        'disabled-by-default-v8.gc',
        'v8.wasm',
        'mojom',
        'net',
        'blink.net',
      ],
    },
  });
  await page.goto(`${server.url}/${view.route}`);
  const mark = `fleetscope:${VIEW}:data-rendered`;
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
    timeout: 120_000,
  });
  await page.waitForSelector('[data-connection="live"]', { timeout: 60_000 });
  await page.waitForTimeout(2_000);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  if (!argv.includes('--no-profile')) await cdp.send('Profiler.start');
  await page.evaluate(() => performance.mark('trace:pushes-start'));
  for (let s = 1; s <= PUSHES; s++) {
    server.push(view.subscription.operationName, view.subscription.pushes[s] ?? '');
    await page.waitForTimeout(1_000);
  }
  await page.waitForTimeout(500);
  await page.evaluate(() => performance.mark('trace:pushes-end'));
  if (!argv.includes('--no-profile')) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    selfTimes = selfTimeByFunction(profile);
  }
  await cdp.send('Tracing.end');
  await done;
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
writeFileSync(OUT, JSON.stringify({ traceEvents: events }));

// The renderer's main thread: the thread that recorded the app's marks.
const marks = events.filter((e) => e.cat.includes('blink.user_timing'));
const anyMark = marks.find((e) => e.name.startsWith('fleetscope:') || e.name.startsWith('heatmap-draw'));
if (anyMark === undefined) throw new Error('no app marks in the trace');
const main = events.filter((e) => e.pid === anyMark.pid && e.tid === anyMark.tid);
const at = (name: string, nth = 0): number | undefined => marks.filter((e) => e.name === name)[nth]?.ts;

/** Time inside each top-level-ish event name between two timestamps (µs), complete events only, clipped. */
function summarise(from: number, to: number, label: string): void {
  const totals = new Map<string, { ms: number; n: number }>();
  for (const e of main) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const start = Math.max(e.ts, from);
    const end = Math.min(e.ts + e.dur, to);
    if (end <= start) continue;
    const key =
      e.name === 'FunctionCall' || e.name === 'EvaluateScript'
        ? `${e.name} ${String(e.args?.data?.functionName ?? e.args?.data?.url ?? '').slice(0, 40)}`
        : e.name;
    const t = totals.get(key) ?? { ms: 0, n: 0 };
    t.ms += (end - start) / 1000;
    t.n += 1;
    totals.set(key, t);
  }
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18);
  console.log(`\n${label}: ${((to - from) / 1000).toFixed(1)} ms of wall clock`);
  for (const [name, t] of rows) console.log(`  ${t.ms.toFixed(1).padStart(9)} ms  ×${t.n}  ${name}`);
}

const drawStart = at('heatmap-draw-start');
const drawEnd = at('heatmap-draw-end');
if (drawStart !== undefined && drawEnd !== undefined) summarise(drawStart, drawEnd, 'first heatmap draw');
const navigation = main.reduce((m, e) => Math.min(m, e.ts), Number.POSITIVE_INFINITY);
const rendered = at(`fleetscope:${VIEW}:data-rendered`);
if (rendered !== undefined) summarise(navigation, rendered + 2_000_000, 'load, to 2 s after the mark');
const pushStart = at('trace:pushes-start');
const pushEnd = at('trace:pushes-end');
if (pushStart !== undefined && pushEnd !== undefined) summarise(pushStart, pushEnd, `${PUSHES} pushes`);
console.log(`\n${PUSHES} pushes, CPU profile (sampled), self time by function:`);
for (const [name, ms] of selfTimes.filter(([n]) => !n.startsWith('(idle)')).slice(0, 20)) {
  console.log(`  ${ms.toFixed(1).padStart(9)} ms  ${name}`);
}
const draws = marks.filter((e) => e.name === 'heatmap-draw-start').length;
console.log(`\nheatmap draws: ${draws}; trace written to ${OUT}`);
