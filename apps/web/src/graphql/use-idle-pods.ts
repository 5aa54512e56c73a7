import { useMemo } from 'react';
import { IdleAllocatedPodsDocument, type IdleAllocatedPodsQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useClusterOnce } from './use-cluster-once.ts';

export type IdleAllocatedCluster = NonNullable<IdleAllocatedPodsQuery['cluster']>;

export function idleAllocatedOperation(cluster: string) {
  return operation(IdleAllocatedPodsDocument, { cluster });
}

/** A cluster's idle-allocated GPUs and their pods, asked for once when mounted (the panel mounts it on open). */
export function useIdleAllocated(cluster: string): {
  data: IdleAllocatedCluster | null | undefined;
  error: Error | null;
} {
  return useClusterOnce<IdleAllocatedCluster>(useMemo(() => idleAllocatedOperation(cluster), [cluster]));
}
