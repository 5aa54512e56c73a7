import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchChromium, SCREENSHOTS, startDemoServer } from './support.ts';

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

describe('Fleet view in Chromium, served by the npm start server', () => {
  it('shows a tile per simulated cluster with control plane and data plane apart', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(server.url);
    const tiles = page.getByTestId('cluster-tile');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(3);
    expect(await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-cluster')))).toEqual([
      'openb',
      'prod-eu-west',
      'prod-us-east',
    ]);
    for (const tile of await tiles.all()) {
      const control = tile.getByTestId('control-plane-status');
      const data = tile.getByTestId('data-plane-status');
      await expect.poll(() => control.getAttribute('data-status'), { timeout: 20_000 }).toBe('HEALTHY');
      expect(['HEALTHY', 'DEGRADED', 'DOWN']).toContain(await data.getAttribute('data-status'));
      expect(await tile.getByTestId('stale-banner').count()).toBe(0);
      const gpus = tile.getByTestId('gpu-totals');
      expect(Number(await gpus.getAttribute('data-allocatable'))).toBeGreaterThan(0);
      expect(await tile.getByTestId('data-as-of').textContent()).toMatch(/\d\d:\d\d:\d\d/);
    }
    // The demo scenario puts data-plane trouble in prod-us-east while its control plane is fine.
    const east = page.locator('[data-testid="cluster-tile"][data-cluster="prod-us-east"]');
    expect(await east.getByTestId('data-plane-status').getAttribute('data-status')).toBe('DEGRADED');
    expect(await east.textContent()).toMatch(/CrashLoopBackOff/);
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-view.png') });
    await page.close();
  });

  it('links a tile to its cluster page and serves client-side routes', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/#/clusters/openb`);
    await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toMatch(/openb/);
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-placeholder.png') });
    const response = await page.goto(`${server.url}/some/client/route`);
    expect(response?.status()).toBe(200);
    await page.close();
  });
});
