/**
 * `npm test`: every check, in the order a failure is cheapest to find. Installs the Debian packages
 * the tests need when missing (see system-deps.ts).
 */

import { run } from './run.ts';
import { ensureSystemDependencies, TEST_DEPENDENCIES } from './system-deps.ts';

ensureSystemDependencies(TEST_DEPENDENCIES);
run('lint and format (biome)', 'npx', ['biome', 'check', '.']);
run('typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--outputStyle=static']);
run('typecheck (benchmarks)', 'npx', ['tsc', '-p', 'bench/tsconfig.json']);
run('build (api, web)', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
run('tests (vitest, all projects)', 'npx', ['vitest', 'run']);
