import { type JSX, memo, useContext } from 'react';
import { Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { ChartLine } from '../../lib/series.ts';
import { FixedChartWidth } from './chart-size.ts';

/** Pixel height of every sparkline: fixed, so cards line up and the page never reflows when data arrives. */
export const SPARKLINE_HEIGHT = 64;

// Literal colours: SVG presentation attributes are not guaranteed to resolve CSS variables.
const LINE = '#7dd3fc';
const LINE_DIM = '#4b6b85';

export interface SparklineProps {
  lines: readonly ChartLine[];
  /** The line whose last value is shown as the card's number: drawn brightest. */
  highlight: string | null;
  signal: string;
  /** Words for screen readers, e.g. "p99 latency over the last 60 minutes, now 1.3 s". */
  description: string;
}

/**
 * A small line chart without axes or animation: the shape of the last hour at a glance. Lines with
 * different timestamps share one numeric time axis; the value axis starts at zero so a flat line near the
 * bottom reads as "small", not as "anomalous".
 */
export const Sparkline = memo(function Sparkline({
  lines,
  highlight,
  signal,
  description,
}: SparklineProps): JSX.Element {
  const fixedWidth = useContext(FixedChartWidth);
  const points = lines.reduce((n, l) => n + l.points.length, 0);
  const chart = (
    <LineChart
      width={fixedWidth ?? undefined}
      height={SPARKLINE_HEIGHT}
      margin={{ top: 4, right: 4, bottom: 4, left: 4 }}
    >
      <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} hide />
      <YAxis type="number" domain={[0, 'auto']} hide />
      {lines.map((line) => (
        <Line
          key={line.key}
          data={line.points}
          dataKey="v"
          type="linear"
          dot={false}
          isAnimationActive={false}
          stroke={line.key === highlight ? LINE : LINE_DIM}
          strokeWidth={line.key === highlight ? 3 : 1.5}
        />
      ))}
    </LineChart>
  );
  return (
    <div
      className="sparkline"
      data-testid="sparkline"
      data-signal={signal}
      data-lines={lines.length}
      data-points={points}
      role="img"
      aria-label={description}
      style={{ height: SPARKLINE_HEIGHT }}
    >
      {fixedWidth === null ? (
        <ResponsiveContainer width="100%" height={SPARKLINE_HEIGHT}>
          {chart}
        </ResponsiveContainer>
      ) : (
        chart
      )}
    </div>
  );
});
