import { array, boolean, integer, nullable, number, oneOf, record, string } from './decode.ts';
import type {
  ClusterTileFieldsFragment,
  FleetOverviewFragment,
  GpuTotalsFieldsFragment,
  HealthStatus,
  PlaneHealthFieldsFragment,
  WatchState,
} from './generated.ts';

const HEALTH_STATUSES: readonly HealthStatus[] = ['HEALTHY', 'DEGRADED', 'DOWN', 'UNKNOWN', 'NOT_APPLICABLE'];
const WATCH_STATES: readonly WatchState[] = ['CONNECTING', 'SYNCED', 'RETRYING', 'FORBIDDEN'];

/** An unknown status from a newer API is shown as UNKNOWN, never as anything green. */
export const healthStatus = oneOf(HEALTH_STATUSES, 'UNKNOWN');
// An unknown watch state is treated like a watch that is still connecting (not synced).
const watchState = oneOf(WATCH_STATES, 'CONNECTING');
const optionalString = nullable(string);
const optionalNumber = nullable(number);

/** Validates a plane verdict: status and summary. */
export function planeHealth(value: unknown, path: string): PlaneHealthFieldsFragment {
  const v = record(value, path);
  return { status: healthStatus(v.status, `${path}.status`), summary: string(v.summary, `${path}.summary`) };
}

function gpuTotals(value: unknown, path: string): GpuTotalsFieldsFragment {
  const v = record(value, path);
  return {
    allocatable: integer(v.allocatable, `${path}.allocatable`),
    allocated: integer(v.allocated, `${path}.allocated`),
    pending: integer(v.pending, `${path}.pending`),
    unusable: integer(v.unusable, `${path}.unusable`),
  };
}

type Freshness = ClusterTileFieldsFragment['freshness'][number];

function sourceFreshness(value: unknown, path: string): Freshness {
  const v = record(value, path);
  return {
    resource: string(v.resource, `${path}.resource`),
    state: watchState(v.state, `${path}.state`),
    stale: boolean(v.stale, `${path}.stale`),
    lastEventAt: optionalString(v.lastEventAt, `${path}.lastEventAt`),
    confirmedAt: optionalString(v.confirmedAt, `${path}.confirmedAt`),
    behind: optionalString(v.behind, `${path}.behind`),
    lastSyncAt: optionalString(v.lastSyncAt, `${path}.lastSyncAt`),
    lastError: optionalString(v.lastError, `${path}.lastError`),
    lastErrorAt: optionalString(v.lastErrorAt, `${path}.lastErrorAt`),
    lagSeconds: optionalNumber(v.lagSeconds, `${path}.lagSeconds`),
  };
}

function counts<K extends string>(value: unknown, path: string, keys: readonly K[]): Record<K, number> {
  const v = record(value, path);
  const out = {} as Record<K, number>;
  for (const key of keys) out[key] = integer(v[key], `${path}.${key}`);
  return out;
}

/** Validates one cluster tile payload. */
export function decodeCluster(value: unknown, path: string): ClusterTileFieldsFragment {
  const v = record(value, path);
  return {
    name: string(v.name, `${path}.name`),
    dataAsOf: optionalString(v.dataAsOf, `${path}.dataAsOf`),
    stale: boolean(v.stale, `${path}.stale`),
    controlPlane: planeHealth(v.controlPlane, `${path}.controlPlane`),
    dataPlane: planeHealth(v.dataPlane, `${path}.dataPlane`),
    nodes: counts(v.nodes, `${path}.nodes`, ['total', 'ready', 'notReady', 'unknown', 'cordoned']),
    pods: counts(v.pods, `${path}.pods`, ['total', 'running', 'ready', 'pending', 'failed', 'crashLooping']),
    workloads: counts(v.workloads, `${path}.workloads`, [
      'deployments',
      'deploymentsAvailable',
      'services',
      'servicesWithoutEndpoints',
    ]),
    gpus: gpuTotals(v.gpus, `${path}.gpus`),
    freshness: array(v.freshness, `${path}.freshness`, sourceFreshness),
  };
}

/** Validates a `FleetOverview` fragment payload. */
export function decodeFleet(value: unknown, path = 'fleet'): FleetOverviewFragment {
  const v = record(value, path);
  return {
    version: integer(v.version, `${path}.version`),
    generatedAt: string(v.generatedAt, `${path}.generatedAt`),
    controlPlane: planeHealth(v.controlPlane, `${path}.controlPlane`),
    dataPlane: planeHealth(v.dataPlane, `${path}.dataPlane`),
    gpus: gpuTotals(v.gpus, `${path}.gpus`),
    clusters: array(v.clusters, `${path}.clusters`, decodeCluster),
  };
}

/** `data` of the FleetView query. */
export function decodeFleetViewData(data: unknown): FleetOverviewFragment {
  return decodeFleet(record(data, 'data').fleet, 'fleet');
}

/** `data` of one FleetChanged subscription event. */
export function decodeFleetChangedData(data: unknown): FleetOverviewFragment {
  return decodeFleet(record(data, 'data').fleetChanged, 'fleetChanged');
}
