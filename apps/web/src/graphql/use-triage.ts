import { useMemo } from 'react';
import { FindingHistory, type HistoryFinding } from '../lib/finding-history.ts';
import { ladderFindings } from '../lib/triage.ts';
import { stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import { TriageChangedDocument, type TriageFleetFragment, TriageViewDocument } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';

export const TRIAGE_VIEW = operation(TriageViewDocument);
export const TRIAGE_CHANGED = operation(TriageChangedDocument);

export type TriageFinding = TriageFleetFragment['findings'][number];

const triageOfQuery = (data: unknown): TriageFleetFragment => rootOf(data, 'fleet');
const triageOfPush = (data: unknown): TriageFleetFragment => rootOf(data, 'fleetChanged');
const triageStamp = (fleet: TriageFleetFragment) => stampOf(fleet);

/**
 * Findings with the freshness of the same snapshot, live: the query first, then a `fleetChanged` push of
 * the same selection on every fleet version (polled every 10 s while the socket is down).
 */
export function useTriage(): LiveResult<TriageFleetFragment> {
  return useLiveQuery({
    transport: useTransport(),
    query: TRIAGE_VIEW,
    subscription: TRIAGE_CHANGED,
    fromQuery: triageOfQuery,
    fromSubscription: triageOfPush,
    stamp: triageStamp,
  });
}

/**
 * What this page has seen of the ladder's findings, answer after answer. Kept for the page's lifetime (not
 * per mount), so the wall rotating away from triage and back does not make every finding "new" again; each
 * answer is folded once (by identity: the cache hands out the same object until the data changes).
 */
let held: { input: readonly HistoryFinding[]; history: FindingHistory } | null = null;

export function useFindingHistory(
  data: TriageFleetFragment | null,
  receivedAt: number | null,
): FindingHistory | null {
  const shown = useMemo(() => (data === null ? null : ladderFindings(data.findings).shown), [data]);
  if (shown === null) return held?.history ?? null;
  if (held === null) held = { input: shown, history: FindingHistory.start(shown) };
  else if (held.input !== shown)
    held = { input: shown, history: held.history.note(shown, receivedAt ?? Date.now()) };
  return held.history;
}

/** Tests only: forget what the page has seen. */
export function resetFindingHistory(): void {
  held = null;
}
