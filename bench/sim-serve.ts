import { createInterface } from 'node:readline';
import { startSimServer } from '@fleetscope/fleet-sim';
import { podCountFromArgs } from './result.ts';
import { buildEnvelopeCluster, churnPods, shapeFromArgs } from './sim-envelope.ts';

/**
 * The simulator at the envelope, in its own process (so its CPU and heap are not the measured API's):
 * builds the cluster (sim-envelope.ts), serves it on loopback, prints `SIM {json}` lines on stdout and
 * takes one JSON command per stdin line:
 *
 * - `{"cmd":"churn","perSecond":1500}`: from now on change that many pods per second (in 10 steps a
 *   second), 0 stops;
 * - `{"cmd":"burst","count":20000}`: change that many pods at once; answers the resourceVersions before
 *   and after (a watch from `rvBefore` replays exactly those changes);
 * - `{"cmd":"stats"}`: the process's memory and the changes made so far.
 *
 *   node bench/sim-serve.ts --shape demo|openb --pods N [--max-history H]
 */

const args = process.argv.slice(2);
const historyAt = args.indexOf('--max-history');
const maxHistory = historyAt >= 0 ? Number(args[historyAt + 1]) : 50_000;
const shape = shapeFromArgs(args);
const pods = podCountFromArgs(args);

const say = (message: Record<string, unknown>): void => {
  process.stdout.write(`SIM ${JSON.stringify(message)}\n`);
};

const started = performance.now();
const envelope = buildEnvelopeCluster(shape, pods, { maxHistory });
const builtMs = performance.now() - started;
// No artificial read latency: the benchmarks measure the client, not a simulated slow apiserver.
const server = await startSimServer(envelope.cluster, { latencyScale: 0, keepAliveTimeoutMs: 90_000 });
let cursor = 0;
let changes = 0;
let churn: NodeJS.Timeout | undefined;

say({
  event: 'ready',
  url: server.url,
  shape,
  pods: envelope.pods,
  nodes: envelope.nodes,
  resourceVersion: envelope.cluster.store.resourceVersion(),
  builtMs,
});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = JSON.parse(line) as { cmd: string; perSecond?: number; count?: number };
  if (command.cmd === 'churn') {
    clearInterval(churn);
    const perStep = (command.perSecond ?? 0) / 10;
    let owed = 0;
    if (perStep > 0) {
      churn = setInterval(() => {
        owed += perStep;
        const now = Math.floor(owed);
        owed -= now;
        cursor = churnPods(envelope, now, cursor);
        changes += now;
      }, 100);
    }
    say({ event: 'churn', perSecond: command.perSecond ?? 0 });
  } else if (command.cmd === 'burst') {
    const count = command.count ?? 0;
    const rvBefore = envelope.cluster.store.resourceVersion();
    cursor = churnPods(envelope, count, cursor);
    changes += count;
    say({ event: 'burst', count, rvBefore, rvAfter: envelope.cluster.store.resourceVersion() });
  } else if (command.cmd === 'stats') {
    const memory = process.memoryUsage();
    say({ event: 'stats', changes, heapUsed: memory.heapUsed, rss: memory.rss });
  }
});
lines.on('close', () => {
  clearInterval(churn);
  void server.close().then(() => process.exit(0));
});
