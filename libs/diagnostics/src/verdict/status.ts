import type { HealthStatus } from '@fleetscope/types';

/**
 * Severity used to fold statuses: DOWN > DEGRADED > UNKNOWN > HEALTHY. UNKNOWN ranks above HEALTHY
 * so missing data is never folded into green; NOT_APPLICABLE does not take part.
 */
export const STATUS_SEVERITY: Readonly<Record<HealthStatus, number>> = {
  NOT_APPLICABLE: -1,
  HEALTHY: 0,
  UNKNOWN: 1,
  DEGRADED: 2,
  DOWN: 3,
};

/**
 * Worst of the given statuses by {@link STATUS_SEVERITY}. NOT_APPLICABLE is ignored; when nothing
 * applicable is given (no statuses, or only NOT_APPLICABLE) the result is NOT_APPLICABLE.
 */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'NOT_APPLICABLE';
  for (const status of statuses) {
    if (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst]) worst = status;
  }
  return worst;
}
