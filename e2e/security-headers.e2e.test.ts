import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchChromium, startDemoServer } from './support.ts';

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

/** Records every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(v: string): void }).reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

describe('security headers in Chromium, on the npm start server', () => {
  it('sends a CSP the built web app passes: both views load, live, with no violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await watchViolations(page);
    let socketFrames = 0;
    page.on('websocket', (socket) => {
      if (socket.url().endsWith('/graphql')) socket.on('framereceived', () => socketFrames++);
    });
    const response = await page.goto(server.url);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    const tiles = page.getByTestId('cluster-tile');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(3);
    // The live updates come over the GraphQL websocket: it must connect under the CSP.
    await expect.poll(() => socketFrames, { timeout: 30_000 }).toBeGreaterThan(0);

    await page.goto(`${server.url}/#/clusters/prod-eu-west`);
    const card = page.locator('[data-testid="path-card"][data-path="write"]');
    await expect.poll(() => card.getByTestId('sparkline').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('refuses to be framed by another page', async () => {
    const page = await browser.newPage();
    await page.route('http://framer.test/', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe src="${server.url}"></iframe>` }),
    );
    await page.goto('http://framer.test/');
    // Chromium replaces a frame refused by frame-ancestors with its error page.
    await expect.poll(() => page.frames()[1]?.url(), { timeout: 15_000 }).toMatch(/^chrome-error:/);
    await page.close();
  });
});
