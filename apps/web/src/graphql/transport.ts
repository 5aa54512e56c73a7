import { createClient } from 'graphql-ws';
import { GraphQLRequestError, toError } from './errors.ts';

/** One named operation inside a GraphQL document (documents may hold several operations). */
export interface Operation {
  document: string;
  operationName: string;
  variables?: Record<string, unknown>;
}

/** Callbacks for one live subscription. `connected`/`disconnected` report the socket, not the data. */
export interface SubscriptionSink {
  next(data: unknown): void;
  /** The subscription ended for good (fatal close, GraphQL error); the caller decides whether to retry. */
  error(error: Error): void;
  connected(): void;
  disconnected(reason: string): void;
}

/** The two ways the web talks to the API. An interface so tests and fixtures can stand in for it. */
export interface GraphQLTransport {
  /** Runs a query over HTTP and resolves to its `data` object (unvalidated). */
  query(operation: Operation): Promise<unknown>;
  /** Starts a subscription; returns a function that stops it and closes its socket. */
  subscribe(operation: Operation, sink: SubscriptionSink): () => void;
}

export interface HttpWsTransportOptions {
  /** Shown in error messages; the path the user can recognise ("/graphql"). */
  endpointLabel: string;
  httpUrl: string;
  wsUrl: string;
  /** Abort a query after this long. */
  timeoutMs?: number;
  /** Ping the server this often and drop the socket if no pong arrives within `pongTimeoutMs`. */
  keepAliveMs?: number;
  pongTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** Endpoints on the page's own origin: the API serves both the bundle and `/graphql`. */
export function sameOriginEndpoints(location: Pick<Location, 'protocol' | 'host' | 'origin'>): {
  httpUrl: string;
  wsUrl: string;
} {
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: `${location.origin}/graphql`, wsUrl: `${wsProtocol}//${location.host}/graphql` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function graphQLErrorMessages(errors: unknown): string | null {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : String(e))).join('; ');
}

/**
 * Reads a GraphQL-over-HTTP response body into its `data`, turning every failure mode into a
 * GraphQLRequestError with a sentence a person can act on.
 */
export function readGraphQLResponse(
  endpoint: string,
  status: number,
  statusText: string,
  bodyText: string,
): unknown {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const what = status >= 200 && status < 300 ? 'the answer is not JSON' : `HTTP ${status} ${statusText}`;
    throw new GraphQLRequestError(status >= 400 ? 'http' : 'invalid-response', endpoint, what.trim());
  }
  if (!isRecord(body))
    throw new GraphQLRequestError('invalid-response', endpoint, 'the answer is not an object');
  const errors = graphQLErrorMessages(body.errors);
  // A partial result is still an error for a status page: a missing field would silently hide a cluster.
  if (errors !== null) throw new GraphQLRequestError('graphql', endpoint, errors);
  if (status < 200 || status >= 300) {
    throw new GraphQLRequestError('http', endpoint, `HTTP ${status} ${statusText}`.trim());
  }
  if (!isRecord(body.data))
    throw new GraphQLRequestError('invalid-response', endpoint, 'the answer has no data');
  return body.data;
}

/** Queries over `fetch` (with a timeout), subscriptions over graphql-ws (reconnecting forever). */
export function createHttpWsTransport(options: HttpWsTransportOptions): GraphQLTransport {
  const {
    endpointLabel,
    httpUrl,
    wsUrl,
    timeoutMs = 10_000,
    keepAliveMs = 15_000,
    pongTimeoutMs = 5_000,
  } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function query(operation: Operation): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      let response: Response;
      try {
        response = await doFetch(httpUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
          },
          body: JSON.stringify({
            query: operation.document,
            operationName: operation.operationName,
            variables: operation.variables ?? {},
          }),
          signal: controller.signal,
        });
      } catch (cause) {
        if (timedOut) {
          throw new GraphQLRequestError('timeout', endpointLabel, `no answer within ${timeoutMs / 1000} s`, {
            cause,
          });
        }
        throw new GraphQLRequestError('network', endpointLabel, toError(cause).message, { cause });
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        const kind = timedOut ? 'timeout' : 'network';
        const message = timedOut ? `no complete answer within ${timeoutMs / 1000} s` : toError(cause).message;
        throw new GraphQLRequestError(kind, endpointLabel, message, { cause });
      }
      return readGraphQLResponse(endpointLabel, response.status, response.statusText, text);
    } finally {
      clearTimeout(timer);
    }
  }

  function subscribe(operation: Operation, sink: SubscriptionSink): () => void {
    let activeSocket: WebSocket | null = null;
    let pongTimer: ReturnType<typeof setTimeout> | undefined;
    // One client per subscription: its socket lifecycle is then exactly this subscription's, so
    // `connected`/`closed` events describe it and nothing else.
    const client = createClient({
      url: wsUrl,
      lazy: true,
      keepAlive: keepAliveMs,
      // Keep trying forever: a wall screen must come back by itself after an API restart.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      on: {
        connected: (socket) => {
          activeSocket = socket instanceof WebSocket ? socket : null;
          sink.connected();
        },
        closed: (event) => {
          activeSocket = null;
          clearTimeout(pongTimer);
          sink.disconnected(toError(event).message);
        },
        // graphql-ws sends pings but never acts on a missing pong; a half-open socket would look live forever.
        ping: (received) => {
          if (received) return;
          clearTimeout(pongTimer);
          pongTimer = setTimeout(() => {
            if (activeSocket?.readyState === WebSocket.OPEN) activeSocket.close(4408, 'Pong timeout');
          }, pongTimeoutMs);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
      },
    });
    const unsubscribe = client.subscribe(
      {
        query: operation.document,
        operationName: operation.operationName,
        variables: operation.variables ?? {},
      },
      {
        next: (result) => {
          const errors = graphQLErrorMessages(result.errors);
          if (errors !== null) sink.error(new GraphQLRequestError('graphql', endpointLabel, errors));
          else sink.next(result.data);
        },
        error: (error) => sink.error(toError(error)),
        complete: () => sink.disconnected('subscription completed'),
      },
    );
    return () => {
      clearTimeout(pongTimer);
      unsubscribe();
      void client.dispose();
    };
  }

  return { query, subscribe };
}
