/**
 * The processes of the serving benchmarks: the simulated fleet, the real API (its production build, as
 * `npm start` runs it) and the client load generators each run in their own process; this module starts
 * them, reads their one-line reports, and reads their CPU time and resident memory from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const REPO = join(here, '../..');
export const API_MAIN = join(REPO, 'apps/api/dist/apps/api/src/main.js');

export interface SimInfo {
  kubeconfig: string;
  contexts: string[];
  big: string;
  pods: number;
  nodes: number;
  bigPods: number;
  bigNodes: number;
  churnCandidates: number;
  buildMs: number;
}

export interface Child {
  child: ChildProcess;
  pid: number;
  /** Writes one command line to the child's stdin (started with `stdin: true`). */
  send(command: string): void;
  /** Resolves with the JSON after `prefix` on the first stdout line that starts with it. */
  line<T>(prefix: string, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

/** Starts a TypeScript or JavaScript file with this Node; stderr goes to ours (progress). */
export function startChild(file: string, args: string[], options: { stdin?: boolean } = {}): Child {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: REPO,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters: (() => void)[] = [];
  const consumed = new Map<string, number>();
  child.stdout?.on('data', (d) => {
    out += String(d);
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    pid: child.pid ?? -1,
    line: <T>(prefix: string, timeoutMs: number) => {
      // The n-th call for a prefix answers its n-th line: a command asked again gets the new answer.
      const n = consumed.get(prefix) ?? 0;
      consumed.set(prefix, n + 1);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${file}: no ${prefix} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = (): void => {
          const complete = out.slice(0, out.lastIndexOf('\n') + 1).split('\n');
          const found = complete.filter((l) => l.startsWith(prefix))[n];
          if (found === undefined) return;
          clearTimeout(timer);
          resolve(JSON.parse(found.slice(prefix.length)) as T);
        };
        waiters.push(check);
        check();
        void exit.then(() => {
          clearTimeout(timer);
          reject(new Error(`${file} exited before ${prefix}`));
        });
      });
    },
    send: (command) => {
      child.stdin?.write(`${command}\n`);
    },
    stop: async () => {
      child.stdin?.end();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface Sim extends Child {
  info: SimInfo;
}

export async function startSim(pods: number, nodes: number, stepsFile: string): Promise<Sim> {
  const child = startChild(
    join(here, 'sim-process.ts'),
    ['--pods', String(pods), '--nodes', String(nodes), '--steps', stepsFile],
    { stdin: true },
  );
  const info = await child.line<SimInfo>('SIM_READY ', 30 * 60_000);
  return { ...child, info };
}

export interface Api {
  child: ChildProcess;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** The API's production build against the simulator's kubeconfig, every context, an ephemeral port. */
export async function startApi(sim: SimInfo, extra: string[] = []): Promise<Api> {
  if (!existsSync(API_MAIN))
    throw new Error('the API build is missing: run `npm run build -w @fleetscope/api` first');
  const contexts = sim.contexts.flatMap((c) => ['--context', c]);
  const child = spawn(
    process.execPath,
    [
      API_MAIN,
      '--kubeconfig',
      sim.kubeconfig,
      ...contexts,
      '--port',
      '0',
      '--web-dist',
      '',
      '--log-level',
      'warn',
      ...extra,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API was not up in 120 s')), 120_000);
    child.stdout?.on('data', () => {
      const match = /Fleetscope is up: (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exit.then(() => reject(new Error('the API exited before it was up')));
  });
  return {
    child,
    pid: child.pid ?? -1,
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** POSTs one GraphQL operation; throws on errors. */
export async function graphql<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Waits until the API's view of the big cluster holds all its pods and nodes (initial sync done). */
export async function waitSynced(api: Api, sim: SimInfo, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const data = await graphql<{ cluster: { pods: { total: number }; nodes: { total: number } } | null }>(
        api.url,
        'query($n: String!) { cluster(name: $n) { pods { total } nodes { total } } }',
        { n: sim.big },
      );
      if (data.cluster && data.cluster.pods.total >= sim.bigPods && data.cluster.nodes.total >= sim.bigNodes)
        return performance.now() - started;
    } catch {
      // Not ready yet.
    }
    if (performance.now() - started > timeoutMs) throw new Error(`the API did not sync in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms (Linux /proc). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Resident memory of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/** The 1-minute load average, for the record (the 2 cores are shared with other sessions). */
export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

/** A percentile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
