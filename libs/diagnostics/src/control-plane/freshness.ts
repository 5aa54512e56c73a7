import type { ResourceFreshness, SignalSet, WatchedResource } from '@fleetscope/types';
import { clockTime, shortError } from '../verdict/text.ts';

/**
 * When the API server last proved our copy current: its confirmation (event, bookmark, list, or a
 * stream the server ended itself), else the last completed list; null if it never did.
 */
export function lastHeardAt(f: ResourceFreshness): number | null {
  if (f.confirmedAt === null) return f.lastSyncAt;
  if (f.lastSyncAt === null) return f.confirmedAt;
  return Math.max(f.confirmedAt, f.lastSyncAt);
}

/**
 * True when the watch's data cannot be trusted as current: the watch is not SYNCED (connecting,
 * retrying or forbidden), there is evidence it is behind, or the server has not confirmed it for
 * longer than `staleAfterMs`. Quiet is not stale: a resource without changes stays fresh as long as
 * the server keeps confirming it. A SYNCED watch that was never confirmed counts as stale too.
 */
export function freshnessIsStale(f: ResourceFreshness, now: number, staleAfterMs: number): boolean {
  if (f.state !== 'SYNCED') return true;
  if (f.behind !== null) return true;
  const heard = lastHeardAt(f);
  return heard === null || now - heard > staleAfterMs;
}

function withError(text: string, f: ResourceFreshness): string {
  return f.lastError === null || f.lastError === '' ? text : `${text}: ${shortError(f.lastError, 80)}`;
}

/**
 * One phrase on a watch's state, e.g. "retrying, confirmed at 19:57:05 UTC: connection refused",
 * "unconfirmed since 19:55:00 UTC", "current, confirmed at 19:59:58 UTC, last change 18:02:11 UTC". Used
 * in evidence and summaries. Clock times, not durations: the text changes only when something happens
 * (the web shows the age). The last change is information; the confirmation is what the verdict rests on.
 */
export function describeFreshness(f: ResourceFreshness, now: number, staleAfterMs: number): string {
  const heard = lastHeardAt(f);
  const at = heard === null ? null : clockTime(heard, 'seconds');
  switch (f.state) {
    case 'FORBIDDEN':
      return withError('forbidden (no permission to list/watch)', f);
    case 'CONNECTING':
      return withError(f.lastSyncAt === null ? 'not synced yet' : `reconnecting, confirmed at ${at}`, f);
    case 'RETRYING':
      return withError(at === null ? 'retrying, never synced' : `retrying, confirmed at ${at}`, f);
    case 'SYNCED': {
      if (f.behind !== null) return `behind: ${f.behind}`;
      if (at === null) return 'synced, never confirmed';
      if (freshnessIsStale(f, now, staleAfterMs)) return `unconfirmed since ${at}`;
      const change = f.lastEventAt === null ? '' : `, last change ${clockTime(f.lastEventAt, 'seconds')}`;
      return `current, confirmed at ${at}${change}`;
    }
  }
}

/**
 * Why a resource's data cannot be used for a verdict, or null when it is fresh. `f` undefined
 * means the source does not watch the resource at all.
 */
export function freshnessProblem(
  resource: WatchedResource,
  f: ResourceFreshness | undefined,
  now: number,
  staleAfterMs: number,
): string | null {
  if (f === undefined) return `${resource} not watched`;
  if (!freshnessIsStale(f, now, staleAfterMs)) return null;
  if (f.state === 'FORBIDDEN') return `no permission to list ${resource}`;
  if (f.lastSyncAt === null && f.confirmedAt === null) return withError(`no ${resource} data yet`, f);
  return `${resource} data stale (${describeFreshness(f, now, staleAfterMs)})`;
}

/** Freshness entries by resource; the last entry wins if a resource is listed twice. */
export function freshnessByResource(
  freshness: readonly ResourceFreshness[],
): Map<WatchedResource, ResourceFreshness> {
  const byResource = new Map<WatchedResource, ResourceFreshness>();
  for (const f of freshness) byResource.set(f.resource, f);
  return byResource;
}

/**
 * Why the API server has never been reached from here, or null once it has: none of our watches
 * (403 counts as reached: the server answered) ever delivered anything and no probe ever succeeded.
 * A cluster never reached cannot be judged from our side; only an independent source (Prometheus)
 * can say more. Offline input (no watches) is not "never reached".
 */
export function neverReachedReason(
  watches: readonly ResourceFreshness[],
  signals: SignalSet | null,
): string | null {
  if (watches.length === 0 || watches.some((f) => f.state === 'FORBIDDEN')) return null;
  if (watches.some((f) => lastHeardAt(f) !== null)) return null;
  const probeSucceeded = Object.values(signals?.signals ?? {}).some(
    (s) => s.name.startsWith('probe_') && s.error === null && s.samples.length > 0,
  );
  if (probeSucceeded) return null;
  let latest: ResourceFreshness | null = null;
  for (const f of watches) {
    if (!f.lastError) continue;
    if (latest === null || (f.lastErrorAt ?? 0) > (latest.lastErrorAt ?? 0)) latest = f;
  }
  return latest?.lastError ? shortError(latest.lastError, 80) : 'not connected yet';
}
