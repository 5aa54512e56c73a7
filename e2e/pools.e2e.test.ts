import { mkdirSync } from 'node:fs';
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

/** The colours apps/web draws each state in (heatmap-draw.ts CELL_STYLE), as the pixels read back. */
const COLOURS: Record<string, string> = {
  '#34465a': 'FREE',
  '#56b4e9': 'ALLOCATED_BUSY',
  '#e69f00': 'ALLOCATED_IDLE',
  '#b4bcc6': 'ALLOCATED_UNKNOWN',
  '#d55e00': 'UNHEALTHY',
  '#8a93a0': 'NOT_USABLE',
};

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

async function expectNoScrollbars(page: Page, width: number, height: number): Promise<void> {
  const size = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
  }));
  expect(size.scrollHeight).toBeLessThanOrEqual(height);
  expect(size.scrollWidth).toBeLessThanOrEqual(width);
}

/**
 * Per node row of a pool's canvas, the states its cells are drawn in, read back from the pixels (the
 * top-left pixel of each cell carries the state's colour whatever its shape cue).
 */
async function statesOnCanvas(page: Page, pool: string): Promise<Record<string, Record<string, number>>> {
  return page.evaluate(
    ({ pool, colours }) => {
      const card = document.querySelector(`[data-testid="pool-card"][data-pool="${pool}"]`);
      const canvas = card?.querySelector('canvas');
      if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`no canvas for ${pool}`);
      const [cell = 0, gap = 0, columnGap = 0, perColumn = 1] = (canvas.dataset.layout ?? '')
        .split(' ')
        .map(Number);
      const gpus = Number(canvas.dataset.gpus);
      const nodes = Number(canvas.dataset.nodes);
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('no 2d context');
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const hex = (x: number, y: number): string => {
        const i = (y * canvas.width + x) * 4;
        return `#${[pixels[i], pixels[i + 1], pixels[i + 2]].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
      };
      const pitch = cell + gap;
      const strip = gpus * pitch - gap + columnGap;
      const out: Record<number, Record<string, number>> = {};
      for (let n = 0; n < nodes; n++) {
        const x0 = Math.floor(n / perColumn) * strip;
        const y0 = (n % perColumn) * pitch;
        const counts: Record<string, number> = {};
        for (let c = 0; c < gpus; c++) {
          const state = colours[hex(x0 + c * pitch, y0)] ?? 'EMPTY';
          counts[state] = (counts[state] ?? 0) + 1;
        }
        out[n] = counts;
      }
      return out;
    },
    { pool, colours: COLOURS },
  ) as Promise<Record<string, Record<string, number>>>;
}

interface HeatmapAnswer {
  nodes: string[];
  gpusPerNode: number;
  cells: number[];
  legend: { code: number; state: string }[];
}

async function heatmapOf(cluster: string, pool: string): Promise<HeatmapAnswer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($c: String!) { cluster(name: $c) { gpuPools { pool heatmap { nodes gpusPerNode cells legend { code state } } } } }`,
      variables: { c: cluster },
    }),
  });
  const body = (await response.json()) as {
    data: { cluster: { gpuPools: { pool: string; heatmap: HeatmapAnswer }[] } };
  };
  const found = body.data.cluster.gpuPools.find((p) => p.pool === pool);
  if (found === undefined) throw new Error(`no pool ${pool}`);
  return found.heatmap;
}

describe('the GPU Pools view in Chromium, served by the npm start server', () => {
  for (const size of SIZES) {
    it(`draws the demo's pools as heatmaps whose pixels, words and API cells agree at ${size.name}`, async () => {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(`${server.url}/#/clusters/prod-us-east/pools`);
      const cards = page.getByTestId('pool-card');
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(2);
      const h100 = page.locator('[data-testid="pool-card"][data-pool="h100-sxm"]');
      const canvas = h100.locator('canvas');
      await expect.poll(() => canvas.getAttribute('data-layout'), { timeout: 30_000 }).not.toBeNull();
      // Pools refresh on the API's tick: read the API's cells and the page's pixels until they agree.
      await expect
        .poll(
          async () => {
            const map = await heatmapOf('prod-us-east', 'h100-sxm');
            const drawn = await statesOnCanvas(page, 'h100-sxm');
            const fromApi = map.nodes.map((_, r) => {
              const counts: Record<string, number> = {};
              for (const code of map.cells.slice(r * map.gpusPerNode, (r + 1) * map.gpusPerNode)) {
                const state = map.legend.find((l) => l.code === code)?.state ?? '?';
                counts[state] = (counts[state] ?? 0) + 1;
              }
              return counts;
            });
            return JSON.stringify(fromApi) === JSON.stringify(map.nodes.map((_, r) => drawn[r]));
          },
          { timeout: 30_000 },
        )
        .toBe(true);

      // The demo serves DCGM-exporter series for its GPU nodes: held GPUs are drawn busy or idle from
      // engine activity, and the note says where use comes from.
      await expect
        .poll(
          async () => {
            const all = Object.values(await statesOnCanvas(page, 'h100-sxm'));
            return all.some((c) => (c.ALLOCATED_BUSY ?? 0) + (c.ALLOCATED_IDLE ?? 0) > 0);
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(await h100.getByTestId('pool-usage-note').getAttribute('data-usage')).toBe('DCGM');

      // The text alternative (worst nodes) says what the canvas shows for each of its rows. With DCGM a
      // pool whose GPUs are all busy has no worst node; the demo's idle A100 replicas give some.
      let checked = 0;
      for (const pool of ['h100-sxm', 'a100-mig']) {
        const card = page.locator(`[data-testid="pool-card"][data-pool="${pool}"]`);
        const map = await heatmapOf('prod-us-east', pool);
        const rows = await card
          .getByTestId('pool-worst-nodes')
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => ({
              node: (tr as HTMLElement).dataset.node ?? '',
              cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
            })),
          );
        const pixels = await statesOnCanvas(page, pool);
        for (const row of rows) {
          const r = map.nodes.indexOf(row.node);
          const c = pixels[r] ?? {};
          const [unhealthy, notUsable, idle, unknown, busy, free] = row.cells.map(Number);
          expect({ unhealthy, notUsable, idle, unknown, busy, free }).toEqual({
            unhealthy: c.UNHEALTHY ?? 0,
            notUsable: c.NOT_USABLE ?? 0,
            idle: c.ALLOCATED_IDLE ?? 0,
            unknown: c.ALLOCATED_UNKNOWN ?? 0,
            busy: c.ALLOCATED_BUSY ?? 0,
            free: c.FREE ?? 0,
          });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);

      // The demo's pending 4-GPU pod: blocked by fragmentation, with the fragmentation by size.
      expect(await h100.getByTestId('pool-blocked').textContent()).toMatch(/ml-training\/llm-sweep-4gpu/);
      expect(await h100.getByTestId('pool-fragmentation').textContent()).toMatch(/Frag₄/);
      expect(await page.getByTestId('pools-data-as-of').getAttribute('data-loud')).toBe('false');
      await page.screenshot({ path: join(IMAGES, `pools-${size.name}.png`) });
      await page.close();
    });
  }

  for (const size of SIZES) {
    it(`the wall rotates fleet → GPU pools → triage with no scrollbars at ${size.name}`, async () => {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(`${server.url}/wall?rotate=6`);
      const wall = page.getByTestId('wall');
      await expect.poll(() => wall.getAttribute('data-page'), { timeout: 30_000 }).toBe('fleet');
      await expect.poll(() => wall.getAttribute('data-page'), { timeout: 15_000 }).toBe('pools');
      const tiles = page.getByTestId('pool-tile');
      await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
      // Every tile drew its heatmap (a layout is set once drawn).
      await expect
        .poll(() => page.locator('[data-testid="pool-tile"] canvas:not([data-layout])').count(), {
          timeout: 10_000,
        })
        .toBe(0);
      expect(await page.getByTestId('pools-data-as-of').getAttribute('data-loud')).toBe('false');
      await expectNoScrollbars(page, size.width, size.height);
      // Tiles stay on the screen, above the rotation pill.
      const overflow = await page.evaluate(
        (h) =>
          [...document.querySelectorAll('[data-testid="pool-tile"]')].filter(
            (t) => t.getBoundingClientRect().bottom > h,
          ).length,
        size.height,
      );
      expect(overflow).toBe(0);
      await page.screenshot({ path: join(IMAGES, `wall-gpu-${size.name}.png`) });
      await expect.poll(() => wall.getAttribute('data-page'), { timeout: 15_000 }).toBe('triage');
      await page.close();
    });
  }

  // Last: stops the server.
  it('turns the GPU page loud and its tiles stale when the API stops', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/?kiosk=1#/pools`);
    await expect
      .poll(() => page.getByTestId('pool-tile').count(), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(5);
    const clock = page.getByTestId('pools-data-as-of');
    expect(await clock.getAttribute('data-loud')).toBe('false');
    await server.stop();
    await expect.poll(() => clock.getAttribute('data-loud'), { timeout: 30_000 }).toBe('true');
    expect(await clock.textContent()).toContain('CONNECTION LOST');
    const tiles = await page.getByTestId('pool-tile').count();
    expect(await page.locator('.pool-tile--stale').count()).toBe(tiles);
    // The word itself is on every tile, whatever the length of the pool's name.
    const words = page.locator('[data-testid="pool-tile"] .pool-tile__stale');
    expect(await words.count()).toBe(tiles);
    const cut = await words.evaluateAll(
      (els) =>
        els.filter((el) => {
          const tile = el.closest('[data-testid="pool-tile"]')?.getBoundingClientRect();
          const r = el.getBoundingClientRect();
          return tile === undefined || r.width === 0 || r.right > tile.right;
        }).length,
    );
    expect(cut).toBe(0);
    await expectNoScrollbars(page, 1920, 1080);
    await page.screenshot({ path: join(IMAGES, 'wall-gpu-connection-lost-1080p.png') });
    await page.close();
  });
});
