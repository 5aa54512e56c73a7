import type { EndpointSliceRecord } from '@fleetscope/types';
import { elementObject, mapEntryString, optionalArray, optionalBoolean, optionalObject } from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/** Links an EndpointSlice to its Service (set by the EndpointSlice controller). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Projects a discovery.k8s.io/v1 EndpointSlice: endpoint and ready-endpoint counts. */
export function projectEndpointSlice(raw: unknown): ProjectionResult<EndpointSliceRecord> {
  return project('EndpointSlice', raw, (object) => {
    const metadata = metadataOf(object);
    const labels = optionalObject(metadata, 'labels', 'metadata') ?? {};
    const endpoints = optionalArray(object, 'endpoints', '');
    let ready = 0;
    for (let i = 0; i < endpoints.length; i++) {
      const endpoint = elementObject(endpoints[i], 'endpoints', i);
      const conditions = optionalObject(endpoint, 'conditions', `endpoints[${i}]`) ?? {};
      // API docs: "a nil value should be interpreted as 'true'" for conditions.ready.
      if (optionalBoolean(conditions, 'ready', `endpoints[${i}].conditions`, true)) ready++;
    }
    return {
      kind: 'EndpointSlice',
      ...readIdentity(metadata, true),
      serviceName: mapEntryString(labels, SERVICE_NAME_LABEL, 'metadata.labels'),
      endpoints: endpoints.length,
      readyEndpoints: ready,
    };
  });
}
