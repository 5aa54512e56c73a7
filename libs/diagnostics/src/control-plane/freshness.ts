import type { ResourceFreshness, SignalSet, WatchedResource } from '@fleetscope/types';
import { formatDuration, shortError } from '../verdict/text.ts';

/** Newest sign of life from a watch: its last event, bookmark or relist; null if it never delivered. */
export function lastHeardAt(f: ResourceFreshness): number | null {
  if (f.lastEventAt === null) return f.lastSyncAt;
  if (f.lastSyncAt === null) return f.lastEventAt;
  return Math.max(f.lastEventAt, f.lastSyncAt);
}

/**
 * True when the watch's data cannot be trusted as current: the watch is not SYNCED (connecting,
 * retrying or forbidden), or it delivered nothing for longer than `staleAfterMs`. A SYNCED watch
 * that never delivered counts as stale too: "no news" is not "good news".
 */
export function freshnessIsStale(f: ResourceFreshness, now: number, staleAfterMs: number): boolean {
  if (f.state !== 'SYNCED') return true;
  const heard = lastHeardAt(f);
  return heard === null || now - heard > staleAfterMs;
}

function withError(text: string, f: ResourceFreshness): string {
  return f.lastError === null || f.lastError === '' ? text : `${text}: ${shortError(f.lastError, 80)}`;
}

/**
 * One phrase on a watch's state, e.g. "retrying, last event 3m ago: connection refused",
 * "no events for 5m", "synced, last event 4s ago". Used in evidence and summaries.
 */
export function describeFreshness(f: ResourceFreshness, now: number, staleAfterMs: number): string {
  const heard = lastHeardAt(f);
  const ago = heard === null ? null : formatDuration(now - heard);
  switch (f.state) {
    case 'FORBIDDEN':
      return withError('forbidden (no permission to list/watch)', f);
    case 'CONNECTING':
      return withError(f.lastSyncAt === null ? 'not synced yet' : `reconnecting, last event ${ago} ago`, f);
    case 'RETRYING':
      return withError(ago === null ? 'retrying, never synced' : `retrying, last event ${ago} ago`, f);
    case 'SYNCED':
      if (ago === null) return 'synced, no events yet';
      return freshnessIsStale(f, now, staleAfterMs)
        ? `no events for ${ago}`
        : `synced, last event ${ago} ago`;
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
  if (f.lastSyncAt === null && f.lastEventAt === null) return withError(`no ${resource} data yet`, f);
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
