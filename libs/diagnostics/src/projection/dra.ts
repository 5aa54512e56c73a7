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

/** What Fleetscope keeps of a resource.k8s.io/v1 ResourceSlice: its pool and the names of its devices. */
export interface ResourceSliceRecord {
  kind: 'ResourceSlice';
  uid: string;
  name: string;
  driver: string;
  pool: { name: string; generation: number; resourceSliceCount: number };
  /** The node the devices are on; null for slices of several nodes (nodeSelector or allNodes). */
  nodeName: string | null;
  devices: string[];
}

/** What Fleetscope keeps of a resource.k8s.io/v1 ResourceClaim: which devices it holds. */
export interface ResourceClaimRecord {
  kind: 'ResourceClaim';
  uid: string;
  namespace: string;
  name: string;
  /** status.allocation.devices.results: the devices allocated to it. */
  allocated: { driver: string; pool: string; device: string }[];
}

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
    return {
      kind: 'ResourceSlice' as const,
      uid: readIdentity(metadata, false).uid,
      name: readIdentity(metadata, false).name,
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
      allocated: results,
    };
  });
}
