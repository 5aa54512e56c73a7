/**
 * The time grid of a usage-history answer: [startMs, endMs) cut into `points` steps of `stepSeconds`,
 * each point standing for the step that begins at it. Steps are chosen from a fixed ladder so a
 * week keeps ≤ MAX_HISTORY_POINTS points and a refresh lands on the same grid (start and end are
 * aligned to the step).
 */
export interface HistoryRange {
  /** First point (epoch ms), aligned to the step. */
  startMs: number;
  /** End of the last step (epoch ms, exclusive), aligned to the step. */
  endMs: number;
  stepSeconds: number;
  /** (endMs - startMs) / step: one point per step. */
  points: number;
}

export const MAX_HISTORY_POINTS = 500;
export const MIN_HISTORY_RANGE_MS = 10 * 60_000;
export const MAX_HISTORY_RANGE_MS = 90 * 86_400_000;

/** Steps a chart reads well at: minutes, quarter hours, hours, days. */
export const HISTORY_STEP_LADDER_SECONDS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
] as const;

export type HistoryRangeResult = { ok: true; range: HistoryRange } | { ok: false; problem: string };

/** The grid for [fromMs, toMs), or why it cannot be drawn (reversed, too short, too long, not numbers). */
export function historyRange(
  fromMs: number,
  toMs: number,
  maxPoints = MAX_HISTORY_POINTS,
): HistoryRangeResult {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
    return { ok: false, problem: 'from and to must be times' };
  if (toMs <= fromMs) return { ok: false, problem: 'to must be after from' };
  const span = toMs - fromMs;
  if (span < MIN_HISTORY_RANGE_MS) return { ok: false, problem: 'the range must cover at least 10 minutes' };
  if (span > MAX_HISTORY_RANGE_MS) return { ok: false, problem: 'the range may cover at most 90 days' };
  const wanted = span / 1000 / maxPoints;
  const stepSeconds: number = HISTORY_STEP_LADDER_SECONDS.find((s) => s >= wanted) ?? 86_400;
  const stepMs = stepSeconds * 1000;
  const startMs = Math.floor(fromMs / stepMs) * stepMs;
  const endMs = Math.max(startMs + stepMs, Math.floor(toMs / stepMs) * stepMs);
  return { ok: true, range: { startMs, endMs, stepSeconds, points: (endMs - startMs) / stepMs } };
}

/** Epoch ms of each point of the grid. */
export function rangePoints(range: HistoryRange): number[] {
  const stepMs = range.stepSeconds * 1000;
  return Array.from({ length: range.points }, (_, i) => range.startMs + i * stepMs);
}
