import { OperationTypeNode, type ValidationRule } from 'graphql';
import { operationTypeRule } from './operation-type.rule.ts';
import { queryBudgetRule } from './query-budget.rule.ts';
import { QUERY_LIMITS } from './query-limits.ts';

/**
 * The validation rules run on every operation, after graphql's own: one list for both transports,
 * differing only in the operation type each serves (HTTP: queries; websocket: subscriptions).
 */
export function guardRules(transport: 'HTTP' | 'WebSocket', clusterCount: () => number): ValidationRule[] {
  return [
    operationTypeRule(
      transport,
      transport === 'HTTP' ? [OperationTypeNode.QUERY] : [OperationTypeNode.SUBSCRIPTION],
    ),
    queryBudgetRule(QUERY_LIMITS, clusterCount),
  ];
}

/** Parser options for both transports: the token budget is enforced while parsing. */
export const PARSE_OPTIONS = { maxTokens: QUERY_LIMITS.maxTokens } as const;
