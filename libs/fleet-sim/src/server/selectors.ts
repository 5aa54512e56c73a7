import { arr, at, str } from '../model/access.ts';
import type { KubeObject } from '../model/types.ts';

/** A selector string that does not parse; answered with 400 BadRequest. */
export class SelectorError extends Error {}

export type LabelOperator = 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new SelectorError(`unable to parse requirement: unexpected ")" in "${text}"`);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) throw new SelectorError(`unable to parse requirement: unclosed "(" in "${text}"`);
  parts.push(current);
  return parts.map((p) => p.trim());
}

function checkKey(key: string): string {
  if (!KEY.test(key)) {
    throw new SelectorError(
      `unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw new SelectorError(
      `unable to parse requirement: values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
}

/**
 * Parses a label selector (`a=b,c!=d,e in (f,g),h notin (i),j,!k`). The empty string selects everything.
 */
export function parseLabelSelector(text: string): LabelRequirement[] {
  if (text.trim() === '') return [];
  return splitTopLevel(text).map((part): LabelRequirement => {
    if (part === '') throw new SelectorError(`unable to parse requirement: found '', expected: identifier`);
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => checkValue(v.trim()));
      return { key: checkKey(set[1] ?? ''), operator: set[2] === 'in' ? 'in' : 'notin', values };
    }
    if (part.startsWith('!'))
      return { key: checkKey(part.slice(1).trim()), operator: 'notexists', values: [] };
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (cmp) {
      const value = (cmp[3] ?? '').trim();
      return {
        key: checkKey(cmp[1] ?? ''),
        operator: cmp[2] === '!=' ? 'neq' : 'eq',
        values: [checkValue(value)],
      };
    }
    return { key: checkKey(part), operator: 'exists', values: [] };
  });
}

/** Whether `labels` satisfy every requirement. */
export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const set = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(set, r.key);
    const value = set[r.key];
    switch (r.operator) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'eq':
        return has && value === r.values[0];
      case 'neq':
        return !has || value !== r.values[0];
      case 'in':
        return has && r.values.includes(value ?? '');
      case 'notin':
        return !has || !r.values.includes(value ?? '');
    }
    return false;
  });
}

export interface FieldRequirement {
  field: string;
  operator: 'eq' | 'neq';
  value: string;
}

/** Parses a field selector (`a=b,c!=d`, `==` accepted); values may escape `\,` `\=` `\\`. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  if (text.trim() === '') return [];
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((part): FieldRequirement => {
    const match = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!match) throw new SelectorError(`invalid selector: '${part}'; can't understand '${part}'`);
    const value = (match[3] ?? '').replace(/\\(.)/g, '$1');
    return { field: (match[1] ?? '').trim(), operator: match[2] === '!=' ? 'neq' : 'eq', value };
  });
}

type FieldReader = (object: KubeObject) => string;

const common: Record<string, FieldReader> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

const fieldsByResource: Record<string, Record<string, FieldReader>> = {
  pods: {
    'spec.nodeName': (o) => str(at(o, 'spec', 'nodeName')) ?? '',
    'spec.restartPolicy': (o) => str(at(o, 'spec', 'restartPolicy')) ?? '',
    'spec.schedulerName': (o) => str(at(o, 'spec', 'schedulerName')) ?? '',
    'spec.serviceAccountName': (o) => str(at(o, 'spec', 'serviceAccountName')) ?? '',
    'spec.hostNetwork': (o) => String(at(o, 'spec', 'hostNetwork') === true),
    'status.phase': (o) => str(at(o, 'status', 'phase')) ?? '',
    'status.podIP': (o) => str(at(o, 'status', 'podIP')) ?? '',
    'status.podIPs': (o) => str(at(arr(at(o, 'status', 'podIPs'))[0], 'ip')) ?? '',
    'status.nominatedNodeName': (o) => str(at(o, 'status', 'nominatedNodeName')) ?? '',
  },
  nodes: { 'spec.unschedulable': (o) => String(at(o, 'spec', 'unschedulable') === true) },
  namespaces: { 'status.phase': (o) => str(at(o, 'status', 'phase')) ?? '' },
  replicasets: { 'status.replicas': (o) => String(at(o, 'status', 'replicas') ?? 0) },
  events: {
    'involvedObject.kind': (o) => str(at(o, 'involvedObject', 'kind')) ?? '',
    'involvedObject.namespace': (o) => str(at(o, 'involvedObject', 'namespace')) ?? '',
    'involvedObject.name': (o) => str(at(o, 'involvedObject', 'name')) ?? '',
    'involvedObject.uid': (o) => str(at(o, 'involvedObject', 'uid')) ?? '',
    'involvedObject.apiVersion': (o) => str(at(o, 'involvedObject', 'apiVersion')) ?? '',
    'involvedObject.resourceVersion': (o) => str(at(o, 'involvedObject', 'resourceVersion')) ?? '',
    'involvedObject.fieldPath': (o) => str(at(o, 'involvedObject', 'fieldPath')) ?? '',
    reason: (o) => str(o.reason) ?? '',
    reportingComponent: (o) => str(o.reportingComponent) ?? '',
    source: (o) => str(at(o, 'source', 'component')) ?? '',
    type: (o) => str(o.type) ?? '',
  },
};

/** Checks every field is selectable for the resource; throws SelectorError naming the first that is not. */
export function validateFields(resource: string, requirements: readonly FieldRequirement[]): void {
  for (const r of requirements) {
    if (!common[r.field] && !fieldsByResource[resource]?.[r.field]) {
      throw new SelectorError(`field label not supported: ${r.field}`);
    }
  }
}

/** Whether the object satisfies every field requirement (fields must be validated first). */
export function matchesFields(
  resource: string,
  requirements: readonly FieldRequirement[],
  object: KubeObject,
): boolean {
  return requirements.every((r) => {
    const read = common[r.field] ?? fieldsByResource[resource]?.[r.field];
    if (!read) return false;
    const value = read(object);
    return r.operator === 'eq' ? value === r.value : value !== r.value;
  });
}

/** A compiled label + field selector for one resource. */
export interface ObjectFilter {
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  /** True when any selector is present (real servers then omit remainingItemCount). */
  selective: boolean;
}

/** Builds a filter from query parameters; throws SelectorError on bad input. */
export function compileFilter(
  resource: string,
  namespace: string | undefined,
  params: URLSearchParams,
): ObjectFilter {
  const labels = parseLabelSelector(params.get('labelSelector') ?? '');
  const fields = parseFieldSelector(params.get('fieldSelector') ?? '');
  validateFields(resource, fields);
  return {
    ...(namespace ? { namespace } : {}),
    labels,
    fields,
    selective: labels.length + fields.length > 0,
  };
}

export function matchesFilter(resource: string, filter: ObjectFilter, object: KubeObject): boolean {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace) return false;
  return (
    matchesLabels(filter.labels, object.metadata.labels) && matchesFields(resource, filter.fields, object)
  );
}
