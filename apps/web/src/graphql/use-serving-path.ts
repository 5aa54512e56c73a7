import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Answer, answerKey, keepNewest, stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import { ServingPathDocument, type ServingPathQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';

export type ServingPathCluster = NonNullable<ServingPathQuery['cluster']>;

export function servingPathOperation(cluster: string) {
  return operation(ServingPathDocument, { cluster });
}

/** A cluster's serving path (Gateway API) and Kueue queues, asked for once when mounted (the panel mounts it on open). */
export function useServingPath(cluster: string): {
  data: ServingPathCluster | null | undefined;
  error: Error | null;
} {
  const transport = useTransport();
  const op = useMemo(() => servingPathOperation(cluster), [cluster]);
  const result = useQuery({
    queryKey: answerKey(op),
    queryFn: async (): Promise<Answer<ServingPathCluster | null>> => {
      const data = rootOf<ServingPathCluster | null>(await transport.query(op), 'cluster', true);
      return { data, receivedAt: Date.now(), stamp: stampOf(data) };
    },
    structuralSharing: keepNewest,
  });
  return { data: result.data?.data, error: result.error };
}
