import type { ControlPlanePart } from './cluster-components.ts';
import { array, boolean, nullable, number, record, string } from './decode.ts';
import { decodeCluster, healthStatus, planeHealth } from './decode-fleet.ts';
import type {
  ClusterDetailFragment,
  ComponentHealthFieldsFragment,
  EvidenceFieldsFragment,
  SeriesFieldsFragment,
} from './generated.ts';

const optionalString = nullable(string);

function evidence(value: unknown, path: string): EvidenceFieldsFragment {
  const v = record(value, path);
  return {
    signal: string(v.signal, `${path}.signal`),
    value: string(v.value, `${path}.value`),
    threshold: optionalString(v.threshold, `${path}.threshold`),
    window: optionalString(v.window, `${path}.window`),
    source: string(v.source, `${path}.source`),
    observedAt: optionalString(v.observedAt, `${path}.observedAt`),
  };
}

function componentHealth(value: unknown, path: string): ComponentHealthFieldsFragment {
  const v = record(value, path);
  return {
    status: healthStatus(v.status, `${path}.status`),
    summary: string(v.summary, `${path}.summary`),
    evidence: array(v.evidence, `${path}.evidence`, evidence),
  };
}

function controlPlaneDetail(value: unknown, path: string): ClusterDetailFragment['controlPlane'] {
  const v = record(value, path);
  const impact = record(v.impact, `${path}.impact`);
  const paths = record(v.paths, `${path}.paths`);
  return {
    status: healthStatus(v.status, `${path}.status`),
    summary: string(v.summary, `${path}.summary`),
    evidence: array(v.evidence, `${path}.evidence`, evidence),
    impact: {
      operationsPath: boolean(impact.operationsPath, `${path}.impact.operationsPath`),
      userPath: boolean(impact.userPath, `${path}.impact.userPath`),
      statement: string(impact.statement, `${path}.impact.statement`),
    },
    paths: {
      read: componentHealth(paths.read, `${path}.paths.read`),
      write: componentHealth(paths.write, `${path}.paths.write`),
      admission: componentHealth(paths.admission, `${path}.paths.admission`),
      watch: componentHealth(paths.watch, `${path}.paths.watch`),
    },
    etcd: componentHealth(v.etcd, `${path}.etcd`),
    scheduler: componentHealth(v.scheduler, `${path}.scheduler`),
    controllers: componentHealth(v.controllers, `${path}.controllers`),
  };
}

/** Validates a `ClusterDetail` fragment payload. */
export function decodeClusterDetail(value: unknown, path: string): ClusterDetailFragment {
  const v = record(value, path);
  const dataPlane = record(v.dataPlane, `${path}.dataPlane`);
  return {
    ...decodeCluster(value, path),
    controlPlane: controlPlaneDetail(v.controlPlane, `${path}.controlPlane`),
    dataPlane: {
      ...planeHealth(dataPlane, `${path}.dataPlane`),
      evidence: array(dataPlane.evidence, `${path}.dataPlane.evidence`, evidence),
    },
  };
}

/** The answer to "show cluster X": null when the API does not watch a cluster by that name. */
export interface ClusterLookup {
  cluster: ClusterDetailFragment | null;
}

/** `data` of the ClusterView query (`cluster` is null for a name that is not watched). */
export function decodeClusterViewData(data: unknown): ClusterLookup {
  const cluster = record(data, 'data').cluster;
  return { cluster: cluster === null ? null : decodeClusterDetail(cluster, 'cluster') };
}

/** `data` of one ClusterChanged subscription event. */
export function decodeClusterChangedData(data: unknown): ClusterLookup {
  return { cluster: decodeClusterDetail(record(data, 'data').clusterChanged, 'clusterChanged') };
}

/** Series per control-plane part. */
export type SeriesByPart = Record<ControlPlanePart, SeriesFieldsFragment[]>;

/** The answer to the series query: null when the cluster is not watched. */
export interface ClusterSeriesLookup {
  series: SeriesByPart | null;
}

function series(value: unknown, path: string): SeriesFieldsFragment {
  const v = record(value, path);
  return {
    signal: string(v.signal, `${path}.signal`),
    // Kept as a string: a unit this build does not know is still shown, as a plain number with its name.
    unit: string(v.unit, `${path}.unit`),
    error: optionalString(v.error, `${path}.error`),
    labels: array(v.labels, `${path}.labels`, (label, p) => {
      const l = record(label, p);
      return { name: string(l.name, `${p}.name`), value: string(l.value, `${p}.value`) };
    }),
    points: array(v.points, `${path}.points`, (point, p) => {
      const pt = record(point, p);
      return { t: string(pt.t, `${p}.t`), v: number(pt.v, `${p}.v`) };
    }),
  };
}

/** `data` of the ClusterSeries query: one `clusterSeries` alias per part, all null when not watched. */
export function decodeClusterSeriesData(data: unknown): ClusterSeriesLookup {
  const d = record(data, 'data');
  if (d.read === null) return { series: null };
  const part = (key: ControlPlanePart): SeriesFieldsFragment[] => array(d[key], key, series);
  const out: SeriesByPart = {
    read: part('read'),
    write: part('write'),
    admission: part('admission'),
    watch: part('watch'),
    etcd: part('etcd'),
    scheduler: part('scheduler'),
    controllers: part('controllers'),
  };
  return { series: out };
}
