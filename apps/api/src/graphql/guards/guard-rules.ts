import type { ValidationRule } from 'graphql';
import { queryBudgetRule } from './query-budget.rule.ts';
import { QUERY_LIMITS } from './query-limits.ts';

/**
 * The validation rules run on every document after graphql's own, for both transports alike. Every
 * operation of the document is measured, also those not selected by `operationName`: validation runs
 * (and is cached) per document. Which operation type each transport serves is checked on the selected
 * operation (operation-type.ts).
 */
export function guardRules(clusterCount: () => number): ValidationRule[] {
  return [queryBudgetRule(QUERY_LIMITS, clusterCount)];
}

/** Parser options for both transports: the token budget is enforced while parsing. */
export const PARSE_OPTIONS = { maxTokens: QUERY_LIMITS.maxTokens } as const;
