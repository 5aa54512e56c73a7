import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { ERROR_CODES } from './error-codes.ts';

export type Transport = 'HTTP' | 'WebSocket';

/** HTTP serves queries, the websocket subscriptions; this API has no mutations. */
const SERVED: Record<Transport, OperationTypeNode> = {
  HTTP: OperationTypeNode.QUERY,
  WebSocket: OperationTypeNode.SUBSCRIPTION,
};

const WHERE: Record<OperationTypeNode, string> = {
  query: 'queries are served over HTTP POST /graphql',
  mutation: 'this API has no mutations',
  subscription: 'subscriptions are served over WebSocket (graphql-ws) at /graphql',
};

/**
 * The error for an operation a transport does not serve, or null. Judged on the operation selected
 * for execution, not on every operation of the document: the web app sends one document holding a
 * query and a subscription over the same fragments and picks one by `operationName`.
 */
export function operationTypeError(transport: Transport, operation: OperationTypeNode): GraphQLError | null {
  if (operation === SERVED[transport]) return null;
  return new GraphQLError(`${operation} operations are not served over ${transport}: ${WHERE[operation]}`, {
    extensions: { code: ERROR_CODES.OPERATION_NOT_SUPPORTED, http: { status: 400 } },
  });
}

/**
 * Refuses, before execution, an HTTP request whose selected operation is not a query. Without it a
 * subscription over HTTP ran its resolver as a query and failed inside (200, INTERNAL_SERVER_ERROR).
 */
export const httpOperationTypePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        const error = operation ? operationTypeError('HTTP', operation.operation) : null;
        if (error) throw error;
      },
    };
  },
};
