import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { viewerOf } from '../../auth/authenticator.ts';
import type { AnswerCache } from './answer-cache.ts';

/** Headers Apollo sets on an answer that describe its bytes; replayed with them on a hit. */
const ANSWER_HEADERS = ['content-type', 'cache-control', 'vary'] as const;

/**
 * Serves repeated queries from the answer cache (answer-cache.ts) before Apollo runs: a hit writes the
 * bytes an execution wrote, with its headers, and executes nothing. Only `POST /graphql` with a JSON
 * body holding a `query` string (no `extensions`: persisted queries go to Apollo as before), from a
 * viewer the auth hook admitted. A miss is executed by Apollo as always; its answer is kept under the
 * key computed before execution, only when it is a 200 whose body has no `errors` (Apollo writes
 * `errors` first, so an answer without them starts with `{"data":`).
 *
 * A request with `Cache-Control: no-cache` is executed (and its answer kept); with `no-store`, executed
 * and not kept — HTTP's own request directives, which the benchmark uses to measure both paths in one
 * process.
 *
 * Registered after the auth and Host hooks (server.ts): preHandler runs after every onRequest hook.
 */
export function registerAnswerCache(fastify: FastifyInstance, cache: AnswerCache): void {
  const pending = new WeakMap<FastifyRequest, string>();

  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
    const body = request.body as Record<string, unknown> | null | undefined;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const { query, operationName, variables } = body;
    if (typeof query !== 'string' || body.extensions !== undefined) return;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    ) {
      return;
    }
    const viewer = viewerOf(request.raw);
    if (viewer === undefined) return;
    const directives = requestDirectives(request.headers['cache-control']);
    if (directives.has('no-store')) return;
    const lookup = cache.lookup(
      {
        query,
        operationName: operationName ?? null,
        variables: (variables as Record<string, unknown> | null | undefined) ?? null,
        visible: viewer.clusters,
        accept: request.headers.accept ?? '',
      },
      directives.has('no-cache'),
    );
    if (lookup.kind === 'bypass') return;
    if (lookup.kind === 'hit') {
      reply.code(200).headers(lookup.answer.headers);
      return reply.send(lookup.answer.body);
    }
    pending.set(request, lookup.key);
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const key = pending.get(request);
    if (key === undefined) return payload;
    pending.delete(request);
    if (reply.statusCode === 200 && typeof payload === 'string' && payload.startsWith('{"data":')) {
      const headers: Record<string, string> = {};
      for (const name of ANSWER_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      cache.store(key, { body: Buffer.from(payload), headers });
    }
    return payload;
  });
}

function requestDirectives(header: string | string[] | undefined): Set<string> {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  return new Set(
    raw
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter((d) => d !== ''),
  );
}
