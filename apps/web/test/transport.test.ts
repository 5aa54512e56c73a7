import { describe, expect, it, vi } from 'vitest';
import { UnreadableAnswerError } from '../src/graphql/boundary.ts';
import { describeError, GraphQLRequestError, toError } from '../src/graphql/errors.ts';
import { createHttpWsTransport, readGraphQLResponse, sameOriginEndpoints } from '../src/graphql/transport.ts';

const OP = { document: 'query Q { fleet { version } }', operationName: 'Q' };

describe('readGraphQLResponse', () => {
  const cases: Array<[string, number, string, string, string | null]> = [
    ['data', 200, 'OK', '{"data":{"fleet":{"version":1}}}', null],
    [
      'GraphQL errors',
      200,
      'OK',
      '{"errors":[{"message":"boom"},{"message":"bang"}]}',
      'graphql: boom; bang',
    ],
    [
      'partial data with errors',
      200,
      'OK',
      '{"data":{"fleet":null},"errors":[{"message":"x"}]}',
      'graphql: x',
    ],
    ['proxy error page', 502, 'Bad Gateway', '<html>bad gateway</html>', 'http: HTTP 502 Bad Gateway'],
    [
      'JSON error status',
      500,
      'Internal Server Error',
      '{"data":{}}',
      'http: HTTP 500 Internal Server Error',
    ],
    ['HTML with 200', 200, 'OK', '<!doctype html>', 'invalid-response: the answer is not JSON'],
    ['no data', 200, 'OK', '{}', 'invalid-response: the answer has no data'],
    ['not an object', 200, 'OK', '[1]', 'invalid-response: the answer is not an object'],
  ];

  it.each(cases)('%s', (_name, status, statusText, body, expected) => {
    if (expected === null) {
      expect(readGraphQLResponse('/graphql', status, statusText, body)).toEqual({ fleet: { version: 1 } });
      return;
    }
    try {
      readGraphQLResponse('/graphql', status, statusText, body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLRequestError);
      const e = error as GraphQLRequestError;
      expect(`${e.kind}: ${e.message}`).toBe(expected);
    }
  });
});

describe('createHttpWsTransport().query', () => {
  const endpoints = { endpointLabel: '/graphql', httpUrl: 'http://x/graphql', wsUrl: 'ws://x/graphql' };

  it('POSTs the operation and returns data', async () => {
    const fetch = vi.fn(async () => new Response('{"data":{"fleet":{"version":3}}}', { status: 200 }));
    const transport = createHttpWsTransport({ ...endpoints, fetch });
    await expect(transport.query(OP)).resolves.toEqual({ fleet: { version: 3 } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://x/graphql');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ query: OP.document, operationName: 'Q', variables: {} });
  });

  it('reports a network failure with the endpoint', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const transport = createHttpWsTransport({ ...endpoints, fetch });
    const error = await transport.query(OP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(describeError(error as Error)).toBe(
      'Cannot reach the Fleetscope API at /graphql: Failed to fetch',
    );
  });

  it('times out a request that never answers', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const transport = createHttpWsTransport({ ...endpoints, fetch, timeoutMs: 2_000 });
    const pending = transport.query(OP).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await pending;
    expect(describeError(error as Error)).toBe(
      'Cannot reach the Fleetscope API at /graphql: no answer within 2 s',
    );
  });
});

describe('errors', () => {
  it.each<[string, Error, string]>([
    [
      'http',
      new GraphQLRequestError('http', '/graphql', 'HTTP 502'),
      'The Fleetscope API at /graphql failed: HTTP 502',
    ],
    [
      'graphql',
      new GraphQLRequestError('graphql', '/graphql', 'boom'),
      'The Fleetscope API at /graphql answered with an error: boom',
    ],
    [
      'unreadable',
      new UnreadableAnswerError('fleet: expected an object, got string'),
      'The Fleetscope API sent data this page cannot read: fleet: expected an object, got string',
    ],
    ['other', new Error('oops'), 'Something went wrong: oops'],
  ])('describeError(%s)', (_name, error, expected) => {
    expect(describeError(error)).toBe(expected);
  });

  it.each<[unknown, string]>([
    [new Error('e'), 'e'],
    ['text', 'text'],
    [{ code: 1006, reason: '' }, 'connection closed (code 1006)'],
    [{ code: 4403, reason: 'Forbidden' }, 'connection closed (code 4403: Forbidden)'],
    [[{ message: 'a' }, { message: 'b' }], 'a; b'],
    [42, 'unknown error'],
  ])('toError(%j)', (value, message) => {
    expect(toError(value).message).toBe(message);
  });
});

describe('sameOriginEndpoints', () => {
  it.each([
    [{ protocol: 'http:', host: 'wall:8080', origin: 'http://wall:8080' }, 'ws://wall:8080/graphql'],
    [{ protocol: 'https:', host: 'fs.example', origin: 'https://fs.example' }, 'wss://fs.example/graphql'],
  ])('%j', (location, wsUrl) => {
    expect(sameOriginEndpoints(location)).toEqual({ httpUrl: `${location.origin}/graphql`, wsUrl });
  });
});
