import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from './error-codes.ts';

/**
 * Fastify answers a body it cannot read (malformed JSON: 400, over 1 MiB: 413) before GraphQL runs,
 * in its own shape without `extensions.code`. On /graphql every answer is GraphQL-shaped, so such
 * bodies are rewritten here with a code from the documented list.
 */
export function registerGraphqlHttpErrors(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== '/graphql' || reply.statusCode < 400 || typeof payload !== 'string') {
      return payload;
    }
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      body = null;
    }
    if (body !== null && typeof body === 'object' && 'errors' in body) return payload;
    const message =
      body !== null && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
        ? body.message
        : `HTTP ${reply.statusCode}`;
    const code =
      reply.statusCode === 413
        ? ERROR_CODES.REQUEST_TOO_LARGE
        : reply.statusCode < 500
          ? ERROR_CODES.BAD_REQUEST
          : ERROR_CODES.INTERNAL_SERVER_ERROR;
    reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ errors: [{ message, extensions: { code } }] });
  });
}
