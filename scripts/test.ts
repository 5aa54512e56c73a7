/**
 * `npm test`: every check, in the order a failure is cheapest to find. Installs the Debian packages
 * the tests need when missing (see system-deps.ts).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { run } from './run.ts';
import { ensureSystemDependencies, TEST_DEPENDENCIES } from './system-deps.ts';

const REPORT = 'artifacts/vitest-report.json';

ensureSystemDependencies(TEST_DEPENDENCIES);
run('lint and format (biome)', 'npx', ['biome', 'check', '.']);
run('typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--outputStyle=static']);
run('typecheck (benchmarks)', 'npx', ['tsc', '-p', 'bench/tsconfig.json']);
run('build (api, web)', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
console.log('\n▶ tests (vitest, all projects)');
rmSync(REPORT, { force: true });
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`],
  {
    stdio: 'inherit',
  },
);

// One plain closing line that any CI can read, whatever the outcome.
if (!existsSync(REPORT)) {
  console.error(`✗ vitest wrote no report (exit ${vitest.status ?? vitest.signal})`);
  process.exit(vitest.status || 1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTests: number;
};
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
);
if (report.numTotalTests === 0) {
  console.error('✗ no test ran');
  process.exit(1);
}
process.exit(vitest.status ?? 1);
