/**
 * Local stand-in for the API, for looking at the built page without a cluster:
 * serves `dist/` and answers `/graphql` (HTTP POST and graphql-ws) from the checked-in schema with
 * fixture data. Development aid only; never part of the bundle.
 *
 *   npm run build -w @fleetscope/web && node apps/web/scripts/fixture-server.ts --port 4173
 *   Options: --port N (default 4173), --no-ws (no subscriptions: exercise the polling fallback),
 *            --api-down (every /graphql request fails with 502: exercise the error state).
 *
 * `ws` comes from the workspace root (the API depends on it); this script is not shipped.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSchema, graphql } from 'graphql';
import { useServer as attachGraphQLWs } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { fleetFixture } from '../src/fixtures/fleet-fixture.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const distDir = join(here, '..', 'dist');
const schemaPath = join(here, '..', '..', 'api', 'schema.graphql');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    'no-ws': { type: 'boolean', default: false },
    'api-down': { type: 'boolean', default: false },
  },
});
const port = Number(values.port);

const schema = buildSchema(await readFile(schemaPath, 'utf8'));
const rootValue = { fleet: () => fleetFixture(Date.now()) };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

async function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/graphql') {
    if (values['api-down']) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway');
      return;
    }
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    const { query, operationName, variables } = body as {
      query?: string;
      operationName?: string;
      variables?: Record<string, unknown>;
    };
    const result = await graphql({
      schema,
      source: query ?? '',
      rootValue,
      operationName: operationName ?? null,
      variableValues: variables ?? null,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    return;
  }
  // Static files; anything else gets index.html, as the API will do.
  const relative = normalize(url.pathname).replace(/^(\.\.[/\\])+/, '');
  const candidate = join(distDir, relative === '/' ? 'index.html' : relative);
  const file = candidate.startsWith(distDir) ? candidate : join(distDir, 'index.html');
  try {
    const content = await readFile(file);
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(content);
  } catch {
    res
      .writeHead(200, { 'content-type': CONTENT_TYPES['.html'] })
      .end(await readFile(join(distDir, 'index.html')));
  }
});

if (!values['no-ws'] && !values['api-down']) {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  attachGraphQLWs(
    {
      schema,
      roots: {
        subscription: {
          // A fresh snapshot every 5 s, like an API pushing on change plus heartbeats.
          fleetChanged: async function* () {
            for (;;) {
              yield { fleetChanged: fleetFixture(Date.now()) };
              await new Promise((resolve) => setTimeout(resolve, 5_000));
            }
          },
        },
      },
    },
    wss,
  );
}

server.listen(port, '127.0.0.1', () => {
  console.log(`fixture server on http://127.0.0.1:${port} (dist: ${distDir})`);
});
