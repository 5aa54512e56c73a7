import { isRecord } from '../model/access.ts';

/** A patch body that cannot be applied; answered with 400 or 422. */
export class PatchError extends Error {}

/** Drops strategic-merge directives (`$patch`, `$retainKeys`, `$setElementOrder/...`): treated as a merge patch. */
function stripDirectives(patch: unknown): unknown {
  if (Array.isArray(patch)) return patch.map(stripDirectives);
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Strategic merge patch, simplified to a merge patch (lists are replaced, directives ignored). */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  return mergePatch(target, stripDirectives(patch));
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: unknown, segments: string[]): { parent: unknown; key: string } {
  let current = doc;
  for (const s of segments.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(s)];
    else if (isRecord(current)) current = current[s];
    else throw new PatchError(`path not found: /${segments.join('/')}`);
  }
  const key = segments[segments.length - 1];
  if (key === undefined) throw new PatchError('cannot operate on the document root');
  return { parent: current, key };
}

/** RFC 6902 JSON patch (add, remove, replace, test). */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('a JSON patch must be an array of operations');
  const doc = structuredClone(target);
  for (const op of operations) {
    if (!isRecord(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new PatchError('invalid JSON patch operation');
    }
    const { parent, key } = parentOf(doc, pointer(op.path));
    if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent)) {
        const index = key === '-' ? parent.length : Number(key);
        if (op.op === 'add') parent.splice(index, 0, op.value);
        else parent[index] = op.value;
      } else if (isRecord(parent)) {
        if (op.op === 'replace' && !(key in parent))
          throw new PatchError(`replace operation does not apply: doc is missing key: ${op.path}`);
        parent[key] = op.value;
      } else throw new PatchError(`path not found: ${op.path}`);
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (isRecord(parent) && key in parent) delete parent[key];
      else throw new PatchError(`remove operation does not apply: doc is missing path: ${op.path}`);
    } else if (op.op === 'test') {
      const actual = Array.isArray(parent) ? parent[Number(key)] : isRecord(parent) ? parent[key] : undefined;
      if (JSON.stringify(actual) !== JSON.stringify(op.value))
        throw new PatchError(`testing value ${op.path} failed`);
    } else {
      throw new PatchError(`unsupported JSON patch operation "${op.op}"`);
    }
  }
  return doc;
}
