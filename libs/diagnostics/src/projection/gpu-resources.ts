/** The whole-GPU extended resource advertised by the NVIDIA device plugin. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** Time-slicing with `renameByDefault` advertises shared GPUs under this name. */
export const SHARED_GPU_RESOURCE = 'nvidia.com/gpu.shared';

/** MIG mixed strategy advertises one resource per profile: nvidia.com/mig-1g.10gb, ... */
export const MIG_RESOURCE_PREFIX = 'nvidia.com/mig-';

/** True for GPU-like extended resources other than whole GPUs (MIG profiles, shared GPUs). */
export function isGpuExtendedResource(name: string): boolean {
  return name === SHARED_GPU_RESOURCE || name.startsWith(MIG_RESOURCE_PREFIX);
}
