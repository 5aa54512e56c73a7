/**
 * Drawing a GPU heatmap on a canvas, without React: the layout (pure), the colour table and one pass
 * that writes pixels into an ImageData. A cell is one GPU; a node is a strip of its GPUs; strips are laid
 * out down columns (newspaper order), so rows keep the API's order (by node name) top to bottom and then
 * left to right, and the whole pool fits the box it is given.
 *
 * Colours are from Okabe & Ito's colour-blind-safe set and never green (green would claim health the
 * cells do not prove); two states also differ by shape, for readers who cannot tell colours apart:
 * NOT_USABLE is hollow, UNHEALTHY has a dark centre (from 5 device pixels a cell).
 */

/** The cell states the API's legend names, with how each is drawn. */
export const CELL_STYLE: Readonly<
  Record<string, { colour: string; shape: 'fill' | 'hollow' | 'dot' | 'none'; words: string }>
> = {
  FREE: { colour: '#34465a', shape: 'fill', words: 'free' },
  ALLOCATED_BUSY: { colour: '#56b4e9', shape: 'fill', words: 'allocated, busy' },
  ALLOCATED_IDLE: { colour: '#e69f00', shape: 'fill', words: 'allocated, idle' },
  ALLOCATED_UNKNOWN: { colour: '#b4bcc6', shape: 'fill', words: 'allocated, use unknown' },
  UNHEALTHY: { colour: '#d55e00', shape: 'dot', words: 'unhealthy' },
  NOT_USABLE: { colour: '#8a93a0', shape: 'hollow', words: 'not usable' },
  EMPTY: { colour: '#000000', shape: 'none', words: 'no GPU' },
};

/** A state the legend names but this build does not know: drawn like "use unknown", never like a known good one. */
const FALLBACK = { colour: '#b4bcc6', shape: 'fill' as const, words: 'unknown state' };

export function cellStyle(state: string): {
  colour: string;
  shape: 'fill' | 'hollow' | 'dot' | 'none';
  words: string;
} {
  return CELL_STYLE[state] ?? FALLBACK;
}

export interface HeatmapLayout {
  /** Cell side and gap between cells, in device pixels. */
  cell: number;
  gap: number;
  /** Horizontal space between two columns of node strips. */
  columnGap: number;
  /** Node strips per column, and columns. */
  perColumn: number;
  columns: number;
  /** The drawing's size in device pixels. */
  width: number;
  height: number;
}

/** The largest cell side by default (device pixels). */
export const DEFAULT_MAX_CELL = 28;

function shape(cell: number, gpus: number, nodes: number, maxWidth: number): HeatmapLayout | null {
  const gap = cell >= 5 ? 1 : 0;
  const pitch = cell + gap;
  const strip = gpus * pitch - gap;
  const columnGap = Math.max(3, Math.round(cell * 1.2));
  const columns = Math.max(1, Math.min(nodes, Math.floor((maxWidth + columnGap) / (strip + columnGap))));
  if (strip > maxWidth) return null;
  const perColumn = Math.ceil(nodes / columns);
  // As few columns as that many rows need (the last column is not left nearly empty).
  const used = Math.ceil(nodes / perColumn);
  return {
    cell,
    gap,
    columnGap,
    perColumn,
    columns: used,
    width: used * strip + (used - 1) * columnGap,
    height: perColumn * pitch - gap,
  };
}

/**
 * The largest cell that fits `nodes × gpus` into `maxWidth × maxHeight` device pixels. When even one
 * pixel a cell does not fit the height, the 1-pixel layout is returned (taller than asked: the caller
 * scrolls or clips, and says so).
 */
export function layoutHeatmap(
  nodes: number,
  gpus: number,
  maxWidth: number,
  maxHeight: number,
  maxCell = DEFAULT_MAX_CELL,
): HeatmapLayout {
  const n = Math.max(1, nodes);
  const g = Math.max(1, gpus);
  for (let cell = Math.max(1, Math.floor(maxCell)); cell >= 1; cell--) {
    const layout = shape(cell, g, n, maxWidth);
    if (layout !== null && layout.height <= maxHeight) return layout;
  }
  return (
    shape(1, g, n, Math.max(maxWidth, g)) ?? {
      cell: 1,
      gap: 0,
      columnGap: 3,
      perColumn: n,
      columns: 1,
      width: g,
      height: n,
    }
  );
}

/** Where node `index`'s strip starts, in device pixels. */
export function stripOrigin(layout: HeatmapLayout, gpus: number, index: number): { x: number; y: number } {
  const pitch = layout.cell + layout.gap;
  const column = Math.floor(index / layout.perColumn);
  const row = index % layout.perColumn;
  return { x: column * (gpus * pitch - layout.gap + layout.columnGap), y: row * pitch };
}

/** The node and GPU under a point (device pixels), or null between cells. */
export function cellAt(
  layout: HeatmapLayout,
  gpus: number,
  nodes: number,
  x: number,
  y: number,
): { node: number; gpu: number } | null {
  const pitch = layout.cell + layout.gap;
  const stripWidth = gpus * pitch - layout.gap;
  const column = Math.floor(x / (stripWidth + layout.columnGap));
  const inStrip = x - column * (stripWidth + layout.columnGap);
  if (inStrip < 0 || inStrip >= stripWidth) return null;
  const gpu = Math.floor(inStrip / pitch);
  const row = Math.floor(y / pitch);
  if (row < 0 || row >= layout.perColumn || gpu >= gpus) return null;
  const node = column * layout.perColumn + row;
  return node < nodes ? { node, gpu } : null;
}

/** "#rrggbb" → a little-endian RGBA word for a Uint32Array over ImageData. */
function rgbaWord(hex: string, alpha = 255): number {
  const v = Number.parseInt(hex.slice(1), 16);
  const r = (v >> 16) & 255;
  const g = (v >> 8) & 255;
  const b = v & 255;
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export interface Palette {
  /** Per code: the fill word and the shape. */
  fill: Uint32Array;
  shape: ('fill' | 'hollow' | 'dot' | 'none')[];
  background: number;
}

/** The colour table for the codes a legend lists (code → state), on a background colour. */
export function paletteFor(
  legend: readonly { code: number; cellState: string }[],
  background: string,
): Palette {
  const size = Math.max(8, ...legend.map((l) => l.code + 1));
  const fill = new Uint32Array(size).fill(rgbaWord(FALLBACK.colour));
  const shapes = new Array<Palette['shape'][number]>(size).fill('fill');
  for (const { code, cellState } of legend) {
    const style = cellStyle(cellState);
    fill[code] = rgbaWord(style.colour);
    shapes[code] = style.shape;
  }
  return { fill, shape: shapes, background: rgbaWord(background) };
}

/**
 * Writes every cell into `pixels` (a Uint32Array over an ImageData of `layout.width × layout.height`):
 * one pass over the codes, no canvas calls — the caller puts the image once.
 *
 * Written to be cheap before the JIT has warmed up: in the app the first draw runs this code for the
 * first time, in V8's interpreter (docs/PERFORMANCE.md, "The GPU heatmap in the app"), so the work per
 * pixel is what counts. Per node strip, its first pixel row is written word by word and copied down the
 * strip's other rows (`copyWithin`, a memmove); only the few cells with a shape cue (hollow, dot) are
 * then written pixel by pixel. No object is allocated per node or cell.
 */
export function paintCells(
  pixels: Uint32Array,
  layout: HeatmapLayout,
  cells: ArrayLike<number>,
  gpus: number,
  palette: Palette,
): void {
  const background = palette.background;
  pixels.fill(background);
  const { cell, width, gap, perColumn, columnGap } = layout;
  const g = Math.max(1, gpus);
  const nodes = Math.floor(cells.length / g);
  const pitch = cell + gap;
  const stripStep = g * pitch - gap + columnGap;
  const fills = palette.fill;
  const shapes = palette.shape;
  // Shape cues from 5 device pixels a cell: hollow keeps a border of `inset`; dot darkens the middle third.
  const inset = cell >= 5 ? Math.max(1, Math.floor(cell / 5)) : 0;
  const dotLo = Math.floor(cell / 3) + (cell % 3 === 2 ? 1 : 0);
  const dotHi = cell - dotLo;
  let cued = false;
  for (let n = 0; n < nodes; n++) {
    const x0 = Math.floor(n / perColumn) * stripStep;
    const top = (n % perColumn) * pitch * width + x0;
    // The strip's first pixel row: each cell's colour over `cell` words, gaps left as background.
    let x = top;
    for (let c = 0; c < g; c++) {
      const code = cells[n * g + c] ?? 0;
      const kind = shapes[code] ?? 'fill';
      if (kind !== 'none') {
        const colour = fills[code] ?? background;
        for (let k = 0; k < cell; k++) pixels[x + k] = colour;
        if (inset > 0 && kind !== 'fill') cued = true;
      }
      x += pitch;
    }
    const stripEnd = x - gap;
    for (let y = 1; y < cell; y++) pixels.copyWithin(top + y * width, top, stripEnd);
  }
  if (!cued) return;
  // The cells drawn with a shape cue: their inside back to the background.
  for (let n = 0; n < nodes; n++) {
    const x0 = Math.floor(n / perColumn) * stripStep;
    const top = (n % perColumn) * pitch * width + x0;
    for (let c = 0; c < g; c++) {
      const kind = shapes[cells[n * g + c] ?? 0] ?? 'fill';
      if (kind !== 'hollow' && kind !== 'dot') continue;
      const lo = kind === 'hollow' ? inset : dotLo;
      const hi = kind === 'hollow' ? cell - inset : dotHi;
      const origin = top + c * pitch;
      for (let y = lo; y < hi; y++) pixels.fill(background, origin + y * width + lo, origin + y * width + hi);
    }
  }
}

/** What a canvas keeps between draws: the image it reuses while its size stays the same. */
export interface HeatmapSurface {
  image: ImageData | null;
  pixels: Uint32Array | null;
  layout: HeatmapLayout | null;
}

export function newSurface(): HeatmapSurface {
  return { image: null, pixels: null, layout: null };
}

export interface HeatmapInput {
  nodes: readonly string[];
  gpusPerNode: number;
  cells: ArrayLike<number>;
  legend: readonly { code: number; cellState: string }[];
}

/**
 * Device pixels a drawing may have before it is drawn at a coarser scale and enlarged by the browser
 * (nearest neighbour, `image-rendering: pixelated`): putting the image costs per pixel, so a 4K wall
 * showing 40,000 cells draws them at half resolution, each cell still a crisp square.
 */
export const PIXEL_BUDGET = 500_000;

/** A layout with the scale it is shown at: one drawn pixel is `scale × scale` device pixels. */
export type ScaledLayout = HeatmapLayout & { scale: number };

/** The layout for a box of device pixels, coarsened by whole factors until it fits the pixel budget. */
export function scaledLayout(
  nodes: number,
  gpus: number,
  maxWidth: number,
  maxHeight: number,
  maxCell = DEFAULT_MAX_CELL,
  budget = PIXEL_BUDGET,
): ScaledLayout {
  let scale = 1;
  let layout = layoutHeatmap(nodes, gpus, maxWidth, maxHeight, maxCell);
  while (layout.width * layout.height > budget && scale < 16 && layout.cell > 1) {
    scale += 1;
    layout = layoutHeatmap(
      nodes,
      gpus,
      Math.floor(maxWidth / scale),
      Math.floor(maxHeight / scale),
      Math.max(1, Math.floor(maxCell / scale)),
    );
  }
  return { ...layout, scale };
}

/**
 * Lays out and draws a heatmap into `canvas` for a box of `cssWidth × cssHeight` CSS pixels at
 * `dpr` device pixels each, cells at most `maxCellCss` CSS pixels: sizes the canvas to the drawing,
 * paints the cells and puts the image once. Returns the layout (drawn pixels, and their scale in
 * device pixels) for hit testing.
 */
export function renderHeatmap(
  canvas: HTMLCanvasElement,
  surface: HeatmapSurface,
  input: HeatmapInput,
  palette: Palette,
  cssWidth: number,
  cssHeight: number,
  dpr: number,
  maxCellCss = DEFAULT_MAX_CELL,
): ScaledLayout {
  const layout = scaledLayout(
    input.nodes.length,
    input.gpusPerNode,
    Math.max(1, Math.floor(cssWidth * dpr)),
    Math.max(1, Math.floor(cssHeight * dpr)),
    maxCellCss * dpr,
  );
  const context = canvas.getContext('2d');
  if (context === null) return layout;
  const sized =
    surface.image !== null && surface.image.width === layout.width && surface.image.height === layout.height;
  if (!sized) {
    canvas.width = layout.width;
    canvas.height = layout.height;
    surface.image = context.createImageData(layout.width, layout.height);
    surface.pixels = new Uint32Array(surface.image.data.buffer);
  }
  canvas.style.width = `${(layout.width * layout.scale) / dpr}px`;
  canvas.style.height = `${(layout.height * layout.scale) / dpr}px`;
  surface.layout = layout;
  if (surface.pixels !== null && surface.image !== null) {
    paintCells(surface.pixels, layout, input.cells, input.gpusPerNode, palette);
    context.putImageData(surface.image, 0, 0);
  }
  return layout;
}
