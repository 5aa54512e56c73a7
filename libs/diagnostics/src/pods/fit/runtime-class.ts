import type { PodRecord, RuntimeClassRecord } from '@fleetscope/types';
import type { PreFilterRejection } from './volume-binding.ts';

/**
 * The pod's RuntimeClass must exist: admission refuses new pods naming a missing one, and the kubelet
 * cannot start a pod whose class was deleted since. The scheduler does not check it (null wording).
 * Not watched (null): UNKNOWN, said as such.
 */
export function checkRuntimeClass(
  pod: PodRecord,
  runtimeClasses: readonly RuntimeClassRecord[] | null,
): { rejection: PreFilterRejection | null; unknown: string[] } {
  const name = pod.placement?.runtimeClassName;
  if (name === undefined || name === '') return { rejection: null, unknown: [] };
  if (runtimeClasses === null) return { rejection: null, unknown: ['RuntimeClass (not watched)'] };
  if (runtimeClasses.some((c) => c.name === name)) return { rejection: null, unknown: [] };
  return {
    rejection: {
      plugin: 'RuntimeClass',
      scheduler: null,
      ours: `RuntimeClass "${name}" does not exist: the pod cannot run on any node`,
    },
    unknown: [],
  };
}
