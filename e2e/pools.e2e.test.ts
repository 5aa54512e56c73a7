import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createFleet, type FleetServers, startFleetServers, systemClock } from '@fleetscope/fleet-sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackfillSeries, backfill } from '../apps/api/test/support/backfill.ts';
import { type PrometheusServer, startPrometheus } from '../apps/api/test/support/prometheus-server.ts';
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
      // The cluster's GPU Operator, watched live (the demo's clusters run it), under the cluster's name.
      await expect
        .poll(() => page.getByTestId('pools-cluster-gpu-side').first().textContent(), { timeout: 30_000 })
        .toMatch(/^GPU Operator (ready|NOT READY — ClusterPolicy cluster-policy notReady)/);

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

const FIVE_MINUTES = 300_000;
/** Hours (counted back from the end of the range) with no sample at all: the chart must show a gap. */
const GAP_HOURS = { from: 14, to: 10 };

/**
 * A day of one H100 node's life, every 5 minutes: a training pod holding 8 GPUs, 6 of them busy, and
 * nothing at all (Prometheus down) for the hours in GAP_HOURS.
 */
function dayOfHistory(cluster: string, node: string, endMs: number): BackfillSeries[] {
  const steps = 24 * 12 + 1;
  const start = endMs - (steps - 1) * FIVE_MINUTES;
  const times = Array.from({ length: steps }, (_, i) => start + i * FIVE_MINUTES).filter(
    (t) => t <= endMs - GAP_HOURS.from * 3_600_000 || t >= endMs - GAP_HOURS.to * 3_600_000,
  );
  const series = (metric: string, labels: Record<string, string>, value: number): BackfillSeries => ({
    metric,
    labels,
    samples: times.map((t) => [t, value]),
  });
  const id = { cluster, namespace: 'llm-train', pod: 'pretrain-0' };
  return [
    series('kube_pod_info', { ...id, node }, 1),
    series('kube_pod_status_phase', { ...id, phase: 'Running' }, 1),
    series(
      'kube_pod_container_resource_requests',
      { ...id, container: 'main', resource: 'nvidia_com_gpu', unit: 'integer' },
      8,
    ),
    ...Array.from({ length: 8 }, (_, gpu) =>
      series(
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        {
          cluster,
          Hostname: node,
          gpu: String(gpu),
          UUID: `GPU-pretrain-${gpu}`,
          pod: id.pod,
          namespace: id.namespace,
        },
        gpu < 6 ? 0.85 : 0.01,
      ),
    ),
  ];
}

describe('the GPU Pools view with a day of Prometheus history', () => {
  const US = 'prod-us-east';
  const POOL = 'h100-sxm';
  let sim: FleetServers;
  let prometheus: PrometheusServer;
  let history: DemoServer;
  let kubeconfig = '';

  beforeAll(async () => {
    const fleet = createFleet({ seed: 42, size: 'demo', clock: systemClock });
    const node = (fleet.clusters.find((c) => c.name === US)?.list('nodes') ?? []).find(
      (n) => n.metadata.labels?.['karpenter.sh/nodepool'] === POOL,
    );
    if (node === undefined) throw new Error(`no ${POOL} node in ${US}`);
    const end = Math.floor(Date.now() / FIVE_MINUTES) * FIVE_MINUTES;
    const series = dayOfHistory(US, node.metadata.name, end);
    kubeconfig = join(REPO, 'artifacts', `pools-e2e-${process.pid}.kubeconfig`);
    mkdirSync(join(REPO, 'artifacts'), { recursive: true });
    sim = await startFleetServers(fleet, { kubeconfig, latencyScale: 0.01 });
    prometheus = await startPrometheus({
      jobs: [],
      retention: '30d',
      prepareDataDir: (dir) => backfill(dir, series),
    });
    history = await startDemoServer({
      FLEETSCOPE_KUBECONFIG: kubeconfig,
      FLEETSCOPE_CONTEXTS: fleet.clusters.map((c) => c.name).join(','),
      FLEETSCOPE_PROMETHEUS_URL: prometheus.url,
      FLEETSCOPE_PROMETHEUS_CLUSTER_LABEL: 'cluster',
      FLEETSCOPE_PROBE_INTERVAL_SECONDS: '0',
    });
  }, 180_000);
  afterAll(async () => {
    await history?.stop();
    await prometheus?.stop();
    await sim?.close();
    if (kubeconfig !== '') rmSync(kubeconfig, { force: true });
  });

  it('charts reserved vs busy GPUs per pool over the day, the hours without data as a gap', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${history.url}/#/clusters/${US}/pools`);
    const card = page.locator(`[data-testid="pool-card"][data-pool="${POOL}"]`);
    const section = card.getByTestId('pool-history');
    // The history's node gets its pool from the watch: reload until the pool has its series.
    await expect
      .poll(
        async () => {
          await page.reload();
          await section.waitFor({ timeout: 30_000 });
          await expect
            .poll(() => section.getAttribute('data-state'), { timeout: 30_000 })
            .not.toBe('loading');
          return section.getAttribute('data-state');
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe('chart');
    const areas = section.locator('.recharts-area');
    await expect.poll(() => areas.count(), { timeout: 15_000 }).toBe(2);
    // What the API says of the same pool: 8 reserved and 6 busy where known, null over the gap.
    const response = await fetch(`${history.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query($from: DateTime!, $to: DateTime!) { gpuUsageHistory(from: $from, to: $to, groupBy: POOL) { times clusters { cluster groups { key series { allocated used } } } } }`,
        variables: {
          from: new Date(Date.now() - 24 * 3_600_000).toISOString(),
          to: new Date().toISOString(),
        },
      }),
    });
    const body = (await response.json()) as {
      data: {
        gpuUsageHistory: {
          clusters: {
            cluster: string;
            groups: { key: string; series: { allocated: (number | null)[]; used: (number | null)[] } }[];
          }[];
        };
      };
    };
    const pool = body.data.gpuUsageHistory.clusters
      .find((c) => c.cluster === US)
      ?.groups.find((g) => g.key === POOL);
    const allocated = pool?.series.allocated ?? [];
    expect(new Set(allocated.filter((v) => v !== null))).toEqual(new Set([8]));
    expect(new Set((pool?.series.used ?? []).filter((v) => v !== null))).toEqual(new Set([6]));
    const unknown = allocated.filter((v) => v === null).length;
    expect(unknown).toBeGreaterThanOrEqual(((GAP_HOURS.from - GAP_HOURS.to) * 3_600_000) / FIVE_MINUTES - 8);
    // Each area is drawn in pieces around the gap (a move-to per known stretch), never down to zero.
    const pieces = await areas.evaluateAll((els) =>
      els.map(
        (el) => (el.querySelector('.recharts-area-curve')?.getAttribute('d') ?? '').split('M').length - 1,
      ),
    );
    for (const n of pieces) expect(n).toBeGreaterThanOrEqual(2);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(IMAGES, 'pools-history-1080p.png') });
    await page.close();
  }, 240_000);
});
