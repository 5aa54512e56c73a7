import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { withAnswerCache } from '../../../test/answer-cache.tsx';
import {
  clusterSeriesFixture,
  etcdSlowDiskClusterDetail,
  healthyClusterDetail,
  managedStaleClusterDetail,
} from '../../fixtures/cluster-fixture.ts';
import type { SeriesByPart } from '../../graphql/cluster-components.ts';
import { GraphQLRequestError } from '../../graphql/errors.ts';
import type { ClusterDetailFragment } from '../../graphql/generated/graphql.ts';
import type { GraphQLTransport, Operation, SubscriptionSink } from '../../graphql/transport.ts';
import { TransportContext } from '../../graphql/transport-context.ts';
import type { ClusterLookup, ClusterSeriesLookup } from '../../graphql/use-cluster.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import { FixedChartWidth } from './chart-size.ts';
import { ClusterPage } from './cluster-page.tsx';
import { ClusterView } from './cluster-view.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function live(
  cluster: ClusterDetailFragment | null | undefined,
  extra: Partial<LiveResult<ClusterLookup>> = {},
): LiveResult<ClusterLookup> {
  const data = cluster === undefined ? null : { cluster };
  return { data, error: null, connection: 'live', receivedAt: data === null ? null : NOW, ...extra };
}

function polled(
  series: SeriesByPart | null | undefined,
  extra: Partial<PolledResult<ClusterSeriesLookup>> = {},
): PolledResult<ClusterSeriesLookup> {
  const data = series === undefined ? null : { series };
  return { data, error: null, receivedAt: data === null ? null : NOW, ...extra };
}

/** Recharts measures its container, which jsdom does not lay out: give the charts a fixed width. */
function withChartWidth(children: ReactNode): ReactNode {
  return <FixedChartWidth.Provider value={400}>{children}</FixedChartWidth.Provider>;
}

function renderView(
  cluster: ClusterDetailFragment | null | undefined,
  series: PolledResult<ClusterSeriesLookup>,
  extra: Partial<LiveResult<ClusterLookup>> = {},
  name = cluster?.name ?? 'nowhere',
) {
  return render(
    withChartWidth(
      <ClusterView name={name} result={live(cluster, extra)} series={series} rangeMinutes={60} />,
    ),
  );
}

function card(part: string): HTMLElement {
  const found = screen.getAllByTestId('path-card').find((el) => el.dataset.path === part);
  if (found === undefined) throw new Error(`no card for ${part}`);
  return found;
}

function slowDisk() {
  vi.useFakeTimers({ now: NOW });
  const cluster = etcdSlowDiskClusterDetail(NOW);
  renderView(cluster, polled(clusterSeriesFixture(NOW, cluster.name)));
  return cluster;
}

describe('ClusterView', () => {
  it('leads with the impact sentence and which traffic it hurts', () => {
    slowDisk();
    const view = screen.getByTestId('cluster-view');
    expect(view.dataset.cluster).toBe('us-east-2');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('us-east-2');
    expect(screen.getByTestId('impact-statement').textContent).toMatch(
      /^Writes degraded: .*; existing pods keep serving\.$/,
    );
    const ops = screen.getByTestId('operations-path');
    expect(ops.dataset.impaired).toBe('true');
    expect(ops.textContent).toBe('▲Operations path: impaired');
    const user = screen.getByTestId('user-path');
    expect(user.dataset.impaired).toBe('false');
    expect(user.textContent).toBe('✓User path: OK');
  });

  it('shows the control plane and the data plane as separate badges', () => {
    slowDisk();
    const cp = screen.getByTestId('control-plane-status');
    const dp = screen.getByTestId('data-plane-status');
    expect(cp.dataset.status).toBe('DEGRADED');
    expect(cp.textContent).toContain('DEGRADED');
    expect(dp.dataset.status).toBe('HEALTHY');
    expect(dp.className).toContain('badge--healthy');
    expect(screen.getByTestId('cluster-data-as-of').textContent).toContain('data as of 11:59:58');
  });

  it('shows one card per path and component, each with its own status', () => {
    slowDisk();
    const statuses = Object.fromEntries(
      screen.getAllByTestId('path-card').map((el) => [el.dataset.path, el.dataset.status]),
    );
    expect(statuses).toEqual({
      read: 'HEALTHY',
      write: 'DEGRADED',
      admission: 'HEALTHY',
      watch: 'HEALTHY',
      etcd: 'DEGRADED',
      scheduler: 'HEALTHY',
      controllers: 'HEALTHY',
    });
    for (const el of screen.getAllByTestId('path-card')) {
      const badge = within(el).getByTestId('path-status');
      expect(badge.dataset.status).toBe(el.dataset.status);
      expect(badge.textContent).toContain(el.dataset.status);
    }
    expect(within(card('write')).getByRole('heading').textContent).toBe('Write path');
    expect(card('etcd').textContent).toContain('WAL fsync p99 1.3 s (> 1 s): the disk is slow.');
  });

  it('charts the main signal of each part with its latest value, formatted', () => {
    slowDisk();
    for (const el of screen.getAllByTestId('path-card')) {
      const spark = within(el).getByTestId('sparkline');
      expect(Number(spark.dataset.points)).toBeGreaterThan(0);
      expect(spark.querySelector('svg')).not.toBeNull();
    }
    const etcd = within(card('etcd'));
    expect(etcd.getByTestId('sparkline').dataset.signal).toBe('etcd_wal_fsync_p99_seconds');
    expect(etcd.getByTestId('latest-value').textContent).toBe('1.3 s');
    expect(card('etcd').textContent).toContain('WAL fsync p99');
    const write = within(card('write'));
    expect(write.getByTestId('latest-value').textContent).toBe('1.8 s');
    expect(write.getByTestId('error-ratio').textContent).toBe('errors 3.1%');
    // Several lines (read p99 per scope): the worst is the number shown, with its labels.
    const read = within(card('read'));
    expect(read.getByTestId('sparkline').dataset.lines).toBe('3');
    expect(read.getByTestId('latest-value').textContent).toBe('310 ms');
    expect(card('read').textContent).toContain('scope=cluster');
    expect(read.getByTestId('error-ratio').textContent).toBe('errors 0.02%');
    expect(within(card('admission')).queryByTestId('error-ratio')).toBeNull();
  });

  it('shows the evidence on demand', () => {
    slowDisk();
    const etcd = within(card('etcd'));
    const toggle = etcd.getByTestId('evidence-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toBe('Evidence (4)');
    expect(etcd.queryByTestId('evidence')).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const evidence = etcd.getByTestId('evidence');
    expect(evidence.getAttribute('aria-label')).toBe('Evidence: etcd');
    const first = evidence.querySelector('li');
    expect(first?.textContent).toContain('etcd_wal_fsync_p99_seconds');
    expect(first?.textContent).toContain('1.3 s');
    expect(first?.textContent).toContain('≤ 500 ms warning, ≤ 1 s critical');
    expect(first?.textContent).toContain('10m');
    expect(first?.textContent).toContain('prometheus http://prometheus:9090');
    expect(first?.textContent).toContain('11:59:56 (4 s ago)');
    expect(evidence.querySelectorAll('li')).toHaveLength(4);

    fireEvent.click(toggle);
    expect(etcd.queryByTestId('evidence')).toBeNull();
  });

  it('shows a part that cannot be observed as a neutral "not observable here" card', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = healthyClusterDetail(NOW);
    cluster.controlPlane.etcd = { status: 'NOT_APPLICABLE', summary: 'Managed control plane.', evidence: [] };
    renderView(cluster, polled(clusterSeriesFixture(NOW, cluster.name)));
    const etcd = card('etcd');
    expect(etcd.dataset.status).toBe('NOT_APPLICABLE');
    expect(etcd.textContent).toContain('not observable here');
    expect(etcd.className).toContain('card--na');
    expect(within(etcd).getByTestId('path-status').className).toContain('badge--na');
    expect(within(etcd).queryByTestId('sparkline')).toBeNull();
    expect(within(etcd).getByTestId('evidence-toggle').hasAttribute('disabled')).toBe(true);
  });

  it('never draws UNKNOWN as healthy', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = healthyClusterDetail(NOW);
    cluster.controlPlane.status = 'UNKNOWN';
    cluster.controlPlane.paths.watch = { status: 'UNKNOWN', summary: 'No watch signals.', evidence: [] };
    renderView(cluster, polled(clusterSeriesFixture(NOW, cluster.name)));
    const watch = card('watch');
    expect(watch.dataset.status).toBe('UNKNOWN');
    expect(watch.className).toContain('card--unknown');
    expect(watch.className).not.toContain('healthy');
    expect(watch.querySelector('.badge--healthy')).toBeNull();
    expect(within(watch).getByTestId('path-status').textContent).toContain('UNKNOWN');
    expect(screen.getByTestId('control-plane-status').className).toContain('badge--unknown');
    // Not impaired, but nobody can vouch for it: the flags do not say OK.
    for (const id of ['operations-path', 'user-path']) {
      expect(screen.getByTestId(id).dataset.state).toBe('unknown');
      expect(screen.getByTestId(id).textContent).not.toContain('OK');
    }
  });

  it('shows the error of a series instead of an empty chart', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = healthyClusterDetail(NOW);
    const series = clusterSeriesFixture(NOW, 'ap-south-1');
    renderView(cluster, polled(series));
    const scheduler = within(card('scheduler'));
    expect(scheduler.queryByTestId('sparkline')).toBeNull();
    expect(scheduler.getByTestId('series-error').textContent).toBe(
      'attempt p99: prometheus http://prometheus:9090: no series for job="kube-scheduler" (target missing)',
    );
    // Other cards still chart.
    expect(within(card('read')).getByTestId('sparkline')).toBeDefined();
  });

  it('says when a part has no history yet, or when history cannot be fetched', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = healthyClusterDetail(NOW);
    const { unmount } = renderView(cluster, polled(undefined));
    expect(card('write').textContent).toContain('Loading history…');
    unmount();

    const error = new GraphQLRequestError('timeout', '/graphql', 'no answer within 10 s');
    renderView(cluster, polled(undefined, { error }));
    expect(within(card('write')).getByTestId('series-error').textContent).toBe(
      'History unavailable: Cannot reach the Fleetscope API at /graphql: no answer within 10 s',
    );
  });

  it('keeps the last history when a refresh fails, and says so', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = healthyClusterDetail(NOW);
    const error = new GraphQLRequestError('network', '/graphql', 'Failed to fetch');
    renderView(cluster, polled(clusterSeriesFixture(NOW, cluster.name), { error, receivedAt: NOW - 30_000 }));
    expect(within(card('write')).getByTestId('sparkline')).toBeDefined();
    expect(screen.getByText(/history from 11:59:30; refresh failed: Failed to fetch/)).toBeDefined();
  });

  it('shows the data plane with its counts, GPUs and evidence', () => {
    slowDisk();
    const panel = screen.getByTestId('data-plane-panel');
    expect(panel.dataset.status).toBe('HEALTHY');
    expect(panel.textContent).toContain('Serving normally: 31 of 31 services have ready endpoints.');
    expect(panel.textContent).toContain('31 / 32');
    expect(panel.textContent).toContain('851 / 880');
    expect(panel.textContent).toContain('59 / 61');
    expect(within(panel).getByTestId('gpu-totals').textContent).toContain('236 / 248');
    fireEvent.click(within(panel).getByTestId('evidence-toggle'));
    expect(within(panel).getByTestId('evidence').textContent).toContain('nodes Ready');
  });

  it('mutes everything and turns the clock loud when the data is stale', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = managedStaleClusterDetail(NOW);
    renderView(cluster, polled(clusterSeriesFixture(NOW, cluster.name)));
    expect(screen.getByTestId('cluster-view').dataset.stale).toBe('true');
    const clock = screen.getByTestId('cluster-data-as-of');
    expect(clock.dataset.stale).toBe('true');
    expect(clock.textContent).toBe(
      'STALE · data as of 11:57:003 min ago · a watch behind this view is not current',
    );
    expect(document.querySelector('.badge--healthy')).toBeNull();
    expect(screen.getByTestId('operations-path').textContent).toContain('STALE (last: OK)');
    for (const el of screen.getAllByTestId('path-card')) expect(el.dataset.stale).toBe('true');
  });

  it('turns stale once no newer answer arrived within the API’s stale-after', () => {
    slowDisk();
    expect(screen.getByTestId('cluster-data-as-of').dataset.stale).toBe('false');
    act(() => vi.advanceTimersByTime(61_000));
    expect(screen.getByTestId('cluster-data-as-of').dataset.stale).toBe('false');
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('cluster-data-as-of').dataset.stale).toBe('true');
    expect(screen.getByTestId('control-plane-status').dataset.tone).toBe('stale');
  });

  it('says clearly when the cluster is not watched', () => {
    renderView(null, polled(null), {}, 'nowhere');
    const page = screen.getByTestId('cluster-not-watched');
    expect(page.textContent).toContain('Cluster “nowhere” is not watched');
    expect(screen.getByRole('link').getAttribute('href')).toBe('#/');
    expect(screen.queryByTestId('cluster-view')).toBeNull();
  });

  it('shows loading, then the API error when there is no data', () => {
    const { unmount } = renderView(undefined, polled(undefined), { connection: 'reconnecting' }, 'x');
    expect(screen.getByTestId('cluster-loading').textContent).toContain('Loading cluster x');
    unmount();
    const error = new GraphQLRequestError('http', '/graphql', 'HTTP 502 Bad Gateway');
    renderView(undefined, polled(undefined), { error, connection: 'offline' }, 'x');
    expect(screen.getByTestId('cluster-error').textContent).toContain(
      'The Fleetscope API at /graphql failed: HTTP 502 Bad Gateway',
    );
    expect(screen.getByTestId('connection').dataset.connection).toBe('offline');
  });

  it('keeps the last data with an alert when the API goes away', () => {
    vi.useFakeTimers({ now: NOW });
    const error = new GraphQLRequestError('network', '/graphql', 'Failed to fetch');
    renderView(etcdSlowDiskClusterDetail(NOW), polled(undefined), { error, connection: 'offline' });
    expect(screen.getByTestId('cluster-view')).toBeDefined();
    expect(screen.getByTestId('cluster-error').textContent).toContain('Failed to fetch');
  });
});

describe('ClusterPage', () => {
  /** A transport answering by operation name; subscriptions are driven by hand. */
  function fakeTransport() {
    const sinks: SubscriptionSink[] = [];
    const calls: Operation[] = [];
    const subscriptions: Operation[] = [];
    const transport: GraphQLTransport = {
      query: (op) => {
        calls.push(op);
        if (op.operationName === 'ClusterView')
          return Promise.resolve({ cluster: etcdSlowDiskClusterDetail(NOW) });
        const s = clusterSeriesFixture(NOW, 'us-east-2');
        if (s === null) throw new Error('fixture');
        // One `clusterSeries` alias per part, as the ClusterSeries document asks.
        return Promise.resolve({ ...s });
      },
      subscribe: (op, sink) => {
        subscriptions.push(op);
        sinks.push(sink);
        return () => {};
      },
    };
    return { transport, calls, subscriptions, sinks };
  }

  it('subscribes to the cluster and fetches history every 30 s, not on every push', async () => {
    vi.useFakeTimers({ now: NOW });
    const fake = fakeTransport();
    const AnswerCache = withAnswerCache();
    render(
      withChartWidth(
        <AnswerCache>
          <TransportContext.Provider value={fake.transport}>
            <ClusterPage name="us-east-2" />
          </TransportContext.Provider>
        </AnswerCache>,
      ),
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('impact-statement').textContent).toContain('Writes degraded');
    expect(within(card('etcd')).getByTestId('latest-value').textContent).toBe('1.3 s');
    expect(fake.subscriptions.map((s) => [s.operationName, s.variables])).toEqual([
      ['ClusterChanged', { name: 'us-east-2' }],
    ]);
    const seriesCalls = () => fake.calls.filter((c) => c.operationName === 'ClusterSeries');
    expect(seriesCalls()).toHaveLength(1);
    expect(seriesCalls()[0]?.variables).toEqual({ name: 'us-east-2', range: { lastMinutes: 60 } });

    const sink = fake.sinks[0];
    if (sink === undefined) throw new Error('no subscription');
    act(() => sink.connected());
    const pushed = etcdSlowDiskClusterDetail(NOW);
    pushed.controlPlane.impact.statement = 'Writes recovered.';
    for (let i = 0; i < 5; i++) act(() => sink.next({ clusterChanged: pushed }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('impact-statement').textContent).toBe('Writes recovered.');
    expect(seriesCalls()).toHaveLength(1);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    expect(seriesCalls()).toHaveLength(2);
  });
});
