import {
  GATEWAY_API_GROUP,
  KUEUE_API_GROUP,
  type OptionalApiState,
  type OptionalResource,
} from '@fleetscope/types';

/** An optional API group (a CRD set) and the resources Fleetscope reads from it. */
export interface OptionalGroup {
  group: string;
  /** Versions Fleetscope reads, preferred first: the first one the server serves is watched. */
  versions: readonly string[];
  resources: readonly OptionalResource[];
  /**
   * Resources that may be served at another version of the group than the one chosen (ReferenceGrant:
   * v1 only since Gateway API v1.5, v1beta1 before), with the versions to try in order.
   */
  fallbackVersions?: Partial<Record<OptionalResource, readonly string[]>>;
}

/**
 * The optional groups watched where served. Gateway API: v1 (GA since v1.0) holds Gateway, HTTPRoute
 * and GatewayClass; ReferenceGrant is v1beta1, and v1 where the installed release serves it. Kueue: v1beta2 is the storage version since v0.16, v1beta1 before; the fields read are
 * the same in both (cohort is read under either name).
 */
export const OPTIONAL_GROUPS: readonly OptionalGroup[] = [
  {
    group: GATEWAY_API_GROUP,
    versions: ['v1'],
    resources: ['gateways', 'httproutes', 'gatewayclasses', 'referencegrants'],
    fallbackVersions: { referencegrants: ['v1beta1'] },
  },
  {
    group: KUEUE_API_GROUP,
    versions: ['v1beta2', 'v1beta1'],
    resources: ['workloads', 'clusterqueues', 'localqueues'],
  },
];

/** One GET against the API server (discovery documents): status and body. */
export type DiscoveryGet = (path: string) => Promise<{ status: number; text: string }>;

/** What discovery found for one group: its state, and the resources to watch at which path. */
export interface DiscoveredGroup {
  state: OptionalApiState;
  /** Empty unless SERVED. */
  watch: { resource: OptionalResource; path: string }[];
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function unknown(group: string, detail: string): DiscoveredGroup {
  return { state: { group, version: '', served: 'UNKNOWN', detail }, watch: [] };
}

/** The resource names of one group version (its APIResourceList); null when discovery failed. */
async function resourceNames(
  get: DiscoveryGet,
  group: string,
  version: string,
): Promise<Set<unknown> | null> {
  try {
    const answer = await get(`/apis/${group}/${version}`);
    if (answer.status !== 200) return null;
    const resources = (parse(answer.text) as { resources?: { name?: unknown }[] } | null)?.resources;
    return Array.isArray(resources) ? new Set(resources.map((r) => r.name)) : null;
  } catch {
    return null;
  }
}

/**
 * Asks the API server whether it serves `group` (GET /apis/<group>, then the chosen version's resource
 * list). 404 on the group, or none of our versions among the served ones: NOT_SERVED — what depends on
 * it is NOT_APPLICABLE. Any other failure (403, 5xx, network, a body that is not discovery): UNKNOWN,
 * nothing concluded. Resources of the group the version does not list are not watched.
 */
export async function discoverGroup(get: DiscoveryGet, spec: OptionalGroup): Promise<DiscoveredGroup> {
  const { group } = spec;
  let answer: { status: number; text: string };
  try {
    answer = await get(`/apis/${group}`);
  } catch (error) {
    return unknown(group, `discovery of ${group} failed: ${(error as Error).message}`);
  }
  if (answer.status === 404) {
    return {
      state: { group, version: '', served: 'NOT_SERVED', detail: `the API server does not serve ${group}` },
      watch: [],
    };
  }
  if (answer.status !== 200) return unknown(group, `discovery of ${group} answered HTTP ${answer.status}`);
  const doc = parse(answer.text) as { versions?: { version?: unknown }[] } | null;
  if (doc === null || !Array.isArray(doc.versions))
    return unknown(group, `discovery of ${group}: not an APIGroup document`);
  const served = doc.versions.map((v) => v.version).filter((v): v is string => typeof v === 'string');
  const version = spec.versions.find((v) => served.includes(v));
  if (version === undefined) {
    return {
      state: {
        group,
        version: '',
        served: 'NOT_SERVED',
        detail: `${group} is served only as ${served.join(', ') || '(no version)'}; Fleetscope reads ${spec.versions.join(' or ')}`,
      },
      watch: [],
    };
  }
  let list: { status: number; text: string };
  try {
    list = await get(`/apis/${group}/${version}`);
  } catch (error) {
    return unknown(group, `discovery of ${group}/${version} failed: ${(error as Error).message}`);
  }
  if (list.status !== 200)
    return unknown(group, `discovery of ${group}/${version} answered HTTP ${list.status}`);
  const resources = (parse(list.text) as { resources?: { name?: unknown }[] } | null)?.resources;
  if (!Array.isArray(resources))
    return unknown(group, `discovery of ${group}/${version}: not an APIResourceList`);
  const names = new Set(resources.map((r) => r.name));
  const watch = spec.resources
    .filter((r) => names.has(r))
    .map((resource) => ({ resource, path: `/apis/${group}/${version}/${resource}` }));
  let missing = spec.resources.filter((r) => !names.has(r));
  // A resource absent from the chosen version may be served at another one (ReferenceGrant v1beta1).
  for (const resource of [...missing]) {
    for (const other of spec.fallbackVersions?.[resource] ?? []) {
      if (!served.includes(other)) continue;
      // A failed look at the other version leaves that resource unwatched (said in the detail), not the group.
      const listed = await resourceNames(get, group, other);
      if (listed === null || !listed.has(resource)) continue;
      watch.push({ resource, path: `/apis/${group}/${other}/${resource}` });
      missing = missing.filter((r) => r !== resource);
      break;
    }
  }
  return {
    state: {
      group,
      version,
      served: 'SERVED',
      detail: missing.length === 0 ? '' : `${missing.join(', ')} not served in ${group}/${version}`,
    },
    watch,
  };
}
