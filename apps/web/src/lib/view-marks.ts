import { useLayoutEffect, useRef } from 'react';

/**
 * Performance marks where a view first shows data: `fleetscope:<view>:data-rendered`, set once per mount
 * in a layout effect of the view's route entry — after React committed the view with its first answer,
 * before the browser paints it. Read by `bench/browser-views.bench.ts` and visible in DevTools'
 * Performance panel. One `performance.mark` per mount: nothing to switch off in production.
 */
export function viewMarkName(view: string): string {
  return `fleetscope:${view}:data-rendered`;
}

/** Marks the first commit of `view` with data (`hasData`), once per mount. */
export function useDataRenderedMark(view: string, hasData: boolean): void {
  const marked = useRef(false);
  useLayoutEffect(() => {
    if (!hasData || marked.current) return;
    marked.current = true;
    if (typeof performance !== 'undefined' && typeof performance.mark === 'function') {
      performance.mark(viewMarkName(view), { detail: { view } });
    }
  }, [view, hasData]);
}
