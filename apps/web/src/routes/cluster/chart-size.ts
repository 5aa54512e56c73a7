import { createContext } from 'react';

/**
 * A fixed chart width in pixels, or null to follow the container. Recharts measures its container, which
 * has no size in jsdom: tests provide a width here so the charts actually render.
 */
export const FixedChartWidth = createContext<number | null>(null);
