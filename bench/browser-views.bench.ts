/// <reference lib="dom" />
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  buildAnswers,
  FLEET_CLUSTERS,
  POOL_NODES,
  ROLLOUTS,
  type ViewAnswers,
} from './browser-views-data.ts';
import { type ReplayServer, startReplayServer, WEB_DIST } from './browser-views-server.ts';
import { median } from './measure.ts';
import { type BenchRow, progress, report } from './result.ts';

/**
 * The web app's views in headless Chromium (Debian's, through playwright-core), served from its production
 * build, at 1920×1080, timed with the app's own performance marks (`fleetscope:<view>:data-rendered`, set
 * when a view first commits with data; `heatmap-draw-start/-end` around each heatmap draw):
 *
 * - first render, from navigation, of the Fleet view (60 clusters), the GPU Pools view (one pool of 5,000
 *   nodes × 8 GPUs, its heatmap drawn) and the Rollouts board (2,000 unfinished rollouts), each paired with
 *   the same view answering an empty fleet / no pools / no rollouts (fresh browser context per load, runs
 *   alternate);
 * - long tasks (> 50 ms, PerformanceObserver 'longtask') during 20 s of live updates — one subscription
 *   push a second, the API's default push interval; 1% of heatmap cells, a few clusters, 1% of rollouts
 *   change per push — against the same page for 20 s without pushes;
 * - initial JS of the first view (Fleet): every script the page fetched before the Fleet view's mark,
 *   gzipped with node:zlib at level 9 and at level 6 (zlib's default, nginx's common setting).
 *
 * The answers are the app's fixtures scaled to those sizes, executed against the API's schema and
 * replayed (`browser-views-data.ts`, `browser-views-server.ts`); see docs/PERFORMANCE.md for why.
 *
 *   npm run build -w @fleetscope/web && node bench/browser-views.bench.ts [--runs 7] [--live-seconds 20]
 */

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const RUNS = option('--runs', 7);
/** Another build of the web app (e.g. before a change) whose Rollouts board is measured live in the same run. */
const BEFORE_AT = argv.indexOf('--before-dist');
const BEFORE_DIST = BEFORE_AT >= 0 ? resolve(argv[BEFORE_AT + 1] ?? '') : null;
if (BEFORE_DIST !== null && !existsSync(join(BEFORE_DIST, 'index.html'))) {
  throw new Error(`--before-dist ${BEFORE_DIST}: no index.html there`);
}
const LIVE_SECONDS = option('--live-seconds', 20);
const VIEWPORT = { width: 1920, height: 1080 };
const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));
if (CHROMIUM === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');
if (!existsSync(join(WEB_DIST, 'index.html'))) {
  throw new Error('apps/web/dist is missing: run `npm run build -w @fleetscope/web` first');
}
const distJs = readdirSync(join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'));
if (!distJs.some((f) => readFileSync(join(WEB_DIST, 'assets', f), 'utf8').includes(':data-rendered'))) {
  throw new Error(
    'apps/web/dist predates the views’ performance marks: run `npm run build -w @fleetscope/web`',
  );
}

/**
 * Installed in every page before the app: long tasks, and the next frame after each of the app's marks
 * (a requestAnimationFrame, then a task: the frame that shows the commit has been produced).
 */
const OBSERVERS = `
  window.__bench = { longtasks: [], nextFrame: {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    if (name.startsWith('fleetscope:') && !(name in window.__bench.nextFrame)) {
      window.__bench.nextFrame[name] = null;
      requestAnimationFrame(() => setTimeout(() => { window.__bench.nextFrame[name] = performance.now(); }, 0));
    }
    return entry;
  };
`;

interface LongTask {
  start: number;
  duration: number;
}

interface FirstRender {
  /** The view's data-rendered mark, ms since navigation start. */
  rendered: number;
  /** The next frame after it. */
  nextFrame: number;
  /** first-contentful-paint (the shell's "Loading view…" or the view). */
  fcp: number;
  /** Pools only: the end of the first heatmap draw, and that draw's own duration. */
  heatmapDrawn: number | null;
  heatmapDrawMs: number | null;
  /** Long tasks between navigation and the render. */
  longtasks: LongTask[];
  /** Script URLs (paths) fetched before the mark. */
  scripts: string[];
}

const viewOf = (key: string): string => key.replace(/-(large|empty)$/, '');
const markOf = (key: string): string => `fleetscope:${viewOf(key)}:data-rendered`;

function prepareFor(server: ReplayServer, view: ViewAnswers, version = 0): void {
  server.prepare([
    view.query,
    {
      operationName: view.subscription.operationName,
      variables: view.subscription.variables,
      body: view.subscription.pushes[version] ?? '',
    },
  ]);
}

async function openView(
  browser: Browser,
  server: ReplayServer,
  key: string,
  view: ViewAnswers,
): Promise<Page> {
  prepareFor(server, view);
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (error) => progress(`page error (${key}): ${error.message}`));
  await page.addInitScript(OBSERVERS);
  await page.goto(`${server.url}/${view.route}`);
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, markOf(key), {
    timeout: 120_000,
  });
  if (key === 'pools-large') {
    await page.waitForSelector('canvas[data-layout]', { timeout: 120_000 });
  }
  await page.waitForFunction((name) => {
    const b = (window as unknown as { __bench: { nextFrame: Record<string, number | null> } }).__bench;
    return typeof b.nextFrame[name] === 'number';
  }, markOf(key));
  return page;
}

async function firstRender(
  browser: Browser,
  server: ReplayServer,
  key: string,
  view: ViewAnswers,
): Promise<FirstRender> {
  const page = await openView(browser, server, key, view);
  const result = await page.evaluate((name): FirstRender => {
    const b = (window as unknown as { __bench: { longtasks: LongTask[]; nextFrame: Record<string, number> } })
      .__bench;
    const rendered = performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
    // The first draw shows the heatmap; a later one follows a resize of its box (the page's scrollbar).
    const firstEnd = performance.getEntriesByName('heatmap-draw-end')[0];
    const firstStart = performance.getEntriesByName('heatmap-draw-start')[0];
    return {
      rendered,
      nextFrame: b.nextFrame[name] ?? Number.NaN,
      fcp,
      heatmapDrawn: firstEnd === undefined ? null : firstEnd.startTime,
      heatmapDrawMs:
        firstEnd === undefined || firstStart === undefined ? null : firstEnd.startTime - firstStart.startTime,
      longtasks: b.longtasks.filter((t) => t.start <= rendered),
      scripts: performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js') && e.startTime <= rendered)
        .map((e) => new URL(e.name).pathname),
    };
  }, markOf(key));
  await page.context().close();
  return result;
}

interface LiveWindow {
  longtasks: LongTask[];
  pushed: number;
  /** The renderer main thread's CPU time (trace `tdur`) in all its tasks, and in its tasks over 50 ms wall. */
  cpuMs: number;
  longCpuMs: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

/**
 * Runs `during` with a Chromium trace of the page (CDP Tracing, `toplevel` and user timing) and returns the
 * main thread's CPU time in its tasks: on a machine whose cores are shared, a long task's wall clock holds
 * the time its thread waited for a core, and thread CPU time does not.
 */
async function mainThreadCpu<T>(
  page: Page,
  during: () => Promise<T>,
): Promise<{ result: T; cpuMs: number; longCpuMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (m) => {
    events.push(...(m.value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'blink.user_timing'] },
  });
  await page.evaluate(() => performance.mark('bench:window-start'));
  const result = await during();
  await page.evaluate(() => performance.mark('bench:window-end'));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const start = events.find((e) => e.name === 'bench:window-start');
  const end = events.find((e) => e.name === 'bench:window-end');
  if (start === undefined || end === undefined) return { result, cpuMs: Number.NaN, longCpuMs: Number.NaN };
  const tasks = events.filter(
    (e) =>
      e.pid === start.pid &&
      e.tid === start.tid &&
      e.ph === 'X' &&
      e.name === 'ThreadControllerImpl::RunTask' &&
      e.ts >= start.ts &&
      e.ts < end.ts,
  );
  // Only outermost tasks (a nested run loop's tasks are inside their parent's time).
  tasks.sort((a, b) => a.ts - b.ts);
  let cpu = 0;
  let longCpu = 0;
  let until = 0;
  for (const t of tasks) {
    if (t.ts < until) continue;
    until = t.ts + (t.dur ?? 0);
    cpu += (t.tdur ?? 0) / 1000;
    if ((t.dur ?? 0) > 50_000) longCpu += (t.tdur ?? 0) / 1000;
  }
  return { result, cpuMs: cpu, longCpuMs: longCpu };
}

/** Long tasks over `seconds` of the open page: with one push a second (`pushes`), or none. */
async function liveWindow(
  page: Page,
  server: ReplayServer,
  view: ViewAnswers,
  pushes: boolean,
): Promise<LiveWindow> {
  const { result, cpuMs, longCpuMs } = await mainThreadCpu(page, () =>
    timedWindow(page, server, view, pushes),
  );
  return { ...result, cpuMs, longCpuMs };
}

async function timedWindow(
  page: Page,
  server: ReplayServer,
  view: ViewAnswers,
  pushes: boolean,
): Promise<Omit<LiveWindow, 'cpuMs' | 'longCpuMs'>> {
  const t0 = await page.evaluate(() => performance.now());
  let pushed = 0;
  const started = Date.now();
  for (let s = 1; s <= LIVE_SECONDS; s++) {
    if (pushes) {
      const payload = view.subscription.pushes[s];
      if (payload !== undefined) pushed += server.push(view.subscription.operationName, payload);
    }
    const wait = started + s * 1_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  // Let the last push's work finish inside the window.
  await new Promise((r) => setTimeout(r, 500));
  const t1 = await page.evaluate(() => performance.now());
  const longtasks = await page.evaluate(
    ([from, to]) =>
      (window as unknown as { __bench: { longtasks: LongTask[] } }).__bench.longtasks.filter(
        (t) => t.start >= (from ?? 0) && t.start < (to ?? 0),
      ),
    [t0, t1],
  );
  return { longtasks, pushed };
}

const sum = (tasks: readonly LongTask[]): number => tasks.reduce((s, t) => s + t.duration, 0);
const longest = (tasks: readonly LongTask[]): number => tasks.reduce((m, t) => Math.max(m, t.duration), 0);
const ms = (values: readonly number[]): string => values.map((v) => v.toFixed(0)).join(', ');

const rows: BenchRow[] = [];
progress(
  `preparing answers: ${FLEET_CLUSTERS} clusters, ${POOL_NODES} GPU nodes, ${ROLLOUTS} rollouts, ${LIVE_SECONDS} versions each`,
);
const answers = buildAnswers(LIVE_SECONDS);
for (const [key, view] of Object.entries(answers)) {
  const kb = (text: string): string => (Buffer.byteLength(text) / 1024).toFixed(0);
  progress(
    `${key}: query answer ${kb(view.query.body)} KB, a push ${kb(view.subscription.pushes[1] ?? '')} KB`,
  );
}
const server = await startReplayServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
let initialScripts: string[] = [];
try {
  // ---------- first render: each view large and empty, alternating, a fresh context per load ----------
  for (const view of ['fleet', 'pools', 'rollouts'] as const) {
    const large = answers[`${view}-large`];
    const empty = answers[`${view}-empty`];
    if (large === undefined || empty === undefined) throw new Error(`no answers for ${view}`);
    const runs: { large: FirstRender[]; empty: FirstRender[] } = { large: [], empty: [] };
    for (let run = -1; run < RUNS; run++) {
      const e = await firstRender(browser, server, `${view}-empty`, empty);
      const l = await firstRender(browser, server, `${view}-large`, large);
      if (run < 0) continue;
      runs.empty.push(e);
      runs.large.push(l);
    }
    const pick = (list: FirstRender[], f: (r: FirstRender) => number | null): number[] =>
      list.map(f).filter((v): v is number => v !== null && Number.isFinite(v));
    const largeRendered = pick(runs.large, (r) => r.rendered);
    const emptyRendered = pick(runs.empty, (r) => r.rendered);
    const ratios = runs.large.map((r, i) => r.rendered / (runs.empty[i]?.rendered ?? Number.NaN));
    progress(
      `${view}: rendered large [${ms(largeRendered)}] empty [${ms(emptyRendered)}] ms; FCP [${ms(pick(runs.large, (r) => r.fcp))}]`,
    );
    const size =
      view === 'fleet'
        ? `${FLEET_CLUSTERS} clusters`
        : view === 'pools'
          ? `${POOL_NODES.toLocaleString('en-US')} GPU nodes`
          : `${ROLLOUTS.toLocaleString('en-US')} rollouts`;
    const name = view === 'fleet' ? 'Fleet view' : view === 'pools' ? 'Pools view' : 'Rollouts board';
    rows.push(
      {
        metric: `${name}, ${size}: data rendered (from navigation)`,
        value: median(largeRendered),
        unit: 'ms',
      },
      {
        metric: `${name}, ${size}: next frame after it`,
        value: median(pick(runs.large, (r) => r.nextFrame)),
        unit: 'ms',
      },
      { metric: `${name}, empty (baseline): data rendered`, value: median(emptyRendered), unit: 'ms' },
      { metric: `${name}: ${size} ÷ empty`, value: median(ratios.filter(Number.isFinite)), unit: '×' },
      {
        metric: `${name}, ${size}: long tasks during load, total`,
        value: median(runs.large.map((r) => sum(r.longtasks))),
        unit: 'ms',
      },
    );
    if (view === 'pools') {
      const drawn = pick(runs.large, (r) => r.heatmapDrawn);
      const draw = pick(runs.large, (r) => r.heatmapDrawMs);
      progress(
        `pools: heatmap drawn [${ms(drawn)}] ms, its draw [${draw.map((v) => v.toFixed(1)).join(', ')}] ms`,
      );
      rows.push(
        { metric: `Pools view, ${size}: heatmap drawn (from navigation)`, value: median(drawn), unit: 'ms' },
        {
          metric: `Pools view: heatmap draw itself (canvas, 40,000 cells)`,
          value: median(draw),
          unit: 'ms',
          target: '≤ 100 ms',
        },
        {
          metric: 'Pools view: heatmap drawn ÷ empty view rendered',
          value: median(
            runs.large
              .map((r, i) => (r.heatmapDrawn ?? Number.NaN) / (runs.empty[i]?.rendered ?? Number.NaN))
              .filter(Number.isFinite),
          ),
          unit: '×',
        },
      );
    }
    if (view === 'fleet') {
      rows.push({
        metric: 'first contentful paint (baseline: shell only)',
        value: median(pick(runs.large, (r) => r.fcp)),
        unit: 'ms',
      });
      initialScripts = runs.large[0]?.scripts ?? [];
    }
  }

  // ---------- initial JS of the first view ----------
  const chunks = [...new Set(initialScripts)].map((path) => {
    const file = join(WEB_DIST, path);
    const bytes = readFileSync(file);
    return {
      name: path.replace(/^\/assets\//, ''),
      raw: bytes.length,
      gzip9: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length,
      gzip6: gzipSync(bytes, { level: 6 }).length,
    };
  });
  chunks.sort((a, b) => b.gzip9 - a.gzip9);
  const total = (k: 'raw' | 'gzip9' | 'gzip6'): number => chunks.reduce((s, c) => s + c[k], 0) / 1024;
  const allJs =
    distJs.reduce((s, f) => s + gzipSync(readFileSync(join(WEB_DIST, 'assets', f)), { level: 9 }).length, 0) /
    1024;
  progress(
    `initial JS of the Fleet view: ${chunks.map((c) => `${c.name} ${(c.gzip9 / 1024).toFixed(1)} KB`).join(', ')}`,
  );
  rows.push(
    {
      metric: `initial JS of the Fleet view, gzip -9 (${chunks.length} chunks)`,
      value: total('gzip9'),
      unit: 'KB',
      target: '≤ 250 KB',
    },
    { metric: 'initial JS of the Fleet view, gzip -6', value: total('gzip6'), unit: 'KB' },
    { metric: 'initial JS of the Fleet view, uncompressed', value: total('raw'), unit: 'KB' },
    { metric: `every JS chunk of the build, gzip -9 (${distJs.length} chunks)`, value: allJs, unit: 'KB' },
  );
  for (const c of chunks.filter((c) => c.gzip9 >= 1024)) {
    rows.push({
      metric: `  chunk ${c.name.replace(/-[\w-]{8}\.js$/, '.js')}, gzip -9`,
      value: c.gzip9 / 1024,
      unit: 'KB',
    });
  }

  // ---------- long tasks: 20 s idle, then 20 s of one push a second, on the same page ----------
  const targets: { view: 'fleet' | 'pools' | 'rollouts'; dist: string | null }[] = [
    { view: 'fleet', dist: null },
    { view: 'pools', dist: null },
    { view: 'rollouts', dist: null },
  ];
  if (BEFORE_DIST !== null) targets.push({ view: 'rollouts', dist: BEFORE_DIST });
  for (const { view, dist } of targets) {
    const key = `${view}-large`;
    const answersOf = answers[key];
    if (answersOf === undefined) throw new Error(`no answers for ${key}`);
    // The other build is served by its own server (same answers), after this build's windows.
    const other = dist === null ? null : await startReplayServer(dist);
    const serving = other ?? server;
    const page = await openView(browser, serving, key, answersOf);
    await page
      .waitForSelector('[data-connection="live"]', { timeout: 30_000 })
      .catch(() => progress(`${view}: the page never said live; pushes may find no subscriber`));
    await new Promise((r) => setTimeout(r, 2_000));
    progress(`${view}: ${LIVE_SECONDS} s idle, then ${LIVE_SECONDS} s with a push a second`);
    const idle = await liveWindow(page, serving, answersOf, false);
    const live = await liveWindow(page, serving, answersOf, true);
    if (live.pushed < LIVE_SECONDS)
      progress(`${view}: only ${live.pushed} of ${LIVE_SECONDS} pushes reached a subscriber`);
    const shown = await page.evaluate(() => document.querySelectorAll('[data-testid]').length);
    progress(
      `${view}: idle long tasks [${ms(idle.longtasks.map((t) => t.duration))}], live [${ms(live.longtasks.map((t) => t.duration))}] ms (${live.pushed} pushes; ${shown} test ids on the page); main-thread CPU idle ${idle.cpuMs.toFixed(0)} ms, pushes ${live.cpuMs.toFixed(0)} ms (in long tasks ${live.longCpuMs.toFixed(0)} ms)`,
    );
    const name = `${view === 'fleet' ? 'Fleet view' : view === 'pools' ? 'Pools view' : 'Rollouts board'}${dist === null ? '' : ` (build ${basename(dist)})`}`;
    rows.push(
      {
        metric: `${name}, ${LIVE_SECONDS} s of pushes: long tasks (> 50 ms)`,
        value: live.longtasks.length,
        unit: 'tasks',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s of pushes: long tasks, total`,
        value: sum(live.longtasks),
        unit: 'ms',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s of pushes: longest task`,
        value: longest(live.longtasks),
        unit: 'ms',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s of pushes: main-thread CPU per push (all tasks)`,
        value: (live.cpuMs - idle.cpuMs) / Math.max(1, live.pushed),
        unit: 'ms',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s of pushes: thread CPU inside the long tasks`,
        value: live.longCpuMs,
        unit: 'ms',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s idle (baseline): main-thread CPU`,
        value: idle.cpuMs,
        unit: 'ms',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s idle (baseline): long tasks`,
        value: idle.longtasks.length,
        unit: 'tasks',
      },
      {
        metric: `${name}, ${LIVE_SECONDS} s idle (baseline): long tasks, total`,
        value: sum(idle.longtasks),
        unit: 'ms',
      },
    );
    await page.context().close();
    await other?.close();
  }
} finally {
  await browser.close();
  await server.close();
}

report({
  name: 'browser-views',
  setup: `production build of apps/web in headless Chromium at 1920×1080 (software raster), answers replayed from the app's fixtures scaled to ${FLEET_CLUSTERS} clusters / ${POOL_NODES} GPU nodes × 8 / ${ROLLOUTS} rollouts and executed against the API schema; first renders: medians of ${RUNS} alternating large/empty loads after 1 warm-up, a fresh context each; long tasks over ${LIVE_SECONDS} s idle then ${LIVE_SECONDS} s of one push per second; JS gzip by node:zlib`,
  rows,
});
