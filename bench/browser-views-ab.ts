/// <reference lib="dom" />
/**
 * Two or more builds of the web app, side by side, on the Rollouts board at 2,000 rollouts: for each
 * build in turn (rounds alternate, so the machine's drift hits all alike) the board's first render from
 * navigation and the long tasks over `--seconds` of one push a second. For a before/after of a web change:
 *
 *   (cd apps/web && npx vite build --outDir /tmp/before --emptyOutDir)   # on the old code
 *   (cd apps/web && npx vite build --outDir /tmp/after --emptyOutDir)    # on the new code
 *   node bench/browser-views-ab.ts /tmp/before /tmp/after [--rounds 3] [--seconds 10]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { buildAnswers } from './browser-views-data.ts';
import { startReplayServer } from './browser-views-server.ts';
import { median } from './measure.ts';
import { progress } from './result.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const ROUNDS = flag('--rounds', 3);
const SECONDS = flag('--seconds', 10);
const dists = argv
  .filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'))
  .map((d) => resolve(d));
if (dists.length < 2 || dists.some((d) => !existsSync(join(d, 'index.html')))) {
  throw new Error('usage: node bench/browser-views-ab.ts <dist> <dist> [...] [--rounds 3] [--seconds 10]');
}
const view = buildAnswers(SECONDS)['rollouts-large'];
if (view === undefined) throw new Error('no rollouts answers');
const mark = 'fleetscope:rollouts:data-rendered';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const results = dists.map(() => ({ rendered: [] as number[], count: [] as number[], total: [] as number[] }));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [d, dist] of dists.entries()) {
      const server = await startReplayServer(dist);
      server.prepare([view.query, { ...view.subscription, body: view.subscription.pushes[0] ?? '' }]);
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.addInitScript(
        `window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`,
      );
      await page.goto(`${server.url}/${view.route}`);
      await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
        timeout: 120_000,
      });
      await page.waitForSelector('[data-connection="live"]', { timeout: 60_000 });
      await page.waitForTimeout(2_000);
      const t0 = await page.evaluate(() => performance.now());
      for (let s = 1; s <= SECONDS; s++) {
        server.push(view.subscription.operationName, view.subscription.pushes[s] ?? '');
        await page.waitForTimeout(1_000);
      }
      await page.waitForTimeout(500);
      const got = await page.evaluate(
        ([name, from]) => {
          const tasks = (window as unknown as { __lt: [number, number][] }).__lt.filter(
            ([s]) => s >= (from as number),
          );
          return {
            rendered: performance.getEntriesByName(name as string)[0]?.startTime ?? Number.NaN,
            count: tasks.length,
            total: tasks.reduce((sum, [, d]) => sum + d, 0),
          };
        },
        [mark, t0] as const,
      );
      const r = results[d];
      r?.rendered.push(got.rendered);
      r?.count.push(got.count);
      r?.total.push(got.total);
      progress(
        `round ${round + 1}, ${dist}: rendered ${got.rendered.toFixed(0)} ms; ${SECONDS} s of pushes: ${got.count} long tasks, ${got.total.toFixed(0)} ms`,
      );
      await context.close();
      await server.close();
    }
  }
} finally {
  await browser.close();
}
for (const [d, dist] of dists.entries()) {
  const r = results[d];
  if (r === undefined) continue;
  console.log(
    `${dist}: first render ${median(r.rendered).toFixed(0)} ms; ${SECONDS} s of pushes: ${median(r.count)} long tasks, ${median(r.total).toFixed(0)} ms in long tasks (medians of ${ROUNDS})`,
  );
}
