import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFleet,
  type FleetServers,
  type SimFleet,
  startFleetServers,
  systemClock,
} from '@fleetscope/fleet-sim';
import { parseConfig } from '../../src/config/app-config.ts';
import { SimulatedDcgmSource } from '../../src/demo/simulated-dcgm.ts';
import { SimulatedMetricsSource } from '../../src/demo/simulated-metrics.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { JsonLogger } from '../../src/telemetry/json-logger.ts';

export interface Harness {
  fleet: SimFleet;
  sim: FleetServers;
  api: RunningServer;
  gql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: unknown[] }>;
  close(): Promise<void>;
}

/** The documented debounce used by the integration tests (the API default is 250 ms). */
export const TEST_DEBOUNCE_MS = 100;

/** The simulated fleet served on loopback and the real API watching it, as in the demo. */
export async function startHarness(
  extraArgs: string[] = [],
  controlPlane: Record<string, string> = {},
  fleetOptions: { scenario?: string; size?: 'small' | 'demo'; dcgm?: boolean } = {},
): Promise<Harness> {
  const { dcgm, ...fleetSpec } = fleetOptions;
  // The fleet's scenario clock is the real one, like the API's: signals are functions of elapsed time.
  const fleet = createFleet({ seed: 7, size: 'small', ...fleetSpec, controlPlane, clock: systemClock });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fleetscope-test-')), 'kubeconfig');
  // latencyScale shrinks the delays the simulated API server enacts (webhook timeouts, slow etcd) so
  // probes run fast; the metrics still describe the real-scale scenario.
  const sim = await startFleetServers(fleet, { kubeconfig, bookmarkFrequencyMs: 200, latencyScale: 0.01 });
  const config = parseConfig(
    ['--port', '0', '--debounce-ms', String(TEST_DEBOUNCE_MS), '--web-dist', '', ...extraArgs],
    {},
    { webDist: null },
  );
  const api = await startServer({
    config,
    targets: { kubeconfigPath: kubeconfig, contexts: fleet.clusters.map((c) => c.name) },
    logger: new JsonLogger('error', () => {}),
    metrics: new SimulatedMetricsSource(fleet),
    // Opt-in: the simulated dcgm-exporters, read as the demo reads them.
    ...(dcgm === true ? { dcgm: new SimulatedDcgmSource(fleet) } : {}),
  });
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: unknown[] };
  };
  return {
    fleet,
    sim,
    api,
    gql,
    close: async () => {
      await api.close();
      await sim.close();
    },
  };
}

/** Polls until `check` passes (returns without throwing), or rethrows its last failure after `timeoutMs`. */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
