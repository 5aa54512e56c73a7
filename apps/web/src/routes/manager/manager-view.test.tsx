import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { managerFixture, noPrometheusFixture } from '../../fixtures/manager-fixture.ts';
import type { ManagerViewQuery } from '../../graphql/generated/graphql.ts';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import { FixedChartWidth } from '../cluster/chart-size.ts';
import { ManagerView } from './manager-view.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function polled(data: ManagerViewQuery | null, error: Error | null = null): PolledResult<ManagerViewQuery> {
  return { data, error, receivedAt: data === null ? null : NOW };
}

function renderView(data: ManagerViewQuery | null, handlers = { onRange: vi.fn(), onGroupBy: vi.fn() }) {
  render(
    <FixedChartWidth.Provider value={800}>
      <ManagerView result={polled(data)} range="7d" groupBy="POOL" {...handlers} />
    </FixedChartWidth.Provider>,
  );
  return handlers;
}

describe('ManagerView', () => {
  it('says in words how much reserved GPU time was used, idle and what idle cost; charts and lists pools', () => {
    const data = managerFixture(NOW);
    renderView(data);
    const totals = data.gpuUsageHistory.totals;
    if (totals === null) throw new Error('fixture has totals');
    expect(screen.getByTestId('manager-headline').textContent).toMatch(
      /^Last 7 days, workloads reserved [\d,]+ GPU-hours; the GPUs were actually busy for [\d,]+ GPU-hours of them \(\d+%\)\. [\d,]+ GPU-hours were reserved but sat idle, costing about [\d,]+\.$/,
    );
    expect(screen.getByTestId('stat-reserved').textContent).toContain(
      `${Math.round(totals.allocatedGpuHours ?? 0).toLocaleString('en-US')} GPU-hours`,
    );
    expect(screen.getByTestId('stat-cost').textContent).toContain('at the configured price per GPU-hour');
    expect(screen.getByTestId('manager-now').textContent).toContain('58 of 96 usable GPUs are reserved');
    expect(screen.getByTestId('usage-chart')).toBeTruthy();
    expect(document.querySelectorAll('.recharts-area').length).toBe(2);
    const rows = screen.getAllByTestId('manager-group-row');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['h100-train', 'a100-mig']);
    // A cluster without Prometheus is named, not counted as zero.
    expect(screen.getByTestId('manager-unavailable').textContent).toBe(
      'eu-west-1: history needs Prometheus, and none is configured for this cluster.',
    );
    expect(screen.getAllByTestId('manager-note').map((n) => n.textContent)).toContain(
      'us-east-2: no price for NVIDIA-A100-SXM4-80GB: their idle GPU-hours are not in the cost',
    );
    expect(screen.getByTestId('manager-coverage').textContent).toContain(
      'the rest is missing data and is not counted',
    );
  });

  it('without Prometheus anywhere: says history needs it and shows no numbers it does not have', () => {
    const data: ManagerViewQuery = {
      ...managerFixture(NOW),
      gpuUsageHistory: noPrometheusFixture(NOW, ['ap-south-1', 'eu-west-1', 'us-east-2']),
    };
    renderView(data);
    const needs = screen.getByTestId('manager-needs-prometheus');
    expect(within(needs).getByRole('heading').textContent).toBe('History needs Prometheus');
    expect(needs.textContent).toContain('unknown — not zero');
    expect(needs.textContent).toContain('docs/OPERATIONS.md');
    expect(screen.getAllByTestId('manager-unavailable')).toHaveLength(3);
    expect(screen.queryByTestId('usage-chart')).toBeNull();
    expect(screen.queryByTestId('stat-reserved')).toBeNull();
    expect(screen.queryByText(/0 GPU-hours/)).toBeNull();
    // What is known now is still said.
    expect(screen.getByTestId('manager-now').textContent).toContain('58 of 96 usable GPUs');
  });

  it('unknown totals read "unknown", and no prices read as such', () => {
    const data = managerFixture(NOW);
    const history = data.gpuUsageHistory;
    const unknownUse = {
      ...history,
      priced: false,
      totals:
        history.totals === null
          ? null
          : { ...history.totals, usedGpuHours: null, idleGpuHours: null, idleCost: null },
    };
    renderView({ ...data, gpuUsageHistory: unknownUse });
    expect(screen.getByTestId('stat-busy').textContent).toContain('unknown');
    expect(screen.getByTestId('stat-idle').textContent).toContain('unknown');
    expect(screen.getByTestId('stat-cost').textContent).toContain('no prices set');
    expect(screen.getByTestId('manager-headline').textContent).toContain(
      'how much of that was really used is unknown',
    );
  });

  it('asks for another period or split when a button is pressed; loading and errors are said', () => {
    const handlers = renderView(null);
    expect(screen.getByTestId('manager-loading').textContent).toBe('Loading GPU history…');
    fireEvent.click(within(screen.getByTestId('manager-range')).getByText('Last 30 days'));
    expect(handlers.onRange).toHaveBeenCalledWith('30d');
    fireEvent.click(within(screen.getByTestId('manager-group')).getByText('Team'));
    expect(handlers.onGroupBy).toHaveBeenCalledWith('TEAM');
    expect(
      within(screen.getByTestId('manager-range')).getByText('Last 7 days').getAttribute('aria-pressed'),
    ).toBe('true');
  });
});
