import { useQuery } from '@tanstack/react-query';
import { type Answer, answerKey, keepNewest } from './answers.ts';
import type { TypedOperation } from './operation.ts';
import type { GraphQLTransport } from './transport.ts';

export interface PolledResult<T> {
  /** Latest answer; kept when later polls fail. */
  data: T | null;
  /** The latest failure (request or unreadable answer); null after a success. */
  error: Error | null;
  /** Browser time (epoch ms) the current `data` arrived; null before the first answer. */
  receivedAt: number | null;
}

export interface PolledQueryOptions<TQuery, T> {
  transport: GraphQLTransport;
  /** Must be stable (a module constant or memoised). */
  operation: TypedOperation<TQuery>;
  /** The view inside the answer (checked by `boundary.ts` where the schema cannot vouch). */
  read: (data: unknown) => T;
  intervalMs: number;
}

/**
 * Runs a query now and then every `intervalMs`, for data that changes on a clock rather than on events
 * (time series), through the same cache as the live views. A poll never overlaps the previous one: a slow
 * API gets at most one request in flight.
 */
export function usePolledQuery<TQuery, T>({
  transport,
  operation,
  read,
  intervalMs,
}: PolledQueryOptions<TQuery, T>): PolledResult<T> {
  const result = useQuery({
    queryKey: answerKey(operation),
    queryFn: async (): Promise<Answer<T>> => ({
      data: read(await transport.query(operation)),
      receivedAt: Date.now(),
      // History is not a snapshot: each answer is newer than the last.
      stamp: { version: null, generatedAt: null },
    }),
    refetchInterval: intervalMs,
    structuralSharing: keepNewest,
  });
  return {
    data: result.data?.data ?? null,
    error: result.error,
    receivedAt: result.data?.receivedAt ?? null,
  };
}
