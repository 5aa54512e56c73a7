import type { ConditionRecord } from '@fleetscope/types';
import {
  describeValue,
  elementObject,
  fail,
  type JsonObject,
  optionalArray,
  optionalString,
  optionalTime,
  requiredString,
} from './fields.ts';

type ConditionStatus = ConditionRecord['status'];

function conditionStatus(condition: JsonObject, path: string): ConditionStatus {
  const value = requiredString(condition, 'status', path);
  if (value === 'True' || value === 'False' || value === 'Unknown') return value;
  return fail(`${path}.status is not True, False or Unknown: ${describeValue(value)}`);
}

/** All conditions at `parent.conditions` (e.g. status.conditions of a Deployment). */
export function readConditions(parent: JsonObject, path: string): ConditionRecord[] {
  const items = optionalArray(parent, 'conditions', path);
  const listPath = `${path}.conditions`;
  const conditions: ConditionRecord[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = elementObject(items[i], listPath, i);
    const itemPath = `${listPath}[${i}]`;
    conditions.push({
      type: requiredString(item, 'type', itemPath),
      status: conditionStatus(item, itemPath),
      reason: optionalString(item, 'reason', itemPath),
      message: optionalString(item, 'message', itemPath),
      lastTransitionTime: optionalTime(item, 'lastTransitionTime', itemPath),
    });
  }
  return conditions;
}

/** The condition of one type, validated; other conditions are skipped without parsing (hot path). */
export interface FoundCondition {
  status: ConditionStatus;
  reason: string;
  message: string;
}

export function findCondition(parent: JsonObject, path: string, type: string): FoundCondition | null {
  const items = optionalArray(parent, 'conditions', path);
  const listPath = `${path}.conditions`;
  for (let i = 0; i < items.length; i++) {
    const item = elementObject(items[i], listPath, i);
    if (item.type !== type) continue;
    const itemPath = `${listPath}[${i}]`;
    return {
      status: conditionStatus(item, itemPath),
      reason: optionalString(item, 'reason', itemPath),
      message: optionalString(item, 'message', itemPath),
    };
  }
  return null;
}
