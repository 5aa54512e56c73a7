import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { GraphQLTransport, Operation, SubscriptionSink } from '../src/graphql/transport.ts';
import { connectionOf, useLiveQuery } from '../src/graphql/use-live-query.ts';

const QUERY: Operation = { document: 'query Q { n }', operationName: 'Q' };
const SUBSCRIPTION: Operation = { document: 'subscription S { n }', operationName: 'S' };
const decodeQuery = (data: unknown): number => (data as { n: number }).n;
const decodeSubscription = (data: unknown): number => (data as { n: number }).n;

/** A transport whose query answers from `answer` and whose subscriptions the test drives by hand. */
function fakeTransport() {
  const sinks: SubscriptionSink[] = [];
  const state = { answer: (): Promise<unknown> => Promise.resolve({ n: 1 }), unsubscribed: 0 };
  const query = vi.fn(() => state.answer());
  const transport: GraphQLTransport = {
    query,
    subscribe: (_op, sink) => {
      sinks.push(sink);
      return () => {
        state.unsubscribed += 1;
      };
    },
  };
  return { transport, query, sinks, state };
}

async function flush(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function setup() {
  vi.useFakeTimers({ now: 1_000_000 });
  const fake = fakeTransport();
  const hook = renderHook(() =>
    useLiveQuery({
      transport: fake.transport,
      query: QUERY,
      subscription: SUBSCRIPTION,
      decodeQuery,
      decodeSubscription,
    }),
  );
  return { ...fake, hook };
}

describe('connectionOf', () => {
  it.each([
    [true, false, 'live'],
    [true, true, 'live'],
    [false, false, 'reconnecting'],
    [false, true, 'offline'],
  ] as const)('socketUp=%s lastQueryFailed=%s → %s', (up, failed, expected) => {
    expect(connectionOf(up, failed)).toBe(expected);
  });
});

describe('useLiveQuery', () => {
  it('queries first, then goes live and applies pushes', async () => {
    const { hook, sinks, query } = setup();
    await flush();
    expect(query).toHaveBeenCalledTimes(1);
    expect(hook.result.current.data).toBe(1);
    expect(hook.result.current.receivedAt).toBe(1_000_000);
    expect(hook.result.current.connection).toBe('reconnecting');

    const sink = sinks[0];
    if (sink === undefined) throw new Error('no subscription');
    act(() => sink.connected());
    expect(hook.result.current.connection).toBe('live');
    await flush(2_000);
    act(() => sink.next({ n: 2 }));
    expect(hook.result.current.data).toBe(2);
    expect(hook.result.current.receivedAt).toBe(1_002_000);

    // No polling while live.
    await flush(30_000);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('polls every 10 s while the socket is down and resynchronises on reconnect', async () => {
    const { hook, sinks, query } = setup();
    await flush();
    const sink = sinks[0];
    if (sink === undefined) throw new Error('no subscription');
    act(() => sink.connected());
    act(() => sink.disconnected('connection closed (code 1006)'));
    expect(hook.result.current.connection).toBe('reconnecting');
    await flush(10_000);
    expect(query).toHaveBeenCalledTimes(2);
    await flush(10_000);
    expect(query).toHaveBeenCalledTimes(3);

    act(() => sink.connected());
    await flush();
    expect(query).toHaveBeenCalledTimes(4); // the resync query
    expect(hook.result.current.connection).toBe('live');
    await flush(30_000);
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('is offline, keeping the last data, when the socket is down and the query fails', async () => {
    const { hook, state } = setup();
    await flush();
    state.answer = () => Promise.reject(new Error('Failed to fetch'));
    await flush(10_000);
    expect(hook.result.current.connection).toBe('offline');
    expect(hook.result.current.error?.message).toBe('Failed to fetch');
    expect(hook.result.current.data).toBe(1);
    expect(hook.result.current.receivedAt).toBe(1_000_000);

    state.answer = () => Promise.resolve({ n: 5 });
    await flush(10_000);
    expect(hook.result.current.connection).toBe('reconnecting');
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.data).toBe(5);
  });

  it('starts a new subscription 15 s after one fails for good', async () => {
    const { hook, sinks, state } = setup();
    await flush();
    const first = sinks[0];
    if (first === undefined) throw new Error('no subscription');
    act(() => first.connected());
    act(() => first.error(new Error('connection closed (code 4500: boom)')));
    expect(hook.result.current.connection).toBe('reconnecting');
    expect(state.unsubscribed).toBe(1);
    await flush(14_999);
    expect(sinks).toHaveLength(1);
    await flush(1);
    expect(sinks).toHaveLength(2);
  });

  it('stops everything on unmount', async () => {
    const { hook, query, state } = setup();
    await flush();
    hook.unmount();
    expect(state.unsubscribed).toBe(1);
    await flush(60_000);
    expect(query).toHaveBeenCalledTimes(1);
  });
});
