import type { GpuDeviceUsage } from '@fleetscope/types';

/**
 * Where per-GPU usage comes from (DCGM-exporter series through Prometheus, or nothing). Pool views
 * and allocation-vs-use read it; they never reach a source themselves.
 */
export interface GpuUsageReader {
  /** The cluster's devices as last read; null when no DCGM data is configured or none arrived yet (UNKNOWN, not idle). */
  devices(cluster: string): readonly GpuDeviceUsage[] | null;
  /** When the cluster's devices were last read successfully (ms since epoch), null when never. */
  asOf(cluster: string): number | null;
}

export const GPU_USAGE = Symbol('GPU_USAGE');

/** The reader when no DCGM source is configured: every cluster's usage is unknown. */
export const NO_GPU_USAGE: GpuUsageReader = {
  devices: () => null,
  asOf: () => null,
};
