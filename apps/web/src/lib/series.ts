import type { SeriesFieldsFragment } from '../graphql/generated/graphql.ts';
import { parseDateTime } from './time.ts';

const SIGNAL_LABELS: Record<string, string> = {
  read_p99_seconds: 'p99 latency',
  write_p99_seconds: 'p99 latency',
  probe_list_seconds: 'LIST probe',
  probe_write_seconds: 'write probe',
  admission_webhook_p99_seconds: 'webhook p99',
  probe_admission_dry_run_seconds: 'dry-run probe',
  probe_watch_delivery_seconds: 'watch delivery',
  watch_cache_read_wait_p99_seconds: 'cache read wait p99',
  watch_terminated_watchers_per_second: 'terminated watchers',
  etcd_wal_fsync_p99_seconds: 'WAL fsync p99',
  etcd_backend_commit_p99_seconds: 'commit p99',
  apiserver_storage_size_bytes: 'storage size',
  scheduler_attempt_p99_seconds: 'attempt p99',
  scheduler_pending_pods: 'pending pods',
  workqueue_queue_p99_seconds: 'queue wait p99',
  workqueue_depth: 'queue depth',
};

/** A short label for a signal: known names read naturally, others lose their unit suffix and underscores. */
export function signalLabel(signal: string): string {
  return (
    SIGNAL_LABELS[signal] ??
    signal
      .replace(/_(seconds|ratio|per_second|bytes)$/, '')
      .split('_')
      .join(' ')
  );
}

export interface ChartPoint {
  /** Epoch ms. */
  t: number;
  v: number;
}

export interface ChartLine {
  /** Stable key: the label set, e.g. "scope=cluster"; "" without labels. */
  key: string;
  points: ChartPoint[];
}

export interface Latest {
  value: number;
  /** The label set it belongs to ("" without labels). */
  labels: string;
}

/** What one card draws: its main signal as lines, the worst latest value, or why there is none. */
export interface MainSeries {
  signal: string;
  unit: string;
  lines: ChartLine[];
  /** The highest latest value over the lines (the worst, for latencies, depths and ratios); null without points. */
  latest: Latest | null;
  /** Why the signal has no history (all its series failed); null when at least one line has points or none failed. */
  error: string | null;
}

function labelKey(series: SeriesFieldsFragment): string {
  return series.labels.map((l) => `${l.name}=${l.value}`).join(', ');
}

function toLine(series: SeriesFieldsFragment): ChartLine {
  const points: ChartPoint[] = [];
  for (const p of series.points) {
    const t = parseDateTime(p.t);
    // An unreadable time cannot be placed on the axis; drop the point rather than draw it at 1970.
    if (t !== null && Number.isFinite(p.v)) points.push({ t, v: p.v });
  }
  points.sort((a, b) => a.t - b.t);
  return { key: labelKey(series), points };
}

/** The highest last value over lines that have points. */
export function latestOf(lines: readonly ChartLine[]): Latest | null {
  let best: Latest | null = null;
  for (const line of lines) {
    const last = line.points[line.points.length - 1];
    if (last !== undefined && (best === null || last.v > best.value))
      best = { value: last.v, labels: line.key };
  }
  return best;
}

/**
 * The signal a card charts: the one the API marks primary (it decides, in one place, which signal each
 * part charts and which of them has points); the first series when none is marked (an older API).
 * Null when the part has no series.
 */
export function pickMainSeries(series: readonly SeriesFieldsFragment[]): MainSeries | null {
  if (series.length === 0) return null;
  const signal = (series.find((s) => s.primary) ?? series[0])?.signal;
  const mine = series.filter((s) => s.signal === signal);
  const first = mine[0];
  if (signal === undefined || first === undefined) return null;
  const lines = mine.filter((s) => s.error === null).map(toLine);
  const latest = latestOf(lines);
  const failed = mine.find((s) => s.error !== null);
  return {
    signal,
    unit: first.unit,
    lines,
    latest,
    error: latest === null && failed !== undefined ? failed.error : null,
  };
}

/** The latest error ratio of the part (the highest over its `*_error_ratio` lines); null when none has points. */
export function latestErrorRatio(series: readonly SeriesFieldsFragment[]): Latest | null {
  return latestOf(series.filter((s) => s.signal.endsWith('_error_ratio') && s.error === null).map(toLine));
}
