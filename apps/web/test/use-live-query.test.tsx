import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Stamp } from '../src/graphql/answers.ts';
import type { TypedOperation } from '../src/graphql/operation.ts';
import type { GraphQLTransport, SubscriptionSink } from '../src/graphql/transport.ts';
import { connectionOf, useLiveQuery } from '../src/graphql/use-live-query.ts';
import { withAnswerCache } from './answer-cache.tsx';

interface View {
  n: number;
  version?: number;
  at?: number;
}
const QUERY: TypedOperation<{ v: View }> = { document: 'query Q { n }', operationName: 'Q' };
const SUBSCRIPTION: TypedOperation<{ v: View }> = { document: 'subscription S { n }', operationName: 'S' };
const read = (data: unknown): View => (data as { v: View }).v;
const stamp = (view: View): Stamp => ({ version: view.version ?? null, generatedAt: view.at ?? null });

/** A transport whose query answers from `answer` and whose subscriptions the test drives by hand. */
function fakeTransport() {
  const sinks: SubscriptionSink[] = [];
  const state = { answer: (): Promise<unknown> => Promise.resolve({ v: { n: 1 } }), unsubscribed: 0 };
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
  const hook = renderHook(
    () =>
      useLiveQuery({
        transport: fake.transport,
        query: QUERY,
        subscription: SUBSCRIPTION,
        fromQuery: read,
        fromSubscription: read,
        stamp,
      }),
    { wrapper: withAnswerCache() },
  );
  const sink = (i = 0): SubscriptionSink => {
    const s = fake.sinks[i];
    if (s === undefined) throw new Error('no subscription');
    return s;
  };
  return { ...fake, hook, sink };
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
    const { hook, sink, query } = setup();
    await flush();
    expect(query).toHaveBeenCalledTimes(1);
    expect(hook.result.current.data).toEqual({ n: 1 });
    expect(hook.result.current.receivedAt).toBe(1_000_000);
    expect(hook.result.current.connection).toBe('reconnecting');

    act(() => sink().connected());
    expect(hook.result.current.connection).toBe('live');
    await flush(2_000);
    act(() => sink().next({ v: { n: 2 } }));
    await flush();
    expect(hook.result.current.data).toEqual({ n: 2 });
    expect(hook.result.current.receivedAt).toBe(1_002_000);

    // No polling while live.
    await flush(30_000);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('polls every 10 s while the socket is down and resynchronises on reconnect', async () => {
    const { hook, sink, query } = setup();
    await flush();
    act(() => sink().connected());
    act(() => sink().disconnected('connection closed (code 1006)'));
    expect(hook.result.current.connection).toBe('reconnecting');
    await flush(10_000);
    expect(query).toHaveBeenCalledTimes(2);
    await flush(10_000);
    expect(query).toHaveBeenCalledTimes(3);

    act(() => sink().connected());
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
    expect(hook.result.current.data).toEqual({ n: 1 });
    expect(hook.result.current.receivedAt).toBe(1_000_000);

    state.answer = () => Promise.resolve({ v: { n: 5 } });
    await flush(10_000);
    expect(hook.result.current.connection).toBe('reconnecting');
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.data).toEqual({ n: 5 });
  });

  it('starts a new subscription 15 s after one fails for good', async () => {
    const { hook, sink, sinks, state } = setup();
    await flush();
    act(() => sink().connected());
    act(() => sink().error(new Error('connection closed (code 4500: boom)')));
    expect(hook.result.current.connection).toBe('reconnecting');
    expect(state.unsubscribed).toBe(1);
    await flush(14_999);
    expect(sinks).toHaveLength(1);
    await flush(1);
    expect(sinks).toHaveLength(2);
  });

  it('reports an unreadable push like a failed query, until the next good one', async () => {
    const { hook, sink } = setup();
    await flush();
    act(() => sink().connected());
    act(() =>
      sink().next({
        get v(): View {
          throw new Error('fleetChanged: expected an object, got null');
        },
      }),
    );
    await flush();
    expect(hook.result.current.error?.message).toContain('expected an object');
    expect(hook.result.current.data).toEqual({ n: 1 });
    act(() => sink().next({ v: { n: 3 } }));
    await flush();
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.data).toEqual({ n: 3 });
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

describe('useLiveQuery: queries and pushes share one cache entry, newest wins', () => {
  it('a late query answer never overwrites a newer push', async () => {
    const { hook, sink, state } = setup();
    await flush();
    act(() => sink().connected());
    act(() => sink().disconnected('connection closed (code 1006)'));
    // A poll goes out while the socket is down and takes 5 s to answer…
    let answer: (value: unknown) => void = () => {};
    state.answer = () =>
      new Promise((resolve) => {
        answer = resolve;
      });
    await flush(10_000);
    // …meanwhile the socket comes back and pushes version 8.
    act(() => sink().connected());
    act(() => sink().next({ v: { n: 8, version: 8, at: 8_000 } }));
    await flush(1_000);
    expect(hook.result.current.data).toEqual({ n: 8, version: 8, at: 8_000 });
    const receivedAt = hook.result.current.receivedAt;
    // The poll answers with version 7, computed before: it is dropped, receipt time included.
    act(() => answer({ v: { n: 7, version: 7, at: 7_000 } }));
    await flush();
    expect(hook.result.current.data).toEqual({ n: 8, version: 8, at: 8_000 });
    expect(hook.result.current.receivedAt).toBe(receivedAt);
    expect(hook.result.current.error).toBeNull();
    // An older push is dropped too; the next newer one lands.
    act(() => sink().next({ v: { n: 6, version: 6, at: 6_000 } }));
    await flush();
    expect(hook.result.current.data?.n).toBe(8);
    act(() => sink().next({ v: { n: 9, version: 9, at: 9_000 } }));
    await flush();
    expect(hook.result.current.data?.n).toBe(9);
  });

  it('an API that restarted (versions begin again, generatedAt later) is believed', async () => {
    const { hook, sink } = setup();
    await flush();
    act(() => sink().connected());
    act(() => sink().next({ v: { n: 1, version: 500, at: 10_000 } }));
    await flush();
    act(() => sink().next({ v: { n: 2, version: 1, at: 20_000 } }));
    await flush();
    expect(hook.result.current.data?.n).toBe(2);
  });

  it('keeps the identity of unchanged parts, so their components can skip rendering', async () => {
    const { hook, sink } = setup();
    await flush();
    act(() => sink().connected());
    act(() => sink().next({ v: { n: 1, version: 2, at: 2_000, a: { x: 1 }, b: { y: 1 } } }));
    await flush();
    const first = hook.result.current.data as unknown as { a: object; b: object };
    act(() => sink().next({ v: { n: 1, version: 3, at: 3_000, a: { x: 1 }, b: { y: 2 } } }));
    await flush();
    const second = hook.result.current.data as unknown as { a: object; b: object };
    expect(second.a).toBe(first.a);
    expect(second.b).not.toBe(first.b);
  });
});
