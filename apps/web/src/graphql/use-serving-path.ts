import { useMemo } from 'react';
import { ServingPathDocument, type ServingPathQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useClusterOnce } from './use-cluster-once.ts';

export type ServingPathCluster = NonNullable<ServingPathQuery['cluster']>;

export function servingPathOperation(cluster: string) {
  return operation(ServingPathDocument, { cluster });
}

/** A cluster's serving path (Gateway API) and Kueue queues, asked for once when mounted (the panel mounts it on open). */
export function useServingPath(cluster: string): {
  data: ServingPathCluster | null | undefined;
  error: Error | null;
} {
  return useClusterOnce<ServingPathCluster>(useMemo(() => servingPathOperation(cluster), [cluster]));
}
