import { useEffect, useReducer } from 'react';
import type { GraphQLTransport, Operation } from './transport.ts';

/**
 * - `live`: the subscription socket is up; updates arrive as they happen.
 * - `reconnecting`: the socket is down and being retried; the query is polled meanwhile and answers.
 * - `offline`: the socket is down AND the last query failed; what is shown is the last data received.
 */
export type Connection = 'live' | 'reconnecting' | 'offline';

export interface LiveResult<T> {
  /** Latest data from either channel; kept when later requests fail (with `receivedAt` to say how old). */
  data: T | null;
  /** The latest failure of the query channel (or a payload that failed to decode); null after a success. */
  error: Error | null;
  connection: Connection;
  /** Browser time (epoch ms) the current `data` arrived; null before the first answer. */
  receivedAt: number | null;
}

export interface LiveQueryOptions<T> {
  transport: GraphQLTransport;
  query: Operation;
  subscription: Operation;
  decodeQuery: (data: unknown) => T;
  decodeSubscription: (data: unknown) => T;
  /** Poll the query this often while the socket is down. */
  pollIntervalMs?: number;
  /** After a subscription ends with an error, start a new one after this long. */
  resubscribeAfterMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_RESUBSCRIBE_AFTER_MS = 15_000;

interface State<T> {
  data: T | null;
  error: Error | null;
  receivedAt: number | null;
  socketUp: boolean;
  lastQueryFailed: boolean;
}

type Action<T> =
  | { type: 'data'; data: T; at: number; fromQuery: boolean }
  | { type: 'query-failed'; error: Error }
  | { type: 'socket'; up: boolean }
  | { type: 'reset' };

function initialState<T>(): State<T> {
  return { data: null, error: null, receivedAt: null, socketUp: false, lastQueryFailed: false };
}

function reducer<T>(state: State<T>, action: Action<T>): State<T> {
  switch (action.type) {
    case 'data':
      return {
        ...state,
        data: action.data,
        receivedAt: action.at,
        error: null,
        lastQueryFailed: action.fromQuery ? false : state.lastQueryFailed,
      };
    case 'query-failed':
      return { ...state, error: action.error, lastQueryFailed: true };
    case 'socket':
      return { ...state, socketUp: action.up };
    case 'reset':
      return initialState<T>();
  }
}

/** Pure: the connection state shown to the user. */
export function connectionOf(socketUp: boolean, lastQueryFailed: boolean): Connection {
  if (socketUp) return 'live';
  return lastQueryFailed ? 'offline' : 'reconnecting';
}

/**
 * Query first, then subscribe; while the subscription socket is down, poll the query. The operations and
 * decoders must be stable (module constants): the effect restarts only when the transport changes.
 */
export function useLiveQuery<T>(options: LiveQueryOptions<T>): LiveResult<T> {
  const {
    transport,
    query,
    subscription,
    decodeQuery,
    decodeSubscription,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    resubscribeAfterMs = DEFAULT_RESUBSCRIBE_AFTER_MS,
  } = options;
  const [state, dispatch] = useReducer(reducer<T>, undefined, initialState<T>);

  useEffect(() => {
    let disposed = false;
    let socketUp = false;
    let connects = 0;
    let pollTimer: ReturnType<typeof setInterval> | undefined;
    let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;
    let stopSubscription: (() => void) | undefined;

    async function runQuery(): Promise<void> {
      try {
        const data = decodeQuery(await transport.query(query));
        if (!disposed) dispatch({ type: 'data', data, at: Date.now(), fromQuery: true });
      } catch (error) {
        if (!disposed)
          dispatch({
            type: 'query-failed',
            error: error instanceof Error ? error : new Error(String(error)),
          });
      }
    }

    function startPolling(): void {
      if (pollTimer === undefined) pollTimer = setInterval(() => void runQuery(), pollIntervalMs);
    }

    function stopPolling(): void {
      clearInterval(pollTimer);
      pollTimer = undefined;
    }

    function socketDown(): void {
      socketUp = false;
      dispatch({ type: 'socket', up: false });
      startPolling();
    }

    function subscribe(): void {
      stopSubscription = transport.subscribe(subscription, {
        next: (raw) => {
          if (disposed) return;
          try {
            dispatch({ type: 'data', data: decodeSubscription(raw), at: Date.now(), fromQuery: false });
          } catch (error) {
            // A bad push is reported like a failed query; the next good push or poll clears it.
            dispatch({
              type: 'query-failed',
              error: error instanceof Error ? error : new Error(String(error)),
            });
          }
        },
        connected: () => {
          if (disposed) return;
          socketUp = true;
          connects += 1;
          stopPolling();
          dispatch({ type: 'socket', up: true });
          // After a reconnect the server may only push on the next change: resynchronise now.
          if (connects > 1) void runQuery();
        },
        disconnected: () => {
          if (!disposed && socketUp) socketDown();
          else if (!disposed) startPolling();
        },
        error: () => {
          if (disposed) return;
          socketDown();
          stopSubscription?.();
          stopSubscription = undefined;
          clearTimeout(resubscribeTimer);
          resubscribeTimer = setTimeout(() => {
            if (!disposed) subscribe();
          }, resubscribeAfterMs);
        },
      });
    }

    dispatch({ type: 'reset' });
    void runQuery();
    subscribe();
    // Until the socket says it is connected, the query is the only channel.
    startPolling();

    return () => {
      disposed = true;
      stopPolling();
      clearTimeout(resubscribeTimer);
      stopSubscription?.();
    };
  }, [transport, query, subscription, decodeQuery, decodeSubscription, pollIntervalMs, resubscribeAfterMs]);

  return {
    data: state.data,
    error: state.error,
    connection: connectionOf(state.socketUp, state.lastQueryFailed),
    receivedAt: state.receivedAt,
  };
}
