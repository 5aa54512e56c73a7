import type { ServiceRecord } from '@fleetscope/types';
import { optionalObject, optionalString, stringMap } from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/** Projects a core/v1 Service. */
export function projectService(raw: unknown): ProjectionResult<ServiceRecord> {
  return project('Service', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    return {
      kind: 'Service',
      ...readIdentity(metadata, true),
      // ClusterIP is the API server's default type.
      type: optionalString(spec, 'type', 'spec', 'ClusterIP'),
      selector: stringMap(spec, 'selector', 'spec'),
    };
  });
}
