import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from './error-codes.ts';
import { hostAllowed } from './request-origin.ts';

/** Probes reach the pod by IP and reveal nothing: they are answered whatever the Host header says. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

/**
 * Refuses HTTP requests whose Host header names no allowed host (403), so a DNS name rebound to
 * 127.0.0.1 cannot make a browser read the loopback demo as if it were that name's site.
 * Websocket upgrades are checked in the graphql-ws server (they bypass Fastify's hooks).
 */
export function registerHostCheck(fastify: FastifyInstance, allowedHosts: readonly string[] | null): void {
  if (allowedHosts === null) return;
  fastify.addHook('onRequest', async (request, reply) => {
    if (OPEN_PATHS.has(request.routeOptions.url ?? '')) return;
    if (hostAllowed(request.headers.host, allowedHosts)) return;
    await reply.code(403).send({
      errors: [
        {
          message: `host "${String(request.headers.host ?? '').slice(0, 100)}" is not served here (see --allowed-hosts)`,
          extensions: { code: ERROR_CODES.HOST_NOT_ALLOWED },
        },
      ],
    });
  });
}
