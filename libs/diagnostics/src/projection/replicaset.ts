import type { ReplicaSetRecord } from '@fleetscope/types';
import { readConditions } from './conditions.ts';
import { mapEntryString, optionalInteger, optionalObject } from './fields.ts';
import { metadataOf, readController, readIdentity } from './metadata.ts';
import { readPodTemplate } from './pod-template.ts';
import { type ProjectionResult, project } from './result.ts';

/** Set by the deployment controller on each ReplicaSet it owns. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Projects an apps/v1 ReplicaSet. `replicas` is the desired count (spec), as for Deployments. */
export function projectReplicaSet(raw: unknown): ProjectionResult<ReplicaSetRecord> {
  return project('ReplicaSet', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    // Read only the two keys we need; annotations can be large (last-applied-configuration).
    const annotations = optionalObject(metadata, 'annotations', 'metadata') ?? {};
    const labels = optionalObject(metadata, 'labels', 'metadata') ?? {};
    const replicas = optionalInteger(spec, 'replicas', 'spec', 1);
    // Only ReplicaSets that hold pods keep their template: a rollout's old and new sets do, while the
    // revision history (up to 10 scaled-to-zero sets per Deployment) would multiply the memory for nothing.
    const template = replicas > 0 ? readPodTemplate(spec) : undefined;
    return {
      kind: 'ReplicaSet',
      ...readIdentity(metadata, true),
      controller: readController(metadata),
      replicas,
      readyReplicas: optionalInteger(status, 'readyReplicas', 'status'),
      availableReplicas: optionalInteger(status, 'availableReplicas', 'status'),
      revision: mapEntryString(annotations, REVISION_ANNOTATION, 'metadata.annotations'),
      podTemplateHash: mapEntryString(labels, POD_TEMPLATE_HASH_LABEL, 'metadata.labels'),
      conditions: readConditions(status, 'status'),
      ...(template === undefined ? {} : { template }),
    };
  });
}
