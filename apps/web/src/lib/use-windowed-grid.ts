import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

/**
 * Windowing for a long list laid out as a grid of equal columns in the page's own scroll (the window
 * scrolls, not an inner box): only the grid rows on screen, plus `overscanPx` above and below, are
 * rendered; spacers stand in for the rest. Row heights are measured (ResizeObserver on each rendered
 * row) and estimated until then, so cards of different heights — and a card that opens its diff — are
 * placed where they are. Columns follow the list's width (as `repeat(auto-fill, minmax(min, 1fr))` would).
 *
 * No dependency: the board needs one grid in the window's scroll, measured rows and focus on demand,
 * which is ~150 lines here.
 */
export interface WindowedGridOptions {
  /** Items in the list. */
  count: number;
  /** The narrowest column, in rem (the root font size). */
  minColumnRem: number;
  /** Space between rows and columns, in px. */
  gapPx: number;
  /** A row's height until it has been measured, in px. */
  estimateRowPx: number;
  /** Rendered beyond the screen, above and below, in px. */
  overscanPx?: number;
}

export interface WindowedGrid {
  /** Ref for the list element (its width sets the columns, its place in the page the window). */
  listRef: (element: HTMLElement | null) => void;
  /** Ref for each rendered row element; the element carries `data-row="<row index>"`. */
  rowRef: (element: HTMLElement | null) => void;
  columns: number;
  /** Rows rendered: [firstRow, endRow). */
  firstRow: number;
  endRow: number;
  /** Heights of the spacers standing in for the rows before and after. */
  padTop: number;
  padBottom: number;
  /**
   * Brings item `index` on screen and focuses the element matching `[data-index="<index>"]` in the
   * list once it is rendered (scrolling the window there first when it is not).
   */
  focusItem: (index: number) => void;
}

interface Range {
  first: number;
  end: number;
}

/** The first row whose bottom is below `y` (offsets: top of each row, plus the end). */
function rowAt(offsets: Float64Array, rows: number, y: number): number {
  let lo = 0;
  let hi = rows;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid + 1] ?? 0) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rootFontPx(): number {
  if (typeof document === 'undefined') return 16;
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function useWindowedGrid({
  count,
  minColumnRem,
  gapPx,
  estimateRowPx,
  overscanPx = 800,
}: WindowedGridOptions): WindowedGrid {
  const list = useRef<HTMLElement | null>(null);
  const heights = useRef(new Map<number, number>());
  const [columns, setColumns] = useState(1);
  const columnsNow = useRef(1);
  const [measured, setMeasured] = useState(0);
  // Before the list is placed: the rows the estimate says fill a screen, so the first commit shows cards.
  const [range, setRange] = useState<Range>(() => ({
    first: 0,
    end: Math.ceil(
      ((typeof window === 'undefined' ? 800 : window.innerHeight || 800) + overscanPx) /
        (estimateRowPx + gapPx),
    ),
  }));
  const pendingFocus = useRef<number | null>(null);

  const rows = Math.ceil(count / columns);
  // Top of every row (and the end), from measured heights or the estimate: O(rows), only when one changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `measured` is the version of the heights map.
  const offsets = useMemo(() => {
    const out = new Float64Array(rows + 1);
    for (let r = 0; r < rows; r++) {
      out[r + 1] = (out[r] ?? 0) + (heights.current.get(r) ?? estimateRowPx) + gapPx;
    }
    return out;
  }, [rows, measured, estimateRowPx, gapPx]);

  /** Which rows the screen (plus overscan) shows now; a new state only when that changes. */
  const update = useCallback(() => {
    const element = list.current;
    if (element === null) return;
    const top = element.getBoundingClientRect().top;
    const viewTop = -top - overscanPx;
    const viewBottom = -top + (window.innerHeight || 800) + overscanPx;
    const first = Math.min(rows, rowAt(offsets, rows, Math.max(0, viewTop)));
    const end = Math.max(first, Math.min(rows, rowAt(offsets, rows, viewBottom) + 1));
    setRange((held) => (held.first === first && held.end === end ? held : { first, end }));
  }, [offsets, rows, overscanPx]);

  // Scrolling and resizing the window move the range; recompute it when the rows' geometry changes.
  useLayoutEffect(() => {
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [update]);

  // The list's width sets the columns (heights measured for another column count are dropped).
  const widthObserver = useRef<ResizeObserver | null>(null);
  const listRef = useCallback(
    (element: HTMLElement | null) => {
      widthObserver.current?.disconnect();
      list.current = element;
      if (element === null) return;
      const apply = (width: number): void => {
        const min = minColumnRem * rootFontPx();
        const next = Math.max(1, Math.floor((width + gapPx) / (min + gapPx)));
        if (next === columnsNow.current) return;
        columnsNow.current = next;
        heights.current.clear();
        setColumns(next);
        setMeasured((v) => v + 1);
      };
      apply(element.clientWidth);
      if (typeof ResizeObserver === 'undefined') return;
      widthObserver.current = new ResizeObserver((entries) => {
        const width = entries[0]?.contentRect.width;
        if (width !== undefined) apply(width);
      });
      widthObserver.current.observe(element);
    },
    [minColumnRem, gapPx],
  );

  // Each rendered row's height, measured as it is laid out (and again when a card in it changes size).
  const rowObserver = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const row = Number((entry.target as HTMLElement).dataset.row);
              const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height;
              if (!Number.isInteger(row) || height <= 0) continue;
              if (Math.abs((heights.current.get(row) ?? -1) - height) > 0.5) {
                heights.current.set(row, height);
                changed = true;
              }
            }
            if (changed) setMeasured((v) => v + 1);
          }),
    [],
  );
  useEffect(() => () => rowObserver?.disconnect(), [rowObserver]);
  const observed = useRef(new Set<Element>());
  const rowRef = useCallback(
    (element: HTMLElement | null) => {
      if (rowObserver === null) return;
      // Rows leaving the window: stop observing the ones no longer connected.
      for (const held of observed.current) {
        if (!held.isConnected) {
          rowObserver.unobserve(held);
          observed.current.delete(held);
        }
      }
      if (element !== null && !observed.current.has(element)) {
        observed.current.add(element);
        rowObserver.observe(element);
      }
    },
    [rowObserver],
  );

  // Focus on demand: once the item is in the DOM, focus it (focus scrolls it fully into view).
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null || list.current === null) return;
    const element = list.current.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (element === null) return;
    pendingFocus.current = null;
    element.focus();
  });
  const focusItem = useCallback(
    (index: number) => {
      if (index < 0 || index >= count) return;
      const element = list.current;
      if (element === null) return;
      const shown = element.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (shown !== null) {
        shown.focus();
        return;
      }
      pendingFocus.current = index;
      const row = Math.floor(index / columns);
      const listTop = element.getBoundingClientRect().top + window.scrollY;
      window.scrollTo({ top: listTop + (offsets[row] ?? 0) });
      update();
    },
    [count, columns, offsets, update],
  );

  const first = Math.min(range.first, rows);
  const end = Math.min(Math.max(range.end, first), rows);
  const total = offsets[rows] ?? 0;
  return {
    listRef,
    rowRef,
    columns,
    firstRow: first,
    endRow: end,
    padTop: offsets[first] ?? 0,
    padBottom: Math.max(0, total - (offsets[end] ?? total)),
    focusItem,
  };
}
