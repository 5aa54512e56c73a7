import { useMemo } from 'react';
import clusterOperations from './cluster.graphql?raw';
import {
  type ClusterLookup,
  type ClusterSeriesLookup,
  decodeClusterChangedData,
  decodeClusterSeriesData,
  decodeClusterViewData,
} from './decode-cluster.ts';
import sharedFragments from './fragments.graphql?raw';
import type { Operation } from './transport.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';
import { type PolledResult, usePolledQuery } from './use-polled-query.ts';

// The shared fragments travel with the operations that spread them (GraphQL has no imports).
const clusterDocument = `${clusterOperations}\n${sharedFragments}`;

/** How much history the sparklines show. */
export const SERIES_RANGE_MINUTES = 60;
/** History changes slowly and costs range queries: refresh it on a clock, not on every push. */
export const SERIES_POLL_INTERVAL_MS = 30_000;

export function clusterViewOperation(name: string): Operation {
  return { document: clusterDocument, operationName: 'ClusterView', variables: { name } };
}

export function clusterChangedOperation(name: string): Operation {
  return { document: clusterDocument, operationName: 'ClusterChanged', variables: { name } };
}

export function clusterSeriesOperation(name: string, lastMinutes = SERIES_RANGE_MINUTES): Operation {
  return {
    document: clusterDocument,
    operationName: 'ClusterSeries',
    variables: { name, range: { lastMinutes } },
  };
}

/** One cluster's verdicts, live: query first, then `clusterChanged` pushes; polled without a socket. */
export function useCluster(name: string): LiveResult<ClusterLookup> {
  const query = useMemo(() => clusterViewOperation(name), [name]);
  const subscription = useMemo(() => clusterChangedOperation(name), [name]);
  return useLiveQuery({
    transport: useTransport(),
    query,
    subscription,
    decodeQuery: decodeClusterViewData,
    decodeSubscription: decodeClusterChangedData,
  });
}

/** One cluster's control-plane history for the sparklines, refreshed every 30 s. */
export function useClusterSeries(name: string): PolledResult<ClusterSeriesLookup> {
  const operation = useMemo(() => clusterSeriesOperation(name), [name]);
  return usePolledQuery({
    transport: useTransport(),
    operation,
    decode: decodeClusterSeriesData,
    intervalMs: SERIES_POLL_INTERVAL_MS,
  });
}
