import type { Evidence, Finding, FindingSubject, PlaneHealth, ResourceFreshness } from '@fleetscope/types';
import { WATCHED_RESOURCES } from '@fleetscope/types';
import { type FindingDraft, impliedStatus, makeFinding } from '../verdict/finding.ts';
import { clockTime, formatDuration, isoOrNull, shortError } from '../verdict/text.ts';
import type { StatusThresholds } from '../verdict/thresholds.ts';
import { describeFreshness, freshnessIsStale, lastHeardAt } from './freshness.ts';

/** Input of the watch-freshness judgement (was `ControlPlaneInput` before the metric verdicts). */
export interface WatchFreshnessInput {
  /** The cluster judged: findings carry it in their ids. */
  cluster?: string;
  freshness: readonly ResourceFreshness[];
  now: number;
  mode: 'live' | 'offline';
}

export const OFFLINE_CONTROL_PLANE_SUMMARY =
  'offline snapshot: control-plane health needs live watches or metrics';

// What a control-plane problem means for people: operations stall, serving does not.
const IMPACT_DOWN = 'changes are not being observed; existing pods keep serving';
const IMPACT_DEGRADED = 'changes to these may not be observed; existing pods keep serving';
const IMPACT_UNKNOWN = 'control-plane health cannot be judged';
const IMPACT_DOWN_DETAIL = 'Existing pods keep serving; what Fleetscope shows for this cluster stops moving.';

function order(f: ResourceFreshness): number {
  // Workload-set watches (statefulsets, daemonsets) come after the core ones.
  const index = (WATCHED_RESOURCES as readonly string[]).indexOf(f.resource);
  return index === -1 ? WATCHED_RESOURCES.length : index;
}

function watchEvidence(f: ResourceFreshness, now: number, staleAfterMs: number): Evidence {
  return {
    signal: `watch ${f.resource}`,
    value: describeFreshness(f, now, staleAfterMs),
    threshold: `SYNCED, confirmed by the server within ${formatDuration(staleAfterMs)}`,
    source: 'kubernetes watch',
    observedAt: isoOrNull(lastHeardAt(f)),
  };
}

/** The most recent error any of the watches saw, for "unreachable: <why>". */
function latestError(watches: readonly ResourceFreshness[]): string | null {
  let latest: ResourceFreshness | null = null;
  for (const f of watches) {
    if (f.lastError === null || f.lastError === '') continue;
    if (latest === null || (f.lastErrorAt ?? 0) > (latest.lastErrorAt ?? 0)) latest = f;
  }
  return latest?.lastError ?? null;
}

/** A plane verdict and the findings it was composed from. */
export type PlaneJudgement = PlaneHealth & { findings: Finding[] };

const WATCH_STEPS = [
  'Check the network path and credentials from Fleetscope to the API server (each watch names its last error)',
  'kubectl get --raw "/readyz?verbose" from the same network',
];

function watchSubject(resource: string): FindingSubject {
  return { kind: 'Watch', namespace: null, name: resource };
}

/**
 * Control-plane verdict of this first slice: are our watches to the API server connected and
 * fresh? FORBIDDEN resources are UNKNOWN on their own (a 403 proves the server answers, so they
 * do not count against reachability); never synced is UNKNOWN; every watch stale is DOWN; some
 * stale is DEGRADED; all current is HEALTHY. Offline snapshots have no watches: UNKNOWN.
 * Each case is a finding (rule `watch.*`); the status is the one they imply.
 */
export function judgeControlPlane(input: WatchFreshnessInput, thresholds: StatusThresholds): PlaneJudgement {
  const { now } = input;
  const cluster = input.cluster ?? '';
  const { staleAfterMs } = thresholds;
  const finding = (
    draft: Omit<FindingDraft, 'scope' | 'plane' | 'evidence'>,
    evidence: Evidence[],
  ): Finding =>
    makeFinding(cluster, {
      scope: 'CLUSTER',
      plane: 'CONTROL',
      evidence,
      nextSteps: WATCH_STEPS,
      ...draft,
    });
  const judged = (findings: Finding[], summary: string, evidence: Evidence[]): PlaneJudgement => ({
    status: impliedStatus(findings) ?? 'HEALTHY',
    summary,
    evidence,
    findings,
  });

  if (input.mode === 'offline') {
    const evidence: Evidence[] = [
      {
        signal: 'mode',
        value: 'offline snapshot (no watches)',
        source: 'snapshot',
        observedAt: isoOrNull(now),
      },
    ];
    const offline = finding(
      {
        rule: 'watch.offline',
        status: 'UNKNOWN',
        subjects: [],
        title: OFFLINE_CONTROL_PLANE_SUMMARY,
        detail: 'A file dump is a fixed point in time: it cannot show whether the API server answers.',
        nextSteps: [
          'Add the control-plane /metrics files (--metrics), or run Fleetscope against the live cluster',
        ],
        observedAt: now,
      },
      evidence,
    );
    return judged([offline], OFFLINE_CONTROL_PLANE_SUMMARY, evidence);
  }
  const all = [...input.freshness].sort((a, b) => order(a) - order(b));
  const evidence = all.map((f) => watchEvidence(f, now, staleAfterMs));
  const evidenceOf = (f: ResourceFreshness): Evidence[] => [watchEvidence(f, now, staleAfterMs)];
  const forbidden = all.filter((f) => f.state === 'FORBIDDEN');
  const watches = all.filter((f) => f.state !== 'FORBIDDEN');
  const forbiddenNote =
    forbidden.length === 0
      ? ''
      : `; no permission to watch ${forbidden.map((f) => f.resource).join(', ')} (UNKNOWN)`;
  // A 403 proves the server answers: on its own it moves no status, but what it hides is said.
  const forbiddenFindings = (status: Finding['status']): Finding[] =>
    forbidden.map((f) =>
      finding(
        {
          rule: 'watch.forbidden',
          status,
          severity: 'WARNING',
          subjects: [watchSubject(f.resource)],
          attributes: { resource: f.resource },
          title: `no permission to watch ${f.resource}`,
          detail: `Fleetscope's credentials may not list or watch ${f.resource}: what depends on them is UNKNOWN.`,
          nextSteps: [`kubectl auth can-i watch ${f.resource} --as=<fleetscope's identity>`],
          observedAt: f.lastErrorAt,
        },
        evidenceOf(f),
      ),
    );

  if (all.length === 0) {
    const title = 'no data from the API server yet';
    const none = finding(
      {
        rule: 'watch.no-data',
        status: 'UNKNOWN',
        subjects: [],
        title,
        detail: IMPACT_UNKNOWN,
        observedAt: null,
      },
      evidence,
    );
    return judged([none], `${title}; ${IMPACT_UNKNOWN}`, evidence);
  }
  if (watches.length === 0) {
    const summary = `no permission to watch any resource (${forbidden.map((f) => f.resource).join(', ')}); ${IMPACT_UNKNOWN}`;
    return judged(forbiddenFindings('UNKNOWN'), summary, evidence);
  }
  if (watches.every((f) => lastHeardAt(f) === null)) {
    const error = latestError(watches);
    const why = error === null ? '' : `: ${shortError(error)}`;
    const title = `no data from the API server yet${why}`;
    const none = finding(
      {
        rule: 'watch.no-data',
        status: 'UNKNOWN',
        subjects: [],
        title,
        detail: IMPACT_UNKNOWN,
        observedAt: null,
      },
      evidence,
    );
    return judged(
      [none, ...forbiddenFindings(null)],
      `${title}; ${IMPACT_UNKNOWN}${forbiddenNote}`,
      evidence,
    );
  }
  const stale = watches.filter((f) => freshnessIsStale(f, now, staleAfterMs));
  if (stale.length === watches.length) {
    let newest = 0;
    for (const f of watches) newest = Math.max(newest, lastHeardAt(f) ?? 0);
    const error = latestError(watches);
    const why = error === null ? 'the server confirmed none of our watches' : shortError(error);
    const title = `API server unreachable since ${clockTime(newest, 'seconds')}: ${why}`;
    const down = finding(
      {
        rule: 'watch.unreachable',
        status: 'DOWN',
        subjects: [],
        title,
        detail: `Changes are not being observed from here. ${IMPACT_DOWN_DETAIL}`,
        observedAt: newest,
      },
      evidence,
    );
    return judged([down, ...forbiddenFindings(null)], `${title}; ${IMPACT_DOWN}${forbiddenNote}`, evidence);
  }
  if (stale.length > 0) {
    const named = stale.map((f) => `${f.resource} (${describeFreshness(f, now, staleAfterMs)})`).join(', ');
    const behind = stale.map((f) =>
      finding(
        {
          rule: 'watch.stale',
          status: 'DEGRADED',
          subjects: [watchSubject(f.resource)],
          attributes: { resource: f.resource },
          title: `watch behind for ${f.resource} (${describeFreshness(f, now, staleAfterMs)})`,
          detail: `Changes to ${f.resource} may not be observed. ${IMPACT_DOWN_DETAIL}`,
          observedAt: lastHeardAt(f),
        },
        evidenceOf(f),
      ),
    );
    return judged(
      [...behind, ...forbiddenFindings(null)],
      `watches behind for ${named}; ${IMPACT_DEGRADED}${forbiddenNote}`,
      evidence,
    );
  }
  return judged(forbiddenFindings(null), `API server reachable; watches current${forbiddenNote}`, evidence);
}
