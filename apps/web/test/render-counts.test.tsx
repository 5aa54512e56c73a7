import { act, render, screen, within } from '@testing-library/react';
import type { JSX } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatusBadgeProps } from '../src/components/status-badge.tsx';
import { clusterSeriesFixture, etcdSlowDiskClusterDetail } from '../src/fixtures/cluster-fixture.ts';
import { fleetFixture } from '../src/fixtures/fleet-fixture.ts';
import type { GraphQLTransport, Operation, SubscriptionSink } from '../src/graphql/transport.ts';
import { TransportContext } from '../src/graphql/transport-context.ts';
import { FixedChartWidth } from '../src/routes/cluster/chart-size.ts';
import { ClusterPage } from '../src/routes/cluster/cluster-page.tsx';
import { FleetPage } from '../src/routes/fleet/fleet-page.tsx';
import { withAnswerCache } from './answer-cache.tsx';

/**
 * Render counters on the real components: every card and tile draws a StatusBadge each time it renders, and
 * every sparkline draws a Recharts LineChart each time it renders.
 */
const renders = vi.hoisted(() => ({ badges: new Map<string, number>(), charts: 0 }));

vi.mock('../src/components/status-badge.tsx', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/components/status-badge.tsx')>();
  return {
    ...actual,
    StatusBadge: (props: StatusBadgeProps): JSX.Element => {
      const key = props.testId ?? '';
      renders.badges.set(key, (renders.badges.get(key) ?? 0) + 1);
      return actual.StatusBadge(props);
    },
  };
});

vi.mock('recharts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('recharts')>();
  const { LineChart } = actual;
  return {
    ...actual,
    LineChart: (props: Parameters<typeof LineChart>[0]): JSX.Element => {
      renders.charts += 1;
      return <LineChart {...props} />;
    },
  };
});

function resetCounts(): void {
  renders.badges.clear();
  renders.charts = 0;
}

function badgeRenders(testId: string): number {
  return renders.badges.get(testId) ?? 0;
}

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

async function settle(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** A transport answering queries by operation name (as JSON would arrive); the test pushes through `sink`. */
function fakeTransport(answer: (operationName: string) => unknown) {
  const sinks: SubscriptionSink[] = [];
  const transport: GraphQLTransport = {
    query: async (op: Operation) => JSON.parse(JSON.stringify(answer(op.operationName))),
    subscribe: (_op, sink) => {
      sinks.push(sink);
      return () => {};
    },
  };
  const sink = (): SubscriptionSink => {
    const s = sinks[0];
    if (s === undefined) throw new Error('no subscription');
    return s;
  };
  return { transport, sink };
}

afterEach(resetCounts);

describe('the clock re-renders only the age leaves; cards and charts render when their data changes', () => {
  it('Cluster view: ticks re-render no card or chart; a push re-renders only the card that changed', async () => {
    vi.useFakeTimers({ now: NOW });
    const { transport, sink } = fakeTransport((name) =>
      name === 'ClusterView'
        ? { cluster: etcdSlowDiskClusterDetail(NOW) }
        : { ...clusterSeriesFixture(NOW, 'us-east-2') },
    );
    const AnswerCache = withAnswerCache();
    render(
      <FixedChartWidth.Provider value={400}>
        <AnswerCache>
          <TransportContext.Provider value={transport}>
            <ClusterPage name="us-east-2" />
          </TransportContext.Provider>
        </AnswerCache>
      </FixedChartWidth.Provider>,
    );
    await settle();
    act(() => sink().connected());
    await settle();
    expect(screen.getAllByTestId('sparkline')).toHaveLength(7);
    // The counters see the first renders.
    expect(badgeRenders('path-status')).toBeGreaterThanOrEqual(7);
    expect(renders.charts).toBeGreaterThanOrEqual(7);

    // Open the evidence of one card: its "observed … (4 s ago)" is a clock leaf.
    const etcd = screen.getAllByTestId('path-card').find((el) => el.dataset.path === 'etcd');
    if (etcd === undefined) throw new Error('no etcd card');
    act(() => within(etcd).getByTestId('evidence-toggle').click());
    expect(within(etcd).getByTestId('evidence').textContent).toContain('(4 s ago)');

    resetCounts();
    await settle(10_000);
    expect(within(etcd).getByTestId('evidence').textContent).toContain('(14 s ago)');
    expect(badgeRenders('path-status')).toBe(0);
    expect(badgeRenders('control-plane-status')).toBe(0);
    expect(badgeRenders('data-plane-panel-status')).toBe(0);
    expect(renders.charts).toBe(0);

    // A newer snapshot in which only etcd's sentence changed.
    const pushed = etcdSlowDiskClusterDetail(NOW);
    pushed.generatedAt = iso(NOW + 10_000);
    pushed.controlPlane.etcd.summary = 'WAL fsync p99 1.1 s (> 1 s): the disk is still slow.';
    resetCounts();
    act(() => sink().next({ clusterChanged: JSON.parse(JSON.stringify(pushed)) }));
    await settle();
    expect(etcd.textContent).toContain('the disk is still slow');
    expect(badgeRenders('path-status')).toBe(1); // the etcd card, no other
    expect(badgeRenders('data-plane-panel-status')).toBe(0);
    expect(renders.charts).toBe(0); // etcd's history did not change

    // History refreshed with the same series: nothing redraws.
    resetCounts();
    await settle(30_000);
    expect(renders.charts).toBe(0);
    expect(badgeRenders('path-status')).toBe(0);
  });

  it('Fleet view: ticks re-render no tile part; a push re-renders only the parts that changed', async () => {
    vi.useFakeTimers({ now: NOW });
    const { transport, sink } = fakeTransport(() => ({ fleet: fleetFixture(NOW) }));
    const AnswerCache = withAnswerCache();
    render(
      <AnswerCache>
        <TransportContext.Provider value={transport}>
          <FleetPage />
        </TransportContext.Provider>
      </AnswerCache>,
    );
    await settle();
    act(() => sink().connected());
    await settle();
    const banner = screen.getByTestId('stale-banner');
    expect(banner.textContent).toContain('3 min ago');
    expect(badgeRenders('data-plane-status')).toBeGreaterThanOrEqual(3);

    resetCounts();
    await settle(10_000);
    expect(banner.textContent).toContain('3 min 10 s ago');
    expect(badgeRenders('control-plane-status')).toBe(0);
    expect(badgeRenders('data-plane-status')).toBe(0);
    expect(badgeRenders('fleet-control-plane-status')).toBe(0);

    // The next snapshot: us-east-2's data plane degrades, nothing else changes.
    const next = fleetFixture(NOW);
    next.version = 43;
    next.generatedAt = iso(NOW + 10_000);
    const east = next.clusters.find((c) => c.name === 'us-east-2');
    if (east === undefined) throw new Error('no us-east-2');
    east.dataPlane = { status: 'DEGRADED', summary: '2 services without endpoints.' };
    resetCounts();
    act(() => sink().next({ fleetChanged: JSON.parse(JSON.stringify(next)) }));
    await settle();
    const tile = screen.getAllByTestId('cluster-tile').find((el) => el.dataset.cluster === 'us-east-2');
    expect(tile && within(tile).getByTestId('data-plane-status').dataset.status).toBe('DEGRADED');
    expect(badgeRenders('data-plane-status')).toBe(1); // us-east-2's data plane only
    expect(badgeRenders('control-plane-status')).toBe(0);
    expect(badgeRenders('fleet-control-plane-status')).toBe(0);

    // An older answer arriving late changes nothing on screen.
    resetCounts();
    act(() => sink().next({ fleetChanged: JSON.parse(JSON.stringify(fleetFixture(NOW))) }));
    await settle();
    expect(tile && within(tile).getByTestId('data-plane-status').dataset.status).toBe('DEGRADED');
    expect(badgeRenders('data-plane-status')).toBe(0);
  });
});
