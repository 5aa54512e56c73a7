/**
 * `npm run bench`: runs every benchmark in its own Node process (a clean heap each, `--expose-gc` for
 * forced collections), one after the other so they do not compete for cores, and prints one table.
 * Every number is paired with a baseline measured in the same process, in the same run.
 *
 *   node bench/run.ts [--pods N] [--only initial-sync,watch-events]
 *   node bench/run.ts --only graphql-serve,walls [--pods N] [--subscribers 1000] [--window-s 20]
 */

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, RESULT_PREFIX } from './result.ts';

const BENCHMARKS = [
  'initial-sync',
  'retained-heap',
  'watch-events',
  'fleet-summary',
  'pod-event',
  'gpu-fragmentation',
  'heatmap-render',
  'browser-views',
  'graphql-serve',
  'walls',
  'sim-initial-sync',
  'sim-retained-heap',
  'sim-watch-events',
  'soak',
] as const;

/**
 * Run only when named in --only, never by a bare `npm run bench`: they start the simulator (and for
 * graphql-serve and walls the API's production build, which needs `npm run build -w @fleetscope/api`
 * first) in processes of their own, work at Kubernetes' envelope (150 000 pods) or run long, and take minutes.
 */
const OPT_IN: ReadonlySet<string> = new Set([
  'graphql-serve',
  'walls',
  'sim-initial-sync',
  'sim-retained-heap',
  'sim-watch-events',
  'soak',
]);

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : [];
const unknown = only.filter((name) => !BENCHMARKS.some((b) => b === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; have ${BENCHMARKS.join(', ')}`);
  process.exit(2);
}
const podsAt = args.indexOf('--pods');
const passOn = podsAt >= 0 ? ['--pods', args[podsAt + 1] ?? ''] : [];
// Options of single benchmarks: walls' subscribers and window, the soak's length, the cluster's shape.
for (const flag of ['--subscribers', '--window-s', '--minutes', '--shape', '--before-dist']) {
  const at = args.indexOf(flag);
  if (at >= 0) passOn.push(flag, args[at + 1] ?? '');
}

const results: BenchResult[] = [];
const started = performance.now();
for (const name of BENCHMARKS) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (only.length === 0 && OPT_IN.has(name)) continue;
  console.error(`▶ ${name}`);
  const child = spawnSync(process.execPath, ['--expose-gc', join(here, `${name}.bench.ts`), ...passOn], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout
    .split('\n')
    .find((l) => l.startsWith(RESULT_PREFIX))
    ?.slice(RESULT_PREFIX.length);
  if (child.status !== 0 || line === undefined) {
    console.error(`✗ ${name} failed (exit ${child.status ?? child.signal})`);
    process.exit(1);
  }
  results.push(JSON.parse(line) as BenchResult);
}

print(results);
console.log(`\n${results.length} benchmark(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

function format(value: number, unit: string): string {
  if (unit === '×') return `${value.toFixed(2)} ×`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function print(all: readonly BenchResult[]): void {
  const rows: string[][] = [['benchmark', 'metric', 'value', 'target (brief)']];
  for (const result of all) {
    result.rows.forEach((row, i) => {
      rows.push([i === 0 ? result.name : '', row.metric, format(row.value, row.unit), row.target ?? '']);
    });
  }
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  const line = (cells: string[]): string =>
    cells
      .map((cell, col) => (col === 2 ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(line(rows[0] ?? []));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('');
  for (const result of all) console.log(`${result.name}: ${result.setup}`);
}
