import { describe, expect, it } from 'vitest';
import type { SeriesFieldsFragment } from '../src/graphql/generated/graphql.ts';
import { latestErrorRatio, pickMainSeries, signalLabel } from '../src/lib/series.ts';

const T0 = Date.UTC(2026, 10, 27, 11, 0);
const at = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();

function series(
  signal: string,
  values: number[],
  options: { unit?: string; labels?: Record<string, string>; error?: string; primary?: boolean } = {},
): SeriesFieldsFragment {
  return {
    signal,
    primary: options.primary ?? false,
    unit: options.unit ?? (signal.endsWith('_ratio') ? 'ratio' : 'seconds'),
    labels: Object.entries(options.labels ?? {}).map(([name, value]) => ({ name, value })),
    points: values.map((v, i) => ({ t: at(i), v })),
    error: options.error ?? null,
  };
}

describe('signalLabel', () => {
  it.each([
    ['write_p99_seconds', 'p99 latency'],
    ['etcd_wal_fsync_p99_seconds', 'WAL fsync p99'],
    ['workqueue_depth', 'queue depth'],
    ['apf_rejected_per_second', 'apf rejected'],
    ['some_new_ratio', 'some new'],
    ['plain', 'plain'],
  ])('%s → %s', (signal, label) => {
    expect(signalLabel(signal)).toBe(label);
  });
});

describe('pickMainSeries: the API says which signal a card charts', () => {
  it('returns null without series', () => {
    expect(pickMainSeries([])).toBeNull();
  });

  it('charts the series the API marks primary and reports the highest latest value over its lines', () => {
    const main = pickMainSeries([
      series('read_p99_seconds', [0.04, 0.05], { labels: { scope: 'resource' }, primary: true }),
      series('read_p99_seconds', [0.3, 0.25], { labels: { scope: 'cluster' }, primary: true }),
      series('read_error_ratio', [0.001, 0.002]),
    ]);
    expect(main?.signal).toBe('read_p99_seconds');
    expect(main?.unit).toBe('seconds');
    expect(main?.lines.map((l) => l.key)).toEqual(['scope=resource', 'scope=cluster']);
    expect(main?.latest).toEqual({ value: 0.25, labels: 'scope=cluster' });
    expect(main?.error).toBeNull();
  });

  it('follows the API when it falls back to another signal', () => {
    const main = pickMainSeries([
      series('write_p99_seconds', [], { error: 'prometheus: timeout' }),
      series('probe_write_seconds', [0.2, 0.4], { primary: true }),
    ]);
    expect(main?.signal).toBe('probe_write_seconds');
    expect(main?.latest?.value).toBe(0.4);
  });

  it('reports the error when every series of the primary signal failed', () => {
    const main = pickMainSeries([
      series('etcd_wal_fsync_p99_seconds', [], { error: 'target missing', primary: true }),
    ]);
    expect(main?.signal).toBe('etcd_wal_fsync_p99_seconds');
    expect(main?.latest).toBeNull();
    expect(main?.error).toBe('target missing');
  });

  it('charts no error when the signal simply had no samples', () => {
    const main = pickMainSeries([series('admission_webhook_p99_seconds', [], { primary: true })]);
    expect(main?.latest).toBeNull();
    expect(main?.error).toBeNull();
  });

  it('an API that marks nothing primary: the first series', () => {
    expect(pickMainSeries([series('watch_events_per_second', [1], { unit: 'per_second' })])?.signal).toBe(
      'watch_events_per_second',
    );
  });

  it('orders points by time and drops points with unreadable times', () => {
    const s = series('write_p99_seconds', [0.1, 0.2, 0.3]);
    s.points = [
      { t: at(2), v: 0.3 },
      { t: 'not a time', v: 9 },
      { t: at(0), v: 0.1 },
    ];
    const main = pickMainSeries([{ ...s, primary: true }]);
    expect(main?.lines[0]?.points.map((p) => p.v)).toEqual([0.1, 0.3]);
    expect(main?.latest?.value).toBe(0.3);
  });
});

describe('latestErrorRatio', () => {
  it('takes the highest latest value over *_error_ratio series, ignoring failed ones', () => {
    expect(
      latestErrorRatio([
        series('write_p99_seconds', [1]),
        series('write_error_ratio', [0.5, 0.031]),
        series('write_error_ratio', [], { error: 'timeout' }),
      ]),
    ).toEqual({ value: 0.031, labels: '' });
    expect(latestErrorRatio([series('write_p99_seconds', [1])])).toBeNull();
  });
});
