import type { PodRecord } from '@fleetscope/types';
import { CLAIM_FAULTS, type ClaimState, claimFix, claimState } from '../storage/claim-state.ts';
import { describeQuotaRefusal } from '../storage/quota.ts';
import type { SchedulingObjects } from '../storage/scheduling-objects.ts';
import type { BlockingPod } from './deployment-rollout.ts';

/** Why a blocking pod's claim does not bind, and what to do; null when the claims are not known or all bound. */
export interface ClaimFacts {
  text: string;
  fix: string;
}

/**
 * The claim that keeps a rollout's new pods Pending (the scheduler's VolumeBinding), told from the
 * claim and its StorageClass: missing class, no default, WaitForFirstConsumer, … A claim that never
 * binds by itself is preferred over one that is merely waiting.
 */
export function claimFacts(
  blocking: readonly BlockingPod[],
  podsByName: ReadonlyMap<string, PodRecord>,
  scheduling: SchedulingObjects | undefined,
): ClaimFacts | null {
  const lookup = scheduling?.claim;
  if (lookup === undefined) return null;
  let best: { state: ClaimState; fix: string } | null = null;
  for (const b of blocking) {
    if (b.cause !== 'VolumeBinding') continue;
    const pod = podsByName.get(b.name);
    for (const name of [...(pod?.placement?.claims ?? [])].sort()) {
      const claim = lookup(b.namespace, name);
      if (claim === undefined) {
        return {
          text: `PersistentVolumeClaim ${b.namespace}/${name} does not exist`,
          fix: `create the claim ${b.namespace}/${name} the pods mount, or fix the volume's claimName`,
        };
      }
      const state = claimState(claim, scheduling ?? {});
      if (state === null) continue;
      const candidate = { state, fix: claimFix(claim, state) };
      if (CLAIM_FAULTS.has(state.problem)) return { text: state.text, fix: candidate.fix };
      best ??= candidate;
    }
  }
  return best === null ? null : { text: best.state.text, fix: best.fix };
}

/** The quota refusal told from the ResourceQuota (see describeQuotaRefusal); null keeps the message. */
export function quotaFacts(
  message: string,
  namespace: string,
  scheduling: SchedulingObjects | undefined,
): string | null {
  return describeQuotaRefusal(message, namespace, scheduling?.quotas?.(namespace))?.text ?? null;
}
