import { findResourceType, RESOURCE_TYPES, type ResourceType } from '../model/resources.ts';

/** A request path resolved against the resources this server knows. */
export type Route =
  | { kind: 'health' }
  | { kind: 'version' }
  | { kind: 'api-versions' }
  | { kind: 'api-groups' }
  | { kind: 'api-group'; group: string }
  | { kind: 'resource-list'; group: string; version: string }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** Legacy `/api/v1/watch/...` form. */
      legacyWatch: boolean;
    }
  | { kind: 'unknown' };

const HEALTH = new Set(['healthz', 'livez', 'readyz']);

function resourcePath(
  group: string,
  version: string,
  segments: string[],
  legacyWatch: boolean,
  served: readonly ResourceType[],
): Route {
  let rest = segments;
  if (rest[0] === 'watch') {
    return resourcePath(group, version, rest.slice(1), true, served);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = findResourceType(group, version, rest[2] ?? '', served);
    if (inner?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return { kind: 'unknown' };
  const type = findResourceType(group, version, resource, served);
  if (!type) return { kind: 'unknown' };
  if (namespace === undefined && type.namespaced && name !== undefined) return { kind: 'unknown' };
  if (subresource !== undefined && !type.subresources.includes(subresource)) return { kind: 'unknown' };
  return {
    kind: 'resource',
    type,
    legacyWatch,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

/** Resolves a URL path (without query) to a route, among the resources this cluster serves. */
export function resolveRoute(pathname: string, served: readonly ResourceType[] = RESOURCE_TYPES): Route {
  const segments = pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  const [first, second, third] = segments;
  if (first && HEALTH.has(first)) return { kind: 'health' };
  if (first === 'version' && segments.length === 1) return { kind: 'version' };
  if (first === 'api') {
    if (segments.length === 1) return { kind: 'api-versions' };
    if (second !== 'v1') return { kind: 'unknown' };
    if (segments.length === 2) return { kind: 'resource-list', group: '', version: 'v1' };
    return resourcePath('', 'v1', segments.slice(2), false, served);
  }
  if (first === 'apis') {
    if (segments.length === 1) return { kind: 'api-groups' };
    if (segments.length === 2 && second) return { kind: 'api-group', group: second };
    if (segments.length === 3 && second && third)
      return { kind: 'resource-list', group: second, version: third };
    if (second && third) return resourcePath(second, third, segments.slice(3), false, served);
  }
  return { kind: 'unknown' };
}
