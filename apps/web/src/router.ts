import { useEffect, useState } from 'react';

/** The views this app can show. Hash-based so any static host (and the API's fallback) can serve it. */
export type Route =
  | { view: 'fleet' }
  | { view: 'cluster'; cluster: string }
  | { view: 'not-found'; path: string };

/** Pure: a location hash ("#/clusters/a") to a route. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { view: 'fleet' };
  if (parts.length === 2 && parts[0] === 'clusters' && parts[1] !== undefined) {
    try {
      return { view: 'cluster', cluster: decodeURIComponent(parts[1]) };
    } catch {
      return { view: 'not-found', path };
    }
  }
  return { view: 'not-found', path };
}

export function clusterHref(name: string): string {
  return `#/clusters/${encodeURIComponent(name)}`;
}

export const FLEET_HREF = '#/';

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
