import { createServer } from 'node:net';

/** A listen failure the operator can fix with a flag; its message is one line. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/**
 * Turns a listen failure into one line naming the address and the flag to change, or returns null
 * for errors that are not about the address (those stay unexpected).
 */
export function describeListenError(error: unknown, host: string, port: number): ListenError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(
        `port ${port} on ${host} is already in use: choose another with --port (or PORT)`,
      );
    case 'EACCES':
      return new ListenError(
        `not permitted to listen on ${where}: choose a port above 1023 with --port (or PORT)`,
      );
    case 'EADDRNOTAVAIL':
      return new ListenError(`address ${host} is not on this machine: choose another with --host (or HOST)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(`cannot resolve host "${host}": fix --host (or HOST)`);
    default:
      return null;
  }
}

/**
 * Binds and releases the address before anything else starts, so a taken port is reported before the
 * demo fleet or the watches start (the real listen still maps its own failure the same way).
 */
export function checkCanListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(describeListenError(error, host, port) ?? error));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
