import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import type { PoolsHistory } from '../../graphql/use-pools-history.ts';
import { chartRows } from '../../lib/gpu-usage.ts';
import { FixedChartWidth } from '../cluster/chart-size.ts';
import { PoolHistory, poolHistoryState } from './pool-history.tsx';

const TIMES = [
  '2026-11-27T10:00:00Z',
  '2026-11-27T11:00:00Z',
  '2026-11-27T12:00:00Z',
  '2026-11-27T13:00:00Z',
];

function history(clusters: PoolsHistory['clusters']): PolledResult<PoolsHistory> {
  return { data: { stepSeconds: 3600, times: TIMES, clusters }, error: null, receivedAt: 1 };
}

const series = { allocated: [8, null, 6, 6], used: [5, null, 2, 3], idle: [3, null, 4, 3] };
const withPool = history([
  {
    cluster: 'us',
    unavailable: null,
    unavailableReason: null,
    groups: [{ key: 'h100-sxm', series }],
  },
  { cluster: 'eu', unavailable: 'NO_PROMETHEUS', unavailableReason: null, groups: [] },
  { cluster: 'ap', unavailable: 'PROMETHEUS_ERROR', unavailableReason: 'timeout', groups: [] },
]);

describe('poolHistoryState', () => {
  it.each([
    { name: 'not asked yet', result: null, cluster: 'us', pool: 'h100-sxm', kind: 'loading' },
    {
      name: 'no answer yet',
      result: { data: null, error: null, receivedAt: null },
      cluster: 'us',
      pool: 'h100-sxm',
      kind: 'loading',
    },
    {
      name: 'the request failed',
      result: { data: null, error: new Error('HTTP 502'), receivedAt: null },
      cluster: 'us',
      pool: 'h100-sxm',
      kind: 'error',
    },
    { name: 'the pool has a series', result: withPool, cluster: 'us', pool: 'h100-sxm', kind: 'chart' },
    { name: 'another pool has none', result: withPool, cluster: 'us', pool: 'a100', kind: 'none' },
    {
      name: 'no Prometheus for the cluster',
      result: withPool,
      cluster: 'eu',
      pool: 'x',
      kind: 'unavailable',
    },
    { name: 'Prometheus failed', result: withPool, cluster: 'ap', pool: 'x', kind: 'unavailable' },
    { name: 'a cluster the history does not name', result: withPool, cluster: 'zz', pool: 'x', kind: 'none' },
    {
      name: 'every step unknown is no history, not a flat zero',
      result: history([
        {
          cluster: 'us',
          unavailable: null,
          unavailableReason: null,
          groups: [{ key: 'p', series: { allocated: [null, null], used: [null, null], idle: [null, null] } }],
        },
      ]),
      cluster: 'us',
      pool: 'p',
      kind: 'none',
    },
  ])('$name → $kind', ({ result, cluster, pool, kind }) => {
    expect(poolHistoryState(result, cluster, pool).kind).toBe(kind);
  });

  it('an unknown step stays null in the chart rows (a gap), never 0', () => {
    const rows = chartRows(TIMES, series);
    expect(rows[1]).toEqual({ t: Date.parse(TIMES[1] ?? ''), allocated: null, used: null, idle: null });
    expect(rows.map((r) => r.allocated)).toEqual([8, null, 6, 6]);
  });
});

describe('PoolHistory', () => {
  it('draws reserved and busy areas for the pool, with words for screen readers', () => {
    render(
      <FixedChartWidth.Provider value={600}>
        <PoolHistory result={withPool} cluster="us" pool="h100-sxm" />
      </FixedChartWidth.Provider>,
    );
    const section = screen.getByTestId('pool-history');
    expect(section.dataset.state).toBe('chart');
    expect(within(section).getByTestId('usage-chart').getAttribute('aria-label')).toMatch(
      /^GPUs of pool h100-sxm reserved by workloads and actually busy over the last 24 hours; gaps are times without data\.$/,
    );
    expect(section.querySelectorAll('.recharts-area').length).toBe(2);
  });

  it('says why there is no chart', () => {
    render(<PoolHistory result={withPool} cluster="eu" pool="x" />);
    expect(screen.getByTestId('pool-history').textContent).toMatch(/needs Prometheus/);
    expect(screen.queryByTestId('usage-chart')).toBeNull();
  });
});
