import type { ResourceFreshness, WatchedResource } from '@fleetscope/types';
import { formatDuration, shortError } from '../verdict/text.ts';

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
 * One phrase on a watch's state, e.g. "retrying, confirmed 3m ago: connection refused",
 * "not confirmed for 5m", "current, confirmed 4s ago, last change 2h ago". Used in evidence and
 * summaries. The last change is information; the confirmation is what the verdict rests on.
 */
export function describeFreshness(f: ResourceFreshness, now: number, staleAfterMs: number): string {
  const heard = lastHeardAt(f);
  const ago = heard === null ? null : formatDuration(now - heard);
  switch (f.state) {
    case 'FORBIDDEN':
      return withError('forbidden (no permission to list/watch)', f);
    case 'CONNECTING':
      return withError(f.lastSyncAt === null ? 'not synced yet' : `reconnecting, confirmed ${ago} ago`, f);
    case 'RETRYING':
      return withError(ago === null ? 'retrying, never synced' : `retrying, confirmed ${ago} ago`, f);
    case 'SYNCED': {
      if (f.behind !== null) return `behind: ${f.behind}`;
      if (ago === null) return 'synced, never confirmed';
      if (freshnessIsStale(f, now, staleAfterMs)) return `unconfirmed for ${ago}`;
      const change = f.lastEventAt === null ? '' : `, last change ${formatDuration(now - f.lastEventAt)} ago`;
      return `current, confirmed ${ago} ago${change}`;
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
