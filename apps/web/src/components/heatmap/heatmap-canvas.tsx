import { type JSX, useEffect, useMemo, useRef, useState } from 'react';
import {
  cellAt,
  cellStyle,
  type HeatmapInput,
  newSurface,
  paletteFor,
  renderHeatmap,
  type ScaledLayout,
} from './heatmap-draw.ts';

/** Room kept under a filled box's drawing (none: a wall has no pointer). */
const HOVER_LINE_PX = 0;

/** The page background the cells are drawn on (styles.css `--panel`). */
const BACKGROUND = '#111821';

export interface HeatmapCanvasProps {
  heatmap: HeatmapInput;
  /** The largest height the drawing may take, in CSS pixels; 'fill': the box's own height (a wall tile). */
  maxHeight: number | 'fill';
  /** What the canvas shows, for screen readers (the worst-nodes table is the full text alternative). */
  label: string;
  /** The largest cell side in rem (follows the wall's type scale); 1.5 rem when absent. */
  maxCellRem?: number;
  testId?: string;
}

/**
 * A pool's node × GPU cells on one <canvas>, sized to its box (ResizeObserver) and redrawn when the cells
 * or the box change. Hovering a cell names its node, GPU and state.
 */
export function HeatmapCanvas({
  heatmap,
  maxHeight,
  label,
  maxCellRem = 1.5,
  testId,
}: HeatmapCanvasProps): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const surface = useRef(newSurface());
  const layout = useRef<ScaledLayout | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [hover, setHover] = useState<string | null>(null);
  const palette = useMemo(() => paletteFor(heatmap.legend, BACKGROUND), [heatmap.legend]);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    setSize({ width: element.clientWidth, height: element.clientHeight });
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const rect = entries[0]?.contentRect;
      if (rect !== undefined) setSize({ width: Math.floor(rect.width), height: Math.floor(rect.height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    const width = size.width;
    const height = maxHeight === 'fill' ? size.height - HOVER_LINE_PX : maxHeight;
    if (element === null || width === 0 || height <= 0) return;
    performance.mark('heatmap-draw-start');
    layout.current = renderHeatmap(
      element,
      surface.current,
      heatmap,
      palette,
      width,
      height,
      window.devicePixelRatio || 1,
      maxCellRem * (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16),
    );
    performance.mark('heatmap-draw-end');
    // The layout drawn, for tests that read cells back from the pixels.
    const l = layout.current;
    element.dataset.layout = `${l.cell} ${l.gap} ${l.columnGap} ${l.perColumn} ${l.scale}`;
  }, [heatmap, palette, size, maxHeight, maxCellRem]);

  const onMove = (event: React.PointerEvent<HTMLCanvasElement>): void => {
    const l = layout.current;
    if (l === null) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const perCss = (window.devicePixelRatio || 1) / l.scale;
    const hit = cellAt(
      l,
      heatmap.gpusPerNode,
      heatmap.nodes.length,
      (event.clientX - rect.left) * perCss,
      (event.clientY - rect.top) * perCss,
    );
    if (hit === null) {
      setHover(null);
      return;
    }
    const code = heatmap.cells[hit.node * heatmap.gpusPerNode + hit.gpu] ?? -1;
    const state = heatmap.legend.find((entry) => entry.code === code)?.cellState ?? 'unknown';
    setHover(`${heatmap.nodes[hit.node] ?? ''} · GPU ${hit.gpu} · ${cellStyle(state).words}`);
  };

  return (
    <div className={`heatmap${maxHeight === 'fill' ? ' heatmap--fill' : ''}`} ref={box} data-testid={testId}>
      <canvas
        ref={canvas}
        className="heatmap__canvas"
        role="img"
        aria-label={label}
        data-nodes={heatmap.nodes.length}
        data-gpus={heatmap.gpusPerNode}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
      />
      {maxHeight !== 'fill' && (
        <p className="heatmap__hover" aria-hidden="true">
          {hover ?? '\u00a0'}
        </p>
      )}
    </div>
  );
}

/** The legend: each state the API listed, with its shape cue and how many cells have it. */
export function HeatmapLegend({
  legend,
  compact = false,
}: {
  legend: readonly { code: number; cellState: string; cells: number }[];
  compact?: boolean;
}): JSX.Element {
  return (
    <ul className={`heatmap-legend${compact ? ' heatmap-legend--compact' : ''}`} data-testid="heatmap-legend">
      {legend
        .filter((l) => l.cellState !== 'EMPTY')
        .map((l) => {
          const style = cellStyle(l.cellState);
          return (
            <li key={l.code} data-state={l.cellState}>
              <span
                className={`heatmap-legend__swatch heatmap-legend__swatch--${style.shape}`}
                style={{ ['--swatch' as string]: style.colour }}
              />
              {style.words}
              {!compact && <span className="heatmap-legend__count"> {l.cells.toLocaleString('en-US')}</span>}
            </li>
          );
        })}
    </ul>
  );
}
