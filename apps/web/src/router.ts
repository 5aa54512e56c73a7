import { useEffect, useState } from 'react';

/** The views this app can show. Hash-based so any static host (and the API's fallback) can serve it. */
export type Route =
  | { view: 'fleet' }
  | { view: 'triage' }
  | { view: 'manager' }
  | { view: 'wall' }
  | { view: 'cluster'; cluster: string }
  | { view: 'pools'; cluster: string | null }
  | { view: 'rollouts'; cluster: string }
  | { view: 'not-found'; path: string };

/** The path the wall is served at (the API answers index.html for any path); `#/wall` works on any host. */
export const WALL_PATH = '/wall';

/**
 * Pure: a location (hash, and the path for `/wall`) to a route. Anything after `?` in the hash is an
 * option (see `displayOptions`), not part of the route.
 */
export function parseRoute(hash: string, pathname = '/'): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0)
    return pathname.replace(/\/+$/, '') === WALL_PATH ? { view: 'wall' } : { view: 'fleet' };
  if (parts.length === 1 && parts[0] === 'triage') return { view: 'triage' };
  if (parts.length === 1 && parts[0] === 'manager') return { view: 'manager' };
  if (parts.length === 1 && parts[0] === 'wall') return { view: 'wall' };
  if (parts.length === 1 && parts[0] === 'pools') return { view: 'pools', cluster: null };
  if (parts.length === 3 && parts[0] === 'clusters' && parts[1] !== undefined && parts[2] === 'pools') {
    try {
      return { view: 'pools', cluster: decodeURIComponent(parts[1]) };
    } catch {
      return { view: 'not-found', path };
    }
  }
  if (parts.length === 2 && parts[0] === 'clusters' && parts[1] !== undefined) {
    try {
      return { view: 'cluster', cluster: decodeURIComponent(parts[1]) };
    } catch {
      return { view: 'not-found', path };
    }
  }
  if (parts.length === 3 && parts[0] === 'clusters' && parts[1] !== undefined && parts[2] === 'rollouts') {
    try {
      return { view: 'rollouts', cluster: decodeURIComponent(parts[1]) };
    } catch {
      return { view: 'not-found', path };
    }
  }
  return { view: 'not-found', path };
}

/** The Rollouts board of one cluster. */
export function rolloutsHref(name: string): string {
  return `#/clusters/${encodeURIComponent(name)}/rollouts`;
}

export function clusterHref(name: string): string {
  return `#/clusters/${encodeURIComponent(name)}`;
}

/** GPU pools of every cluster, or of one. */
export function poolsHref(cluster: string | null = null): string {
  return cluster === null ? POOLS_HREF : `#/clusters/${encodeURIComponent(cluster)}/pools`;
}

export const POOLS_HREF = '#/pools';
export const FLEET_HREF = '#/';
export const TRIAGE_HREF = '#/triage';
export const MANAGER_HREF = '#/manager';

/** How a page is shown: `?kiosk=1` on any view; the wall is always kiosk and rotates. */
export interface DisplayOptions {
  /** Full screen, dark, no scrollbars, type scaled to the screen. */
  kiosk: boolean;
  /** Seconds between the wall's pages (`?rotate=20`), 5–3600; 30 when absent or unreadable. */
  rotateSeconds: number;
}

export const DEFAULT_ROTATE_SECONDS = 30;

/** Pure: the options in a location's query string and in the part of the hash after `?`. */
export function displayOptions(search: string, hash: string): DisplayOptions {
  const params = new URLSearchParams(search);
  const inHash = hash.indexOf('?');
  if (inHash >= 0) for (const [k, v] of new URLSearchParams(hash.slice(inHash + 1))) params.set(k, v);
  const kiosk = params.get('kiosk');
  const rotate = Number(params.get('rotate') ?? Number.NaN);
  return {
    kiosk: kiosk !== null && kiosk !== '0' && kiosk !== 'false',
    rotateSeconds:
      Number.isFinite(rotate) && rotate >= 5 && rotate <= 3600 ? Math.round(rotate) : DEFAULT_ROTATE_SECONDS,
  };
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash, window.location.pathname));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash, window.location.pathname));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
