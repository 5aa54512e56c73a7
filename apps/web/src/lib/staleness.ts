/** Data older than this (by the browser clock) is shown as stale even if the API still calls it fresh. */
export const STALE_AFTER_MS = 60_000;

/** Why a view is stale; null when it is fresh. */
export type StaleReason = 'never-synced' | 'reported-stale' | 'too-old';

export interface Freshness {
  stale: boolean;
  reason: StaleReason | null;
  /** Epoch ms of the newest input, or null when nothing has arrived. */
  dataAsOf: number | null;
  /** now − dataAsOf, clamped at 0; null when nothing has arrived. */
  ageMs: number | null;
}

export interface FreshnessInput {
  /** The API's own verdict: some input is stale or never synced. */
  stale: boolean;
  /** Epoch ms of the newest input, or null. */
  dataAsOf: number | null;
}

/**
 * Decides whether data may be shown as current. Stale when the API says so, when nothing has arrived, or
 * when the newest input is older than `maxAgeMs` by the browser clock — the last rule catches a frozen
 * feed (API unreachable, subscription silently dead) that the API itself cannot report.
 */
export function assessFreshness(
  input: FreshnessInput,
  nowMs: number,
  maxAgeMs: number = STALE_AFTER_MS,
): Freshness {
  if (input.dataAsOf === null) {
    return { stale: true, reason: 'never-synced', dataAsOf: null, ageMs: null };
  }
  const ageMs = Math.max(0, nowMs - input.dataAsOf);
  if (input.stale) return { stale: true, reason: 'reported-stale', dataAsOf: input.dataAsOf, ageMs };
  if (ageMs > maxAgeMs) return { stale: true, reason: 'too-old', dataAsOf: input.dataAsOf, ageMs };
  return { stale: false, reason: null, dataAsOf: input.dataAsOf, ageMs };
}

/**
 * Combines per-cluster freshness into the fleet's: the fleet is only as fresh as its stalest cluster, so
 * the reported time is the OLDEST dataAsOf, and any missing one makes the whole fleet "never synced".
 */
export function combineFreshness(inputs: readonly FreshnessInput[]): FreshnessInput {
  if (inputs.length === 0) return { stale: true, dataAsOf: null };
  let oldest = Number.POSITIVE_INFINITY;
  let stale = false;
  for (const input of inputs) {
    if (input.dataAsOf === null) return { stale: true, dataAsOf: null };
    oldest = Math.min(oldest, input.dataAsOf);
    stale ||= input.stale;
  }
  return { stale, dataAsOf: oldest };
}

/** One line saying why data is stale, for the banner. */
export function describeStaleReason(reason: StaleReason): string {
  switch (reason) {
    case 'never-synced':
      return 'no data has arrived yet';
    case 'reported-stale':
      return 'a watch behind this view is not synced';
    case 'too-old':
      return 'no update for over a minute';
  }
}
