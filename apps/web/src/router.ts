import { useEffect, useMemo, useState } from 'react';

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
  // A pod's explanation, as a link of its own: the cluster view with the pod drawer open (see podInLocation).
  if (parts.length === 5 && parts[0] === 'clusters' && parts[1] !== undefined && parts[2] === 'pods') {
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

/** A pod named on a page: what the pod drawer explains. */
export interface PodRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** The hash's query string (after `?`) split into raw `key=value` parts, undecoded. */
function hashQueryParts(hash: string): string[] {
  const at = hash.indexOf('?');
  return at < 0
    ? []
    : hash
        .slice(at + 1)
        .split('&')
        .filter((p) => p !== '');
}

const POD_PARAM = 'pod=';

/**
 * Pure: the pod whose explanation the location asks for — `?pod=<cluster>/<namespace>/<name>` on any
 * route (each part URI-encoded, so names with `/` or `&` survive), or the route
 * `#/clusters/<cluster>/pods/<namespace>/<name>`; null when none (or unreadable).
 */
export function podInLocation(hash: string): PodRef | null {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '');
  const parts = path.split('/').filter((p) => p !== '');
  try {
    if (parts.length === 5 && parts[0] === 'clusters' && parts[2] === 'pods') {
      const [, cluster, , namespace, name] = parts.map(decodeURIComponent);
      return cluster && namespace && name ? { cluster, namespace, name } : null;
    }
    // Read raw: URLSearchParams would decode the encoded `/` inside a part before it is split.
    const value = hashQueryParts(hash)
      .findLast((p) => p.startsWith(POD_PARAM))
      ?.slice(POD_PARAM.length);
    if (value === undefined) return null;
    const pieces = value.split('/');
    if (pieces.length !== 3) return null;
    const [cluster, namespace, name] = pieces.map(decodeURIComponent);
    return cluster && namespace && name ? { cluster, namespace, name } : null;
  } catch {
    return null;
  }
}

/**
 * Pure: the hash that opens the pod drawer on the current route (its other options kept as they are),
 * or — with `pod` null — the same route with the drawer closed. Closing the pod route goes to its cluster.
 */
export function hashWithPod(hash: string, pod: PodRef | null): string {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  let path = at >= 0 ? raw.slice(0, at) : raw;
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 5 && parts[0] === 'clusters' && parts[2] === 'pods') path = `/clusters/${parts[1]}`;
  const query = hashQueryParts(hash).filter((p) => !p.startsWith(POD_PARAM));
  if (pod !== null) {
    query.push(`${POD_PARAM}${[pod.cluster, pod.namespace, pod.name].map(encodeURIComponent).join('/')}`);
  }
  return `#${path === '' ? '/' : path}${query.length === 0 ? '' : `?${query.join('&')}`}`;
}

/** The link to a pod's explanation on its own: the cluster view with the drawer open. */
export function podHref(pod: PodRef): string {
  return `#/clusters/${encodeURIComponent(pod.cluster)}/pods/${encodeURIComponent(pod.namespace)}/${encodeURIComponent(pod.name)}`;
}

/** The pod the current location names (see podInLocation), following hash changes. */
export function usePodInLocation(): PodRef | null {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return useMemo(() => podInLocation(hash), [hash]);
}

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
