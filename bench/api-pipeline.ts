import {
  type ResourceFreshness,
  WATCHED_RESOURCES,
  type WatchedResource,
  WORKLOAD_SET_RESOURCES,
} from '@fleetscope/types';
import type { KubeConfig } from '@kubernetes/client-node';
import { FleetSnapshots } from '../apps/api/src/analysis/fleet-snapshots.ts';
import { ClientNodeKubeApi, type KubeApi } from '../apps/api/src/sources/kubernetes/kube-api.ts';
import { defaultWatchTimeoutSeconds, Reflector } from '../apps/api/src/sources/kubernetes/reflector.ts';
import { type ClusterState, FleetState } from '../apps/api/src/stores/cluster-state.ts';
import { JsonLogger } from '../apps/api/src/telemetry/json-logger.ts';

/**
 * The API's ingest pipeline for one cluster, in this process, wired as `KubernetesSource.startCluster`
 * and `CoreModule` wire it: one `Reflector` per watched resource over a `ClientNodeKubeApi` (the real
 * HTTP client: raw paged LIST, line-by-line WATCH) into the cluster's `ClusterState` (its ObjectStore with
 * the incremental tally and event ring as listeners), freshness into the cluster, and optionally
 * `FleetSnapshots` started with the API's defaults (debounce 250 ms, ≤ 1 s, 5 s tick, stale-after 120 s).
 * Built by hand rather than through Nest so the benchmark can see the moment every resource has synced.
 */

/** The API's defaults (config/app-config.ts): --stale-after 120 s, --debounce-ms 250. */
export const STALE_AFTER_MS = 120_000;
const DEBOUNCE_MS = 250;

export const ALL_RESOURCES: readonly WatchedResource[] = [...WATCHED_RESOURCES, ...WORKLOAD_SET_RESOURCES];

export interface Pipeline {
  fleet: FleetState;
  cluster: ClusterState;
  snapshots: FleetSnapshots | null;
  reflectors: Reflector[];
  /** Resolves when every reflector has listed once (state SYNCED after its first relist). */
  synced: Promise<void>;
  stop(): Promise<void>;
}

export function startPipeline(
  kubeConfig: KubeConfig,
  options: {
    resources?: readonly WatchedResource[];
    snapshots?: boolean;
    name?: string;
    /** Wraps the HTTP client (to pin a LIST to a resourceVersion, or to time the watch). */
    wrapApi?: (api: KubeApi) => KubeApi;
  } = {},
): Pipeline {
  const resources = options.resources ?? ALL_RESOURCES;
  const logger = new JsonLogger('warn');
  const clock = { now: (): number => Date.now() };
  const fleet = new FleetState();
  const name = options.name ?? 'envelope';
  const cluster = fleet.add(name);
  const snapshots =
    options.snapshots === true
      ? new FleetSnapshots(fleet, clock, {
          debounceMs: DEBOUNCE_MS,
          maxDelayMs: Math.max(DEBOUNCE_MS * 4, 1000),
          intervalMs: 5_000,
          staleAfterMs: STALE_AFTER_MS,
        })
      : null;
  snapshots?.start();
  const longestStreamMs = defaultWatchTimeoutSeconds(STALE_AFTER_MS) * 1_500 + 10_000;
  const client = new ClientNodeKubeApi(kubeConfig, longestStreamMs + 30_000);
  const api = options.wrapApi ? options.wrapApi(client) : client;
  let pending = resources.length;
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });
  const reflectors = resources.map((resource) => {
    let listed = false;
    const reflector = new Reflector({
      cluster: name,
      resource,
      api,
      sink: cluster.objects,
      clock,
      logger,
      staleAfterMs: STALE_AFTER_MS,
      onFreshness: (f: ResourceFreshness) => {
        cluster.setFreshness(f);
        if (!listed && f.lastSyncAt !== null) {
          listed = true;
          pending -= 1;
          if (pending === 0) resolveSynced();
        }
      },
    });
    cluster.setFreshness(reflector.freshness);
    return reflector;
  });
  for (const reflector of reflectors) reflector.start();
  return {
    fleet,
    cluster,
    snapshots,
    reflectors,
    synced,
    async stop() {
      snapshots?.stop();
      await Promise.all(reflectors.map((r) => r.stop()));
    },
  };
}
