import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TypedOperation } from '../src/graphql/operation.ts';
import type { GraphQLTransport } from '../src/graphql/transport.ts';
import { usePolledQuery } from '../src/graphql/use-polled-query.ts';
import { withAnswerCache } from './answer-cache.tsx';

const OPERATION: TypedOperation<{ n: number }> = { document: 'query Q { n }', operationName: 'Q' };
const read = (data: unknown): number => {
  const n = (data as { n?: unknown }).n;
  if (typeof n !== 'number') throw new Error('no n');
  return n;
};

async function flush(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function setup(answers: Array<() => Promise<unknown>>) {
  vi.useFakeTimers({ now: 1_000_000 });
  let call = 0;
  const query = vi.fn(() => {
    const answer = answers[Math.min(call, answers.length - 1)];
    call += 1;
    return answer === undefined ? Promise.reject(new Error('no answer')) : answer();
  });
  const transport: GraphQLTransport = { query, subscribe: () => () => {} };
  const hook = renderHook(
    () => usePolledQuery({ transport, operation: OPERATION, read, intervalMs: 30_000 }),
    {
      wrapper: withAnswerCache(),
    },
  );
  return { hook, query };
}

describe('usePolledQuery', () => {
  it('queries at once, then on the interval, and keeps the last data when a poll fails', async () => {
    const { hook, query } = setup([
      () => Promise.resolve({ n: 1 }),
      () => Promise.reject(new Error('API down')),
      () => Promise.resolve({ n: 3 }),
    ]);
    await flush();
    expect(query).toHaveBeenCalledTimes(1);
    expect(hook.result.current).toEqual({ data: 1, error: null, receivedAt: 1_000_000 });

    await flush(29_999);
    expect(query).toHaveBeenCalledTimes(1);
    await flush(1);
    expect(query).toHaveBeenCalledTimes(2);
    expect(hook.result.current.data).toBe(1);
    expect(hook.result.current.error?.message).toBe('API down');
    expect(hook.result.current.receivedAt).toBe(1_000_000);

    await flush(30_000);
    expect(hook.result.current).toEqual({ data: 3, error: null, receivedAt: 1_060_000 });
  });

  it('reports an answer it cannot read as an error', async () => {
    const { hook } = setup([() => Promise.resolve({ m: 1 })]);
    await flush();
    expect(hook.result.current.data).toBeNull();
    expect(hook.result.current.error?.message).toBe('no n');
  });

  it('never has two requests in flight', async () => {
    const { query } = setup([() => new Promise(() => {})]);
    await flush(100_000);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('stops polling on unmount', async () => {
    const { hook, query } = setup([() => Promise.resolve({ n: 1 })]);
    await flush();
    hook.unmount();
    await flush(120_000);
    expect(query).toHaveBeenCalledTimes(1);
  });
});
