import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** How long a refused upgrade's socket may linger for the client to read the answer. */
const LINGER_MS = 2_000;

/**
 * Answers and closes upgrade requests that no websocket server takes. Node hands every request with
 * `Connection: Upgrade` to the 'upgrade' listeners and never to the HTTP routes; the GraphQL websocket
 * server only takes paths under `websocketPath`, so any other upgrade (`/healthz`, `/`) would stay
 * unanswered and its socket would leak (CLOSE-WAIT once the client gives up).
 *
 * `websocketPath` must match the prefix test of the server that owns websockets, so each upgrade has
 * exactly one owner.
 */
export function refuseUpgradesOutside(server: Server, websocketPath: string): void {
  server.on('upgrade', (request: { url?: string }, socket: Duplex) => {
    if (request.url?.startsWith(websocketPath)) return;
    refuseUpgrade(socket, `websocket upgrades are served at ${websocketPath} only\n`);
  });
}

function refuseUpgrade(socket: Duplex, body: string): void {
  socket.on('error', () => socket.destroy());
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('finish', () => socket.destroy());
  socket.end(
    'HTTP/1.1 400 Bad Request\r\n' +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
