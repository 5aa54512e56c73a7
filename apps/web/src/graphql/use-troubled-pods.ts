import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Answer, answerKey, keepNewest, stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import { TroubledPodNamesDocument, type TroubledPodNamesQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';

export type TroubledPodNamesCluster = NonNullable<TroubledPodNamesQuery['cluster']>;

export function troubledPodNamesOperation(cluster: string) {
  return operation(TroubledPodNamesDocument, { cluster });
}

/** The first troubled pods of a cluster (namespace, then name), asked for once when mounted. */
export function useTroubledPodNames(cluster: string): {
  data: TroubledPodNamesCluster | null | undefined;
  error: Error | null;
} {
  const transport = useTransport();
  const op = useMemo(() => troubledPodNamesOperation(cluster), [cluster]);
  const result = useQuery({
    queryKey: answerKey(op),
    queryFn: async (): Promise<Answer<TroubledPodNamesCluster | null>> => {
      const data = rootOf<TroubledPodNamesCluster | null>(await transport.query(op), 'cluster', true);
      return { data, receivedAt: Date.now(), stamp: stampOf(data) };
    },
    structuralSharing: keepNewest,
  });
  return { data: result.data?.data, error: result.error };
}
