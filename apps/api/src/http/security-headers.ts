import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response. The web app is built by Vite into same-origin module
 * scripts and one stylesheet; React sets styles through the CSSOM, which CSP does not restrict, so no
 * 'unsafe-inline' is needed. connect-src 'self' also covers the same-origin ws:/wss: GraphQL socket.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
} as const;

/**
 * Security headers on every response (API, web app, health, errors), through helmet. Registered before
 * any hook that may answer early (the access check), so refusals carry them too.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CONTENT_SECURITY_POLICY },
    },
    // Fleetscope is usually served over plain HTTP inside a network, or behind a TLS proxy that owns
    // HSTS for its whole domain: neither upgrade-insecure-requests nor HSTS is ours to set.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
