import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
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

const CLUSTER = 'prod-us-east';

/** The drawer is open on `pod` ("namespace/name"), with an explanation (or a reason there is none). */
async function expectDrawerOn(page: Page, pod: string, cluster = CLUSTER): Promise<Locator> {
  const drawer = page.getByTestId('pod-drawer');
  await expect.poll(() => drawer.count(), { timeout: 30_000 }).toBe(1);
  expect(await drawer.getAttribute('data-pod')).toBe(`${cluster}/${pod}`);
  expect(await drawer.getAttribute('role')).toBe('dialog');
  expect(await drawer.getAttribute('aria-modal')).toBe('true');
  await expect
    .poll(
      () =>
        drawer
          .locator(
            '[data-testid="pod-explanation"], [data-testid="pod-not-troubled"], [data-testid="pod-unknown"]',
          )
          .count(),
      { timeout: 30_000 },
    )
    .toBe(1);
  return drawer;
}

/** Esc closes the drawer and focus goes back to the link that opened it. */
async function expectEscCloses(page: Page, pod: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('pod-drawer').count(), { timeout: 10_000 }).toBe(0);
  expect(await page.evaluate(() => window.location.hash)).not.toContain('pod=');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-pod') ?? null)).toBe(pod);
}

describe('pod drawer in Chromium, served by the npm start server', () => {
  it('opens from a blocking pod on the Rollouts board, explains it, closes on Esc; the deep link opens it', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/clusters/${CLUSTER}/rollouts`);
    const link = page.getByTestId('rollout').getByTestId('pod-link').first();
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    const pod = (await link.getAttribute('data-pod')) ?? '';
    expect(pod).toMatch(/^[^/]+\/[^/]+$/);
    await link.click();
    expect(await page.evaluate(() => window.location.hash)).toBe(
      `#/clusters/${CLUSTER}/rollouts?pod=${CLUSTER}/${pod}`,
    );
    const drawer = await expectDrawerOn(page, pod);
    // A blocking pod is troubled: its classification, the evidence as kubelet/scheduler word it, next steps.
    expect(await drawer.getByTestId('pod-state').textContent()).not.toBe('');
    expect(await drawer.getByTestId('pod-evidence').locator('li').count()).toBeGreaterThan(0);
    expect(await drawer.getByTestId('pod-next-steps').locator('li').count()).toBeGreaterThan(0);
    // Focus is inside the drawer, and Tab keeps it there.
    for (let i = 0; i < 6; i++) {
      expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Tab');
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'pod-drawer.png') });
    copyFileSync(join(SCREENSHOTS, 'pod-drawer.png'), join(REPO, 'docs/images/pod-drawer.png'));
    await expectEscCloses(page, pod);

    // The pod's own link (a fresh page: nothing opened it, so the drawer fetches on its own).
    const [namespace, name] = pod.split('/');
    const deep = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await deep.goto(`${server.url}/#/clusters/${CLUSTER}/pods/${namespace}/${name}`);
    await expectDrawerOn(deep, pod);
    expect(await deep.getByTestId('pod-explanation').count()).toBe(1);
    // Closing it leaves the cluster view.
    await deep.getByTestId('pod-drawer-close').click();
    await expect.poll(() => deep.getByTestId('pod-drawer').count()).toBe(0);
    expect(await deep.evaluate(() => window.location.hash)).toBe(`#/clusters/${CLUSTER}`);
    await deep.close();
    await page.close();
  });

  it('opens from a pod named by a Triage finding', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/triage`);
    const finding = page
      .getByTestId('finding')
      .filter({ has: page.getByTestId('pod-link') })
      .first();
    await expect.poll(() => finding.count(), { timeout: 30_000 }).toBe(1);
    // Pod names sit in the finding's body: open it first.
    await finding.locator('summary').click();
    const link = finding.getByTestId('pod-link').first();
    const pod = (await link.getAttribute('data-pod')) ?? '';
    // The finding's cluster (one cluster: pods of a GLOBAL finding are not linked).
    const cluster = decodeURIComponent(
      /[?&]pod=([^/&]+)\//.exec((await link.getAttribute('href')) ?? '')?.[1] ?? '',
    );
    await link.click();
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/triage\?pod=/);
    await expectDrawerOn(page, pod, cluster);
    await expectEscCloses(page, pod);
    await page.close();
  });
});
