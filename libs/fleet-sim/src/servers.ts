import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimFleet } from './fleet.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { type SimServer, startSimServer } from './server/http.ts';

export interface StartFleetServersOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** First port; cluster i listens on portBase + i. Default: ephemeral ports. */
  portBase?: number;
  /** How often a watcher's bookmark is due (see SimServerOptions.bookmarkFrequencyMs); default 60 000 ms. */
  bookmarkFrequencyMs?: number;
  /** etcd progress-notification interval (see SimServerOptions); default 10 min, 0 = never. */
  progressNotifyIntervalMs?: number;
  /** Multiplies the latencies the servers enact for control-plane scenarios (see SimServerOptions). */
  latencyScale?: number;
  /**
   * Where to write a kubeconfig for all clusters: a path, `true` for a fresh temp file, or false/absent
   * for none.
   */
  kubeconfig?: string | boolean;
}

export interface FleetServers {
  servers: SimServer[];
  /** Server for a cluster by name; throws when there is none. */
  server(name: string): SimServer;
  kubeconfigPath?: string;
  close(): Promise<void>;
}

/** Starts one API server per cluster of the fleet (loopback, ephemeral ports by default). */
export async function startFleetServers(
  fleet: SimFleet,
  options: StartFleetServersOptions = {},
): Promise<FleetServers> {
  const servers: SimServer[] = [];
  try {
    for (const [i, cluster] of fleet.clusters.entries()) {
      servers.push(
        await startSimServer(cluster, {
          ...(options.host ? { host: options.host } : {}),
          ...(options.portBase !== undefined ? { port: options.portBase + i } : {}),
          ...(options.bookmarkFrequencyMs !== undefined
            ? { bookmarkFrequencyMs: options.bookmarkFrequencyMs }
            : {}),
          ...(options.progressNotifyIntervalMs !== undefined
            ? { progressNotifyIntervalMs: options.progressNotifyIntervalMs }
            : {}),
          ...(options.latencyScale !== undefined ? { latencyScale: options.latencyScale } : {}),
        }),
      );
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
  let kubeconfigPath: string | undefined;
  if (options.kubeconfig) {
    kubeconfigPath =
      typeof options.kubeconfig === 'string'
        ? options.kubeconfig
        : join(mkdtempSync(join(tmpdir(), 'fleet-sim-')), 'kubeconfig');
    writeKubeconfig(servers, kubeconfigPath);
  }
  return {
    servers,
    server(name: string): SimServer {
      const found = servers.find((s) => s.cluster.name === name);
      if (!found) throw new Error(`no server for cluster "${name}"`);
      return found;
    },
    ...(kubeconfigPath ? { kubeconfigPath } : {}),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
