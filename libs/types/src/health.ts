/**
 * Health vocabulary shared by every layer. UNKNOWN is its own state: missing or stale input
 * never folds into HEALTHY.
 */
export const HEALTH_STATUSES = ['HEALTHY', 'DEGRADED', 'DOWN', 'UNKNOWN', 'NOT_APPLICABLE'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const SCOPES = ['POD', 'NODE', 'POOL', 'CLUSTER', 'GLOBAL'] as const;
export type Scope = (typeof SCOPES)[number];

export const PLANES = ['CONTROL', 'DATA'] as const;
export type Plane = (typeof PLANES)[number];

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One fact a verdict rests on: what was measured, against what, from where, when. */
export interface Evidence {
  signal: string;
  /** Human-readable value, e.g. "3/4 Ready" or "1.3 s". */
  value: string;
  threshold?: string;
  window?: string;
  source: string;
  /** ISO-8601 time of the newest input behind the value; null when nothing was observed. */
  observedAt: string | null;
}

export interface Verdict {
  status: HealthStatus;
  /** One sentence, readable on a wall: what is wrong (or that nothing is), naming the worst offender. */
  summary: string;
  evidence: Evidence[];
}
