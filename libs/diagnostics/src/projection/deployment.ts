import type { DeploymentRecord } from '@fleetscope/types';
import { readConditions } from './conditions.ts';
import { optionalBoolean, optionalInteger, optionalObject, stringMap } from './fields.ts';
import { readGitOps } from './gitops.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/** Projects an apps/v1 Deployment. */
export function projectDeployment(raw: unknown): ProjectionResult<DeploymentRecord> {
  return project('Deployment', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const selector = optionalObject(spec, 'selector', 'spec') ?? {};
    const gitops = readGitOps(metadata);
    return {
      kind: 'Deployment',
      ...readIdentity(metadata, true),
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      observedGeneration: optionalInteger(status, 'observedGeneration', 'status'),
      // spec.replicas is defaulted to 1 by the API server; a nil pointer means the same.
      replicas: optionalInteger(spec, 'replicas', 'spec', 1),
      updatedReplicas: optionalInteger(status, 'updatedReplicas', 'status'),
      readyReplicas: optionalInteger(status, 'readyReplicas', 'status'),
      availableReplicas: optionalInteger(status, 'availableReplicas', 'status'),
      unavailableReplicas: optionalInteger(status, 'unavailableReplicas', 'status'),
      statusReplicas: optionalInteger(status, 'replicas', 'status'),
      paused: optionalBoolean(spec, 'paused', 'spec'),
      selector: stringMap(selector, 'matchLabels', 'spec.selector'),
      conditions: readConditions(status, 'status'),
      ...(gitops === undefined ? {} : { gitops }),
    };
  });
}
