import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchChromium, REPO, SCREENSHOTS, startDemoServer } from './support.ts';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Rollouts board in Chromium, served by the npm start server', () => {
  it('shows the stuck rollouts first with kubectl stage text, why and what to do, and the diff on demand', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/clusters/prod-us-east`);
    // Reached from the cluster view.
    await page.getByTestId('rollouts-link').click();
    const cards = page.getByTestId('rollout');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const states = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    // Stuck ones first, as the API orders them.
    const firstProgressing = states.indexOf('PROGRESSING');
    expect(states[0]).toBe('STUCK');
    if (firstProgressing !== -1) expect(states.slice(firstProgressing)).not.toContain('STUCK');
    const first = cards.first();
    expect(await first.getByTestId('rollout-stage').textContent()).toMatch(
      /^(deployment "\S+" exceeded its progress deadline|Waiting for .+\.\.\.)$/,
    );
    expect(await first.getByTestId('rollout-reason').textContent()).toMatch(/^Why: /);
    expect(await first.getByTestId('rollout-action').textContent()).toMatch(
      /^(roll back|fix the template|fix capacity|free room|fix quota|fix storage|resume) — /,
    );
    expect(await first.getByRole('progressbar').getAttribute('aria-valuemax')).toMatch(/^\d+$/);
    // Live: the board follows clusterChanged pushes.
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-connection'), { timeout: 30_000 })
      .toBe('live');
    // What changed, on demand (the demo's rollouts have no earlier revision: the diff says it is unknown).
    expect(await page.getByText('Template diff unknown').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'rollouts-board.png') });
    copyFileSync(join(SCREENSHOTS, 'rollouts-board.png'), join(REPO, 'docs/images/rollouts-board.png'));
    await page.close();
  });
});
