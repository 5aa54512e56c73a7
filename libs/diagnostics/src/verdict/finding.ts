import {
  type Evidence,
  type Finding,
  type FindingAttributes,
  type FindingStatus,
  type FindingSubject,
  findingId,
  type HealthStatus,
  type Plane,
  type Scope,
  SEVERITY_RANK,
  type Severity,
} from '@fleetscope/types';
import { STATUS_SEVERITY } from './status.ts';
import { compareText } from './text.ts';

/** What a rule says; {@link makeFinding} adds the cluster, the id and the defaults. */
export interface FindingDraft {
  rule: string;
  scope: Scope;
  plane: Plane;
  status: FindingStatus;
  /** Default: {@link severityFor} the status. */
  severity?: Severity;
  subjects: FindingSubject[];
  /**
   * The subjects that make the finding's identity, when not all of them do: a cluster-wide finding
   * that names the deployments it counts keeps its id while that list changes. Default: `subjects`.
   */
  identity?: readonly FindingSubject[];
  attributes?: FindingAttributes;
  title: string;
  detail?: string;
  evidence?: Evidence[];
  nextSteps?: string[];
  observedAt?: number | null;
  /**
   * Tells apart two findings of one rule on the same subjects (a read p99 per request scope).
   * Part of the id, so it must name the case, never carry a value.
   */
  qualifier?: string;
}

/** DOWN is critical; DEGRADED and UNKNOWN are warnings unless the rule says critical; no status is INFO. */
export function severityFor(status: FindingStatus, critical = false): Severity {
  if (status === null) return 'INFO';
  if (status === 'DOWN' || critical) return 'CRITICAL';
  return 'WARNING';
}

export function makeFinding(cluster: string, draft: FindingDraft): Finding {
  const base = findingId(cluster, draft.rule, draft.identity ?? draft.subjects);
  return {
    id: draft.qualifier === undefined ? base : `${base}#${draft.qualifier}`,
    rule: draft.rule,
    scope: draft.scope,
    plane: draft.plane,
    severity: draft.severity ?? severityFor(draft.status),
    status: draft.status,
    cluster,
    subjects: draft.subjects,
    attributes: draft.attributes ?? {},
    title: draft.title,
    detail: draft.detail ?? '',
    evidence: draft.evidence ?? [],
    nextSteps: draft.nextSteps ?? [],
    observedAt: draft.observedAt ?? null,
  };
}

/** The status findings imply together: the worst of theirs; null when none implies one. */
export function impliedStatus(findings: Iterable<Finding>): HealthStatus | null {
  let worst: HealthStatus | null = null;
  for (const f of findings) {
    if (f.status === null) continue;
    if (worst === null || STATUS_SEVERITY[f.status] > STATUS_SEVERITY[worst]) worst = f.status;
  }
  return worst;
}

function statusRank(status: FindingStatus): number {
  return status === null ? -1 : STATUS_SEVERITY[status];
}

/** Worst first: severity, then implied status, then rule and id (a stable order for walls and diffs). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    statusRank(b.status) - statusRank(a.status) ||
    compareText(a.rule, b.rule) ||
    compareText(a.id, b.id)
  );
}

/** Newest `observedAt` among evidence items (ISO strings), as epoch ms; null when none has one. */
export function newestObservation(evidence: readonly Evidence[]): number | null {
  let newest: number | null = null;
  for (const item of evidence) {
    if (item.observedAt === null) continue;
    const at = Date.parse(item.observedAt);
    if (Number.isFinite(at) && (newest === null || at > newest)) newest = at;
  }
  return newest;
}

/**
 * Makes ids unique within one list: a rule that fires twice on the same subjects (which the
 * qualifier should prevent) gets "~2", "~3" in firing order, so the history never merges them.
 */
export function uniqueIds(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const count = (seen.get(f.id) ?? 0) + 1;
    seen.set(f.id, count);
    return count === 1 ? f : { ...f, id: `${f.id}~${count}` };
  });
}
