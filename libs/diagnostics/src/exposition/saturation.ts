import type { SignalSample } from '@fleetscope/types';
import type { Bucket } from './histogram.ts';

/**
 * Whether a q-quantile of cumulative buckets lands in the +Inf bucket, and what is known then.
 * histogram_quantile answers the largest finite bound in that case (2.5 s for a v1.24 webhook
 * histogram whose calls all time out at 10 s): that number is a floor, not a measurement. The
 * share of observations above the top finite bucket says so; the mean (sum/count) is the only
 * measured size (pass it when known: _sum/_count). Returns undefined when the quantile is an
 * interpolated (measured) value.
 */
export function saturationOf(
  q: number,
  buckets: readonly Bucket[],
  mean: number | null,
): SignalSample['saturated'] | undefined {
  const sorted = [...buckets].filter((b) => Number.isFinite(b.count)).sort((a, b) => a.le - b.le);
  const inf = sorted[sorted.length - 1];
  const top = sorted.filter((b) => Number.isFinite(b.le)).pop();
  if (inf === undefined || inf.le !== Number.POSITIVE_INFINITY || top === undefined) return undefined;
  const total = inf.count;
  if (!(total > 0)) return undefined;
  const below = Math.min(top.count, total);
  // The rank q·total falls in +Inf exactly when fewer than q·total observations are ≤ the top bound.
  if (below >= q * total) return undefined;
  return { mean: mean !== null && Number.isFinite(mean) ? mean : null, shareAbove: (total - below) / total };
}

/** Adds `saturated` to a quantile sample whose rank fell in +Inf (see {@link saturationOf}). */
export function withSaturation(
  sample: SignalSample,
  q: number,
  buckets: readonly Bucket[],
  mean: number | null,
): SignalSample {
  const saturated = saturationOf(q, buckets, mean);
  return saturated === undefined ? sample : { ...sample, saturated };
}
