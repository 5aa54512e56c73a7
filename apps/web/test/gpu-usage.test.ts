import { describe, expect, it } from 'vitest';
import { managerHistoryFixture, noPrometheusFixture } from '../src/fixtures/manager-fixture.ts';
import {
  gpuHours,
  groupRows,
  headline,
  historyState,
  percent,
  rangeEndingAt,
  trendSentence,
  utilization,
  utilizationTrend,
} from '../src/lib/gpu-usage.ts';

const NOW = Date.UTC(2026, 10, 27, 12, 3, 17);
const totals = (
  allocated: number | null,
  used: number | null,
  idle: number | null,
  idleCost: number | null = null,
) => ({
  allocatedGpuHours: allocated,
  usedGpuHours: used,
  idleGpuHours: idle,
  idleCost,
  unpricedIdleGpuHours: null,
  allocationCoverage: 1,
  usageCoverage: 1,
});

describe('Manager view words and numbers', () => {
  it.each([
    [totals(100, 57, 43), 0.57],
    [totals(100, 120, 0), 1],
    [totals(0, 0, 0), null],
    [totals(null, 5, null), null],
    [totals(10, null, null), null],
  ])('utilization of %o is %s', (t, expected) => {
    expect(utilization(t)).toBe(expected);
  });

  it.each([
    [null, 'unknown'],
    [0, '0 GPU-hours'],
    [2.25, '2.3 GPU-hours'],
    [12_345.6, '12,346 GPU-hours'],
  ])('gpuHours(%s) = %s', (value, text) => {
    expect(gpuHours(value)).toBe(text);
  });

  it.each([
    { name: 'rising', used: [2, 2, 6, 6], direction: 'UP', before: 0.2, after: 0.6 },
    { name: 'falling', used: [6, 6, 2, 2], direction: 'DOWN', before: 0.6, after: 0.2 },
    { name: 'flat', used: [5, 5, 5, 5.1], direction: 'FLAT', before: 0.5, after: 0.505 },
  ])('trend $name', ({ used, direction, before, after }) => {
    const trend = utilizationTrend({ allocated: [10, 10, 10, 10], used, idle: [] });
    expect(trend.direction).toBe(direction);
    expect(trend.before).toBeCloseTo(before);
    expect(trend.after).toBeCloseTo(after);
  });

  it('a half with nothing known has no trend, never a drop to zero', () => {
    const trend = utilizationTrend({ allocated: [10, 10, null, null], used: [5, 5, null, null], idle: [] });
    expect(trend).toEqual({ before: 0.5, after: null, direction: 'UNKNOWN' });
    expect(trendSentence(trend)).toBe('Not enough known history to tell a trend.');
    expect(utilizationTrend(null).direction).toBe('UNKNOWN');
  });

  it('headlines say unknown when it is', () => {
    expect(headline(null, 'Last 7 days', false)).toBe(
      'Last 7 days: how much of the GPU fleet was reserved and used is unknown.',
    );
    expect(headline(totals(100, null, null), 'Last 7 days', false)).toBe(
      'Last 7 days, workloads reserved 100 GPU-hours; how much of that was really used is unknown.',
    );
    expect(headline(totals(1000, 570, 430, 1075), 'Last 7 days', true)).toBe(
      'Last 7 days, workloads reserved 1,000 GPU-hours; the GPUs were actually busy for 570 GPU-hours of them (57%). 430 GPU-hours were reserved but sat idle, costing about 1,075.',
    );
    expect(percent(null)).toBe('unknown');
  });

  it('a range ends on a 5-minute mark, so re-renders ask the same question', () => {
    expect(rangeEndingAt(NOW, 24)).toEqual({
      from: '2026-11-26T12:00:00.000Z',
      to: '2026-11-27T12:00:00.000Z',
    });
  });

  it('rows: the most idle first, unknown idle last; history state', () => {
    const history = managerHistoryFixture(NOW);
    expect(historyState(history)).toBe('PARTIAL');
    const rows = groupRows(history);
    expect(rows.map((r) => r.name)).toEqual(['h100-train', 'a100-mig']);
    expect(historyState(noPrometheusFixture(NOW, ['a', 'b']))).toBe('NONE');
  });
});
