import type { Evidence, Finding } from '@fleetscope/types';

/** What changed between two sets of findings, by finding id. */
export interface FindingsDiff {
  /** In `next` only, in `next`'s order. */
  opened: Finding[];
  /** In both, with a different status, severity, title, detail or evidence; as in `next`, in its order. */
  changed: Finding[];
  /** In `previous` only, as they last were, in `previous`'s order. */
  resolved: Finding[];
}

/** True when the diff holds nothing to tell. */
export function isEmptyDiff(diff: FindingsDiff): boolean {
  return diff.opened.length === 0 && diff.changed.length === 0 && diff.resolved.length === 0;
}

type Comparable = Pick<Finding, 'status' | 'severity' | 'title' | 'detail' | 'evidence'>;

function sameEvidence(a: readonly Evidence[], b: readonly Evidence[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const f = b[i];
    return (
      f !== undefined &&
      e.signal === f.signal &&
      e.value === f.value &&
      (e.threshold ?? null) === (f.threshold ?? null) &&
      (e.window ?? null) === (f.window ?? null) &&
      e.source === f.source &&
      e.observedAt === f.observedAt
    );
  });
}

/**
 * Whether a finding a person follows has changed: what it says (status, severity, title, detail) or the
 * evidence it rests on. Subjects, attributes and next steps follow from the rule and its subjects (the id).
 */
export function findingChanged(a: Comparable, b: Comparable): boolean {
  return (
    a.status !== b.status ||
    a.severity !== b.severity ||
    a.title !== b.title ||
    a.detail !== b.detail ||
    !sameEvidence(a.evidence, b.evidence)
  );
}

/**
 * Opened, changed and resolved findings between two consecutive snapshots, matched by their stable
 * id. Pure and linear in the two sets; a finding object that did not change identity is never
 * compared field by field.
 */
export function diffFindings(previous: readonly Finding[], next: readonly Finding[]): FindingsDiff {
  const before = new Map<string, Finding>();
  for (const f of previous) before.set(f.id, f);
  const seen = new Set<string>();
  const opened: Finding[] = [];
  const changed: Finding[] = [];
  for (const f of next) {
    seen.add(f.id);
    const old = before.get(f.id);
    if (old === undefined) opened.push(f);
    else if (old !== f && findingChanged(old, f)) changed.push(f);
  }
  const resolved = previous.filter((f) => !seen.has(f.id));
  return { opened, changed, resolved };
}
