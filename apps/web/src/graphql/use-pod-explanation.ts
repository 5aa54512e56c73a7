import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { PodRef } from '../router.ts';
import { type Answer, answerKey, keepNewest, stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import { PodExplanationDocument, type PodExplanationQuery } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';

export type PodExplanationCluster = NonNullable<PodExplanationQuery['cluster']>;
export type ExplainedPod = NonNullable<PodExplanationCluster['troubledPod']>;

/** The answer to "explain pod X of cluster C": `cluster` null when the API does not watch C. */
export interface PodExplanationLookup {
  cluster: PodExplanationCluster | null;
}

export interface PodExplanationResult {
  data: PodExplanationLookup | null;
  error: Error | null;
  /** True while the first answer is on its way. */
  loading: boolean;
}

export function podExplanationOperation(pod: PodRef) {
  return operation(PodExplanationDocument, {
    cluster: pod.cluster,
    namespace: pod.namespace,
    name: pod.name,
  });
}

const read = (data: unknown): PodExplanationLookup => ({
  cluster: rootOf<PodExplanationCluster | null>(data, 'cluster', true),
});

/**
 * One pod's explanation, asked for once when the drawer opens (the drawer is mounted only while open):
 * no polling and no subscription; opening it again asks again (a pod's trouble changes).
 */
export function usePodExplanation(pod: PodRef): PodExplanationResult {
  const transport = useTransport();
  const op = useMemo(() => podExplanationOperation(pod), [pod]);
  const result = useQuery({
    queryKey: answerKey(op),
    queryFn: async (): Promise<Answer<PodExplanationLookup>> => {
      const data = read(await transport.query(op));
      return { data, receivedAt: Date.now(), stamp: stampOf(data.cluster) };
    },
    structuralSharing: keepNewest,
  });
  return { data: result.data?.data ?? null, error: result.error, loading: result.isPending };
}
