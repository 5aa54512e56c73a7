import { createClient, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** Fragments that each spread the previous one twice: 2^levels fields from a document of ~40·levels bytes. */
export function doublingFragments(levels: number): string {
  let doc = 'fragment F0 on Fleet { version }\n';
  for (let i = 1; i <= levels; i++) doc += `fragment F${i} on Fleet { ...F${i - 1} ...F${i - 1} }\n`;
  return `${doc}{ fleet { ...F${levels} } }`;
}

/** `count` aliases of `field`, e.g. `a0: fleet { version } a1: fleet { version } …`. */
export function aliases(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

/** POSTs a GraphQL body; returns the status and the parsed answer. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never };
}

/** Error codes of an answer, in order. */
export const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }): string[] =>
  (body.errors ?? []).map((e) => e.extensions?.code ?? '(none)');

/**
 * Runs `work` while /healthz is asked again and again (from before it starts until it ends): what every
 * probe got back. The server keeps serving when each is a 200; how long they took is left to the
 * benchmarks (a loaded machine makes any latency bound flaky).
 */
export async function healthzDuring<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ value: T; healthz: { asked: number; failures: string[] } }> {
  let done = false;
  let asked = 0;
  const failures: string[] = [];
  const probe = (async () => {
    while (!done) {
      asked++;
      try {
        const response = await fetch(`${url}/healthz`);
        await response.text();
        if (response.status !== 200) failures.push(`HTTP ${response.status}`);
      } catch (error) {
        failures.push(String(error));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  // Let the probe take its first turn before the hostile request starts.
  await new Promise((r) => setTimeout(r, 20));
  const value = await work().finally(() => {
    done = true;
  });
  await probe;
  return { value, healthz: { asked, failures } };
}

/** One operation over graphql-ws: its first result, or its errors. */
export function wsOnce(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise((resolve) => {
    client.subscribe(
      { query, variables, operationName },
      {
        next: (result: ExecutionResult) => {
          resolve(result as never);
          void client.dispose();
        },
        error: (error) => {
          resolve({
            errors: Array.isArray(error) ? error : [{ message: String((error as Error).message ?? error) }],
          });
          void client.dispose();
        },
        complete: () => {},
      },
    );
  });
}

/** Opens a raw websocket with the given headers: the HTTP status when the upgrade is refused, else 101. */
export function upgradeStatus(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

/** An acknowledged graphql-transport-ws socket, for hand-made messages. */
export async function rawSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise<void>((resolve) => {
    ws.once('message', () => resolve());
  });
  return ws;
}

/** Resolves with the close code of a socket. */
export const closeCode = (ws: WebSocket): Promise<number> =>
  new Promise((resolve) => {
    ws.once('close', (code) => resolve(code));
  });
