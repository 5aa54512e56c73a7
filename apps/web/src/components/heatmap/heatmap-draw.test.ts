import { describe, expect, it } from 'vitest';
import {
  cellAt,
  cellStyle,
  layoutHeatmap,
  PIXEL_BUDGET,
  paintCells,
  paletteFor,
  scaledLayout,
  stripOrigin,
} from './heatmap-draw.ts';

const LEGEND = [
  'FREE',
  'ALLOCATED_BUSY',
  'ALLOCATED_IDLE',
  'ALLOCATED_UNKNOWN',
  'UNHEALTHY',
  'NOT_USABLE',
  'EMPTY',
].map((cellState, code) => ({ code, cellState }));

describe('layoutHeatmap', () => {
  it.each([
    // nodes, gpus, box → cell, per column, columns
    [6, 8, 400, 400, { cell: 28, perColumn: 6, columns: 1 }],
    [6, 8, 400, 60, { cell: 19, perColumn: 3, columns: 2 }],
    // 5 px would need a gap and 148 rows (887 px): 4 px, no gap, 48 columns of 105.
    [5_000, 8, 1_800, 700, { cell: 4, perColumn: 105, columns: 48 }],
    [1, 1, 10, 10, { cell: 10, perColumn: 1, columns: 1 }],
  ])('%i nodes × %i GPUs in %i × %i', (nodes, gpus, w, h, expected) => {
    const layout = layoutHeatmap(nodes, gpus, w, h);
    expect(layout).toMatchObject(expected);
    expect(layout.width).toBeLessThanOrEqual(w);
    expect(layout.height).toBeLessThanOrEqual(h);
    expect(layout.perColumn * layout.columns).toBeGreaterThanOrEqual(nodes);
  });

  it('falls back to one pixel a cell, taller than asked, when nothing fits', () => {
    const layout = layoutHeatmap(10_000, 8, 100, 10);
    expect(layout.cell).toBe(1);
    expect(layout.height).toBeGreaterThan(10);
  });

  it('hit-tests every cell back to its node and GPU, and nothing between strips', () => {
    const layout = layoutHeatmap(7, 4, 120, 40);
    for (let node = 0; node < 7; node++) {
      const origin = stripOrigin(layout, 4, node);
      for (let gpu = 0; gpu < 4; gpu++) {
        const x = origin.x + gpu * (layout.cell + layout.gap);
        expect(cellAt(layout, 4, 7, x, origin.y)).toEqual({ node, gpu });
      }
    }
    const afterFirstStrip = stripOrigin(layout, 4, 0).x + 4 * (layout.cell + layout.gap);
    if (layout.columns > 1) expect(cellAt(layout, 4, 7, afterFirstStrip, 0)).toBeNull();
  });
});

describe('scaledLayout', () => {
  it('keeps small pools at full resolution and coarsens 40,000 cells on a 4K box by a whole factor', () => {
    expect(scaledLayout(6, 8, 3600, 1400).scale).toBe(1);
    const big = scaledLayout(5_000, 8, 3600, 1400);
    expect(big.scale).toBeGreaterThan(1);
    expect(Number.isInteger(big.scale)).toBe(true);
    expect(big.width * big.height).toBeLessThanOrEqual(PIXEL_BUDGET);
    // Shown at its scale it still fits the box.
    expect(big.width * big.scale).toBeLessThanOrEqual(3600);
    expect(big.height * big.scale).toBeLessThanOrEqual(1400);
  });
});

describe('paintCells', () => {
  it('paints each cell in its colour, hollow and dotted shapes from 5 px, EMPTY as background', () => {
    const layout = layoutHeatmap(1, 4, 4 * 10, 10, 9);
    expect(layout.cell).toBe(9);
    const palette = paletteFor(LEGEND, '#000000');
    const pixels = new Uint32Array(layout.width * layout.height);
    paintCells(pixels, layout, [1, 5, 4, 6], 4, palette);
    const at = (x: number, y: number) => pixels[y * layout.width + x];
    const pitch = layout.cell + layout.gap;
    // Busy: filled, centre included.
    expect(at(4, 4)).toBe(palette.fill[1]);
    // Not usable: a border, hollow centre.
    expect(at(pitch, 0)).toBe(palette.fill[5]);
    expect(at(pitch + 4, 4)).toBe(palette.background);
    // Unhealthy: filled edge, dark centre.
    expect(at(2 * pitch + 1, 1)).toBe(palette.fill[4]);
    expect(at(2 * pitch + 4, 4)).toBe(palette.background);
    // Empty: nothing drawn.
    expect(at(3 * pitch + 4, 4)).toBe(palette.background);
  });

  it('draws a state it does not know like "use unknown", never like free or busy', () => {
    expect(cellStyle('SOMETHING_NEW').colour).toBe(cellStyle('ALLOCATED_UNKNOWN').colour);
    const palette = paletteFor([...LEGEND, { code: 7, cellState: 'SOMETHING_NEW' }], '#000000');
    expect(palette.fill[7]).toBe(palette.fill[3]);
  });
});
