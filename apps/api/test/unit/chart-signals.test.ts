import type { SignalName } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { chartedSignals, PART_CHARTS, primarySignal } from '../../src/graphql/control-plane/chart-signals.ts';
import { ControlPlaneService } from '../../src/graphql/control-plane/control-plane.service.ts';
import { IoLimiter } from '../../src/graphql/guards/io-limiter.ts';
import { newRequestBudget } from '../../src/graphql/guards/request-budget.ts';

const line = (signal: string, points: number, error: string | null = null) => ({
  signal,
  points: Array.from({ length: points }, (_, i) => i),
  error,
});

describe('primarySignal: the one rule for what a card charts', () => {
  it.each([
    {
      name: 'the first candidate with points',
      part: 'watch',
      lines: [line('watch_cache_read_wait_p99_seconds', 3), line('watch_terminated_watchers_per_second', 3)],
      primary: 'watch_cache_read_wait_p99_seconds',
    },
    {
      name: 'the fallback when the first has no points',
      part: 'watch',
      lines: [line('watch_cache_read_wait_p99_seconds', 0), line('watch_terminated_watchers_per_second', 2)],
      primary: 'watch_terminated_watchers_per_second',
    },
    {
      name: 'the fallback when the first failed',
      part: 'controllers',
      lines: [line('workqueue_queue_p99_seconds', 0, 'timeout'), line('workqueue_depth', 1)],
      primary: 'workqueue_depth',
    },
    {
      name: 'the first served when none has points (its error is shown)',
      part: 'etcd',
      lines: [
        line('etcd_wal_fsync_p99_seconds', 0, 'not exposed'),
        line('etcd_backend_commit_p99_seconds', 0, 'not exposed'),
      ],
      primary: 'etcd_wal_fsync_p99_seconds',
    },
    {
      name: 'a companion is never primary',
      part: 'read',
      lines: [line('read_p99_seconds', 0, 'down'), line('read_error_ratio', 5)],
      primary: 'read_p99_seconds',
    },
    { name: 'no lines', part: 'read', lines: [], primary: null },
    { name: 'an unknown part', part: 'nope', lines: [line('read_p99_seconds', 1)], primary: null },
  ])('$name', ({ part, lines, primary }) => {
    expect(primarySignal(part, lines)).toBe(primary);
  });

  it('charts at most two signals per part (each is a range query)', () => {
    for (const part of Object.keys(PART_CHARTS)) expect(chartedSignals(part).length).toBeLessThanOrEqual(2);
  });
});

describe('clusterSeries marks the primary series', () => {
  it('marks every line of the primary signal and no other', async () => {
    const metrics = {
      collect: async () => ({
        cluster: 'c',
        signals: {},
        observable: { etcd: true, scheduler: true, controllers: true },
      }),
      series: async (_cluster: string, name: SignalName) => ({
        name,
        stepSeconds: 15,
        window: '5m',
        source: 'test',
        error: null,
        lines:
          name === 'watch_cache_read_wait_p99_seconds'
            ? []
            : [
                { labels: { resource: 'pods' }, points: [{ t: 0, v: 1 }] },
                { labels: { resource: 'nodes' }, points: [{ t: 0, v: 2 }] },
              ],
      }),
    };
    const service = new ControlPlaneService(metrics, { now: () => 60 * 60_000 }, new IoLimiter(4, 32));
    const series = await service.series('c', 'watch', 60, newRequestBudget());
    expect(series.map((s) => [s.signal, s.labels.map((l) => l.value).join(), s.primary])).toEqual([
      ['watch_cache_read_wait_p99_seconds', '', false],
      ['watch_terminated_watchers_per_second', 'pods', true],
      ['watch_terminated_watchers_per_second', 'nodes', true],
    ]);
  });
});
