import type { WatchedResource } from './projections.ts';

/** Connection state of one watched resource in one cluster, as the source saw it. */
export type WatchState =
  | 'CONNECTING' // never synced yet
  | 'SYNCED' // listed and watching
  | 'RETRYING' // an error stopped the watch; backoff before restart
  | 'FORBIDDEN'; // 401/403: we may not list this resource — its data is UNKNOWN, not empty

/** Per cluster and resource: what the watch has done lately. Times are epoch ms or null. */
export interface ResourceFreshness {
  resource: WatchedResource;
  state: WatchState;
  /** Last time the informer delivered anything (event, bookmark, or relist). */
  lastEventAt: number | null;
  /** Last completed initial list / relist (410 Gone, restart). */
  lastSyncAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  relists: number;
  restarts: number;
}

export interface ClusterFreshness {
  cluster: string;
  resources: ResourceFreshness[];
}
