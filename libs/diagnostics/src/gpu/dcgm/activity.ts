import { DEFAULT_GPU_BUSY_THRESHOLD, type GpuDeviceUsage } from '@fleetscope/types';

/** Whether a device is doing work: UNKNOWN when no engine counter was scraped — never idle. */
export type GpuActivity = 'BUSY' | 'IDLE' | 'UNKNOWN';

export function deviceActivity(
  device: Pick<GpuDeviceUsage, 'engineActive'>,
  threshold: number = DEFAULT_GPU_BUSY_THRESHOLD,
): GpuActivity {
  if (device.engineActive === null) return 'UNKNOWN';
  return device.engineActive >= threshold ? 'BUSY' : 'IDLE';
}

/** Allocated to at least one pod, as far as the attribution knows. */
export function deviceAllocated(device: Pick<GpuDeviceUsage, 'pods'>): boolean {
  return device.pods.length > 0;
}
