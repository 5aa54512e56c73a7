/** Exponential backoff with full jitter, capped; reset after a healthy period. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Multiplier per consecutive failure. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2 };

/** Delay before retry number `attempt` (1-based). `random` in [0, 1) is injected for tests. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1));
  // Half fixed, half jitter: never zero, never a thundering herd of identical retries.
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
