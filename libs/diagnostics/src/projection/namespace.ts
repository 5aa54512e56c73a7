import type { NamespaceRecord } from '@fleetscope/types';
import { describeValue, FieldError, isObject, stringMap } from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import type { ProjectionResult } from './result.ts';

/** The namespace label that names a team, by default (`--gpu-team-label`). */
export const DEFAULT_TEAM_LABEL = 'team';

/**
 * Projects a Namespace to its name and the value of one label (the team label); every other label and
 * annotation is dropped at once, so a namespace costs a few dozen bytes whatever it carries.
 */
export function projectNamespace(
  raw: unknown,
  teamLabel = DEFAULT_TEAM_LABEL,
): ProjectionResult<NamespaceRecord> {
  if (!isObject(raw)) return { ok: false, error: `Namespace: expected an object, got ${describeValue(raw)}` };
  if (raw.kind !== undefined && raw.kind !== null && raw.kind !== 'Namespace') {
    return { ok: false, error: `Namespace: kind is ${describeValue(raw.kind)}` };
  }
  try {
    const metadata = metadataOf(raw);
    const { uid, name, resourceVersion } = readIdentity(metadata, false);
    const team = stringMap(metadata, 'labels', 'metadata')[teamLabel] ?? '';
    return { ok: true, record: { kind: 'Namespace', uid, name, resourceVersion, team } };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, error: `Namespace: ${error.message}` };
    throw error;
  }
}
