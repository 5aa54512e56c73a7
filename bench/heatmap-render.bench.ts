/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type NodeView, poolHeatmap } from '@fleetscope/diagnostics';
import type { GpuDeviceUsage, NodeRecord } from '@fleetscope/types';
import { chromium } from 'playwright-core';
import { consume, median, pairedRatio, pairedRuns } from './measure.ts';
import { progress, progressRuns, report } from './result.ts';

/**
 * The GPU heatmap in headless Chromium: 5,000 GPU nodes × 8 GPUs (40,000 cells), drawn by the web app's
 * own drawing code (`apps/web/src/components/heatmap/heatmap-draw.ts`, types stripped and loaded into a
 * blank page). Timed with performance marks inside the page:
 *
 * - first render: a new canvas — layout, ImageData, every cell painted, the image put — read back one
 *   pixel so the draw is done, not queued;
 * - update: the same canvas redrawn after 1% of the cells changed (a refresh), image reused;
 * - baselines in the same page and run: one fillRect over the same canvas, and one putImageData of an
 *   image of the same size (the least any pixel-based draw of that canvas costs), each read back alike.
 *
 * - first render, cold: the same first render as the very first call of the drawing code in a fresh
 *   page (`COLD_PAGES` pages, one draw each) — what the app's first draw is: its code has not run yet, so
 *   V8 runs it in the interpreter and compiles it while it runs; the warm figure is after 2 warm-ups.
 *
 * At 1 and 2 device pixels per CSS pixel (a 1080p page box; the same box on a 4K screen).
 *
 * And the cells themselves, in Node, as the API computes them: `poolHeatmap` over 5,000 node views with
 * a DCGM device per GPU (pods and engine activity), vs one plain pass over the same views and devices.
 */

const NODES = 5_000;
const GPUS = 8;
const RUNS = 15;
/** Fresh pages for the cold first draw (the code's first run, as in the app's first draw). */
const COLD_PAGES = 7;
const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));
if (CHROMIUM === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');

const source = readFileSync(
  fileURLToPath(new URL('../apps/web/src/components/heatmap/heatmap-draw.ts', import.meta.url)),
  'utf8',
);
// The module has no imports: as a classic script its functions become page globals.
const script = stripTypeScriptTypes(source).replace(/^export /gm, '');

interface PageResult {
  firstMs: number[];
  updateMs: number[];
  fillRectMs: number[];
  putImageMs: number[];
  layout: { cell: number; width: number; height: number };
}

const rows: { metric: string; value: number; unit: string; target?: string }[] = [];

// The API side: the cells of one pool.
{
  const now = Date.now();
  const views: NodeView[] = [];
  const devices: GpuDeviceUsage[] = [];
  for (let n = 0; n < NODES; n++) {
    const name = `gpu-node-${String(n).padStart(5, '0')}`;
    const node: NodeRecord = {
      kind: 'Node',
      uid: name,
      name,
      resourceVersion: '1',
      createdAt: now,
      pool: 'h100',
      gpuProduct: 'NVIDIA-H100-80GB-HBM3',
      ready: true,
      readyReason: 'KubeletReady',
      unschedulable: false,
      taints: [],
      gpuAllocatable: GPUS,
      gpuCapacity: GPUS,
      gpuExtended: {},
      labels: {},
    };
    const held = n % (GPUS + 1);
    views.push({
      node,
      usable: true,
      notUsable: null,
      requested: new Map([['nvidia.com/gpu', held]]),
      cpuRequested: 0,
      memoryRequested: 0,
      pods: [],
    });
    for (let g = 0; g < GPUS; g++) {
      devices.push({
        cluster: 'bench',
        node: name,
        gpu: String(g),
        uuid: `GPU-${n}-${g}`,
        modelName: 'NVIDIA H100 80GB HBM3',
        migProfile: null,
        migInstance: null,
        engineActive: g < held ? (g % 3) / 3 : null,
        engineSource: 'PROF_GR_ENGINE_ACTIVE',
        framebufferUsedBytes: null,
        framebufferFreeBytes: null,
        powerWatts: null,
        temperatureC: null,
        lastXid: g === 7 && n % 500 === 0 ? 79 : null,
        xidChangedAt: g === 7 && n % 500 === 0 ? now - 60_000 : null,
        rowRemapFailure: null,
        pods: g < held ? [`ml/job-${n}`] : [],
        podSource: 'EXPORTER_LABELS',
        observedAt: now,
      });
    }
  }
  const baseline = (): void => {
    let sum = 0;
    for (const v of views) sum += v.requested.get('nvidia.com/gpu') ?? 0;
    for (const d of devices) sum += d.pods.length + (d.engineActive ?? 0);
    consume(sum);
  };
  const subject = (): void => consume(poolHeatmap(views, devices, { now }));
  for (let i = 0; i < 3; i++) {
    baseline();
    subject();
  }
  const runs = pairedRuns(RUNS, baseline, subject);
  progressRuns('poolHeatmap', runs);
  rows.push(
    { metric: 'API: poolHeatmap, 40,000 cells with DCGM', value: median(runs.subjectMs), unit: 'ms' },
    { metric: 'API: baseline, one pass over views and devices', value: median(runs.baselineMs), unit: 'ms' },
    { metric: 'API: poolHeatmap ÷ baseline', value: pairedRatio(runs), unit: '×' },
  );
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
/** One first draw in a fresh page: the drawing code's first run (not yet compiled beyond bytecode). */
async function coldFirstDraw(dpr: number): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: dpr });
  await page.setContent('<!doctype html><body style="margin:0;background:#111821"></body>');
  await page.addScriptTag({ content: script });
  const ms = await page.evaluate(
    ({ nodes, gpus, dpr }): number => {
      const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
      const legend = [
        'FREE',
        'ALLOCATED_BUSY',
        'ALLOCATED_IDLE',
        'ALLOCATED_UNKNOWN',
        'UNHEALTHY',
        'NOT_USABLE',
      ].map((cellState, code) => ({ code, cellState }));
      let seed = 7;
      const cells = Array.from({ length: nodes * gpus }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return Math.floor((seed / 2_147_483_648) * legend.length);
      });
      const names = Array.from({ length: nodes }, (_, i) => `gpu-node-${String(i).padStart(5, '0')}`);
      const input = { nodes: names, gpusPerNode: gpus, cells, legend };
      const canvas = document.createElement('canvas');
      document.body.append(canvas);
      performance.mark('cold-start');
      const palette = g.paletteFor?.(legend, '#111821');
      g.renderHeatmap?.(canvas, g.newSurface?.(), input, palette, 1800, 700, dpr);
      canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
      performance.mark('cold-end');
      return performance.measure('cold', 'cold-start', 'cold-end').duration;
    },
    { nodes: NODES, gpus: GPUS, dpr },
  );
  await page.close();
  return ms;
}

try {
  for (const dpr of [1, 2]) {
    const cold: number[] = [];
    for (let p = 0; p < COLD_PAGES; p++) cold.push(await coldFirstDraw(dpr));
    progress(`dpr ${dpr}: cold first draws [${cold.map((x) => x.toFixed(1)).join(', ')}] ms`);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: dpr });
    await page.setContent('<!doctype html><body style="margin:0;background:#111821"></body>');
    await page.addScriptTag({ content: script });
    progress(`heatmap: ${NODES} nodes × ${GPUS} GPUs at ${dpr} device px per CSS px, ${RUNS} runs`);
    const result = await page.evaluate(
      ({ nodes, gpus, runs, dpr }): PageResult => {
        // Globals from heatmap-draw.ts.
        const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
        const STATES = [
          'FREE',
          'ALLOCATED_BUSY',
          'ALLOCATED_IDLE',
          'ALLOCATED_UNKNOWN',
          'UNHEALTHY',
          'NOT_USABLE',
        ];
        const legend = STATES.map((cellState, code) => ({ code, cellState }));
        let seed = 7;
        const random = (): number => {
          seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
          return seed / 2_147_483_648;
        };
        const cells = new Array<number>(nodes * gpus);
        for (let i = 0; i < cells.length; i++) cells[i] = Math.floor(random() * STATES.length);
        const names = Array.from({ length: nodes }, (_, i) => `gpu-node-${String(i).padStart(5, '0')}`);
        const input = { nodes: names, gpusPerNode: gpus, cells, legend };
        const palette = g.paletteFor?.(legend, '#111821');
        const box = { width: 1800, height: 700 };
        const readBack = (canvas: HTMLCanvasElement): void => {
          canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
        };
        const time = (name: string, fn: () => void): number => {
          performance.mark(`${name}-start`);
          fn();
          performance.mark(`${name}-end`);
          return performance.measure(name, `${name}-start`, `${name}-end`).duration;
        };
        const out: PageResult = {
          firstMs: [],
          updateMs: [],
          fillRectMs: [],
          putImageMs: [],
          layout: { cell: 0, width: 0, height: 0 },
        };
        for (let run = -2; run < runs; run++) {
          document.body.replaceChildren();
          const canvas = document.createElement('canvas');
          document.body.append(canvas);
          let surface: unknown = null;
          const first = time('heatmap-first-render', () => {
            surface = g.newSurface?.();
            const layout = g.renderHeatmap?.(canvas, surface, input, palette, box.width, box.height, dpr) as {
              cell: number;
              width: number;
              height: number;
            };
            out.layout = { cell: layout.cell, width: layout.width, height: layout.height };
            readBack(canvas);
          });
          // A refresh: 1% of the cells change state.
          for (let k = 0; k < cells.length / 100; k++) {
            const i = Math.floor(random() * cells.length);
            cells[i] = ((cells[i] ?? 0) + 1) % STATES.length;
          }
          const update = time('heatmap-update', () => {
            g.renderHeatmap?.(canvas, surface, input, palette, box.width, box.height, dpr);
            readBack(canvas);
          });
          const context = canvas.getContext('2d');
          const fill = time('baseline-fillrect', () => {
            if (context === null) return;
            context.fillStyle = '#34465a';
            context.fillRect(0, 0, canvas.width, canvas.height);
            readBack(canvas);
          });
          const image = context?.createImageData(canvas.width, canvas.height);
          const put = time('baseline-putimagedata', () => {
            if (context === null || image === undefined) return;
            context.putImageData(image, 0, 0);
            readBack(canvas);
          });
          if (run >= 0) {
            out.firstMs.push(first);
            out.updateMs.push(update);
            out.fillRectMs.push(fill);
            out.putImageMs.push(put);
          }
        }
        return out;
      },
      { nodes: NODES, gpus: GPUS, runs: RUNS, dpr },
    );
    await page.close();
    const ms = (v: number[]): string => v.map((x) => x.toFixed(1)).join(', ');
    progress(
      `dpr ${dpr}: canvas ${result.layout.width}×${result.layout.height} px, cell ${result.layout.cell} px; first [${ms(result.firstMs)}] update [${ms(result.updateMs)}] fillRect [${ms(result.fillRectMs)}] putImageData [${ms(result.putImageMs)}]`,
    );
    const first = median(result.firstMs);
    const update = median(result.updateMs);
    const put = median(result.putImageMs);
    const label = dpr === 1 ? '1080p box' : 'same box at 2× (4K)';
    rows.push(
      { metric: `first render, ${label}`, value: first, unit: 'ms', target: '≤ 100 ms' },
      {
        metric: `first render, cold (the code's first run, fresh page), ${label}`,
        value: median(cold),
        unit: 'ms',
        target: '≤ 100 ms',
      },
      { metric: `update (1% of cells changed), ${label}`, value: update, unit: 'ms', target: '≤ 16 ms' },
      { metric: `baseline: one fillRect, ${label}`, value: median(result.fillRectMs), unit: 'ms' },
      { metric: `baseline: one putImageData, ${label}`, value: put, unit: 'ms' },
      { metric: `update ÷ putImageData, ${label}`, value: put > 0 ? update / put : 0, unit: '×' },
    );
  }
} finally {
  await browser.close();
}

report({
  name: 'heatmap-render',
  setup: `${NODES} GPU nodes × ${GPUS} GPUs (${NODES * GPUS} cells): poolHeatmap in Node with a DCGM device per GPU (paired runs); drawn in a 1800×700 CSS px box in headless Chromium (software raster), medians of ${RUNS} runs after 2 warm-ups (cold: medians of ${COLD_PAGES} fresh pages, one draw each), performance marks in the page`,
  rows,
});
