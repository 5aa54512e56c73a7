/**
 * `npm start`: build what is missing or stale, then start the API (which serves the web app and, with no
 * --kubeconfig, the embedded simulated fleet). Extra arguments go to the API, e.g.
 * `npm start -- --kubeconfig ~/.kube/config --context a --context b`.
 */
import { spawn } from 'node:child_process';
import { run } from './run.ts';

run('build (api, web)', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
const child = spawn(process.execPath, ['apps/api/dist/apps/api/src/main.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
