/** Timers routinely fire a millisecond or two late; that much is not starvation. */
const JITTER_MS = 2;

/**
 * How late this process's event loop ran during a window: the observer's own delay. A probe timed by
 * a process that is itself starved of CPU (or busy) measures that starvation too, and it must not be
 * blamed on the API server. While a window is open, a light timer notes how late each tick fires; the
 * sum is time the loop could not run. No timer runs while no window is open.
 */
export class LoopLag {
  readonly #tickMs: number;
  #open = 0;
  #timer: NodeJS.Timeout | undefined;
  #expected = 0;
  /** Lateness summed over every open window (ms); windows read differences. */
  #lateMs = 0;

  constructor(tickMs = 10) {
    this.#tickMs = tickMs;
  }

  /** Opens a window; the returned function closes it and says how many ms the loop ran late inside it. */
  window(): () => number {
    if (this.#open++ === 0) this.#start();
    const atStart = this.#lateMs;
    let closed = false;
    return () => {
      // Count a tick that is overdue right now: a loop blocked up to the end still counts.
      this.#sample();
      const late = this.#lateMs - atStart;
      if (!closed) {
        closed = true;
        if (--this.#open === 0) this.#stop();
      }
      return late;
    };
  }

  #start(): void {
    this.#expected = performance.now() + this.#tickMs;
    this.#timer = setInterval(() => this.#sample(), this.#tickMs);
    this.#timer.unref();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sample(): void {
    const now = performance.now();
    if (now < this.#expected) return;
    const late = now - this.#expected;
    if (late > JITTER_MS) this.#lateMs += late;
    this.#expected = now + this.#tickMs;
  }
}
