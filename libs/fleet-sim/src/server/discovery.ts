import { ALL_VERBS, groupVersion, RESOURCE_TYPES, type ResourceType } from '../model/resources.ts';
import type { JsonObject } from '../model/types.ts';
import { AUTH_GROUPS, authApiGroup } from './auth-reviews.ts';

/** Groups served under /apis, in the order the real server lists them. */
function groups(served: readonly ResourceType[]): string[] {
  const out: string[] = [];
  for (const t of served) if (t.group !== '' && !out.includes(t.group)) out.push(t.group);
  return out;
}

/** `/version`. */
export function versionInfo(gitVersion: string): JsonObject {
  const match = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: match?.[1] ?? '1',
    minor: match?.[2] ?? '35',
    emulationMajor: match?.[1] ?? '1',
    emulationMinor: match?.[2] ?? '35',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`: APIVersions. */
export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** A group's versions, preferred first (the first listed among its resource types: v1 before v1beta1). */
function apiGroup(group: string, served: readonly ResourceType[]): JsonObject {
  const versions: string[] = [];
  for (const t of served) if (t.group === group && !versions.includes(t.version)) versions.push(t.version);
  if (versions.length === 0) versions.push('v1');
  const gvs = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] as JsonObject };
}

/** `/apis`: APIGroupList, with the review groups (TokenReview, SubjectAccessReview) every server has. */
export function apiGroupList(served: readonly ResourceType[] = RESOURCE_TYPES): JsonObject {
  const list: JsonObject[] = groups(served).map((g) => apiGroup(g, served));
  // kube-apiserver lists them after apps and events.k8s.io, before autoscaling and the rest.
  const names = groups(served);
  const after = Math.max(names.indexOf('apps'), names.indexOf('events.k8s.io'));
  const reviews = AUTH_GROUPS.map((g) => {
    const { kind: _kind, apiVersion: _v, ...entry } = authApiGroup(g.group) as JsonObject;
    return entry;
  });
  list.splice(after + 1, 0, ...reviews);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: list };
}

/** `/apis/<group>`: APIGroup, or undefined for an unknown group. */
export function apiGroupDocument(
  group: string,
  served: readonly ResourceType[] = RESOURCE_TYPES,
): JsonObject | undefined {
  if (!groups(served).includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, served) };
}

function resourceEntry(t: ResourceType): JsonObject[] {
  const main: JsonObject = {
    name: t.name,
    singularName: t.singularName,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: [...ALL_VERBS],
    ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length > 0 ? { categories: t.categories } : {}),
  };
  const subs = t.subresources.map(
    (s): JsonObject => ({
      name: `${t.name}/${s}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'patch', 'update'],
    }),
  );
  return [main, ...subs];
}

/** `/api/v1`, `/apis/<group>/<version>`: APIResourceList, or undefined when not served. */
export function apiResourceList(
  group: string,
  version: string,
  served: readonly ResourceType[] = RESOURCE_TYPES,
): JsonObject | undefined {
  const types = served.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(types[0] as ResourceType),
    resources: types.flatMap(resourceEntry),
  };
}
