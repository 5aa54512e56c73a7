import 'reflect-metadata';
import type { Clock } from '@fleetscope/types';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.ts';
import { registerAuthMetrics } from './auth/auth-metrics.ts';
import { Authenticator, rememberViewer } from './auth/authenticator.ts';
import type { AppConfig } from './config/app-config.ts';
import { registerAnswerCache } from './graphql/answer-cache/answer-cache.hook.ts';
import { AnswerCache } from './graphql/answer-cache/answer-cache.ts';
import { AnswerSlices } from './graphql/answer-cache/answer-slices.ts';
import { registerGraphqlHttpErrors } from './graphql/guards/graphql-http-errors.hook.ts';
import { registerHostCheck } from './graphql/guards/host-check.hook.ts';
import { closeWithin, trackSockets } from './http/graceful-close.ts';
import { describeListenError } from './http/listen-error.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { refuseUpgradesOutside } from './http/upgrade-guard.ts';
import type { ConfiguredDcgmSource } from './sources/dcgm/dcgm-sources.ts';
import type { KubeTargets } from './sources/kubernetes/kube-targets.ts';
import type { ConfiguredMetricsSource } from './sources/metrics/tokens.ts';
import { registerAnswerCacheMetrics } from './telemetry/answer-cache-metrics.ts';
import { JsonLogger } from './telemetry/json-logger.ts';
import { METRICS_REGISTRY } from './telemetry/metrics.controller.ts';
import { serveWeb } from './web/serve-web.ts';

export interface RunningServer {
  app: NestFastifyApplication;
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  webServed: boolean;
  close(): Promise<void>;
}

export interface ServerOptions {
  config: AppConfig;
  targets: KubeTargets;
  clock?: Clock;
  logger?: JsonLogger;
  schemaFile?: string;
  /** Control-plane metrics (Prometheus or the simulator); null for none. */
  metrics?: ConfiguredMetricsSource;
  /** DCGM-exporter series (Prometheus or the simulator); null or absent: GPU usage unknown. */
  dcgm?: ConfiguredDcgmSource;
  /** close() cuts the sockets still open after this long (default SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
}

/** Requests and websockets get this long to finish on shutdown; then their sockets are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** Routes that need credentials (health endpoints and the static web app stay open). */
const PROTECTED_ROUTES = new Set(['/graphql', '/metrics']);

/** Builds and starts the HTTP server (GraphQL, health, web). Used by main and by tests. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? new JsonLogger(options.config.logLevel);
  const clock = options.clock ?? { now: () => Date.now() };
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config: options.config,
      targets: options.targets,
      clock,
      metrics: options.metrics ?? null,
      dcgm: options.dcgm ?? null,
      logger,
      schemaFile: options.schemaFile,
    }),
    new FastifyAdapter({ bodyLimit: 1_048_576 }),
    { logger, abortOnError: false },
  );
  // No enableShutdownHooks(): main owns the signals, so that close() below (bounded) runs once and
  // the demo fleet and tracing are closed after it.
  const httpServer = app.getHttpServer();
  const sockets = trackSockets(httpServer);
  refuseUpgradesOutside(httpServer, '/graphql');
  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(fastify);
  registerHostCheck(fastify, options.config.allowedHosts);
  registerGraphqlHttpErrors(fastify);
  const authenticator = app.get(Authenticator);
  registerAuthMetrics(app.get(METRICS_REGISTRY), authenticator);
  // One gate for every API path; health endpoints and the static web app stay open (the app itself
  // shows nothing without the API).
  fastify.addHook('onRequest', async (request, reply) => {
    // Judge the route that matched, not the raw URL: '/%67raphql' routes to /graphql too.
    const route = request.routeOptions.url ?? '';
    if (!PROTECTED_ROUTES.has(route)) return;
    const result = await authenticator.authenticate(request.headers, request.raw.socket.remoteAddress);
    if (!result.ok) {
      const message =
        result.status === 401
          ? `unauthenticated: ${result.reason}`
          : `cannot authenticate now: ${result.reason}`;
      if (result.status === 401) reply.header('www-authenticate', 'Bearer realm="fleetscope"');
      else reply.header('retry-after', '5');
      await reply.code(result.status).send({ errors: [{ message, extensions: { code: result.code } }] });
      return;
    }
    // /metrics describes every cluster: in Kubernetes RBAC mode only for users who may see them all.
    if (route === '/metrics' && result.viewer.clusters !== null) {
      await reply.code(403).send({
        errors: [
          {
            message: '/metrics describes every cluster: it needs a user who may list pods in all of them',
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
      return;
    }
    rememberViewer(request.raw, result.viewer);
  });
  // Repeated queries of unchanged slices are answered without executing (after the auth hook above).
  if (options.config.answerCacheBytes > 0) {
    const slices = app.get(AnswerSlices);
    const schemaHost = app.get(GraphQLSchemaHost);
    const cache = new AnswerCache(() => schemaHost.schema, {
      maxBytes: options.config.answerCacheBytes,
      versions: (s) => slices.versions(s),
    });
    registerAnswerCache(fastify, cache);
    registerAnswerCacheMetrics(app.get(METRICS_REGISTRY), cache.stats);
  }
  const webServed = options.config.webDist ? await serveWeb(fastify, options.config.webDist) : false;
  const graceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  const close = async (): Promise<void> => {
    const outcome = await closeWithin(() => app.close(), sockets, graceMs);
    if (outcome.forced) {
      logger.warn('shutdown grace period over: open connections cut', { graceMs, connections: outcome.cut });
    }
    if (outcome.error) logger.error('error while closing', { error: String(outcome.error) });
  };
  try {
    await app.listen(options.config.port, options.config.host);
  } catch (error) {
    await close();
    throw describeListenError(error, options.config.host, options.config.port) ?? error;
  }
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.config.port;
  const host = options.config.host === '0.0.0.0' ? '127.0.0.1' : options.config.host;
  return { app, url: `http://${host}:${port}`, webServed, close };
}
