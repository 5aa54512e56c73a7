import type { LabelRequirement, LabelSelector, PodDisruptionBudgetRecord } from '@fleetscope/types';
import {
  describeValue,
  elementObject,
  FieldError,
  fail,
  isObject,
  nullableInteger,
  optionalArray,
  optionalObject,
  requiredString,
  stringMap,
} from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import type { ProjectionResult } from './result.ts';

export type { LabelRequirement, LabelSelector, PodDisruptionBudgetRecord } from '@fleetscope/types';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function readSelector(spec: Record<string, unknown>): LabelSelector | null {
  return readLabelSelector(spec, 'selector', 'spec');
}

/** A metav1.LabelSelector at `parent[key]`; null when absent. Bad operators are errors with the path. */
export function readLabelSelector(
  parent: Record<string, unknown>,
  key: string,
  parentPath: string,
): LabelSelector | null {
  const selector = optionalObject(parent, key, parentPath);
  if (selector === undefined) return null;
  const selectorPath = parentPath === '' ? key : `${parentPath}.${key}`;
  const matchExpressions = optionalArray(selector, 'matchExpressions', selectorPath).map((raw, i) => {
    const path = `${selectorPath}.matchExpressions[${i}]`;
    const item = elementObject(raw, `${selectorPath}.matchExpressions`, i);
    const operator = requiredString(item, 'operator', path);
    if (!OPERATORS.has(operator))
      fail(`${path}.operator is not a label selector operator: ${describeValue(operator)}`);
    const values = optionalArray(item, 'values', path).map((v, j) =>
      typeof v === 'string' ? v : fail(`${path}.values[${j}] is not a string: ${describeValue(v)}`),
    );
    return {
      key: requiredString(item, 'key', path),
      operator: operator as LabelRequirement['operator'],
      values,
    };
  });
  return { matchLabels: stringMap(selector, 'matchLabels', selectorPath), matchExpressions };
}

/** Projects a policy/v1 PodDisruptionBudget; a malformed one is rejected with the path at fault. */
export function projectPodDisruptionBudget(raw: unknown): ProjectionResult<PodDisruptionBudgetRecord> {
  if (!isObject(raw))
    return { ok: false, error: `PodDisruptionBudget: expected an object, got ${describeValue(raw)}` };
  if (raw.kind !== undefined && raw.kind !== null && raw.kind !== 'PodDisruptionBudget') {
    return { ok: false, error: `PodDisruptionBudget: kind is ${describeValue(raw.kind)}` };
  }
  try {
    const metadata = metadataOf(raw);
    const spec = optionalObject(raw, 'spec', '') ?? {};
    const status = optionalObject(raw, 'status', '') ?? {};
    return {
      ok: true,
      record: {
        kind: 'PodDisruptionBudget',
        ...readIdentity(metadata, true),
        selector: readSelector(spec),
        disruptionsAllowed: nullableInteger(status, 'disruptionsAllowed', 'status'),
      },
    };
  } catch (error) {
    if (error instanceof FieldError) {
      const name = isObject(raw.metadata)
        ? `${String(raw.metadata.namespace)}/${String(raw.metadata.name)}`
        : '';
      return { ok: false, error: `PodDisruptionBudget ${name}: ${error.message}`.replace('  ', ' ') };
    }
    throw error;
  }
}

/** Whether a label selector matches a set of labels (Kubernetes semantics; an empty selector matches all). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const r of selector.matchExpressions) {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
    if (r.operator === 'In' && (!has || !r.values.includes(value as string))) return false;
    if (r.operator === 'NotIn' && has && r.values.includes(value as string)) return false;
  }
  return true;
}

/** Whether the budget covers a pod (same namespace, selector matches). */
export function pdbCovers(
  pdb: PodDisruptionBudgetRecord,
  pod: { namespace: string; labels: Readonly<Record<string, string>> },
): boolean {
  return (
    pdb.namespace === pod.namespace && pdb.selector !== null && selectorMatches(pdb.selector, pod.labels)
  );
}
