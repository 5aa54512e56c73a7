import { useMemo } from 'react';
import { stampOf } from './answers.ts';
import { rootOf, rootsOf } from './boundary.ts';
import { CONTROL_PLANE_PARTS, type SeriesByPart } from './cluster-components.ts';
import {
  ClusterChangedDocument,
  type ClusterDetailFragment,
  ClusterSeriesDocument,
  type ClusterSeriesQuery,
  ClusterViewDocument,
} from './generated/graphql.ts';
import { operation, type TypedOperation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';
import { type PolledResult, usePolledQuery } from './use-polled-query.ts';

/** How much history the sparklines show. */
export const SERIES_RANGE_MINUTES = 60;
/** History changes slowly and costs range queries: refresh it on a clock, not on every push. */
export const SERIES_POLL_INTERVAL_MS = 30_000;

/** The answer to "show cluster X": null when the API does not watch a cluster by that name. */
export interface ClusterLookup {
  cluster: ClusterDetailFragment | null;
}

/** The answer to the series query: null when the cluster is not watched. */
export interface ClusterSeriesLookup {
  series: SeriesByPart | null;
}

export function clusterViewOperation(name: string) {
  return operation(ClusterViewDocument, { name });
}

export function clusterChangedOperation(name: string) {
  return operation(ClusterChangedDocument, { name });
}

export function clusterSeriesOperation(
  name: string,
  lastMinutes = SERIES_RANGE_MINUTES,
): TypedOperation<ClusterSeriesQuery> {
  return operation(ClusterSeriesDocument, { name, range: { lastMinutes } });
}

/** The cluster inside a ClusterView answer (`cluster` is null for a name that is not watched). */
export const clusterOfQuery = (data: unknown): ClusterLookup => ({
  cluster: rootOf<ClusterDetailFragment | null>(data, 'cluster', true),
});
/** The cluster inside a ClusterChanged push. */
export const clusterOfPush = (data: unknown): ClusterLookup => ({
  cluster: rootOf<ClusterDetailFragment>(data, 'clusterChanged'),
});
/** A cluster answer is placed by its snapshot's generatedAt (clusters carry no version). */
const clusterStamp = (lookup: ClusterLookup) => stampOf(lookup.cluster);

/** The series answer: one `clusterSeries` alias per part, all null when the cluster is not watched. */
export function seriesOfQuery(data: unknown): ClusterSeriesLookup {
  const answer = rootsOf<ClusterSeriesQuery>(data, CONTROL_PLANE_PARTS, true);
  const byPart = {} as SeriesByPart;
  for (const part of CONTROL_PLANE_PARTS) {
    const series = answer[part];
    if (series === null) return { series: null };
    byPart[part] = series;
  }
  return { series: byPart };
}

/** One cluster's verdicts, live: query first, then `clusterChanged` pushes; polled without a socket. */
export function useCluster(name: string): LiveResult<ClusterLookup> {
  const query = useMemo(() => clusterViewOperation(name), [name]);
  const subscription = useMemo(() => clusterChangedOperation(name), [name]);
  return useLiveQuery({
    transport: useTransport(),
    query,
    subscription,
    fromQuery: clusterOfQuery,
    fromSubscription: clusterOfPush,
    stamp: clusterStamp,
  });
}

/** One cluster's control-plane history for the sparklines, refreshed every 30 s. */
export function useClusterSeries(name: string): PolledResult<ClusterSeriesLookup> {
  const query = useMemo(() => clusterSeriesOperation(name), [name]);
  return usePolledQuery({
    transport: useTransport(),
    operation: query,
    read: seriesOfQuery,
    intervalMs: SERIES_POLL_INTERVAL_MS,
  });
}
