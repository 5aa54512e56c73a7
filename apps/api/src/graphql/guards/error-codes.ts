import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Every `extensions.code` a client can receive, the stable contract documented in docs/GRAPHQL.md.
 * Codes are never renamed; new ones are added.
 */
export const ERROR_CODES = {
  /** Missing or wrong credentials (HTTP 401; websocket closed with 4403). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /**
   * Credentials could not be checked: Kubernetes RBAC mode's TokenReview failed (HTTP 503; websocket
   * closed with 4503). Nobody is admitted meanwhile.
   */
  AUTH_UNAVAILABLE: 'AUTH_UNAVAILABLE',
  /**
   * Authenticated, but not allowed: Kubernetes RBAC mode's /metrics, or a fleet-wide field, for a user
   * who may not see every cluster (HTTP 403 for /metrics; in `errors` otherwise).
   */
  FORBIDDEN: 'FORBIDDEN',
  /** The Host header names no allowed host (HTTP 403; DNS rebinding). */
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  /** A websocket from a page of another origin (HTTP 403 on the upgrade). */
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  /** Not GraphQL: malformed JSON, missing query, batched requests (HTTP 400). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The request body is over 1 MiB (HTTP 413). */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** The document does not parse (HTTP 400). */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The document has more tokens than the limit (HTTP 400). */
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  /** `operationName` names no operation of the document (HTTP 400). */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** Apollo automatic persisted queries: hash unknown, or the feature off. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** The document does not match the schema (HTTP 400). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** Deeper than the depth limit (HTTP 400). */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** Too many aliases, fields or history lookups, or history in a subscription (HTTP 400). */
  QUERY_TOO_EXPENSIVE: 'QUERY_TOO_EXPENSIVE',
  /** A subscription over HTTP, a query over the websocket, or a mutation (HTTP 400). */
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  /** Too many operations open on one websocket. */
  TOO_MANY_OPERATIONS: 'TOO_MANY_OPERATIONS',
  /** A variable or argument out of range (HTTP 400 for variables; in `errors` otherwise). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The named cluster is not watched. */
  NOT_FOUND: 'NOT_FOUND',
  /** The request's time budget ran out before this field was resolved. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** Too many history lookups are queued server-wide; retry later. */
  IO_BUSY: 'IO_BUSY',
  /** A bug on our side; the message is generic and the details are in the server log. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

const KNOWN = new Set<string>(Object.values(ERROR_CODES));
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] \d+ tokens/; // graphql 16 says "more that"

/**
 * Errors mapped in one place: Apollo stamps its own code over the one a validation rule set
 * (GRAPHQL_VALIDATION_FAILED over QUERY_TOO_DEEP), so the rule's code is restored from the original
 * error; graphql's token limit becomes QUERY_TOO_LARGE; any code outside the contract becomes
 * INTERNAL_SERVER_ERROR.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const ownCode = original instanceof GraphQLError ? original.extensions.code : undefined;
  let code = typeof ownCode === 'string' ? ownCode : formatted.extensions?.code;
  if (code === ERROR_CODES.GRAPHQL_PARSE_FAILED) code = codeForParseError(formatted.message);
  if (typeof code !== 'string' || !KNOWN.has(code)) code = ERROR_CODES.INTERNAL_SERVER_ERROR;
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

/** A parse error is QUERY_TOO_LARGE when the token budget stopped the parser, else GRAPHQL_PARSE_FAILED. */
export function codeForParseError(message: string): ErrorCode {
  return TOO_MANY_TOKENS.test(message) ? ERROR_CODES.QUERY_TOO_LARGE : ERROR_CODES.GRAPHQL_PARSE_FAILED;
}
