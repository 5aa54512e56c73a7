import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { degradedCluster, fleetFixture, healthyCluster, staleCluster } from '../../fixtures/fleet-fixture.ts';
import { GraphQLRequestError } from '../../graphql/errors.ts';
import type { FleetOverviewFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import { FleetView } from './fleet-view.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function live(data: FleetOverviewFragment | null, extra: Partial<LiveResult<FleetOverviewFragment>> = {}) {
  return { data, error: null, connection: 'live' as const, receivedAt: data === null ? null : NOW, ...extra };
}

function tile(name: string): HTMLElement {
  const found = screen.getAllByTestId('cluster-tile').find((el) => el.dataset.cluster === name);
  if (found === undefined) throw new Error(`no tile for ${name}`);
  return found;
}

describe('FleetView', () => {
  it('shows one tile per cluster, ordered by name', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    expect(screen.getAllByTestId('cluster-tile').map((el) => el.dataset.cluster)).toEqual([
      'ap-south-1',
      'eu-west-1',
      'us-east-2',
    ]);
  });

  it('shows control plane and data plane as separate badges with their own status', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    const t = within(tile('us-east-2'));
    const cp = t.getByTestId('control-plane-status');
    const dp = t.getByTestId('data-plane-status');
    expect(cp).not.toBe(dp);
    expect(cp.dataset.status).toBe('DEGRADED');
    expect(cp.textContent).toContain('DEGRADED');
    expect(cp.className).toContain('badge--degraded');
    expect(dp.dataset.status).toBe('HEALTHY');
    expect(dp.textContent).toContain('HEALTHY');
    expect(dp.className).toContain('badge--healthy');
    // Each badge sits in its own labelled section with its own summary.
    expect(t.getByRole('region', { name: 'Control plane' }).textContent).toContain('etcd fsync');
    expect(t.getByRole('region', { name: 'Data plane' }).textContent).toContain('Serving normally');
  });

  it('shows counts, GPUs and pending/unusable capacity', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    const t = within(tile('us-east-2'));
    const gpus = t.getByTestId('gpu-totals');
    expect(gpus.textContent).toContain('236 / 248');
    expect(gpus.textContent).toContain('16 GPUs wanted by pending pods');
    expect(gpus.textContent).toContain('8 GPUs on unusable nodes');
    const tileText = tile('us-east-2').textContent ?? '';
    expect(tileText).toContain('31 / 32');
    expect(tileText).toContain('851 / 880');
    expect(tileText).toContain('9 pending');
    expect(tileText).toContain('3 crash-looping');
    expect(tileText).toContain('59 / 61');
    // A healthy cluster shows no zero-count noise.
    expect(tile('eu-west-1').textContent).not.toContain('pending');
    expect(screen.getByTestId('fleet-gpu-totals').textContent).toContain('380 / 440');
  });

  it('shows MIG slices apart from whole GPUs, never added to them', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    const gpus = within(tile('eu-west-1')).getByTestId('gpu-totals');
    expect(gpus.textContent).toContain('104 / 128');
    expect(within(gpus).getByTestId('gpu-totals-others').textContent).toBe('MIG 1g.10gb 21 / 56');
    expect(within(gpus).getByTestId('gpu-totals-others').getAttribute('title')).toBe(
      'nvidia.com/mig-1g.10gb: 21 of 56 allocated, 0 pending',
    );
    // A cluster without MIG or shared GPUs shows no such line.
    expect(within(tile('us-east-2')).queryByTestId('gpu-totals-others')).toBeNull();
  });

  it('a stale cluster shows the stale banner and no healthy-looking badge', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    const stale = tile('ap-south-1');
    expect(stale.dataset.stale).toBe('true');
    const banner = within(stale).getByTestId('stale-banner');
    expect(banner.textContent).toContain('STALE since 11:57:00');
    for (const id of ['control-plane-status', 'data-plane-status']) {
      const badge = within(stale).getByTestId(id);
      expect(badge.dataset.stale).toBe('true');
      expect(badge.dataset.tone).toBe('stale');
      expect(badge.className).not.toContain('badge--healthy');
    }
    // The last reported status is still readable, but only as history.
    expect(within(stale).getByTestId('control-plane-status').textContent).toContain('last: HEALTHY');
    expect(stale.querySelector('.badge--healthy')).toBeNull();
    // Fresh tiles carry no banner.
    expect(within(tile('eu-west-1')).queryByTestId('stale-banner')).toBeNull();
  });

  it('never shows a green fleet roll-up while a cluster is stale', () => {
    vi.useFakeTimers({ now: NOW });
    const fleet = fleetFixture(NOW, [healthyCluster(NOW), staleCluster(NOW)]);
    fleet.controlPlane = { status: 'HEALTHY', summary: 'all fine' };
    render(<FleetView result={live(fleet)} />);
    const cp = screen.getByTestId('fleet-control-plane-status');
    expect(cp.dataset.tone).toBe('stale');
    expect(document.querySelectorAll('.badge--healthy')).toHaveLength(2); // eu-west-1's own two badges
    const clock = screen.getByTestId('fleet-data-as-of');
    expect(clock.dataset.stale).toBe('true');
    expect(clock.textContent).toContain('1 of 2 stale: ap-south-1');
  });

  it('renders UNKNOWN as UNKNOWN, in its own colour', () => {
    vi.useFakeTimers({ now: NOW });
    const cluster = healthyCluster(NOW);
    cluster.dataPlane = { status: 'UNKNOWN', summary: 'No endpoint data.' };
    cluster.controlPlane = { status: 'NOT_APPLICABLE', summary: 'Managed control plane.' };
    render(<FleetView result={live(fleetFixture(NOW, [cluster]))} />);
    const dp = screen.getAllByTestId('data-plane-status').find((el) => el.closest('[data-cluster]'));
    expect(dp?.dataset.status).toBe('UNKNOWN');
    expect(dp?.textContent).toContain('UNKNOWN');
    expect(dp?.className).toContain('badge--unknown');
    const cp = within(tile('eu-west-1')).getByTestId('control-plane-status');
    expect(cp.textContent).toContain('N/A');
    expect(cp.className).toContain('badge--na');
  });

  it('turns the data-as-of clock stale once no newer answer arrived within the API’s stale-after', () => {
    vi.useFakeTimers({ now: NOW });
    const fleet = fleetFixture(NOW, [healthyCluster(NOW), degradedCluster(NOW)]);
    render(<FleetView result={live(fleet)} />);
    const clock = screen.getByTestId('fleet-data-as-of');
    expect(clock.dataset.stale).toBe('false');
    expect(clock.textContent).toContain('data as of 11:59:58');
    expect(screen.queryByTestId('stale-banner')).toBeNull();

    act(() => vi.advanceTimersByTime(115_000)); // no newer answer for 115 s (stale-after 120 s): fresh
    expect(screen.getByTestId('fleet-data-as-of').dataset.stale).toBe('false');

    act(() => vi.advanceTimersByTime(6_000)); // 121 s: the feed is frozen
    expect(screen.getByTestId('fleet-data-as-of').dataset.stale).toBe('true');
    expect(screen.getByTestId('fleet-data-as-of').textContent).toContain('STALE');
    expect(screen.getAllByTestId('stale-banner')).toHaveLength(2);
    expect(screen.getAllByTestId('stale-banner')[0]?.dataset.reason).toBe('too-old');
    expect(document.querySelector('.badge--healthy')).toBeNull();
  });

  it('shows the per-tile data-as-of time', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    expect(within(tile('eu-west-1')).getByTestId('data-as-of').textContent).toBe('data as of 11:59:58');
  });

  it('lists per-resource freshness in a disclosure', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    const details = tile('ap-south-1').querySelector('details');
    expect(details?.querySelector('summary')?.textContent).toContain('1 stale');
    expect(details?.textContent).toContain('RETRYING (stale)');
    expect(details?.textContent).toContain('watch pods: 500 Internal Server Error');
  });

  it('links each tile to its cluster view', () => {
    vi.useFakeTimers({ now: NOW });
    render(<FleetView result={live(fleetFixture(NOW))} />);
    expect(within(tile('us-east-2')).getByRole('link', { name: 'us-east-2' }).getAttribute('href')).toBe(
      '#/clusters/us-east-2',
    );
  });

  it('links to triage and the Manager view, except on a wall', () => {
    vi.useFakeTimers({ now: NOW });
    const { unmount } = render(<FleetView result={live(fleetFixture(NOW))} />);
    expect(screen.getByTestId('triage-link').getAttribute('href')).toBe('#/triage');
    expect(screen.getByTestId('manager-link').getAttribute('href')).toBe('#/manager');
    unmount();
    render(<FleetView result={live(fleetFixture(NOW))} kiosk />);
    expect(screen.queryByTestId('triage-link')).toBeNull();
    expect(screen.queryByTestId('manager-link')).toBeNull();
  });

  it('turns the data-as-of clock loud at once when the API cannot be reached, before the data is old', () => {
    vi.useFakeTimers({ now: NOW });
    const fleet = fleetFixture(NOW, [healthyCluster(NOW)]);
    const { rerender } = render(<FleetView result={live(fleet, { connection: 'reconnecting' })} />);
    // Socket down but polls answering: not lost.
    expect(screen.getByTestId('fleet-data-as-of').dataset.loud).toBe('false');
    const error = new GraphQLRequestError('network', '/graphql', 'Failed to fetch');
    rerender(<FleetView result={live(fleet, { error, connection: 'offline' })} />);
    const clock = screen.getByTestId('fleet-data-as-of');
    expect(clock.dataset.stale).toBe('false');
    expect(clock.dataset.loud).toBe('true');
    expect(clock.textContent).toContain('CONNECTION LOST · data as of');
  });

  it('shows a loading state before the first answer', () => {
    render(<FleetView result={live(null, { connection: 'reconnecting' })} />);
    expect(screen.getByTestId('fleet-loading').textContent).toContain('Loading the fleet');
  });

  it('says what happened when the API cannot be reached', () => {
    const error = new GraphQLRequestError('network', '/graphql', 'Failed to fetch');
    render(<FleetView result={live(null, { error, connection: 'offline' })} />);
    const message = screen.getByTestId('fleet-error');
    expect(message.textContent).toContain('Cannot reach the Fleetscope API at /graphql: Failed to fetch');
    expect(screen.getByTestId('connection').dataset.connection).toBe('offline');
  });

  it('keeps showing the last data, with the connection state, when the API goes away', () => {
    vi.useFakeTimers({ now: NOW });
    const error = new GraphQLRequestError('timeout', '/graphql', 'no answer within 10 s');
    render(<FleetView result={live(fleetFixture(NOW), { error, connection: 'offline', receivedAt: NOW })} />);
    expect(screen.getAllByTestId('cluster-tile')).toHaveLength(3);
    expect(screen.getByTestId('fleet-error').textContent).toContain('no answer within 10 s');
    expect(screen.getByTestId('connection').textContent).toContain('offline — showing data from 12:00:00');
  });
});
