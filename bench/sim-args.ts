import { ENVELOPE_SHAPES, type EnvelopeShape } from './sim-envelope.ts';

/** `--pods N` for the envelope benchmarks: default 150 000 (5 000 nodes), Kubernetes' envelope. */
export function envelopePodsFromArgs(argv: readonly string[] = process.argv.slice(2)): number {
  const at = argv.indexOf('--pods');
  if (at < 0) return 150_000;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1_000)
    throw new Error(`--pods must be an integer ≥ 1000, got ${argv[at + 1]}`);
  return n;
}

/** `--shape demo|openb` runs one shape; without it, both. */
export function shapesFromArgs(argv: readonly string[] = process.argv.slice(2)): EnvelopeShape[] {
  const at = argv.indexOf('--shape');
  if (at < 0) return [...ENVELOPE_SHAPES];
  const raw = argv[at + 1];
  if (raw !== 'demo' && raw !== 'openb') throw new Error(`--shape must be demo or openb, got ${raw}`);
  return [raw];
}

/** Baseline and subject alternated, a full GC before each (the async twin of measure.ts pairedRuns). */
export async function pairedRunsAsync(
  runs: number,
  baseline: () => Promise<number>,
  subject: () => Promise<number>,
  collect: () => void,
): Promise<{ baselineMs: number[]; subjectMs: number[] }> {
  const baselineMs: number[] = [];
  const subjectMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    collect();
    baselineMs.push(await baseline());
    collect();
    subjectMs.push(await subject());
  }
  return { baselineMs, subjectMs };
}
