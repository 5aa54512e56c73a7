import type { SignalName } from '@fleetscope/types';

/** What one control-plane card charts. */
export interface PartChart {
  /** Candidates for the card's main line, best first: the first with points is the primary series. */
  primary: readonly SignalName[];
  /** Fetched with it and shown beside it (an error ratio), never primary. */
  companions: readonly SignalName[];
}

/**
 * Which signals each control-plane card charts, decided here and nowhere else: `clusterSeries` fetches
 * exactly these (at most two range queries per part), and marks the primary series (`Series.primary`),
 * so a client draws what the API says instead of choosing by itself. Best first is what a person asks
 * of that part ("how slow are writes?"); a fallback stands in when the first has no points (no traffic,
 * or not exposed here). Synthetic probes have no history source, so they are not charted.
 */
export const PART_CHARTS: Readonly<Record<string, PartChart>> = {
  read: { primary: ['read_p99_seconds'], companions: ['read_error_ratio'] },
  write: { primary: ['write_p99_seconds'], companions: ['write_error_ratio'] },
  admission: { primary: ['admission_webhook_p99_seconds'], companions: [] },
  watch: {
    primary: ['watch_cache_read_wait_p99_seconds', 'watch_terminated_watchers_per_second'],
    companions: [],
  },
  etcd: { primary: ['etcd_wal_fsync_p99_seconds', 'etcd_backend_commit_p99_seconds'], companions: [] },
  scheduler: { primary: ['scheduler_attempt_p99_seconds', 'scheduler_pending_pods'], companions: [] },
  controllers: { primary: ['workqueue_queue_p99_seconds', 'workqueue_depth'], companions: [] },
};

/** Every signal a part's card charts, in the order served: primary candidates, then companions. */
export function chartedSignals(part: string): SignalName[] {
  const chart = PART_CHARTS[part];
  return chart ? [...chart.primary, ...chart.companions] : [];
}

/** The shape of a fetched line that choosing the primary needs. */
export interface ChartLine {
  signal: string;
  points: readonly unknown[];
  error: string | null;
}

/**
 * The signal whose lines are primary: the first candidate with points, else the first candidate served
 * at all (so the card shows why it has none); null when the part has no candidate among the lines.
 */
export function primarySignal(part: string, lines: readonly ChartLine[]): string | null {
  const candidates = PART_CHARTS[part]?.primary ?? [];
  const withPoints = candidates.find((s) =>
    lines.some((l) => l.signal === s && l.error === null && l.points.length > 0),
  );
  return withPoints ?? candidates.find((s) => lines.some((l) => l.signal === s)) ?? null;
}

/** Unit of a signal's values, from its name's suffix. */
export function unitOf(signal: string): string {
  if (signal.endsWith('_seconds')) return 'seconds';
  if (signal.endsWith('_ratio')) return 'ratio';
  if (signal.endsWith('_per_second')) return 'per_second';
  if (signal.endsWith('_bytes')) return 'bytes';
  return 'count';
}
