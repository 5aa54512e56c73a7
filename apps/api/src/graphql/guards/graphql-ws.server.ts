import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { Context, Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { Authenticator, type AuthResult, type Viewer } from '../../auth/authenticator.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG } from '../../config/tokens.ts';
import { FleetService } from '../fleet/fleet.service.ts';
import { PreparedPayload, PushSocket } from '../push/prepared-payload.ts';
import { operationKey, PushHub } from '../push/push-hub.ts';
import { codeForParseError, ERROR_CODES, formatGraphqlError } from './error-codes.ts';
import { guardRules, PARSE_OPTIONS } from './guard-rules.ts';
import { operationTypeError } from './operation-type.ts';
import { newRequestBudget } from './request-budget.ts';
import { hostAllowed, hostnameOf, isLoopbackName, originAllowed } from './request-origin.ts';

export const GRAPHQL_WS_PATH = '/graphql';
/** The same cap as an HTTP body: a bigger websocket message closes the socket (1009). */
export const WS_MAX_PAYLOAD_BYTES = 1_048_576;
/** Operations one socket may have open at once (the web app uses two). */
export const WS_MAX_OPERATIONS = 10;

type Extra = { request: IncomingMessage; socket: PushSocket };
/** What every operation's context holds here: its I/O budget and the key it shares pushes by. */
type WsContext = { budget: ReturnType<typeof newRequestBudget>; pushKey: string; viewer: Viewer };

/** Close code for "credentials could not be checked now" (TokenReview failed): retry later. */
export const WS_AUTH_UNAVAILABLE = 4503;

/**
 * graphql-ws on /graphql with the same guards as HTTP: Host and Origin checked on the upgrade (403
 * before any handshake), authentication in connection_init, the same parser token budget and
 * validation rules, subscriptions only, a payload cap and a cap on open operations per socket.
 *
 * Owned here rather than through GraphQLModule's `subscriptions` option, which sets neither
 * `maxPayload` (ws defaults to 100 MiB) nor a check before the upgrade is accepted. Subscriptions run
 * through the PushHub: subscribers of the same operation share one execution and serialization per
 * version, and each is throttled on its own (push/push-hub.ts).
 */
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private wss: WebSocketServer | null = null;
  private disposable: Disposable | null = null;
  private httpServer: Server | null = null;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly views: FleetService,
    private readonly hub: PushHub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly authenticator: Authenticator,
  ) {}

  onApplicationBootstrap(): void {
    const schema = this.schemaHost.schema;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: WS_MAX_PAYLOAD_BYTES,
      // Sockets that splice a shared, already serialized payload into each message.
      WebSocket: PushSocket,
    });
    this.disposable = useServer<Record<string, unknown> | undefined, Extra>(
      {
        schema,
        onConnect: async (ctx) => {
          const result = await this.authenticate(ctx);
          if (!result.ok && result.status === 503) {
            ctx.extra.socket.close(WS_AUTH_UNAVAILABLE, 'authentication unavailable, retry later');
          }
          return result.ok;
        },
        onSubscribe: (ctx, _id, payload) => {
          // Counted before any await: operations sent together are all listed by then.
          const tooMany = this.tooManyOperations(ctx);
          if (tooMany) return tooMany;
          // Who the socket is, again for each operation: a revoked token or binding bites within the
          // cache's TTL for every new subscription (what is visible is fixed per subscription).
          return this.authenticate(ctx).then((result) =>
            result.ok
              ? this.prepare(schema, payload, result.viewer)
              : [
                  new GraphQLError(`unauthenticated: ${result.reason}`, {
                    extensions: { code: result.code },
                  }),
                ],
          );
        },
        // Yields PreparedPayloads in place of ExecutionResults; onNext below hands them to the socket.
        subscribe: (args) =>
          this.hub.subscribe(args, (args.contextValue as WsContext).pushKey) as Promise<
            AsyncIterable<ExecutionResult> | ExecutionResult
          >,
        onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatGraphqlError(e.toJSON(), e)),
        onNext: (ctx, _id, _payload, _args, result) => {
          // Shared by every subscriber of the operation: formatted and serialized once, by the hub.
          if (result instanceof PreparedPayload) {
            ctx.extra.socket.stage(result);
            return result;
          }
          // Field errors inside a push get the same codes as over HTTP.
          return result.errors
            ? { ...result, errors: result.errors.map((e) => formatGraphqlError(e.toJSON(), e)) }
            : undefined;
        },
      },
      this.wss,
    );
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  async onModuleDestroy(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    await this.disposable?.dispose();
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Other paths are left to whoever answers them; only this path is ours.
    if (new URL(request.url ?? '/', 'http://x').pathname !== GRAPHQL_WS_PATH || !this.wss) return;
    const refusal = this.refusal(request);
    if (refusal) {
      const body = JSON.stringify({
        errors: [{ message: refusal.message, extensions: { code: refusal.code } }],
      });
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const wss = this.wss;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  }

  private refusal(request: IncomingMessage): { message: string; code: string } | null {
    const host = request.headers.host;
    if (!hostAllowed(host, this.config.allowedHosts)) {
      return { message: 'host is not served here (see --allowed-hosts)', code: ERROR_CODES.HOST_NOT_ALLOWED };
    }
    const loopback = isLoopbackName(hostnameOf(this.config.host));
    if (!originAllowed(request.headers.origin, host, this.config.allowedOrigins, loopback)) {
      return {
        message: 'websocket from another origin refused (see --allowed-origins)',
        code: ERROR_CODES.ORIGIN_NOT_ALLOWED,
      };
    }
    return null;
  }

  /** The upgrade bypasses HTTP hooks: the same authentication; a token may come in connection_init. */
  private authenticate(ctx: Context<Record<string, unknown> | undefined, Extra>): Promise<AuthResult> {
    const fromParams = ctx.connectionParams?.authorization;
    const headers = { ...ctx.extra.request.headers };
    if (typeof fromParams === 'string') headers.authorization = fromParams;
    // The socket's own peer address: proxy-header mode trusts only listed peers (never a forwarded address).
    return this.authenticator.authenticate(headers, ctx.extra.request.socket.remoteAddress);
  }

  private tooManyOperations(ctx: Context<Record<string, unknown> | undefined, Extra>): GraphQLError[] | null {
    // The subscription being prepared is already listed.
    if (Object.keys(ctx.subscriptions).length <= WS_MAX_OPERATIONS) return null;
    return [
      new GraphQLError(`at most ${WS_MAX_OPERATIONS} operations may be open on one socket`, {
        extensions: { code: ERROR_CODES.TOO_MANY_OPERATIONS },
      }),
    ];
  }

  private prepare(
    schema: GraphQLSchema,
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    viewer: Viewer,
  ) {
    let document: ReturnType<typeof parse>;
    try {
      document = parse(payload.query, PARSE_OPTIONS);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [
        new GraphQLError(message, {
          extensions: {
            code: codeForParseError(message),
          },
        }),
      ];
    }
    const errors = validate(schema, document, [
      ...specifiedRules,
      ...guardRules(() => this.views.fleet().clusters.length),
    ]);
    if (errors.length > 0) {
      return errors.map((e) =>
        e.extensions.code
          ? e
          : new GraphQLError(e.message, {
              nodes: e.nodes,
              extensions: { code: ERROR_CODES.GRAPHQL_VALIDATION_FAILED },
            }),
      );
    }
    const operation = getOperationAST(document, payload.operationName);
    const refused = operation ? operationTypeError('WebSocket', operation.operation) : null;
    if (refused) return [refused];
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: {
        budget: newRequestBudget(),
        // Subscribers share an execution per key: viewers who see different clusters must not.
        pushKey:
          operationKey(payload.query, payload.operationName, payload.variables) + visibilityKey(viewer),
        viewer,
      } satisfies WsContext,
    };
  }
}

/** '' for a viewer who sees every cluster; otherwise a digest of the clusters they see. */
function visibilityKey(viewer: Viewer): string {
  if (viewer.clusters === null) return '';
  const names = [...viewer.clusters].sort().join('\u0000');
  return `|visible:${createHash('sha256').update(names).digest('base64url')}`;
}
