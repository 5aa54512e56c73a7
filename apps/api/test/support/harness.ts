import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleet, type FleetServers, type SimFleet, startFleetServers } from '@fleetscope/fleet-sim';
import { parseConfig } from '../../src/config/app-config.ts';
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
export async function startHarness(extraArgs: string[] = []): Promise<Harness> {
  const fleet = createFleet({ seed: 7, size: 'small' });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fleetscope-test-')), 'kubeconfig');
  const sim = await startFleetServers(fleet, { kubeconfig, bookmarkIntervalMs: 200 });
  const config = parseConfig(
    ['--port', '0', '--debounce-ms', String(TEST_DEBOUNCE_MS), '--web-dist', '', ...extraArgs],
    {},
    { webDist: null },
  );
  const api = await startServer({
    config,
    targets: { kubeconfigPath: kubeconfig, contexts: fleet.clusters.map((c) => c.name) },
    logger: new JsonLogger('error', () => {}),
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
