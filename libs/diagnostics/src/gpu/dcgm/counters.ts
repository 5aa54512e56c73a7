/** The DCGM-exporter counters Fleetscope reads (default counter set; reference/gpu.md). */
export const DCGM = {
  engineActive: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  gpuUtil: 'DCGM_FI_DEV_GPU_UTIL',
  fbUsed: 'DCGM_FI_DEV_FB_USED',
  fbFree: 'DCGM_FI_DEV_FB_FREE',
  power: 'DCGM_FI_DEV_POWER_USAGE',
  temperature: 'DCGM_FI_DEV_GPU_TEMP',
  xid: 'DCGM_FI_DEV_XID_ERRORS',
  rowRemapFailure: 'DCGM_FI_DEV_ROW_REMAP_FAILURE',
} as const;

export type DcgmCounter = (typeof DCGM)[keyof typeof DCGM];

/** Every counter read, in the order a source queries them. */
export const DCGM_COUNTERS: readonly DcgmCounter[] = Object.values(DCGM);

/**
 * XIDs the NVIDIA device plugin treats as application errors: the device stays healthy. Every other
 * XID seen (48, 63, 64, 74, 79, 94, 95, …) marks it unhealthy.
 */
export const APPLICATION_XIDS: ReadonlySet<number> = new Set([13, 31, 43, 45, 68, 109]);

/** True when an XID takes the device out of service (the device plugin marks it unhealthy). */
export function isCriticalXid(xid: number): boolean {
  return xid !== 0 && !APPLICATION_XIDS.has(xid);
}

/** Framebuffer counters are in MiB. */
export const MIB = 1024 * 1024;
