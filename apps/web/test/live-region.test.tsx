import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { etcdSlowDiskClusterDetail } from '../src/fixtures/cluster-fixture.ts';
import { degradedCluster, fleetFixture, healthyCluster } from '../src/fixtures/fleet-fixture.ts';
import type { FleetOverviewFragment } from '../src/graphql/generated/graphql.ts';
import type { ClusterLookup } from '../src/graphql/use-cluster.ts';
import type { LiveResult } from '../src/graphql/use-live-query.ts';
import { FixedChartWidth } from '../src/routes/cluster/chart-size.ts';
import { ClusterView } from '../src/routes/cluster/cluster-view.tsx';
import { FleetView } from '../src/routes/fleet/fleet-view.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function fleetResult(
  data: FleetOverviewFragment | null,
  extra: Partial<LiveResult<FleetOverviewFragment>> = {},
): LiveResult<FleetOverviewFragment> {
  return { data, error: null, connection: 'live', receivedAt: data === null ? null : NOW, ...extra };
}

/** The page's live regions: exactly one, polite. */
function liveRegion(): HTMLElement {
  const regions = document.querySelectorAll('[aria-live], [role="status"], [role="log"]');
  expect(regions).toHaveLength(1);
  const region = screen.getByTestId('live-region');
  expect(region.getAttribute('aria-live')).toBe('polite');
  return region;
}

describe('one polite live region per page, announcing status changes, not ticks', () => {
  it('Fleet: says the roll-up, who is stale or unhealthy and the feed; survives loading → data', () => {
    vi.useFakeTimers({ now: NOW });
    const view = render(<FleetView result={fleetResult(null, { connection: 'reconnecting' })} />);
    const region = liveRegion();
    expect(region.textContent).toBe('Loading the fleet.');

    view.rerender(<FleetView result={fleetResult(fleetFixture(NOW))} />);
    expect(liveRegion()).toBe(region); // the same node: its first change is announced
    expect(region.textContent).toBe(
      'Fleet: control plane DEGRADED, data plane UNKNOWN. 1 of 3 clusters stale: ap-south-1. Not healthy: us-east-2. Feed live.',
    );

    act(() => vi.advanceTimersByTime(30_000));
    expect(region.textContent).toContain('1 of 3 clusters stale: ap-south-1.');
    view.rerender(
      <FleetView result={fleetResult(fleetFixture(NOW), { connection: 'offline', receivedAt: NOW })} />,
    );
    expect(region.textContent).toContain('Feed offline.');
  });

  it('Fleet: a frozen feed is announced once, when it turns stale', () => {
    vi.useFakeTimers({ now: NOW });
    const fleet = fleetFixture(NOW, [healthyCluster(NOW), degradedCluster(NOW)]);
    render(<FleetView result={fleetResult(fleet)} />);
    const region = liveRegion();
    const texts = new Set<string>([region.textContent ?? '']);
    for (let s = 0; s < 125; s++) {
      act(() => vi.advanceTimersByTime(1_000));
      texts.add(region.textContent ?? '');
    }
    expect([...texts]).toEqual([
      'Fleet: control plane DEGRADED, data plane UNKNOWN. All clusters current. Not healthy: us-east-2. Feed live.',
      'Fleet: control plane STALE (last: DEGRADED), data plane STALE (last: UNKNOWN). 2 of 2 clusters stale: eu-west-1, us-east-2. Feed live.',
    ]);
  });

  it('Cluster: names the parts that are not healthy', () => {
    vi.useFakeTimers({ now: NOW });
    const result: LiveResult<ClusterLookup> = {
      data: { cluster: etcdSlowDiskClusterDetail(NOW) },
      error: null,
      connection: 'live',
      receivedAt: NOW,
    };
    render(
      <FixedChartWidth.Provider value={400}>
        <ClusterView
          name="us-east-2"
          result={result}
          series={{ data: null, error: null, receivedAt: null }}
          rangeMinutes={60}
        />
      </FixedChartWidth.Provider>,
    );
    expect(liveRegion().textContent).toBe(
      'us-east-2: control plane DEGRADED, data plane HEALTHY. Not healthy: Write path DEGRADED, etcd DEGRADED. Feed live.',
    );
  });
});
