import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleet, startFleetServers, systemClock } from '@fleetscope/fleet-sim';

export interface EmbeddedFleet {
  kubeconfigPath: string;
  contexts: string[];
  close(): Promise<void>;
}

/** How often the demo fleet changes a little (a job finishes, another starts), so the wall is visibly live. */
const DEMO_TICK_MS = 5_000;

/**
 * The demo's data source: the simulated fleet served as real Kubernetes API servers on loopback,
 * with a kubeconfig pointing at them. The API then watches it with the production KubernetesSource.
 */
export async function startEmbeddedFleet(seed: number): Promise<EmbeddedFleet> {
  const fleet = createFleet({ seed, clock: systemClock, size: 'demo' });
  const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'fleetscope-demo-')), 'kubeconfig');
  const servers = await startFleetServers(fleet, { host: '127.0.0.1', kubeconfig: kubeconfigPath });
  const ticker = setInterval(() => fleet.tick(), DEMO_TICK_MS);
  ticker.unref();
  return {
    kubeconfigPath,
    contexts: fleet.clusters.map((c) => c.name),
    close: async () => {
      clearInterval(ticker);
      await servers.close();
    },
  };
}
