/**
 * Scope triage for the view: which findings sit on which rung of the pod → node → pool → cluster → global
 * ladder, in an order that never changes on refresh. Pure: plain findings in, plain columns out.
 *
 * The API's scope triage (`libs/diagnostics/src/scope`) emits one finding per group (rules `scope.pod` …
 * `scope.global`), each naming the narrowest scope that covers its failing subjects; the per-rule findings
 * it grouped are its evidence. This module only places and counts them — it never regroups.
 */
import type { Scope, Severity } from '../graphql/generated/graphql.ts';
import type { FindingHistory } from './finding-history.ts';

/** The ladder, narrowest first: the decision order of shared/reference/workload-diagnostics.md. */
export const LADDER: readonly Scope[] = ['POD', 'NODE', 'POOL', 'CLUSTER', 'GLOBAL'];

export const SCOPE_WORDS: Readonly<Record<Scope, string>> = {
  POD: 'one workload',
  NODE: 'one node',
  POOL: 'one pool',
  CLUSTER: 'one cluster',
  GLOBAL: 'several clusters',
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

/** What triage needs of a finding (structural: any selection with these fields will do). */
export interface TriageFindingLike {
  id: string;
  rule: string;
  scope: Scope;
  severity: Severity;
  status: string | null;
  cluster: string;
  attributes: readonly { key: string; value: string }[];
}

export function isScopeFinding(f: { rule: string }): boolean {
  return f.rule.startsWith('scope.');
}

/** The value of one attribute, or undefined. */
export function attributeOf(f: Pick<TriageFindingLike, 'attributes'>, key: string): string | undefined {
  return f.attributes.find((a) => a.key === key)?.value;
}

/**
 * The clusters a finding is about, for links: its `clusters` attribute (a GLOBAL finding spans several;
 * its `cluster` field is not a cluster name), else its own cluster.
 */
export function clustersOf(f: Pick<TriageFindingLike, 'cluster' | 'attributes'>): string[] {
  const listed = attributeOf(f, 'clusters');
  if (listed !== undefined && listed !== '') return listed.split(',').filter((c) => c !== '');
  return f.cluster === '' || f.cluster === '*' ? [] : [f.cluster];
}

/**
 * Worst first, then by id: a total order that depends only on the finding, so a refresh with the same
 * findings gives the same rows and a new finding never reshuffles the others (it is inserted in place).
 */
export function compareForLadder(a: TriageFindingLike, b: TriageFindingLike): number {
  const bySeverity = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (bySeverity !== 0) return bySeverity;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a per-rule finding impairs something (the same test as the API's triage). */
function impairs(f: TriageFindingLike): boolean {
  if (f.status === 'DOWN' || f.status === 'DEGRADED' || f.status === 'UNKNOWN') return true;
  return f.status === null && f.severity !== 'INFO' && f.scope === 'POD';
}

export interface LadderRung<F> {
  scope: Scope;
  findings: F[];
  /** How many of them appeared on this page in the last 15 minutes. */
  fresh: number;
  /** How many findings of this scope were resolved in the last 15 minutes. */
  resolved: number;
}

export interface Ladder<F> {
  /** One rung per scope, in LADDER order (narrowest first), empty rungs included. */
  rungs: LadderRung<F>[];
  /** The widest scope with a finding; null when there is none. */
  widest: Scope | null;
  /** `scope`: the API's scope findings; `per-rule`: untriaged per-rule findings (see `ladderFindings`). */
  source: 'scope' | 'per-rule';
  total: number;
}

/**
 * The findings the ladder shows: the API's scope findings, or — when it sent none while per-rule findings
 * impair something (an API without scope triage) — those per-rule findings at their own scope, untriaged,
 * rather than an empty ladder that would read as "no problems".
 */
export function ladderFindings<F extends TriageFindingLike>(
  findings: readonly F[],
): { shown: F[]; source: 'scope' | 'per-rule' } {
  const scoped = findings.filter(isScopeFinding);
  if (scoped.length > 0 || !findings.some(impairs)) return { shown: scoped, source: 'scope' };
  return { shown: findings.filter(impairs), source: 'per-rule' };
}

/**
 * Places the ladder's findings (see `ladderFindings`) on their rungs. `history` (fed with the same
 * findings) says which are new and which were resolved; null before it has seen anything.
 */
export function buildLadder<F extends TriageFindingLike>(
  selection: { shown: readonly F[]; source: 'scope' | 'per-rule' },
  history: FindingHistory | null,
  nowMs: number,
): Ladder<F> {
  const { shown, source } = selection;
  const rungs = LADDER.map((scope): LadderRung<F> => {
    const onRung = shown.filter((f) => f.scope === scope).sort(compareForLadder);
    return {
      scope,
      findings: onRung,
      fresh: history === null ? 0 : onRung.filter((f) => history.isNew(f.id, nowMs)).length,
      resolved: history === null ? 0 : history.resolvedSince(nowMs, scope).length,
    };
  });
  let widest: Scope | null = null;
  for (const rung of rungs) if (rung.findings.length > 0) widest = rung.scope;
  return { rungs, widest, source, total: shown.length };
}
