import { WebSocket } from 'ws';

let sequence = 0;

/**
 * A `next` payload executed and serialized once, shared by every subscriber it is sent to. graphql-ws
 * builds each message as JSON.stringify({ id, type, payload }); this object serializes as a short
 * marker (toJSON), and the subscriber's socket (PushSocket) splices the shared bytes in its place, so
 * a message costs each subscriber its own envelope only.
 */
export class PreparedPayload {
  readonly marker = `fleetscope-prepared-payload:${++sequence}`;
  readonly bytes: Buffer;

  constructor(json: string) {
    this.bytes = Buffer.from(json, 'utf8');
  }

  toJSON(): string {
    return this.marker;
  }
}

type SendCallback = (error?: Error) => void;

/**
 * The server's sockets: `stage` announces a prepared payload about to be sent on this socket; `send`
 * replaces its marker, which graphql-ws puts last in the message (`…,"payload":"<marker>"}`), by the
 * shared bytes. Anything else is sent as it is.
 */
export class PushSocket extends WebSocket {
  readonly #staged = new Map<string, { payload: PreparedPayload; count: number }>();

  stage(payload: PreparedPayload): void {
    const entry = this.#staged.get(payload.marker);
    if (entry) entry.count += 1;
    else this.#staged.set(payload.marker, { payload, count: 1 });
  }

  override send(data: unknown, optionsOrCallback?: unknown, callback?: unknown): void {
    const spliced = typeof data === 'string' && this.#staged.size > 0 ? this.#splice(data) : null;
    if (spliced === null) {
      (super.send as (...args: unknown[]) => void)(data, optionsOrCallback, callback);
      return;
    }
    const cb = (typeof optionsOrCallback === 'function' ? optionsOrCallback : callback) as
      | SendCallback
      | undefined;
    super.send(spliced, { binary: false }, cb);
  }

  #splice(message: string): Buffer | null {
    const end = '"}';
    if (!message.endsWith(end)) return null;
    const start = message.lastIndexOf('"payload":"');
    if (start < 0) return null;
    const marker = message.slice(start + '"payload":"'.length, -end.length);
    const entry = this.#staged.get(marker);
    if (!entry) return null;
    entry.count -= 1;
    if (entry.count === 0) this.#staged.delete(marker);
    return Buffer.concat([
      Buffer.from(message.slice(0, start + '"payload":'.length), 'utf8'),
      entry.payload.bytes,
      Buffer.from('}', 'utf8'),
    ]);
  }
}
