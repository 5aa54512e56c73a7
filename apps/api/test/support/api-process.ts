import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const MAIN = join(REPO, 'apps/api/dist/apps/api/src/main.js');

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the base URL once "Fleetscope is up" is printed; rejects if the process exits first. */
  up(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal) and how long after this call it came. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/** Spawns the built API as `npm start` runs it (apps/api/dist main), with these arguments. */
export function spawnApi(args: string[], env: Record<string, string> = {}): ApiProcess {
  if (!existsSync(MAIN))
    throw new Error('the API build is missing: run `npm run build` first (npm test does)');
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    pid: child.pid ?? -1,
    stdout: () => out,
    stderr: () => err,
    up: (timeoutMs = 60_000) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not up in ${timeoutMs} ms:\n${err}`)), timeoutMs);
        const check = (): void => {
          const match = /Fleetscope is up: (http:\/\/\S+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout?.on('data', check);
        check();
        void exit.then(({ code }) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before it was up:\n${err}`));
        });
      }),
    exited: () => exit,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Open file descriptors of a process (Linux). */
export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
