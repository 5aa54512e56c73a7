import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Every socket the server accepted and that is still open (HTTP, keep-alive, upgraded, half-open). */
export interface SocketTracker {
  readonly size: number;
  destroyAll(): void;
}

/**
 * Tracks sockets from their 'connection' to their 'close'. Node's own closeAllConnections() does not
 * reach sockets handed over by an upgrade (websockets, refused upgrades), nor can it cut a client that
 * is still sending its headers, so a bounded shutdown needs its own list.
 */
export function trackSockets(server: Server): SocketTracker {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    get size() {
      return sockets.size;
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

export interface CloseOutcome {
  /** True when the grace period ran out and open sockets were cut. */
  forced: boolean;
  /** Sockets still open when the grace period ran out. */
  cut: number;
  /** What the graceful path threw, if it did. */
  error?: unknown;
}

/**
 * Runs `close` (the graceful path: stop accepting, finish requests, close websockets with 1001) and,
 * if it has not finished within `graceMs`, destroys every socket still open so it can. Resolves within
 * `graceMs` plus `settleMs` whatever the clients do; a close that still hangs after that is left behind.
 */
export async function closeWithin(
  close: () => Promise<void>,
  sockets: SocketTracker,
  graceMs: number,
  settleMs = 1_000,
): Promise<CloseOutcome> {
  let error: unknown;
  const closing = close().then(
    () => 'closed' as const,
    (thrown: unknown) => {
      error = thrown;
      return 'closed' as const;
    },
  );
  if ((await raceTimer(closing, graceMs)) === 'closed') return { forced: false, cut: 0, error };
  const cut = sockets.size;
  sockets.destroyAll();
  await raceTimer(closing, settleMs);
  return { forced: true, cut, error };
}

function raceTimer<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
