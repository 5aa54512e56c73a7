/**
 * An AsyncIterableIterator that yields only the newest value, at most once per `minIntervalMs`.
 * A slow client never builds a queue: intermediate values are dropped (each value is a complete
 * view, or is turned into one by `prepare` at the time of sending). One per subscriber, so
 * throttling is per client.
 *
 * `prepare` runs when a value is about to be sent, on the newest value only; it may answer null
 * (nothing to send after all: the interval is not spent) and may be async. A rejection ends the
 * iterator with that error.
 */
export function latestValueIterator<T, U = T>(
  subscribe: (push: (value: T) => void) => () => void,
  minIntervalMs: number,
  initial?: T,
  prepare?: (value: T) => U | null | Promise<U | null>,
): AsyncIterableIterator<U> {
  let pending: { value: T } | null = initial === undefined ? null : { value: initial };
  let waiter: { resolve: (result: IteratorResult<U>) => void; reject: (error: unknown) => void } | null =
    null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  let preparing = false;
  let closed = false;

  const send = (value: U): void => {
    const w = waiter;
    waiter = null;
    lastSentAt = Date.now();
    w?.resolve({ value, done: false });
  };

  const deliver = (): void => {
    if (!waiter || !pending || closed || preparing) return;
    const wait = lastSentAt + minIntervalMs - Date.now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        deliver();
      }, wait);
      return;
    }
    const { value } = pending;
    pending = null;
    if (!prepare) {
      send(value as unknown as U);
      return;
    }
    preparing = true;
    Promise.resolve()
      .then(() => prepare(value))
      .then(
        (prepared) => {
          preparing = false;
          if (closed) return;
          if (prepared !== null) send(prepared);
          // Nothing to send, or a newer value arrived while this one was prepared.
          deliver();
        },
        (error: unknown) => {
          preparing = false;
          const w = waiter;
          waiter = null;
          void close();
          w?.reject(error);
        },
      );
  };

  const unsubscribe = subscribe((value) => {
    pending = { value };
    deliver();
  });

  const close = (): Promise<IteratorResult<U>> => {
    if (!closed) {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      waiter?.resolve({ value: undefined, done: true });
      waiter = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  };

  return {
    next(): Promise<IteratorResult<U>> {
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
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
