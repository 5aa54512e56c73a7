import type { ResourceClaimRecord, ResourceSliceRecord } from '@fleetscope/types';
import {
  describeValue,
  elementObject,
  FieldError,
  isObject,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
} from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import type { ProjectionResult } from './result.ts';

export type { ResourceClaimRecord, ResourceSliceRecord } from '@fleetscope/types';

function guard<T>(
  kind: string,
  raw: unknown,
  body: (object: Record<string, unknown>) => T,
): ProjectionResult<T> {
  if (!isObject(raw)) return { ok: false, error: `${kind}: expected an object, got ${describeValue(raw)}` };
  if (raw.kind !== undefined && raw.kind !== null && raw.kind !== kind) {
    return { ok: false, error: `${kind}: kind is ${describeValue(raw.kind)}` };
  }
  try {
    return { ok: true, record: body(raw) };
  } catch (error) {
    if (error instanceof FieldError) {
      const m = isObject(raw.metadata) ? raw.metadata : {};
      const name = [m.namespace, m.name].filter((x) => typeof x === 'string' && x !== '').join('/');
      return { ok: false, error: `${kind}${name === '' ? '' : ` ${name}`}: ${error.message}` };
    }
    throw error;
  }
}

/** Projects a resource.k8s.io/v1 ResourceSlice (spec.driver, spec.pool, spec.nodeName, spec.devices[].name). */
export function projectResourceSlice(raw: unknown): ProjectionResult<ResourceSliceRecord> {
  return guard('ResourceSlice', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const pool = optionalObject(spec, 'pool', 'spec') ?? {};
    const nodeName = optionalString(spec, 'nodeName', 'spec');
    optionalBoolean(spec, 'allNodes', 'spec');
    const identity = readIdentity(metadata, false);
    return {
      kind: 'ResourceSlice' as const,
      uid: identity.uid,
      name: identity.name,
      resourceVersion: identity.resourceVersion,
      driver: requiredString(spec, 'driver', 'spec'),
      pool: {
        name: requiredString(pool, 'name', 'spec.pool'),
        generation: optionalInteger(pool, 'generation', 'spec.pool'),
        resourceSliceCount: optionalInteger(pool, 'resourceSliceCount', 'spec.pool', 1),
      },
      nodeName: nodeName === '' ? null : nodeName,
      devices: optionalArray(spec, 'devices', 'spec').map((d, i) =>
        requiredString(elementObject(d, 'spec.devices', i), 'name', `spec.devices[${i}]`),
      ),
    };
  });
}

/** Projects a resource.k8s.io/v1 ResourceClaim (status.allocation.devices.results). */
export function projectResourceClaim(raw: unknown): ProjectionResult<ResourceClaimRecord> {
  return guard('ResourceClaim', raw, (object) => {
    const metadata = metadataOf(object);
    const identity = readIdentity(metadata, true);
    const status = optionalObject(object, 'status', '') ?? {};
    const allocation = optionalObject(status, 'allocation', 'status') ?? {};
    const devices = optionalObject(allocation, 'devices', 'status.allocation') ?? {};
    const results = optionalArray(devices, 'results', 'status.allocation.devices').map((r, i) => {
      const path = `status.allocation.devices.results[${i}]`;
      const item = elementObject(r, 'status.allocation.devices.results', i);
      return {
        driver: requiredString(item, 'driver', path),
        pool: requiredString(item, 'pool', path),
        device: requiredString(item, 'device', path),
      };
    });
    return {
      kind: 'ResourceClaim' as const,
      uid: identity.uid,
      namespace: identity.namespace,
      name: identity.name,
      resourceVersion: identity.resourceVersion,
      allocated: results,
    };
  });
}
