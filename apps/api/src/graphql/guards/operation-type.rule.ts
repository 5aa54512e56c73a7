import { type ASTVisitor, GraphQLError, type OperationTypeNode, type ValidationContext } from 'graphql';
import { ERROR_CODES } from './error-codes.ts';

const WHERE: Record<OperationTypeNode, string> = {
  query: 'queries are served over HTTP POST /graphql',
  mutation: 'this API has no mutations',
  subscription: 'subscriptions are served over WebSocket (graphql-ws) at /graphql',
};

/**
 * Refuses operation types a transport does not serve: HTTP serves queries, the websocket serves
 * subscriptions. Without it a subscription over HTTP ran its resolver as a query and failed inside.
 */
export function operationTypeRule(
  transport: 'HTTP' | 'WebSocket',
  allowed: readonly OperationTypeNode[],
): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition(node) {
      if (allowed.includes(node.operation)) return;
      context.reportError(
        new GraphQLError(
          `${node.operation} operations are not served over ${transport}: ${WHERE[node.operation]}`,
          {
            nodes: [node],
            extensions: { code: ERROR_CODES.OPERATION_NOT_SUPPORTED },
          },
        ),
      );
    },
  });
}
