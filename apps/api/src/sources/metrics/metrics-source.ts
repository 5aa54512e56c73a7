import type { SignalName, SignalSet } from '@fleetscope/types';

/**
 * Port: where control-plane signals come from. Adapters: Prometheus (here), the simulator, exposition
 * files. `collect` never throws: a signal that could not be read carries its `error` instead.
 */
export interface MetricsSource {
  collect(cluster: string, now: number): Promise<SignalSet>;
}

export interface SeriesRange {
  /** Epoch ms. */
  start: number;
  end: number;
  /** Requested resolution; coarsened so a chart never gets more than {@link MAX_SERIES_POINTS}. */
  stepSeconds: number;
}

export interface SeriesPoint {
  /** Epoch ms. */
  t: number;
  v: number;
}

/** One line of a chart: a label set and its points (gaps where there was no traffic). */
export interface SeriesLine {
  labels: Record<string, string>;
  points: SeriesPoint[];
}

/** A signal over time, for charts. */
export interface SignalSeries {
  name: SignalName;
  lines: SeriesLine[];
  /** The step actually used. */
  stepSeconds: number;
  window: string;
  source: string;
  /** Why the series is unavailable; null when fine (lines may still be empty: no data). */
  error: string | null;
}

/** Optional capability of a MetricsSource: history for charts. */
export interface SeriesSource {
  series(cluster: string, signal: SignalName, range: SeriesRange): Promise<SignalSeries>;
}

export const MAX_SERIES_POINTS = 300;
