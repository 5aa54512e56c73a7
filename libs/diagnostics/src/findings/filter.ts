import { type Finding, type Plane, type Scope, SEVERITY_RANK, type Severity } from '@fleetscope/types';

/** Which findings a view asks for; an absent criterion admits every finding. */
export interface FindingFilter {
  /** At least this severity (INFO < WARNING < CRITICAL). */
  minSeverity?: Severity | null;
  plane?: Plane | null;
  scope?: Scope | null;
  cluster?: string | null;
}

/** The findings that meet the filter, in their order. */
export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  const min = filter.minSeverity ? SEVERITY_RANK[filter.minSeverity] : 0;
  return findings.filter(
    (f) =>
      SEVERITY_RANK[f.severity] >= min &&
      (!filter.plane || f.plane === filter.plane) &&
      (!filter.scope || f.scope === filter.scope) &&
      (!filter.cluster || f.cluster === filter.cluster),
  );
}

/**
 * Findings of several clusters as one list, worst first: by severity, then in the order given (clusters
 * by name, each cluster's own order). Stable, so a wall does not reshuffle equal findings.
 */
export function worstFirst(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}
