#!/usr/bin/env node
// Fleetscope command line. Runs the TypeScript sources directly under Node 24's type stripping.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
