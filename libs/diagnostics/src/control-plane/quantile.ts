import type { SignalSample } from '@fleetscope/types';
import { formatSeconds } from './format.ts';

/**
 * What rules compare against a limit. A measured quantile is its value; a saturated one (its rank
 * fell in +Inf) is at least the top finite bound, and the mean says how far above it the calls
 * went: the larger of the two, so "> 2.5 s (mean 9.4 s)" counts as timing out at a 9 s limit.
 */
export function quantileEstimate(sample: SignalSample): number {
  const saturated = sample.saturated;
  if (saturated === undefined) return sample.value;
  return Math.max(sample.value, saturated.mean ?? sample.value);
}

/** "1.3 s" for a measured quantile; "> 2.5 s (mean 9.4 s)" for one that fell in +Inf, never an exact value. */
export function formatQuantile(sample: SignalSample): string {
  const saturated = sample.saturated;
  if (saturated === undefined) return formatSeconds(sample.value);
  // Two digits: a mean standing in for a quantile is an estimate ("mean 9.4 s" for 150 s / 16 calls).
  const mean = saturated.mean === null ? 'mean unknown' : `mean ${formatSeconds(saturated.mean, 2)}`;
  return `> ${formatSeconds(sample.value)} (${mean})`;
}
