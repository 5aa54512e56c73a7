import type { MetricFamily } from './parse.ts';
import { parseSampleValue } from './sample-line.ts';

export interface Bucket {
  /** Upper bound; +Inf for the last bucket. */
  le: number;
  /** Cumulative count of observations ≤ le. */
  count: number;
}

/** One labelled histogram series: its cumulative buckets (sorted by le), sum and count. */
export interface HistogramSeries {
  /** The series' labels without `le`. */
  labels: Record<string, string>;
  buckets: Bucket[];
  sum: number | null;
  count: number | null;
}

function seriesKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .filter((k) => k !== 'le')
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}

function withoutLe(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const key of Object.keys(labels)) if (key !== 'le') out[key] = labels[key] ?? '';
  return out;
}

/** Groups a histogram family's `_bucket`, `_sum` and `_count` samples into series. */
export function histogramSeries(family: MetricFamily): HistogramSeries[] {
  const byKey = new Map<string, HistogramSeries>();
  const seriesOf = (labels: Readonly<Record<string, string>>): HistogramSeries => {
    const key = seriesKey(labels);
    let series = byKey.get(key);
    if (series === undefined) {
      series = { labels: withoutLe(labels), buckets: [], sum: null, count: null };
      byKey.set(key, series);
    }
    return series;
  };
  for (const s of family.samples) {
    if (s.name === `${family.name}_bucket`) {
      const le = parseSampleValue(s.labels.le ?? '');
      if (le !== null && !Number.isNaN(le)) seriesOf(s.labels).buckets.push({ le, count: s.value });
    } else if (s.name === `${family.name}_sum`) seriesOf(s.labels).sum = s.value;
    else if (s.name === `${family.name}_count`) seriesOf(s.labels).count = s.value;
  }
  for (const series of byKey.values()) series.buckets.sort((a, b) => a.le - b.le);
  return [...byKey.values()];
}

/** Sums cumulative buckets of several series by `le` (PromQL `sum by (le)`). */
export function mergeBuckets(series: readonly HistogramSeries[]): Bucket[] {
  const byLe = new Map<number, number>();
  for (const s of series) {
    for (const b of s.buckets) if (Number.isFinite(b.count)) byLe.set(b.le, (byLe.get(b.le) ?? 0) + b.count);
  }
  return [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * The q-quantile of cumulative buckets, as PromQL's histogram_quantile computes it: linear
 * interpolation inside the bucket holding the rank, the lower bound of the +Inf bucket when the
 * rank falls there. NaN when there were no observations (no traffic — not a latency) or when
 * the +Inf bucket is missing.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (Number.isNaN(q) || q < 0 || q > 1) return Number.NaN;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (last === undefined || last.le !== Number.POSITIVE_INFINITY || sorted.length < 2) return Number.NaN;
  // Cumulative counts must not decrease; scrapes racing observations can break that slightly.
  let running = 0;
  const fixed = sorted.map((b) => {
    running = Math.max(running, b.count);
    return { le: b.le, count: running };
  });
  const total = fixed[fixed.length - 1]?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  const index = fixed.findIndex((b) => b.count >= rank);
  const bucket = fixed[index];
  if (bucket === undefined) return Number.NaN;
  if (index === fixed.length - 1) return fixed[fixed.length - 2]?.le ?? Number.NaN;
  if (index === 0 && bucket.le <= 0) return bucket.le;
  const lower = index === 0 ? 0 : (fixed[index - 1]?.le ?? 0);
  const before = index === 0 ? 0 : (fixed[index - 1]?.count ?? 0);
  const inBucket = bucket.count - before;
  if (inBucket === 0) return bucket.le;
  return lower + (bucket.le - lower) * ((rank - before) / inBucket);
}
