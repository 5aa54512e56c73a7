import { describe, expect, it } from 'vitest';
import { IoLimiter } from '../../src/graphql/guards/io-limiter.ts';

const later = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));
const codeOf = (error: unknown): unknown => (error as { extensions?: { code?: unknown } }).extensions?.code;

describe('IoLimiter', () => {
  it('never runs more tasks at once than its cap', async () => {
    const limiter = new IoLimiter(2, 10);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await later(20, null);
      running--;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.run(Date.now() + 5_000, task)));
    expect(peak).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it('answers IO_BUSY when the queue is full', async () => {
    const limiter = new IoLimiter(1, 1);
    const deadline = Date.now() + 5_000;
    const first = limiter.run(deadline, () => later(50, 'a'));
    const second = limiter.run(deadline, () => later(1, 'b'));
    const third = limiter.run(deadline, () => later(1, 'c')).catch(codeOf);
    expect(await third).toBe('IO_BUSY');
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
  });

  it('answers QUERY_TIMEOUT when the deadline passes while waiting or running, and keeps the slot', async () => {
    const limiter = new IoLimiter(1, 5);
    const slow = limiter.run(Date.now() + 30, () => later(100, 'slow')).catch(codeOf);
    const waiting = limiter.run(Date.now() + 30, () => later(1, 'never')).catch(codeOf);
    expect(await slow).toBe('QUERY_TIMEOUT');
    expect(await waiting).toBe('QUERY_TIMEOUT');
    // The slow task still runs: the cap counts it until it really ends.
    expect(limiter.active).toBe(1);
    await later(100, null);
    expect(limiter.active).toBe(0);
    expect(await limiter.run(Date.now() + 1_000, () => later(1, 'next'))).toBe('next');
  });
});
