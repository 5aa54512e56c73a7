import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchChromium, REPO, startDemoServer } from './support.ts';

/** Screenshots a person looks at (checked in, linked from the docs). */
const IMAGES = join(REPO, 'docs', 'images');

const SIZES = [
  { name: '1080p', width: 1920, height: 1080 },
  { name: '4k', width: 3840, height: 2160 },
] as const;

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(IMAGES, { recursive: true });
  server = await startDemoServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The page fits the screen: nothing to scroll, either way. */
async function expectNoScrollbars(page: Page, width: number, height: number): Promise<void> {
  const size = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    bodyHeight: document.body.scrollHeight,
  }));
  expect(size.scrollHeight).toBeLessThanOrEqual(height);
  expect(size.bodyHeight).toBeLessThanOrEqual(height);
  expect(size.scrollWidth).toBeLessThanOrEqual(width);
}

/** Nothing inside a tile or rung is cut off: every child's bottom edge is inside its box. */
async function expectNothingClipped(page: Page, selector: string): Promise<void> {
  const clipped = await page.evaluate((sel) => {
    const out: string[] = [];
    for (const box of document.querySelectorAll(sel)) {
      const bottom = box.getBoundingClientRect().bottom + 1;
      for (const child of box.querySelectorAll('*')) {
        const r = child.getBoundingClientRect();
        if (r.height > 0 && r.bottom > bottom && child.checkVisibility({ visibilityProperty: true }))
          out.push(`${sel} > ${child.className}`);
      }
    }
    return out;
  }, selector);
  expect(clipped).toEqual([]);
}

async function wallPage(page: Page, timeoutMs: number): Promise<string | null> {
  await page.getByTestId('wall').waitFor({ timeout: timeoutMs });
  return page.getByTestId('wall').getAttribute('data-page');
}

describe('the wall in Chromium, served by the npm start server', () => {
  for (const size of SIZES) {
    it(`rotates fleet → triage with no scrollbars and scaled type at ${size.name}`, async () => {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(`${server.url}/wall?rotate=6`);
      expect(await wallPage(page, 30_000)).toBe('fleet');
      const tiles = page.getByTestId('cluster-tile');
      await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(3);
      // Type follows the screen (1 rem = 1 vw on 16:9): 4K is twice 1080p, so a 4K tile is as full as a
      // 1080p one instead of more than half empty.
      const rootPx = await page.evaluate(() =>
        Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
      );
      expect(rootPx).toBeGreaterThanOrEqual(size.width / 100);
      await expectNoScrollbars(page, size.width, size.height);
      await expectNothingClipped(page, '[data-testid="cluster-tile"]');
      if (size.name === '4k') await page.screenshot({ path: join(IMAGES, 'wall-fleet-4k.png') });

      // Rotation: the triage page comes next, by itself.
      await expect
        .poll(() => page.getByTestId('wall').getAttribute('data-page'), { timeout: 15_000 })
        .toBe('triage');
      await expect.poll(() => page.getByTestId('rung').count(), { timeout: 30_000 }).toBe(5);
      expect(await page.getByTestId('triage-data-as-of').getAttribute('data-loud')).toBe('false');
      await expectNoScrollbars(page, size.width, size.height);
      await expectNothingClipped(page, '[data-testid="rung"]');
      await page.screenshot({ path: join(IMAGES, `wall-${size.name}.png`) });

      // And back to the fleet.
      await expect
        .poll(() => page.getByTestId('wall').getAttribute('data-page'), { timeout: 15_000 })
        .toBe('fleet');
      await page.close();
    });
  }

  it('shows the triage view with a finding expanded at 1080p', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/triage`);
    await expect.poll(() => page.getByTestId('rung').count(), { timeout: 30_000 }).toBe(5);
    const findings = page.getByTestId('finding');
    await expect.poll(() => findings.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The demo runs a crash-looping workload in prod-us-east: triage places it.
    expect(await page.getByTestId('triage-view').textContent()).toMatch(/prod-us-east/);
    await findings.first().locator('summary').click();
    const open = page.locator('details[open] [data-testid="finding-body"]');
    await expect.poll(() => open.count()).toBe(1);
    expect(await open.getByRole('link').count()).toBeGreaterThan(0);
    expect(await open.textContent()).toMatch(/Next steps|Evidence/);
    await page.screenshot({ path: join(IMAGES, 'triage-1080p.png') });
    await page.close();
  });

  // Last: stops the server.
  it('turns the data-as-of clock loud on every wall page when the API stops', async () => {
    const fleet = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await fleet.goto(`${server.url}/wall?rotate=3600`);
    await expect.poll(() => fleet.getByTestId('cluster-tile').count(), { timeout: 30_000 }).toBe(3);
    const triage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await triage.goto(`${server.url}/?kiosk=1#/triage`);
    await expect.poll(() => triage.getByTestId('rung').count(), { timeout: 30_000 }).toBe(5);
    expect(await fleet.getByTestId('fleet-data-as-of').getAttribute('data-loud')).toBe('false');
    expect(await triage.getByTestId('triage-data-as-of').getAttribute('data-loud')).toBe('false');

    await server.stop();
    // The socket drops at once; the next poll (every 10 s without a socket) fails: connection lost.
    for (const [page, id] of [
      [fleet, 'fleet-data-as-of'],
      [triage, 'triage-data-as-of'],
    ] as const) {
      const clock = page.getByTestId(id);
      await expect.poll(() => clock.getAttribute('data-loud'), { timeout: 30_000 }).toBe('true');
      expect(await clock.textContent()).toContain('CONNECTION LOST');
      expect(await page.getByTestId('connection').getAttribute('data-connection')).toBe('offline');
    }
    expect(await triage.locator('.rung--stale').count()).toBe(5);
    await expectNoScrollbars(triage, 1920, 1080);
    await triage.screenshot({ path: join(IMAGES, 'wall-connection-lost-1080p.png') });
    await fleet.close();
    await triage.close();
  });
});

/** A free loopback port (the fixture server takes a fixed one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('the wall with the longest texts the rules produce (fixture server)', () => {
  let fixture: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    fixture = spawn(
      process.execPath,
      [join(REPO, 'apps/web/scripts/fixture-server.ts'), '--port', String(port)],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fixture server did not start in 30 s')), 30_000);
      fixture.stdout?.on('data', (d) => {
        if (String(d).includes('fixture server on')) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      });
      fixture.on('exit', (code) => reject(new Error(`fixture server exited with ${code}`)));
    });
  });
  afterAll(() => {
    fixture?.kill('SIGTERM');
  });

  for (const size of SIZES) {
    it(`fits fleet and triage on one ${size.name} screen`, async () => {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(`${url}/?kiosk=1#/triage`);
      await expect.poll(() => page.getByTestId('finding').count(), { timeout: 30_000 }).toBe(6);
      await expectNoScrollbars(page, size.width, size.height);
      await expectNothingClipped(page, '[data-testid="rung"]');
      await page.screenshot({ path: join(IMAGES, `wall-long-texts-${size.name}.png`) });
      await page.goto(`${url}/?kiosk=1#/`);
      await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 30_000 }).toBe(3);
      await expectNoScrollbars(page, size.width, size.height);
      await page.close();
    });
  }
});
