#!/usr/bin/env node
/**
 * `npm run sim`: starts the simulated fleet's API servers on loopback, writes a kubeconfig, prints how to
 * use it, and keeps the demo live (one tick every few seconds) until SIGINT/SIGTERM.
 *
 *   node libs/fleet-sim/src/cli.ts [--seed N] [--port-base P] [--kubeconfig PATH]
 *                                  [--scenario demo|healthy] [--size small|demo|full] [--tick-ms MS]
 *                                  [--control-plane CLUSTER=SCENARIO]... [--latency-scale X]
 *                                  [--churn SHARE]
 *
 * --churn SHARE: besides the ticks, change this share of every cluster's pods per second (0.01 = 1%), in
 * ten steps a second (see churn.ts: container restarts, some pods not Ready for two seconds, a marker pod).
 */
import { parseArgs } from 'node:util';
import { PodChurn } from './churn.ts';
import { systemClock } from './clock.ts';
import { createFleet } from './fleet.ts';
import { OPENB_CREDIT } from './openb.ts';
import { Random } from './random.ts';
import type { FleetSize } from './scenarios/spec.ts';
import { startFleetServers } from './servers.ts';

const SIZES: readonly FleetSize[] = ['small', 'demo', 'full'];

function fail(message: string): never {
  process.stderr.write(`fleet-sim: ${message}\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      'port-base': { type: 'string' },
      kubeconfig: { type: 'string' },
      scenario: { type: 'string' },
      size: { type: 'string' },
      'tick-ms': { type: 'string' },
      'control-plane': { type: 'string', multiple: true },
      'latency-scale': { type: 'string' },
      churn: { type: 'string' },
    },
    strict: true,
  });
  const size = values.size ?? 'demo';
  const chosenSize = SIZES.find((s) => s === size);
  if (!chosenSize) fail(`--size must be one of ${SIZES.join(', ')}`);
  const seed = integer(values.seed, 'seed', 42);
  const tickMs = integer(values['tick-ms'], 'tick-ms', 5000);
  const portBase =
    values['port-base'] === undefined ? undefined : integer(values['port-base'], 'port-base', 0);

  const controlPlane: Record<string, string> = {};
  for (const entry of values['control-plane'] ?? []) {
    const [cluster, scenario] = entry.split('=');
    if (!cluster || !scenario) fail(`--control-plane must be CLUSTER=SCENARIO, got "${entry}"`);
    controlPlane[cluster] = scenario;
  }
  const latencyScale = values['latency-scale'] === undefined ? 1 : Number(values['latency-scale']);
  if (!(latencyScale >= 0)) fail(`--latency-scale must be a number >= 0, got "${values['latency-scale']}"`);

  const churnShare = values.churn === undefined ? 0 : Number(values.churn);
  if (!(churnShare >= 0 && churnShare <= 1))
    fail(`--churn must be a share of pods per second within 0..1, got "${values.churn}"`);

  let fleet: ReturnType<typeof createFleet>;
  try {
    fleet = createFleet({
      seed,
      clock: systemClock,
      scenario: values.scenario ?? 'demo',
      size: chosenSize,
      controlPlane,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const running = await startFleetServers(fleet, {
    ...(portBase !== undefined ? { portBase } : {}),
    kubeconfig: values.kubeconfig ?? true,
    latencyScale,
  });
  const out = process.stdout;
  out.write(`fleet-sim: scenario "${fleet.scenario.name}", seed ${seed}, size ${chosenSize}\n`);
  for (const s of running.servers)
    out.write(
      `  ${s.cluster.name.padEnd(14)} ${s.url}  control plane: ${s.cluster.controlPlaneScenario} (${s.url}/sim/metrics)\n`,
    );
  out.write(`kubeconfig: ${running.kubeconfigPath}\n`);
  out.write(`try: kubectl --kubeconfig ${running.kubeconfigPath} get nodes,pods -A\n`);
  out.write(
    `     kubectl --kubeconfig ${running.kubeconfigPath} --context prod-eu-west get deploy,rs,svc,endpointslices -A\n`,
  );
  out.write(`${OPENB_CREDIT}\n`);

  const timer = tickMs > 0 ? setInterval(() => fleet.tick(), tickMs) : undefined;
  const churnTimer = churnShare > 0 ? startChurn(fleet, seed, churnShare) : undefined;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (timer) clearInterval(timer);
    if (churnTimer) clearInterval(churnTimer);
    out.write(`fleet-sim: ${signal}, shutting down\n`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`fleet-sim: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Ten churn steps a second in every cluster, each changing a tenth of `share` of its pods. */
function startChurn(fleet: ReturnType<typeof createFleet>, seed: number, share: number): NodeJS.Timeout {
  const churns = fleet.clusters.map(
    (cluster) => new PodChurn(cluster, new Random(seed).fork(`${cluster.name}/churn`)),
  );
  process.stdout.write(`fleet-sim: churning ${(share * 100).toFixed(2)}% of pods per second\n`);
  return setInterval(() => {
    for (const churn of churns) churn.step(Math.max(1, Math.round((churn.candidates * share) / 10)));
  }, 100);
}

main().catch((error: unknown) =>
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error)),
);
