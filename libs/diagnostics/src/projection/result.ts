import type { RecordKind } from '@fleetscope/types';
import { describeValue, FieldError, isObject, type JsonObject } from './fields.ts';

/** Outcome of projecting one raw object: the compact record, or why the object was rejected. */
export type ProjectionResult<T> = { ok: true; record: T } | { ok: false; error: string };

/** Names the object in errors: "Pod default/x", "Node gpu-1", or just the kind when unnamed. */
function subjectOf(kind: RecordKind, raw: JsonObject): string {
  const metadata = raw.metadata;
  if (!isObject(metadata)) return kind;
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || name === '') return kind;
  return typeof namespace === 'string' && namespace !== ''
    ? `${kind} ${namespace}/${name}`
    : `${kind} ${name}`;
}

/**
 * Runs a projector at the boundary: checks the input is an object of the expected kind (items
 * of a LIST carry no `kind`, so absence is fine), then converts a {@link FieldError} into an
 * error result prefixed with the object's identity. Other exceptions are bugs and propagate.
 */
export function project<T>(
  kind: RecordKind,
  raw: unknown,
  body: (object: JsonObject) => T,
): ProjectionResult<T> {
  if (!isObject(raw)) return { ok: false, error: `${kind}: expected an object, got ${describeValue(raw)}` };
  const subject = subjectOf(kind, raw);
  const declared = raw.kind;
  if (declared !== undefined && declared !== null && declared !== kind) {
    return { ok: false, error: `${subject}: kind is ${describeValue(declared)}, expected '${kind}'` };
  }
  try {
    return { ok: true, record: body(raw) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, error: `${subject}: ${error.message}` };
    throw error;
  }
}
