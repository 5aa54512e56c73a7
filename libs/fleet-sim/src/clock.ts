/** A source of wall time (epoch milliseconds). Injected everywhere so tests control time. */
export interface Clock {
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: (): number => Date.now() };

/** 2026-01-15T08:00:00Z: the default start of simulated time, so a default fleet is reproducible. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 15, 8, 0, 0);

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (negative values are rejected: time never runs backwards here). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('ManualClock.advance: ms must be >= 0');
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }
}

/** RFC 3339 with second precision, as Kubernetes serialises metav1.Time. */
export function toKubeTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** RFC 3339 with microseconds, as Kubernetes serialises metav1.MicroTime (events.k8s.io eventTime). */
export function toMicroTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}
