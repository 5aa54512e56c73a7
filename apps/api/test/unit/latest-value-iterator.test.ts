import { afterEach, describe, expect, it, vi } from 'vitest';
import { latestValueIterator } from '../../src/graphql/push/latest-value-iterator.ts';

describe('latestValueIterator', () => {
  afterEach(() => vi.useRealTimers());

  it('yields the initial value, then only the newest value after the interval', async () => {
    vi.useFakeTimers();
    let push: (v: number) => void = () => {};
    let unsubscribed = false;
    const it = latestValueIterator<number>(
      (p) => {
        push = p;
        return () => {
          unsubscribed = true;
        };
      },
      1000,
      0,
    );
    expect(await it.next()).toEqual({ value: 0, done: false });
    const next = it.next();
    push(1);
    push(2);
    push(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await next).toEqual({ value: 3, done: false });
    await it.return?.();
    expect(unsubscribed).toBe(true);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
