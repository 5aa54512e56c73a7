import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SHUTDOWN_GRACE_MS } from '../../src/server.ts';
import { type ApiProcess, openDescriptors, spawnApi } from '../support/api-process.ts';
import { eventually } from '../support/harness.ts';

/** Sends raw bytes and collects what comes back until the server closes or `timeoutMs` passes. */
function rawExchange(
  port: number,
  request: string,
  timeoutMs: number,
): Promise<{ answer: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer, closedByServer: false });
    }, timeoutMs);
    socket.on('data', (d) => {
      answer += String(d);
    });
    socket.on('error', () => {});
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer, closedByServer: true });
    });
    socket.write(request);
  });
}

const upgradeTo = (path: string): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n`;

/** Opens a socket, sends `bytes`, and keeps it open without ever reading or answering. */
function openAndStall(port: number, bytes: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      resolve(socket);
    });
    socket.on('error', () => {});
    socket.pause();
  });
}

describe('the real process (apps/api/dist main)', () => {
  let api: ApiProcess;
  let port: number;
  const clientSockets: Socket[] = [];

  beforeAll(async () => {
    api = spawnApi(['--port', '0', '--log-level', 'info', '--web-dist', '']);
    port = Number(new URL(await api.up()).port);
  });
  afterAll(() => {
    for (const s of clientSockets) s.destroy();
    api?.kill();
  });

  it('answers and closes upgrades to any path but /graphql, leaking no descriptor over 2,000 of them', async () => {
    for (const path of ['/healthz', '/', '/%67raphql', '/metrics']) {
      const { answer, closedByServer } = await rawExchange(port, upgradeTo(path), 2_000);
      expect(answer, path).toMatch(/^HTTP\/1\.1 400 /);
      expect(closedByServer, path).toBe(true);
    }
    const before = openDescriptors(api.pid);
    let answered = 0;
    let slowestHealthz = 0;
    for (let batch = 0; batch < 20; batch++) {
      const timedHealthz = async (): Promise<void> => {
        const started = Date.now();
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        slowestHealthz = Math.max(slowestHealthz, Date.now() - started);
      };
      const [results] = await Promise.all([
        Promise.all(Array.from({ length: 100 }, () => rawExchange(port, upgradeTo('/healthz'), 1_000))),
        timedHealthz(),
      ]);
      answered += results.filter((r) => r.closedByServer && r.answer.startsWith('HTTP/1.1 400')).length;
    }
    // Liveness keeps answering while the upgrades come in.
    expect(slowestHealthz).toBeLessThan(1_000);
    expect(answered).toBe(2_000);
    // A leak would keep ~2,000 descriptors; allow for the demo fleet's own connections coming and going.
    await eventually(async () => {
      expect(openDescriptors(api.pid) - before).toBeLessThan(50);
    }, 5_000);
    // Still serving.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);

  it('ends within its bound on SIGTERM with idle keep-alive, websocket, stalled and half-sent sockets open', async () => {
    const kubeconfig = /"kubeconfig":"([^"]+)"/.exec(api.stderr())?.[1];
    expect(kubeconfig).toBeDefined();
    // An idle keep-alive connection.
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/healthz`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    // A live GraphQL subscription over a websocket.
    const ws = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const firstEvent = new Promise<void>((resolve) => {
      ws.subscribe(
        { query: 'subscription { fleetChanged { version } }' },
        { next: () => resolve(), error: () => {}, complete: () => {} },
      );
    });
    await firstEvent;
    // A websocket that never reads, so it never answers the server's close frame.
    clientSockets.push(
      await openAndStall(
        port,
        'GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          'Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
      ),
    );
    // An upgrade to another path, never read; a request whose headers never end; a bare connection.
    clientSockets.push(await openAndStall(port, upgradeTo('/healthz')));
    clientSockets.push(await openAndStall(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '));
    clientSockets.push(await openAndStall(port, ''));

    const started = Date.now();
    api.child.kill('SIGTERM');
    const exit = await Promise.race([
      api.exited(),
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), SHUTDOWN_GRACE_MS + 10_000)),
    ]);
    const elapsed = Date.now() - started;
    void ws.dispose();
    agent.destroy();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThan(SHUTDOWN_GRACE_MS + 3_000);
    // The demo's kubeconfig folder is removed on the way out.
    expect(existsSync(kubeconfig ?? '')).toBe(false);
  }, 60_000);
});

describe('a failed start', () => {
  let blocker: Server;
  let taken: number;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const address = blocker.address();
    taken = typeof address === 'object' && address ? address.port : 0;
  });
  afterEach(() => api?.kill());
  afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

  it('exits 2 with one line naming the port and the flag when the port is taken, leaving nothing in the temp folder', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fleetscope-tmp-'));
    api = spawnApi(['--port', String(taken)], { TMPDIR: tmp });
    expect(await api.exited()).toEqual({ code: 2, signal: null });
    const lines = api.stderr().trimEnd().split('\n');
    expect(lines).toEqual([
      `fleetscope: port ${taken} on 127.0.0.1 is already in use: choose another with --port (or PORT)`,
    ]);
    const left = readdirSync(tmp);
    rmSync(tmp, { recursive: true, force: true });
    expect(left).toEqual([]);
  }, 60_000);

  it('exits 2 with one line naming --host when the address is not on this machine', async () => {
    api = spawnApi(['--port', '0', '--host', '192.0.2.1', '--anonymous']);
    expect(await api.exited()).toEqual({ code: 2, signal: null });
    expect(api.stderr()).toBe(
      'fleetscope: address 192.0.2.1 is not on this machine: choose another with --host (or HOST)\n',
    );
  }, 60_000);

  it('refuses a spoofable proxy-header mode beyond loopback: exit 2 with the reason on one line', async () => {
    api = spawnApi(['--port', '0', '--host', '0.0.0.0', '--auth-proxy-header', 'x-forwarded-user']);
    expect(await api.exited()).toEqual({ code: 2, signal: null });
    expect(api.stderr()).toContain(
      '\n  - --auth-proxy-header on 0.0.0.0 would believe any client that sends x-forwarded-user: add --auth-proxy-trusted <proxy CIDR> and/or --auth-proxy-secret-file, or listen on loopback\n',
    );
    expect(api.stdout()).not.toContain('Fleetscope is up');
  }, 60_000);
});
