import { type JSX, memo, useContext } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartRows, type HistorySeries } from '../../lib/gpu-usage.ts';
import { FixedChartWidth } from '../cluster/chart-size.ts';

/** Pixel height of the chart: fixed so the page does not reflow when data arrives. */
export const USAGE_CHART_HEIGHT = 260;

// Literal colours: SVG presentation attributes are not guaranteed to resolve CSS variables.
const RESERVED = '#64748b';
const BUSY = '#22c55e';

const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayHour = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

export interface UsageChartProps {
  times: readonly string[];
  series: HistorySeries;
  stepSeconds: number;
  /** Words for screen readers. */
  description: string;
}

/**
 * GPUs reserved by workloads vs GPUs really busy, over the range: the gap between the two areas is
 * reserved-but-idle. Unknown steps are gaps in both lines (never drawn as zero).
 */
export const UsageChart = memo(function UsageChart({
  times,
  series,
  stepSeconds,
  description,
}: UsageChartProps): JSX.Element {
  const fixedWidth = useContext(FixedChartWidth);
  const rows = chartRows(times, series);
  const label = stepSeconds >= 86_400 ? day : dayHour;
  const chart = (
    <AreaChart
      width={fixedWidth ?? undefined}
      height={USAGE_CHART_HEIGHT}
      data={rows}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid stroke="#263241" strokeDasharray="3 3" />
      <XAxis
        dataKey="t"
        type="number"
        domain={['dataMin', 'dataMax']}
        scale="time"
        tickFormatter={(t: number) => label.format(t)}
        stroke="#a9b6c6"
        minTickGap={48}
      />
      <YAxis
        stroke="#a9b6c6"
        allowDecimals={false}
        label={{ value: 'GPUs', angle: -90, position: 'insideLeft', fill: '#a9b6c6' }}
      />
      <Tooltip
        labelFormatter={(t) => `${dayHour.format(Number(t))} UTC`}
        formatter={(value) => (value === null || value === undefined ? 'unknown' : String(value))}
        contentStyle={{ background: '#111821', border: '1px solid #263241' }}
      />
      <Legend />
      <Area
        name="Reserved by workloads"
        dataKey="allocated"
        type="stepAfter"
        stroke={RESERVED}
        fill={RESERVED}
        fillOpacity={0.35}
        connectNulls={false}
        isAnimationActive={false}
      />
      <Area
        name="Actually busy"
        dataKey="used"
        type="stepAfter"
        stroke={BUSY}
        fill={BUSY}
        fillOpacity={0.45}
        connectNulls={false}
        isAnimationActive={false}
      />
    </AreaChart>
  );
  return (
    <figure className="usage-chart" data-testid="usage-chart" aria-label={description}>
      {fixedWidth === null ? (
        <ResponsiveContainer width="100%" height={USAGE_CHART_HEIGHT}>
          {chart}
        </ResponsiveContainer>
      ) : (
        chart
      )}
      <figcaption className="muted">{description}</figcaption>
    </figure>
  );
});
