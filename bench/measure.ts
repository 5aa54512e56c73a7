/** Timing and heap helpers shared by the benchmarks. Results are medians: robust to one slow run. */

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds `fn` takes. */
export function timeMs(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/**
 * Runs `baseline` and `subject` `runs` times each, interleaved (baseline, subject, baseline, …) so that
 * drift of the machine (thermal, other load) hits both alike, with a full GC before each run so one
 * run's garbage is not collected on the next one's clock. `prepare` (untimed) runs before each of them.
 */
export function pairedRuns(
  runs: number,
  baseline: () => void,
  subject: () => void,
  prepare: () => void = () => {},
): { baselineMs: number[]; subjectMs: number[] } {
  const baselineMs: number[] = [];
  const subjectMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    collectGarbage();
    baselineMs.push(timeMs(baseline));
    prepare();
    collectGarbage();
    subjectMs.push(timeMs(subject));
  }
  return { baselineMs, subjectMs };
}

/** Median of the per-run ratios subject/baseline (paired runs, see {@link pairedRuns}). */
export function pairedRatio(result: { baselineMs: number[]; subjectMs: number[] }): number {
  return median(result.subjectMs.map((ms, i) => ms / (result.baselineMs[i] as number)));
}

/** A full, synchronous GC; needs `node --expose-gc` (bench/run.ts starts every benchmark with it). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
  // Twice: weak references and finalizers cleared by the first pass free more on the second.
  gc();
  gc();
}

/** V8 heap in use after a full GC, in bytes. */
export function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

let sink: unknown = null;

/** Keeps a value observable so the engine cannot drop the work that produced it. */
export function consume(value: unknown): void {
  sink = value;
}

/** The last consumed value (for a final sanity check, and so `sink` is read). */
export function lastConsumed(): unknown {
  return sink;
}
