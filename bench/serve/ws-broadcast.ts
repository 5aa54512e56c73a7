/**
 * The walls benchmark's baseline: a plain `ws` server (no GraphQL, no Nest) in its own process that
 * broadcasts one message of a given size to every connected client once a second, serialized once per
 * broadcast and sent as the same bytes to each: the least a push to N subscribers can cost.
 *
 *   node bench/serve/ws-broadcast.ts   → prints `BROADCAST_READY {"url": …}`
 *
 * stdin commands: `start BYTES` (broadcast once a second from now, `{"sentAt":…,"pad":"…"}` of BYTES),
 * `stats` (prints `BROADCAST {"clients": n, "sends": total messages sent}`).
 */
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
let sends = 0;
let timer: NodeJS.Timeout | null = null;

function broadcast(size: number): void {
  const head = `{"sentAt":${Date.now()},"pad":"`;
  const bytes = Buffer.from(`${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`);
  for (const client of server.clients) {
    client.send(bytes, { binary: false });
    sends++;
  }
}

process.stdout.write(`BROADCAST_READY ${JSON.stringify({ url: `ws://127.0.0.1:${port}` })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'start') {
    if (timer) clearInterval(timer);
    timer = setInterval(() => broadcast(Number(arg)), 1_000);
  } else if (command === 'stats') {
    process.stdout.write(`BROADCAST ${JSON.stringify({ clients: server.clients.size, sends })}\n`);
  }
});
lines.on('close', () => {
  if (timer) clearInterval(timer);
  server.close();
  process.exit(0);
});
