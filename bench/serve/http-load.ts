/**
 * HTTP load generator for graphql-serve.bench.ts, in its own process (never the API's): `concurrency`
 * clients on keep-alive connections, each sending its next request as soon as the previous answer is read
 * to the end (closed loop, no think time), one phase after another. Per phase: latencies (request written
 * → last byte read), requests, bytes per answer, errors.
 *
 *   node bench/serve/http-load.ts '<json LoadPlan>'   → prints `HTTP_LOAD {json PhaseResult[]}`
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface LoadPhase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** JSON body for POST. */
  body?: unknown;
  /** No requests: the server's CPU time at rest over the phase (its timers, ticks and refreshes). */
  idle?: boolean;
  /** Extra request headers (e.g. `cache-control: no-cache`, which makes the API execute a cached query). */
  headers?: Record<string, string>;
}

export interface LoadPlan {
  url: string;
  concurrency: number;
  /** Untimed requests before each phase's measurement (same phase, same concurrency). */
  warmupMs: number;
  durationMs: number;
  phases: LoadPhase[];
  /** The server's process id: its CPU time per request is read from /proc (Linux). */
  serverPid?: number;
  /** Counters read from the server's /metrics before and after each measured part (their increase). */
  counters?: string[];
}

export interface PhaseResult {
  name: string;
  requests: number;
  errors: number;
  /** Every latency in ms, sorted. */
  latenciesMs: number[];
  bytesPerAnswer: number;
  elapsedMs: number;
  /** The server process's CPU time (user + system) over the measured part, in ms; null when unknown. */
  serverCpuMs: number | null;
  /** How much each of `LoadPlan.counters` grew over the measured part. */
  counters: Record<string, number>;
}

/** The values of `names` (unlabelled counters) on the server's /metrics. */
async function readCounters(names: readonly string[]): Promise<Record<string, number>> {
  if (names.length === 0) return {};
  const text = await (await fetch(new URL('/metrics', plan.url))).text();
  return Object.fromEntries(
    names.map((name) => [name, Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN)]),
  );
}

/** CPU time of a process so far in ms, from /proc/<pid>/stat (utime + stime, 100 ticks a second). */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
const base = new URL(plan.url);
const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });

function once(phase: LoadPhase, body: Buffer | null): Promise<{ ms: number; bytes: number; ok: boolean }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: phase.method,
        path: phase.path,
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          ...phase.headers,
        },
      },
      (res) => {
        let bytes = 0;
        let errors = false;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (chunks.length < 1) chunks.push(chunk);
        });
        res.on('end', () => {
          // A GraphQL answer with errors is not a success, whatever its status.
          if (body && chunks[0]?.subarray(0, 12).toString().startsWith('{"errors"')) errors = true;
          resolve({ ms: performance.now() - started, bytes, ok: res.statusCode === 200 && !errors });
        });
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - started, bytes: 0, ok: false }));
    req.end(body ?? undefined);
  });
}

async function run(phase: LoadPhase): Promise<PhaseResult> {
  const body = phase.body === undefined ? null : Buffer.from(JSON.stringify(phase.body));
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const loop = async (until: number, record: boolean): Promise<void> => {
    while (performance.now() < until) {
      const r = await once(phase, body);
      if (!record) continue;
      if (!r.ok) errors++;
      latencies.push(r.ms);
      bytes += r.bytes;
    }
  };
  const clients = (until: number, record: boolean): Promise<unknown> =>
    phase.idle
      ? new Promise((r) => setTimeout(r, Math.max(0, until - performance.now())))
      : Promise.all(Array.from({ length: plan.concurrency }, () => loop(until, record)));
  await clients(performance.now() + plan.warmupMs, false);
  const counters0 = await readCounters(plan.counters ?? []);
  const cpu0 = cpuMs(plan.serverPid);
  const started = performance.now();
  await clients(started + plan.durationMs, true);
  const elapsedMs = performance.now() - started;
  const cpu1 = cpuMs(plan.serverPid);
  const counters1 = await readCounters(plan.counters ?? []);
  latencies.sort((a, b) => a - b);
  return {
    name: phase.name,
    requests: latencies.length,
    errors,
    latenciesMs: latencies,
    bytesPerAnswer: latencies.length === 0 ? 0 : bytes / latencies.length,
    elapsedMs,
    serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
    counters: Object.fromEntries(
      Object.entries(counters1).map(([name, value]) => [name, value - (counters0[name] ?? Number.NaN)]),
    ),
  };
}

const results: PhaseResult[] = [];
for (const phase of plan.phases) {
  results.push(await run(phase));
  process.stderr.write(`  … ${phase.name}: ${results.at(-1)?.requests} requests\n`);
}
agent.destroy();
process.stdout.write(`HTTP_LOAD ${JSON.stringify(results)}\n`);
