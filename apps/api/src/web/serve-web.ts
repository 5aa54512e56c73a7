import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const API_PREFIXES = ['/graphql', '/healthz', '/readyz', '/metrics'];

/**
 * Serves the built web app on the API's port: files from `dist`, and index.html for any other GET
 * (client-side routes). Returns false (and serves nothing) when the build is missing.
 */
export async function serveWeb(fastify: FastifyInstance, dist: string): Promise<boolean> {
  if (!existsSync(join(dist, 'index.html'))) return false;
  await fastify.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
  // A catch-all route rather than a not-found handler: Nest installs its own not-found handler.
  // Explicit routes (GraphQL, health, asset files) always win over the wildcard.
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (API_PREFIXES.some((p) => path.startsWith(p)) || path.startsWith('/assets/')) {
      return reply.code(404).send({ error: 'not found', path });
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return true;
}
