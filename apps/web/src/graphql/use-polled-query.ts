import { useEffect, useReducer } from 'react';
import type { GraphQLTransport, Operation } from './transport.ts';

export interface PolledResult<T> {
  /** Latest decoded answer; kept when later polls fail. */
  data: T | null;
  /** The latest failure (request or decode); null after a success. */
  error: Error | null;
  /** Browser time (epoch ms) the current `data` arrived; null before the first answer. */
  receivedAt: number | null;
}

export interface PolledQueryOptions<T> {
  transport: GraphQLTransport;
  /** Must be stable (a module constant or memoised): the polling restarts when it changes. */
  operation: Operation;
  decode: (data: unknown) => T;
  intervalMs: number;
}

type Action<T> = { type: 'data'; data: T; at: number } | { type: 'failed'; error: Error } | { type: 'reset' };

function initial<T>(): PolledResult<T> {
  return { data: null, error: null, receivedAt: null };
}

function reducer<T>(state: PolledResult<T>, action: Action<T>): PolledResult<T> {
  switch (action.type) {
    case 'data':
      return { data: action.data, error: null, receivedAt: action.at };
    case 'failed':
      return { ...state, error: action.error };
    case 'reset':
      return initial<T>();
  }
}

/**
 * Runs a query now and then every `intervalMs`, for data that changes on a clock rather than on events
 * (time series). A poll never overlaps the previous one: a slow API gets at most one request in flight.
 */
export function usePolledQuery<T>({
  transport,
  operation,
  decode,
  intervalMs,
}: PolledQueryOptions<T>): PolledResult<T> {
  const [state, dispatch] = useReducer(reducer<T>, undefined, initial<T>);

  useEffect(() => {
    let disposed = false;
    let inFlight = false;

    async function poll(): Promise<void> {
      if (inFlight) return;
      inFlight = true;
      try {
        const data = decode(await transport.query(operation));
        if (!disposed) dispatch({ type: 'data', data, at: Date.now() });
      } catch (error) {
        if (!disposed)
          dispatch({ type: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      } finally {
        inFlight = false;
      }
    }

    dispatch({ type: 'reset' });
    void poll();
    const timer = setInterval(() => void poll(), intervalMs);
    return () => {
      disposed = true;
      clearInterval(timer);
    };
  }, [transport, operation, decode, intervalMs]);

  return state;
}
