import { POD_TROUBLES } from '@fleetscope/diagnostics';
import { registerEnumType } from '@nestjs/graphql';

/** Pod trouble states, one per classification rule (the rule names are their machine names). */
export const POD_STATE_BY_RULE = {
  [POD_TROUBLES.unschedulable]: 'UNSCHEDULABLE',
  [POD_TROUBLES.gated]: 'GATED',
  [POD_TROUBLES.unscheduled]: 'NOT_SCHEDULED',
  [POD_TROUBLES.creating]: 'CONTAINER_CREATING',
  [POD_TROUBLES.imagePull]: 'IMAGE_PULL',
  [POD_TROUBLES.configError]: 'CONFIG_ERROR',
  [POD_TROUBLES.containerError]: 'CONTAINER_ERROR',
  [POD_TROUBLES.crashLoop]: 'CRASH_LOOP',
  [POD_TROUBLES.notReady]: 'NOT_READY',
  [POD_TROUBLES.evicted]: 'EVICTED',
} as const;

export type PodTroubleState = (typeof POD_STATE_BY_RULE)[keyof typeof POD_STATE_BY_RULE];

export const PodTroubleStateEnum = Object.fromEntries(
  Object.values(POD_STATE_BY_RULE).map((v) => [v, v]),
) as Record<PodTroubleState, PodTroubleState>;
registerEnumType(PodTroubleStateEnum, {
  name: 'PodTroubleState',
  description:
    'Why a pod is not serving, as Fleetscope classifies it (shared/reference/workload-diagnostics.md).',
  valuesMap: {
    UNSCHEDULABLE: {
      description: 'Pending: the scheduler found no node (PodScheduled=False, Unschedulable).',
    },
    GATED: { description: "Pending: held by scheduling gates (Kueue's admission gate included)." },
    NOT_SCHEDULED: { description: 'Pending for over a minute with no scheduling decision at all.' },
    CONTAINER_CREATING: { description: 'Scheduled; sandbox, volumes or devices not ready (kubelet events).' },
    IMAGE_PULL: { description: 'ErrImagePull, ImagePullBackOff, InvalidImageName, …' },
    CONFIG_ERROR: { description: 'CreateContainerConfigError: a ConfigMap or Secret (key) is missing.' },
    CONTAINER_ERROR: { description: 'CreateContainerError or RunContainerError (the runtime).' },
    CRASH_LOOP: { description: 'CrashLoopBackOff, with the last termination (OOMKilled, exit code).' },
    NOT_READY: { description: 'Running, Ready=false: failing readiness probe or gate.' },
    EVICTED: { description: 'Failed: evicted by the kubelet under node pressure.' },
  },
});

export const RolloutStateEnum = { STUCK: 'STUCK', PROGRESSING: 'PROGRESSING' } as const;
export type RolloutState = keyof typeof RolloutStateEnum;
registerEnumType(RolloutStateEnum, {
  name: 'RolloutState',
  description: 'An unfinished rollout: stuck (cannot finish on its own, see stuckReason) or progressing.',
  valuesMap: {
    STUCK: { description: 'Cannot finish on its own: stuckReason says why.' },
    PROGRESSING: { description: 'Not done yet, nothing blocks it.' },
  },
});

export const RolloutStageEnum = {
  SPEC_NOT_OBSERVED: 'SPEC_NOT_OBSERVED',
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  UPDATING: 'UPDATING',
  OLD_TERMINATING: 'OLD_TERMINATING',
  WAITING_AVAILABLE: 'WAITING_AVAILABLE',
  WAITING_READY: 'WAITING_READY',
  COMPLETE: 'COMPLETE',
} as const;
registerEnumType(RolloutStageEnum, {
  name: 'RolloutStage',
  description: 'The `kubectl rollout status` stage, in the order kubectl checks them.',
  valuesMap: {
    SPEC_NOT_OBSERVED: {
      description: 'generation > observedGeneration: the controller has not seen the spec.',
    },
    DEADLINE_EXCEEDED: { description: 'Progressing=False, ProgressDeadlineExceeded.' },
    UPDATING: {
      description:
        'Fewer updated replicas than desired (StatefulSet: partitioned roll out or revision update; DaemonSet: updated pods).',
    },
    OLD_TERMINATING: { description: 'Old replicas pending termination.' },
    WAITING_AVAILABLE: { description: 'Updated replicas (DaemonSet: pods) not all available yet.' },
    WAITING_READY: { description: 'StatefulSet: fewer Ready pods than replicas.' },
    COMPLETE: { description: 'Successfully rolled out.' },
  },
});
