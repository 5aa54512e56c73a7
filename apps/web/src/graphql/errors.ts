import { UnreadableAnswerError } from './boundary.ts';

/** What went wrong talking to the API; decides the sentence the UI shows. */
export type GraphQLErrorKind = 'network' | 'timeout' | 'http' | 'graphql' | 'invalid-response';

/** A failed GraphQL exchange, with the endpoint so the message can say where we looked. */
export class GraphQLRequestError extends Error {
  readonly kind: GraphQLErrorKind;
  readonly endpoint: string;

  constructor(kind: GraphQLErrorKind, endpoint: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphQLRequestError';
    this.kind = kind;
    this.endpoint = endpoint;
  }
}

/** Any thrown value as an Error (fetch, WebSocket and graphql-ws throw a variety of things). */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  if (typeof value === 'object' && value !== null) {
    // graphql-ws hands over CloseEvents and GraphQL error arrays.
    if ('code' in value && 'reason' in value) {
      const reason = String(value.reason);
      return new Error(`connection closed (code ${String(value.code)}${reason ? `: ${reason}` : ''})`);
    }
    if (Array.isArray(value)) return new Error(value.map((e) => toError(e).message).join('; '));
    if ('message' in value && typeof value.message === 'string') return new Error(value.message);
  }
  return new Error('unknown error');
}

/** The sentence a person reads when the API could not be used. */
export function describeError(error: Error): string {
  if (error instanceof UnreadableAnswerError)
    return `The Fleetscope API sent data this page cannot read: ${error.message}`;
  if (!(error instanceof GraphQLRequestError)) return `Something went wrong: ${error.message}`;
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return `Cannot reach the Fleetscope API at ${error.endpoint}: ${error.message}`;
    case 'http':
      return `The Fleetscope API at ${error.endpoint} failed: ${error.message}`;
    case 'graphql':
      return `The Fleetscope API at ${error.endpoint} answered with an error: ${error.message}`;
    case 'invalid-response':
      return `The Fleetscope API at ${error.endpoint} sent data this page cannot read: ${error.message}`;
  }
}
