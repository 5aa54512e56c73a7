/**
 * An AsyncIterableIterator that yields only the newest value, at most once per `minIntervalMs`.
 * A slow client never builds a queue: intermediate values are dropped (each value is a complete
 * view, so only the latest matters). One per subscriber, so throttling is per client.
 */
export function latestValueIterator<T>(
  subscribe: (push: (value: T) => void) => () => void,
  minIntervalMs: number,
  initial?: T,
): AsyncIterableIterator<T> {
  let pending: { value: T } | null = initial === undefined ? null : { value: initial };
  let waiter: ((result: IteratorResult<T>) => void) | null = null;
  let lastSentAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const deliver = (): void => {
    if (!waiter || !pending || closed) return;
    const wait = lastSentAt + minIntervalMs - Date.now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        deliver();
      }, wait);
      return;
    }
    const resolve = waiter;
    const { value } = pending;
    waiter = null;
    pending = null;
    lastSentAt = Date.now();
    resolve({ value, done: false });
  };

  const unsubscribe = subscribe((value) => {
    pending = { value };
    deliver();
  });

  const close = (): Promise<IteratorResult<T>> => {
    if (!closed) {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      waiter?.({ value: undefined, done: true });
      waiter = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  };

  return {
    next(): Promise<IteratorResult<T>> {
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiter = resolve;
        deliver();
      });
    },
    return: close,
    throw: (error?: unknown) => close().then(() => Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
