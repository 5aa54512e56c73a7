import { describe, expect, it } from 'vitest';
import { LoopLag } from '../../src/sources/probes/loop-lag.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a busy observer: the event loop cannot run
  }
}

describe('LoopLag: the observer’s own delay', () => {
  it('counts the time the event loop was blocked inside the window', async () => {
    const meter = new LoopLag(10);
    const close = meter.window();
    await sleep(20);
    block(300);
    await sleep(20);
    const late = close();
    // Blocked 300 ms; the tick due during the block fired about that late.
    expect(late).toBeGreaterThanOrEqual(250);
    expect(late).toBeLessThan(1_000);
  });

  it('windows read only their own lateness', async () => {
    const meter = new LoopLag(10);
    const outer = meter.window();
    block(200);
    await sleep(20);
    const inner = meter.window();
    await sleep(100);
    const innerLate = inner();
    const outerLate = outer();
    // The block happened before the inner window opened: only the outer one counts it (whatever else
    // the machine is doing, which both windows see alike).
    expect(outerLate - innerLate).toBeGreaterThanOrEqual(150);
  });
});
