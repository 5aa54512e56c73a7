import { GraphQLError } from 'graphql';
import { ERROR_CODES } from './error-codes.ts';

/**
 * A server-wide cap on concurrent I/O resolutions (history range queries), with a bounded queue.
 * Each task waits for a slot until the request's deadline; a task that outlives the deadline keeps
 * its slot until it really ends, so the cap holds for work that is still running.
 */
export class IoLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  get active(): number {
    return this.running;
  }

  async run<T>(deadline: number, task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueued) {
        throw new GraphQLError('the server is busy with other history lookups; retry in a few seconds', {
          extensions: { code: ERROR_CODES.IO_BUSY },
        });
      }
      await this.slot(deadline);
    }
    this.running++;
    const work = task().finally(() => {
      this.running--;
      this.waiting.shift()?.();
    });
    return withDeadline(work, deadline);
  }

  private slot(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(timeoutError());
        },
        Math.max(0, deadline - Date.now()),
      );
      this.waiting.push(wake);
    });
  }
}

function timeoutError(): GraphQLError {
  return new GraphQLError('the request ran out of its time budget before this field was resolved', {
    extensions: { code: ERROR_CODES.QUERY_TIMEOUT },
  });
}

/** The task's result, or QUERY_TIMEOUT once `deadline` (epoch ms) has passed. */
export function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), Math.max(0, deadline - Date.now()));
  });
  // The work may still fail after the deadline: that rejection is handled, never unhandled.
  work.catch(() => {});
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
