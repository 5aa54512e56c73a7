import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Answer, answerKey, keepNewest, stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import { IdleAllocatedPodsDocument, type IdleAllocatedPodsQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';

export type IdleAllocatedCluster = NonNullable<IdleAllocatedPodsQuery['cluster']>;

export function idleAllocatedOperation(cluster: string) {
  return operation(IdleAllocatedPodsDocument, { cluster });
}

/** A cluster's idle-allocated GPUs and their pods, asked for once when mounted (the panel mounts it on open). */
export function useIdleAllocated(cluster: string): {
  data: IdleAllocatedCluster | null | undefined;
  error: Error | null;
} {
  const transport = useTransport();
  const op = useMemo(() => idleAllocatedOperation(cluster), [cluster]);
  const result = useQuery({
    queryKey: answerKey(op),
    queryFn: async (): Promise<Answer<IdleAllocatedCluster | null>> => {
      const data = rootOf<IdleAllocatedCluster | null>(await transport.query(op), 'cluster', true);
      return { data, receivedAt: Date.now(), stamp: stampOf(data) };
    },
    structuralSharing: keepNewest,
  });
  return { data: result.data?.data, error: result.error };
}
