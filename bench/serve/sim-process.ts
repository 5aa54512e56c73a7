/**
 * The simulated fleet for the serving benchmarks, in its own process (not the API's, not the clients'):
 *
 *   node bench/serve/sim-process.ts --pods 150000 --nodes 5000 [--steps FILE]
 *
 * Prints `SIM_READY {json}` (kubeconfig path, contexts, sizes, build time) once its servers listen, then
 * takes commands on stdin, one per line:
 *
 *   churn SHARE   change SHARE of the big cluster's pods per second, in ten steps a second (PodChurn);
 *                 each step is appended to --steps as one JSON line {seq, at, changed, notReady, recovered}
 *   stop          stop churning
 *
 * and exits on SIGTERM or when stdin closes.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PodChurn, Random, startFleetServers } from '@fleetscope/fleet-sim';
import { buildScaleFleet } from './scale-fleet.ts';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '150000' },
    nodes: { type: 'string', default: '5000' },
    steps: { type: 'string' },
  },
});
const pods = Number(values.pods);
const nodes = Number(values.nodes);
const stepsFile = values.steps;
if (stepsFile) writeFileSync(stepsFile, '');

const { fleet, big, buildMs } = buildScaleFleet(pods, nodes);
const servers = await startFleetServers(fleet, { kubeconfig: true });
const churn = new PodChurn(big, new Random(11), { notReadyShare: 0.02, notReadySteps: 20 });
let timer: NodeJS.Timeout | null = null;
let steps = 0;
let changed = 0;

process.stdout.write(
  `SIM_READY ${JSON.stringify({
    kubeconfig: servers.kubeconfigPath,
    contexts: fleet.clusters.map((c) => c.name),
    big: big.name,
    pods: fleet.clusters.reduce((n, c) => n + c.store.count('pods'), 0),
    nodes: fleet.clusters.reduce((n, c) => n + c.store.count('nodes'), 0),
    bigPods: big.store.count('pods'),
    bigNodes: big.store.count('nodes'),
    churnCandidates: churn.candidates,
    buildMs,
  })}\n`,
);

function startChurn(share: number): void {
  if (timer) clearInterval(timer);
  const perStep = Math.max(1, Math.round((churn.candidates * share) / 10));
  timer = setInterval(() => {
    const step = churn.step(perStep);
    steps++;
    changed += step.changed;
    if (stepsFile)
      appendFileSync(
        stepsFile,
        `${JSON.stringify({ seq: step.seq, at: step.at, changed: step.changed, notReady: step.notReady, recovered: step.recovered })}\n`,
      );
  }, 100);
}

function stopChurn(): void {
  if (timer) clearInterval(timer);
  timer = null;
  process.stdout.write(`SIM_CHURNED ${JSON.stringify({ steps, changed })}\n`);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'churn') startChurn(Number(arg));
  else if (command === 'stop') stopChurn();
});
const shutdown = (): void => {
  if (timer) clearInterval(timer);
  void servers.close().then(() => process.exit(0));
};
lines.on('close', shutdown);
process.on('SIGTERM', shutdown);
