import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLOUTS, rolloutsAnswers, type ViewAnswers } from '../bench/browser-views-data.ts';
import { type ReplayServer, startReplayServer, WEB_DIST } from '../bench/browser-views-server.ts';
import { launchChromium, REPO } from './support.ts';

/**
 * The Rollouts board at the brief's size, 2,000 unfinished rollouts, in Chromium: the production build
 * served with the answers the browser bench replays (the web app's fixtures scaled up and executed
 * against the API's schema, `bench/browser-views-data.ts`) — the simulator has no cluster with 2,000
 * unfinished rollouts (docs/PERFORMANCE.md). The board is windowed: these check what a person sees and
 * does, and that the DOM stays small.
 */

const IMAGES = join(REPO, 'docs', 'images');
/** Cards in the DOM at most: a screen of rows plus overscan, far below the 2,000 of the list. */
const BOUNDED = 120;

let server: ReplayServer;
let browser: Browser;
let answers: ViewAnswers;

beforeAll(async () => {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('the web build is missing: run `npm run build -w @fleetscope/web` first');
  }
  mkdirSync(IMAGES, { recursive: true });
  answers = rolloutsAnswers(ROLLOUTS, 1);
  server = await startReplayServer();
  server.prepare([answers.query, { ...answers.subscription, body: answers.subscription.pushes[0] ?? '' }]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const cards = (page: Page) => page.getByTestId('rollout');
const indexes = (page: Page): Promise<number[]> =>
  cards(page).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
const focused = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? null);

describe('Rollouts board at 2,000 rollouts in Chromium (windowed)', () => {
  it('shows stuck first, reveals later rows on scroll, keeps the DOM bounded, moves by keyboard and follows a push', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/${answers.route}`);
    await expect.poll(() => cards(page).count(), { timeout: 60_000 }).toBeGreaterThan(0);

    // A feed of 2,000 articles, of which only the ones near the screen are in the DOM.
    const board = page.getByTestId('rollouts-board');
    expect(await board.getAttribute('role')).toBe('feed');
    expect(await board.getAttribute('data-count')).toBe(String(ROLLOUTS));
    expect(await page.getByTestId('rollouts-summary').textContent()).toBe('800 stuck, 1200 progressing');
    const top = await indexes(page);
    expect(top[0]).toBe(0);
    expect(top.length).toBeLessThanOrEqual(BOUNDED);
    // Stuck first: every card on the first screen is stuck (the first 800 are).
    const states = await cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(new Set(states)).toEqual(new Set(['STUCK']));
    const first = cards(page).first();
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await first.getAttribute('aria-setsize')).toBe(String(ROLLOUTS));
    await page.screenshot({ path: join(IMAGES, 'rollouts-board-2000.png') });

    // The diff on demand survives the card leaving the DOM and coming back.
    await first.getByTestId('diff-toggle').click();
    expect(await first.getByTestId('template-diff').count()).toBe(1);

    // Scrolling to the end reveals the last rollouts (progressing), with the first ones gone from the DOM.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect
      .poll(() => page.locator(`[data-index="${ROLLOUTS - 1}"]`).count(), { timeout: 30_000 })
      .toBe(1);
    const bottom = await indexes(page);
    expect(bottom.length).toBeLessThanOrEqual(BOUNDED);
    expect(Math.min(...bottom)).toBeGreaterThan(800);
    expect(await page.locator(`[data-index="${ROLLOUTS - 1}"]`).getAttribute('data-state')).toBe(
      'PROGRESSING',
    );
    expect(await page.locator(`[data-index="${ROLLOUTS - 1}"]`).getAttribute('aria-posinset')).toBe(
      String(ROLLOUTS),
    );
    await page.screenshot({ path: join(IMAGES, 'rollouts-board-2000-end.png') });

    // Back to the top: the first card is rendered again, its diff still open.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.locator('[data-index="0"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-index="0"]').getByTestId('template-diff').count()).toBe(1);

    // Keyboard: arrows and Page keys move card to card, End and Home to the ends of the whole list.
    await page.locator('[data-index="0"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('1');
    await page.keyboard.press('PageDown');
    expect(await focused(page)).toBe('2');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('1');
    await page.keyboard.press('End');
    await expect.poll(() => focused(page), { timeout: 30_000 }).toBe(String(ROLLOUTS - 1));
    expect((await indexes(page)).length).toBeLessThanOrEqual(BOUNDED);
    await page.keyboard.press('Home');
    await expect.poll(() => focused(page), { timeout: 30_000 }).toBe('0');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('1');

    // A push that moves one visible rollout (and 1% of the others): its card shows the new progress.
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-connection'), { timeout: 30_000 })
      .toBe('live');
    const card = page.locator('[data-index="1"]');
    const before = await card.getByTestId('rollout-progress').textContent();
    const next = JSON.parse(answers.subscription.pushes[1] ?? '') as {
      data: { clusterChanged: { rollouts: { progress: { updated: number; desired: number } }[] } };
    };
    const moved = next.data.clusterChanged.rollouts[1];
    if (moved === undefined) throw new Error('no rollout 1 in the push');
    moved.progress.updated = moved.progress.desired;
    expect(server.push('RolloutsChanged', JSON.stringify(next))).toBe(1);
    await expect
      .poll(() => card.getByTestId('rollout-progress').textContent(), { timeout: 30_000 })
      .toContain(`${moved.progress.desired}/${moved.progress.desired} updated`);
    expect(before).not.toContain(`${moved.progress.desired}/${moved.progress.desired} updated`);
    // Focus stayed on the card through the push.
    expect(await focused(page)).toBe('1');
    await page.close();
  });
});
