import type { ClusterPolicyCondition, ClusterPolicyRecord } from '@fleetscope/types';
import {
  describeValue,
  elementObject,
  FieldError,
  fail,
  isObject,
  optionalArray,
  optionalObject,
  optionalString,
  requiredString,
} from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import type { ProjectionResult } from './result.ts';

/** Messages are cut here: an operator may paste a long reconcile error into one. */
const MESSAGE_MAX = 300;

function readPolicyConditions(status: Record<string, unknown>): ClusterPolicyCondition[] {
  return optionalArray(status, 'conditions', 'status').map((raw, i) => {
    const path = `status.conditions[${i}]`;
    const item = elementObject(raw, 'status.conditions', i);
    const value = requiredString(item, 'status', path);
    if (value !== 'True' && value !== 'False' && value !== 'Unknown') {
      fail(`${path}.status is not True, False or Unknown: ${describeValue(value)}`);
    }
    return {
      type: requiredString(item, 'type', path),
      status: value,
      reason: optionalString(item, 'reason', path),
      message: optionalString(item, 'message', path).slice(0, MESSAGE_MAX),
    };
  });
}

/** Projects an nvidia.com/v1 ClusterPolicy to its status.state and conditions (the spec is never kept). */
export function projectClusterPolicy(raw: unknown): ProjectionResult<ClusterPolicyRecord> {
  if (!isObject(raw))
    return { ok: false, error: `ClusterPolicy: expected an object, got ${describeValue(raw)}` };
  if (raw.kind !== undefined && raw.kind !== null && raw.kind !== 'ClusterPolicy') {
    return { ok: false, error: `ClusterPolicy: kind is ${describeValue(raw.kind)}` };
  }
  try {
    const metadata = metadataOf(raw);
    const { uid, name, resourceVersion } = readIdentity(metadata, false);
    const status = optionalObject(raw, 'status', '') ?? {};
    return {
      ok: true,
      record: {
        kind: 'ClusterPolicy',
        uid,
        name,
        resourceVersion,
        state: optionalString(status, 'state', 'status'),
        conditions: readPolicyConditions(status),
      },
    };
  } catch (error) {
    if (error instanceof FieldError) {
      const name =
        isObject(raw.metadata) && typeof raw.metadata.name === 'string' ? ` ${raw.metadata.name}` : '';
      return { ok: false, error: `ClusterPolicy${name}: ${error.message}` };
    }
    throw error;
  }
}
