/**
 * The server `browser-views.bench.ts` points Chromium at: the production build of the web app
 * (`apps/web/dist`, as the API serves it — files as they are, index.html for any other path) and
 * `/graphql` answering from prepared answers: HTTP POST queries, and graphql-ws subscriptions
 * (`graphql-transport-ws`) to which the bench pushes the next prepared version when it chooses. Every
 * answer is a string made before the measurement, so the server costs the browser's measurement nothing
 * but the socket write.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type WebSocket, WebSocketServer } from 'ws';

export const WEB_DIST = fileURLToPath(new URL('../apps/web/dist', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** What the server answers for one operation: the query's body, or the current push of a subscription. */
export interface PreparedOperation {
  operationName: string;
  variables: Record<string, unknown>;
  /** The whole response (`{"data":…}`) as JSON text. */
  body: string;
}

export interface ReplayServer {
  url: string;
  /** Sets the answers: what a query is answered with, and what a new subscriber gets first. */
  prepare(operations: readonly PreparedOperation[]): void;
  /** Sends `payload` (`{"data":…}` JSON text) to every subscriber of the operation; returns how many got it. */
  push(operationName: string, payload: string): number;
  close(): Promise<void>;
}

const keyOf = (operationName: string, variables: unknown): string =>
  `${operationName} ${JSON.stringify(variables ?? {})}`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves `dist` (default: the app's build) and the prepared answers on a free loopback port. */
export async function startReplayServer(dist = WEB_DIST): Promise<ReplayServer> {
  let answers = new Map<string, string>();
  /** Open subscriptions: socket → id → operation name. */
  const subscribers = new Map<WebSocket, Map<string, string>>();

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/graphql') {
      let body: { operationName?: string; variables?: Record<string, unknown> };
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad JSON"}]}');
        return;
      }
      const found = answers.get(keyOf(body.operationName ?? '', body.variables));
      if (found === undefined) {
        const message = `the bench prepared no answer for ${keyOf(body.operationName ?? '', body.variables)}`;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/graphql-response+json' }).end(found);
      return;
    }
    const relative = normalize(url.pathname).replace(/^(\.\.[/\\])+/, '');
    const candidate = join(dist, relative === '/' ? 'index.html' : relative);
    const file = candidate.startsWith(dist) ? candidate : join(dist, 'index.html');
    try {
      const content = await readFile(file);
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(content);
    } catch {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] });
      res.end(await readFile(join(dist, 'index.html')));
    }
  });

  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false),
  });
  wss.on('connection', (socket) => {
    const mine = new Map<string, string>();
    subscribers.set(socket, mine);
    socket.on('close', () => subscribers.delete(socket));
    socket.on('message', (raw) => {
      let message: { type?: string; id?: string; payload?: { operationName?: string; variables?: unknown } };
      try {
        message = JSON.parse(String(raw));
      } catch {
        socket.close(4400, 'Invalid message');
        return;
      }
      switch (message.type) {
        case 'connection_init':
          socket.send('{"type":"connection_ack"}');
          return;
        case 'ping':
          socket.send('{"type":"pong"}');
          return;
        case 'subscribe': {
          const id = message.id ?? '';
          const name = message.payload?.operationName ?? '';
          const first = answers.get(keyOf(name, message.payload?.variables));
          if (first === undefined) {
            const errors = [{ message: `the bench prepared no subscription ${name}` }];
            socket.send(JSON.stringify({ id, type: 'error', payload: errors }));
            return;
          }
          mine.set(id, name);
          socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${first}}`);
          return;
        }
        case 'complete':
          mine.delete(message.id ?? '');
          return;
        default:
          return;
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    prepare(operations) {
      answers = new Map(operations.map((o) => [keyOf(o.operationName, o.variables), o.body]));
    },
    push(operationName, payload) {
      let sent = 0;
      for (const [socket, ids] of subscribers) {
        for (const [id, name] of ids) {
          if (name !== operationName) continue;
          socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
          sent += 1;
        }
      }
      return sent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of subscribers.keys()) socket.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
