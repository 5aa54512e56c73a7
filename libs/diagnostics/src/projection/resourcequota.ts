import type { ResourceQuotaRecord } from '@fleetscope/types';
import { describeValue, fail, type JsonObject, optionalObject, parseQuantity } from './fields.ts';
import { metadataOf, readCreatedAt, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

export type { ResourceQuotaRecord } from '@fleetscope/types';

/**
 * A map of resource name → quantity, parsed. A value of the wrong JSON type is a broken object (an
 * error); a string that is not a quantity is left out, so that entry reads unknown, never zero.
 */
function quantities(status: JsonObject, key: 'hard' | 'used'): Record<string, number> {
  const source = optionalObject(status, key, 'status');
  const out: Record<string, number> = {};
  if (source === undefined) return out;
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      fail(`status.${key}[${name}] is not a quantity: ${describeValue(value)}`);
    }
    const parsed = parseQuantity(value);
    if (parsed !== null && name !== '__proto__') out[name] = parsed;
  }
  return out;
}

/**
 * Projects a core/v1 ResourceQuota to its limits and usage as the quota controller last wrote them
 * (`status.hard`, `status.used`; `spec.hard` is what was asked and may not be enforced yet).
 */
export function projectResourceQuota(raw: unknown): ProjectionResult<ResourceQuotaRecord> {
  return project('ResourceQuota', raw, (object) => {
    const metadata = metadataOf(object);
    const status = optionalObject(object, 'status', '') ?? {};
    return {
      kind: 'ResourceQuota',
      ...readIdentity(metadata, true),
      createdAt: readCreatedAt(metadata),
      hard: quantities(status, 'hard'),
      used: quantities(status, 'used'),
    };
  });
}
