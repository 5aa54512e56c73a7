import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleet, startFleetServers, systemClock } from '@fleetscope/fleet-sim';
import { SimulatedDcgmSource } from './simulated-dcgm.ts';
import { SimulatedMetricsSource } from './simulated-metrics.ts';

export interface EmbeddedFleet {
  kubeconfigPath: string;
  contexts: string[];
  /** Control-plane signals computed by the simulator from each cluster's scenario. */
  metrics: SimulatedMetricsSource;
  /** Each cluster's simulated dcgm-exporter exposition (also served at /sim/dcgm). */
  dcgm: SimulatedDcgmSource;
  close(): Promise<void>;
}

/** The demo's control-plane scenarios per cluster (the others are healthy). */
export const DEMO_CONTROL_PLANE = { 'prod-eu-west': 'etcd-slow-disk' } as const;

/** How often the demo fleet changes a little (a job finishes, another starts), so the wall is visibly live. */
const DEMO_TICK_MS = 5_000;

/**
 * The demo's data source: the simulated fleet served as real Kubernetes API servers on loopback,
 * with a kubeconfig pointing at them. The API then watches it with the production KubernetesSource.
 */
export async function startEmbeddedFleet(seed: number): Promise<EmbeddedFleet> {
  // One cluster has a control-plane incident while its workloads keep serving, as in real life.
  const fleet = createFleet({ seed, clock: systemClock, size: 'demo', controlPlane: DEMO_CONTROL_PLANE });
  // The kubeconfig lives in a folder of its own, removed on close and on a failed start.
  const folder = mkdtempSync(join(tmpdir(), 'fleetscope-demo-'));
  const removeFolder = (): void => rmSync(folder, { recursive: true, force: true });
  const kubeconfigPath = join(folder, 'kubeconfig');
  let servers: Awaited<ReturnType<typeof startFleetServers>>;
  try {
    servers = await startFleetServers(fleet, { host: '127.0.0.1', kubeconfig: kubeconfigPath });
  } catch (error) {
    removeFolder();
    throw error;
  }
  const ticker = setInterval(() => fleet.tick(), DEMO_TICK_MS);
  ticker.unref();
  return {
    kubeconfigPath,
    contexts: fleet.clusters.map((c) => c.name),
    metrics: new SimulatedMetricsSource(fleet),
    dcgm: new SimulatedDcgmSource(fleet),
    close: async () => {
      clearInterval(ticker);
      try {
        await servers.close();
      } finally {
        removeFolder();
      }
    },
  };
}
