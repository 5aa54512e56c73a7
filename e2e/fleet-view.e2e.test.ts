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
    // The demo runs an etcd slow-disk incident in prod-eu-west; the other control planes are healthy.
    const controlPlanes: Record<string, string> = {
      openb: 'HEALTHY',
      'prod-eu-west': 'DEGRADED',
      'prod-us-east': 'HEALTHY',
    };
    for (const tile of await tiles.all()) {
      const control = tile.getByTestId('control-plane-status');
      const data = tile.getByTestId('data-plane-status');
      const name = (await tile.getAttribute('data-cluster')) ?? '';
      await expect
        .poll(() => control.getAttribute('data-status'), { timeout: 20_000 })
        .toBe(controlPlanes[name]);
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
    // A wall shows everything at once: no scrolling at 1920×1080.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-view.png') });
    await page.close();
  });

  it('shows the cluster view with the impact sentence first and each path judged apart', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/clusters/prod-eu-west`);
    const impact = page.getByTestId('impact-statement');
    await expect
      .poll(() => impact.textContent(), { timeout: 30_000 })
      .toMatch(/Writes degraded.*existing pods keep serving/);
    expect(await page.getByTestId('operations-path').getAttribute('data-impaired')).toBe('true');
    expect(await page.getByTestId('user-path').getAttribute('data-impaired')).toBe('false');
    const card = (path: string) => page.locator(`[data-testid="path-card"][data-path="${path}"]`);
    expect(await card('write').getAttribute('data-status')).toBe('DEGRADED');
    expect(await card('etcd').getAttribute('data-status')).toBe('DEGRADED');
    expect(await card('read').getAttribute('data-status')).toBe('HEALTHY');
    await expect
      .poll(() => card('write').getByTestId('sparkline').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.getByTestId('data-plane-panel').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-view.png') });
    await page.close();
  });

  it('serves client-side routes', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const response = await page.goto(`${server.url}/some/client/route`);
    expect(response?.status()).toBe(200);
    await page.close();
  });
});
