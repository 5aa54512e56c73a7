import { useMemo } from 'react';
import { TroubledPodNamesDocument, type TroubledPodNamesQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useClusterOnce } from './use-cluster-once.ts';

export type TroubledPodNamesCluster = NonNullable<TroubledPodNamesQuery['cluster']>;

export function troubledPodNamesOperation(cluster: string) {
  return operation(TroubledPodNamesDocument, { cluster });
}

/** The first troubled pods of a cluster (namespace, then name), asked for once when mounted. */
export function useTroubledPodNames(cluster: string): {
  data: TroubledPodNamesCluster | null | undefined;
  error: Error | null;
} {
  return useClusterOnce<TroubledPodNamesCluster>(
    useMemo(() => troubledPodNamesOperation(cluster), [cluster]),
  );
}
