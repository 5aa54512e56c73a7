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
  /**
   * Last object event (ADDED, MODIFIED, DELETED). Information only, never a verdict: a quiet resource
   * (no changes for hours) is not a stale one.
   */
  lastEventAt: number | null;
  /**
   * Last time the API server proved our copy current: a completed list, an event or bookmark, or a
   * watch stream that the server itself ended (it had the chance to send everything up to then, and the
   * re-watch resumes from our resourceVersion without a gap). Staleness is measured from here.
   */
  confirmedAt: number | null;
  /**
   * Set when there is evidence that the watch is behind although it looks connected (a census found
   * objects our copy lacks and the watch delivered nothing that explained it); null otherwise. Makes
   * the resource stale at once, whatever confirmedAt says.
   */
  behind: string | null;
  /** Last completed initial list / relist (410 Gone, restart). */
  lastSyncAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  relists: number;
  restarts: number;
  /**
   * True while the last answer was 404 for the resource type itself (API group or CRD not served):
   * what rests on it is NOT_APPLICABLE there, not unknown. Cleared by a completed list. Absent: false.
   */
  notServed?: boolean;
}

export interface ClusterFreshness {
  cluster: string;
  resources: ResourceFreshness[];
}
