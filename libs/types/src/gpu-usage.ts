/**
 * What DCGM-exporter says about one GPU (or one MIG instance), joined to its node and pods.
 * Produced by the Prometheus source (live) or from scrape files (CLI); read by pool views,
 * allocation-vs-use accounting and the GPU findings. Absent measurements are null, never 0.
 */
export interface GpuDeviceUsage {
  cluster: string;
  /** Node name, from the `Hostname`/`hostname` label (or the scrape target when it is all there is). */
  node: string;
  /** GPU index on the node (the `gpu` label). */
  gpu: string;
  /** `UUID` (or `uuid`), "" when the exporter gave none. */
  uuid: string;
  modelName: string | null;
  /**
   * MIG profile ("1g.10gb", `GPU_I_PROFILE`) and instance id (`GPU_I_ID`) for a MIG instance; null for a whole GPU.
   * On a MIG GPU the exporter also reports the parent GPU (both null, same node/gpu/uuid) with the
   * device-level counters (power, temperature, XID, row remapping) and no engine activity — its work
   * is on its instances, which take its XID and row-remap state when they have none of their own.
   */
  migProfile: string | null;
  migInstance: string | null;
  /** Engine activity 0..1: DCGM_FI_PROF_GR_ENGINE_ACTIVE, else DCGM_FI_DEV_GPU_UTIL / 100 (not for MIG); null when neither is scraped. */
  engineActive: number | null;
  engineSource: GpuEngineSource | null;
  framebufferUsedBytes: number | null;
  framebufferFreeBytes: number | null;
  powerWatts: number | null;
  temperatureC: number | null;
  /** Last XID the exporter reported and when it last changed (XIDs are read by change, not value); null when none seen. */
  lastXid: number | null;
  xidChangedAt: number | null;
  /** DCGM_FI_DEV_ROW_REMAP_FAILURE > 0: the GPU needs service. Null when not scraped. */
  rowRemapFailure: boolean | null;
  /** Pods on this device, "namespace/name": from the exporter's pod labels, else from the node's GPU pods (see `podSource`). */
  pods: string[];
  podSource: 'EXPORTER_LABELS' | 'NODE_PODS' | 'NONE';
  /** When the newest sample for this device was taken (ms since epoch). */
  observedAt: number;
}

export type GpuEngineSource = 'PROF_GR_ENGINE_ACTIVE' | 'DEV_GPU_UTIL';

/**
 * The state one heatmap cell (one GPU) is drawn in. UNHEALTHY wins over everything (a recent XID,
 * row-remap failure); NOT_USABLE is a GPU-present node not usable yet; ALLOCATED_UNKNOWN is
 * allocated where no DCGM data maps to it — never drawn as busy or as idle.
 */
export type GpuCellState =
  | 'FREE'
  | 'ALLOCATED_BUSY'
  | 'ALLOCATED_IDLE'
  | 'ALLOCATED_UNKNOWN'
  | 'UNHEALTHY'
  | 'NOT_USABLE';

/** Engine activity at or above this share counts a GPU as actively used (configurable per deployment). */
export const DEFAULT_GPU_BUSY_THRESHOLD = 0.05;
