/**
 * What each benchmark process reports to bench/run.ts: one JSON line on stdout (progress goes to
 * stderr). Targets are informational; benchmarks never pass or fail.
 */

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** What the brief asks for, as text (e.g. "≤ 2×"), when it names a target for this metric. */
  target?: string;
}

export interface BenchResult {
  name: string;
  /** One line on how it was measured (sizes, runs). */
  setup: string;
  rows: BenchRow[];
}

/** Prefix that marks the result line among anything else a child might print. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Writes the result line for the runner. */
export function report(result: BenchResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Progress for humans, on stderr so stdout stays machine-readable. */
export function progress(message: string): void {
  process.stderr.write(`  … ${message}\n`);
}

/** Options every benchmark takes: `--pods N` (default 50 000). */
export function podCountFromArgs(argv: readonly string[] = process.argv.slice(2)): number {
  const at = argv.indexOf('--pods');
  const raw = at >= 0 ? argv[at + 1] : process.env.BENCH_PODS;
  if (raw === undefined) return 50_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1_000) throw new Error(`--pods must be an integer ≥ 1000, got ${raw}`);
  return n;
}

/** Every run's time on stderr, so a noisy machine shows in the log (the table has medians only). */
export function progressRuns(label: string, runs: { baselineMs: number[]; subjectMs: number[] }): void {
  const ms = (values: number[]): string => values.map((v) => v.toFixed(1)).join(', ');
  progress(`${label}: baseline ms [${ms(runs.baselineMs)}], subject ms [${ms(runs.subjectMs)}]`);
}
