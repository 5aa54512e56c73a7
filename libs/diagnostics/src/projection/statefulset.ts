import type { DaemonSetRecord, StatefulSetRecord } from '@fleetscope/types';
import { nullableInteger, optionalInteger, optionalObject, optionalString, stringMap } from './fields.ts';
import { readGitOps } from './gitops.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/** Projects an apps/v1 StatefulSet: replica counts, update strategy and partition, revisions. */
export function projectStatefulSet(raw: unknown): ProjectionResult<StatefulSetRecord> {
  return project('StatefulSet', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const strategy = optionalObject(spec, 'updateStrategy', 'spec') ?? {};
    const rolling = optionalObject(strategy, 'rollingUpdate', 'spec.updateStrategy');
    const selector = optionalObject(spec, 'selector', 'spec') ?? {};
    const gitops = readGitOps(metadata);
    return {
      kind: 'StatefulSet',
      ...readIdentity(metadata, true),
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      observedGeneration: optionalInteger(status, 'observedGeneration', 'status'),
      replicas: optionalInteger(spec, 'replicas', 'spec', 1),
      statusReplicas: optionalInteger(status, 'replicas', 'status'),
      readyReplicas: optionalInteger(status, 'readyReplicas', 'status'),
      availableReplicas: optionalInteger(status, 'availableReplicas', 'status'),
      currentReplicas: optionalInteger(status, 'currentReplicas', 'status'),
      updatedReplicas: optionalInteger(status, 'updatedReplicas', 'status'),
      updateStrategy: optionalString(strategy, 'type', 'spec.updateStrategy', 'RollingUpdate'),
      rollingUpdate: rolling !== undefined,
      partition:
        rolling === undefined
          ? null
          : nullableInteger(rolling, 'partition', 'spec.updateStrategy.rollingUpdate'),
      currentRevision: optionalString(status, 'currentRevision', 'status'),
      updateRevision: optionalString(status, 'updateRevision', 'status'),
      selector: stringMap(selector, 'matchLabels', 'spec.selector'),
      ...(gitops === undefined ? {} : { gitops }),
    };
  });
}

/** Projects an apps/v1 DaemonSet: the scheduled, updated and available counts kubectl reads. */
export function projectDaemonSet(raw: unknown): ProjectionResult<DaemonSetRecord> {
  return project('DaemonSet', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const strategy = optionalObject(spec, 'updateStrategy', 'spec') ?? {};
    const selector = optionalObject(spec, 'selector', 'spec') ?? {};
    const gitops = readGitOps(metadata);
    return {
      kind: 'DaemonSet',
      ...readIdentity(metadata, true),
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      observedGeneration: optionalInteger(status, 'observedGeneration', 'status'),
      updateStrategy: optionalString(strategy, 'type', 'spec.updateStrategy', 'RollingUpdate'),
      desiredNumberScheduled: optionalInteger(status, 'desiredNumberScheduled', 'status'),
      currentNumberScheduled: optionalInteger(status, 'currentNumberScheduled', 'status'),
      updatedNumberScheduled: optionalInteger(status, 'updatedNumberScheduled', 'status'),
      numberReady: optionalInteger(status, 'numberReady', 'status'),
      numberAvailable: optionalInteger(status, 'numberAvailable', 'status'),
      numberUnavailable: optionalInteger(status, 'numberUnavailable', 'status'),
      numberMisscheduled: optionalInteger(status, 'numberMisscheduled', 'status'),
      selector: stringMap(selector, 'matchLabels', 'spec.selector'),
      ...(gitops === undefined ? {} : { gitops }),
    };
  });
}
