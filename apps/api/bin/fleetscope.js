#!/usr/bin/env node
// Fleetscope command line. Runs the TypeScript sources directly under Node 24's type stripping.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  // Only when something is piped in: an interactive terminal would wait for input forever.
  stdin: process.stdin.isTTY
    ? undefined
    : async () => {
        const chunks = [];
        let size = 0;
        for await (const chunk of process.stdin) {
          chunks.push(chunk);
          size += chunk.length;
          if (size > 1024 * 1024 + 1) break;
        }
        return Buffer.concat(chunks).toString('utf8');
      },
});
