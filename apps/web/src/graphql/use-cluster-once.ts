import { useQuery } from '@tanstack/react-query';
import { type Answer, answerKey, keepNewest, stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import type { TypedOperation } from './operation.ts';
import { useTransport } from './transport-context.ts';

/**
 * A `cluster(name:)` query asked once when mounted (a panel mounts it when opened): never polled, never
 * pushed, so the live feeds carry none of it. `data` is undefined before the answer, null when the cluster
 * is not watched. `op` must be stable (memoised by the caller).
 */
export function useClusterOnce<T extends { generatedAt: string }>(
  op: TypedOperation<unknown>,
): {
  data: T | null | undefined;
  error: Error | null;
} {
  const transport = useTransport();
  const result = useQuery({
    queryKey: answerKey(op),
    queryFn: async (): Promise<Answer<T | null>> => {
      const data = rootOf<T | null>(await transport.query(op), 'cluster', true);
      return { data, receivedAt: Date.now(), stamp: stampOf(data) };
    },
    structuralSharing: keepNewest,
  });
  return { data: result.data?.data, error: result.error };
}
