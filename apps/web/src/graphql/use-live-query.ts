import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { type Answer, answerKey, keepNewest, type Stamp } from './answers.ts';
import { toError } from './errors.ts';
import type { TypedOperation } from './operation.ts';
import type { GraphQLTransport } from './transport.ts';

/**
 * - `live`: the subscription socket is up; updates arrive as they happen.
 * - `reconnecting`: the socket is down and being retried; the query is polled meanwhile and answers.
 * - `offline`: the socket is down AND the last query failed; what is shown is the last data received.
 */
export type Connection = 'live' | 'reconnecting' | 'offline';

export interface LiveResult<T> {
  /** Latest data from either channel; kept when later requests fail (with `receivedAt` to say how old). */
  data: T | null;
  /** The latest failure of the query channel (or an unreadable push); null after a success. */
  error: Error | null;
  connection: Connection;
  /** Browser time (epoch ms) the current `data` arrived; null before the first answer. */
  receivedAt: number | null;
}

export interface LiveQueryOptions<TQuery, TSubscription, T> {
  transport: GraphQLTransport;
  /** Answers land in the cache entry of this query; pushes of `subscription` land in the same entry. */
  query: TypedOperation<TQuery>;
  subscription: TypedOperation<TSubscription>;
  /** The view inside each kind of answer (checked by `boundary.ts` where the schema cannot vouch). */
  fromQuery: (data: unknown) => T;
  fromSubscription: (data: unknown) => T;
  /** When the API computed a view: an older answer never replaces a newer one. */
  stamp: (view: T) => Stamp;
  /** Poll the query this often while the socket is down. */
  pollIntervalMs?: number;
  /** After a subscription ends with an error, start a new one after this long. */
  resubscribeAfterMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_RESUBSCRIBE_AFTER_MS = 15_000;

/** Pure: the connection state shown to the user. */
export function connectionOf(socketUp: boolean, lastQueryFailed: boolean): Connection {
  if (socketUp) return 'live';
  return lastQueryFailed ? 'offline' : 'reconnecting';
}

/**
 * Query first, then subscribe; while the subscription socket is down, poll the query. Both channels write
 * one cache entry (see answers.ts). The operations and functions must be stable (module constants or
 * memoised): the subscription restarts when they change.
 */
export function useLiveQuery<TQuery, TSubscription, T>(
  options: LiveQueryOptions<TQuery, TSubscription, T>,
): LiveResult<T> {
  const {
    transport,
    query,
    subscription,
    fromQuery,
    fromSubscription,
    stamp,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    resubscribeAfterMs = DEFAULT_RESUBSCRIBE_AFTER_MS,
  } = options;
  const client = useQueryClient();
  const key = useMemo(() => answerKey(query), [query]);
  const [socketUp, setSocketUp] = useState(false);
  const [pushError, setPushError] = useState<Error | null>(null);

  const result = useQuery({
    queryKey: key,
    queryFn: async (): Promise<Answer<T>> => {
      const data = fromQuery(await transport.query(query));
      return { data, receivedAt: Date.now(), stamp: stamp(data) };
    },
    // Until the socket says it is connected, and whenever it is down, the query is the only channel.
    refetchInterval: socketUp ? false : pollIntervalMs,
    structuralSharing: keepNewest,
  });

  useEffect(() => {
    let disposed = false;
    let up = false;
    let connects = 0;
    let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;
    let stopSubscription: (() => void) | undefined;

    const socket = (next: boolean): void => {
      up = next;
      setSocketUp(next);
    };

    function subscribe(): void {
      stopSubscription = transport.subscribe(subscription, {
        next: (raw) => {
          if (disposed) return;
          try {
            const data = fromSubscription(raw);
            client.setQueryData<Answer<T>>(key, { data, receivedAt: Date.now(), stamp: stamp(data) });
            setPushError(null);
          } catch (error) {
            // A bad push is reported like a failed query; the next good push or poll clears it.
            setPushError(toError(error));
          }
        },
        connected: () => {
          if (disposed) return;
          connects += 1;
          socket(true);
          // After a reconnect the server may only push on the next change: resynchronise now.
          if (connects > 1) void client.refetchQueries({ queryKey: key, exact: true });
        },
        disconnected: () => {
          if (!disposed && up) socket(false);
        },
        error: () => {
          if (disposed) return;
          socket(false);
          stopSubscription?.();
          stopSubscription = undefined;
          clearTimeout(resubscribeTimer);
          resubscribeTimer = setTimeout(() => {
            if (!disposed) subscribe();
          }, resubscribeAfterMs);
        },
      });
    }

    socket(false);
    setPushError(null);
    subscribe();
    return () => {
      disposed = true;
      clearTimeout(resubscribeTimer);
      stopSubscription?.();
    };
  }, [client, key, transport, subscription, fromSubscription, stamp, resubscribeAfterMs]);

  const answer = result.data;
  const queryError = result.error;
  return {
    data: answer?.data ?? null,
    error: pushError ?? queryError,
    connection: connectionOf(socketUp, queryError !== null),
    receivedAt: answer?.receivedAt ?? null,
  };
}
