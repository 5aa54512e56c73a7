import type { Evidence, PlaneHealth, ResourceFreshness } from '@fleetscope/types';
import { WATCHED_RESOURCES } from '@fleetscope/types';
import { clockTime, formatDuration, isoOrNull, shortError } from '../verdict/text.ts';
import type { StatusThresholds } from '../verdict/thresholds.ts';
import { describeFreshness, freshnessIsStale, lastHeardAt } from './freshness.ts';

/** Input of the watch-freshness judgement (was `ControlPlaneInput` before the metric verdicts). */
export interface WatchFreshnessInput {
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

function order(f: ResourceFreshness): number {
  const index = WATCHED_RESOURCES.indexOf(f.resource);
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

/**
 * Control-plane verdict of this first slice: are our watches to the API server connected and
 * fresh? FORBIDDEN resources are UNKNOWN on their own (a 403 proves the server answers, so they
 * do not count against reachability); never synced is UNKNOWN; every watch stale is DOWN; some
 * stale is DEGRADED; all current is HEALTHY. Offline snapshots have no watches: UNKNOWN.
 */
export function judgeControlPlane(input: WatchFreshnessInput, thresholds: StatusThresholds): PlaneHealth {
  const { now } = input;
  const { staleAfterMs } = thresholds;
  if (input.mode === 'offline') {
    return {
      status: 'UNKNOWN',
      summary: OFFLINE_CONTROL_PLANE_SUMMARY,
      evidence: [
        {
          signal: 'mode',
          value: 'offline snapshot (no watches)',
          source: 'snapshot',
          observedAt: isoOrNull(now),
        },
      ],
    };
  }
  const all = [...input.freshness].sort((a, b) => order(a) - order(b));
  const evidence = all.map((f) => watchEvidence(f, now, staleAfterMs));
  const forbidden = all.filter((f) => f.state === 'FORBIDDEN');
  const watches = all.filter((f) => f.state !== 'FORBIDDEN');
  const forbiddenNote =
    forbidden.length === 0
      ? ''
      : `; no permission to watch ${forbidden.map((f) => f.resource).join(', ')} (UNKNOWN)`;

  if (all.length === 0) {
    return { status: 'UNKNOWN', summary: `no data from the API server yet; ${IMPACT_UNKNOWN}`, evidence };
  }
  if (watches.length === 0) {
    return {
      status: 'UNKNOWN',
      summary: `no permission to watch any resource (${forbidden.map((f) => f.resource).join(', ')}); ${IMPACT_UNKNOWN}`,
      evidence,
    };
  }
  if (watches.every((f) => lastHeardAt(f) === null)) {
    const error = latestError(watches);
    const why = error === null ? '' : `: ${shortError(error)}`;
    return {
      status: 'UNKNOWN',
      summary: `no data from the API server yet${why}; ${IMPACT_UNKNOWN}${forbiddenNote}`,
      evidence,
    };
  }
  const stale = watches.filter((f) => freshnessIsStale(f, now, staleAfterMs));
  if (stale.length === watches.length) {
    let newest = 0;
    for (const f of watches) newest = Math.max(newest, lastHeardAt(f) ?? 0);
    const error = latestError(watches);
    const why = error === null ? 'the server confirmed none of our watches' : shortError(error);
    return {
      status: 'DOWN',
      summary: `API server unreachable since ${clockTime(newest, 'seconds')}: ${why}; ${IMPACT_DOWN}${forbiddenNote}`,
      evidence,
    };
  }
  if (stale.length > 0) {
    const named = stale.map((f) => `${f.resource} (${describeFreshness(f, now, staleAfterMs)})`).join(', ');
    return {
      status: 'DEGRADED',
      summary: `watches behind for ${named}; ${IMPACT_DEGRADED}${forbiddenNote}`,
      evidence,
    };
  }
  return { status: 'HEALTHY', summary: `API server reachable; watches current${forbiddenNote}`, evidence };
}
