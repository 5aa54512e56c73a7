import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// Wall subscribers through the real path: the simulator changes, the API watches it, graphql-ws
// clients are pushed the new version. One client stops reading; one loses its connection.
const PUSH_MS = 200;
const FLEET = 'subscription { fleetChanged { version } }';

let h: Harness;
interface Subscriber {
  client: Client;
  versions: number[];
  /** The newest socket this client opened (a reconnect opens another). */
  socket(): WebSocket;
}
const subscribers: Subscriber[] = [];

function subscribe(retry: boolean): Subscriber {
  const mine: WebSocket[] = [];
  /** This client's WebSocket, which the test can reach: to stop reading from it, or to cut it. */
  class TrackedSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      mine.push(this);
    }
  }
  const client = createClient({
    url: `${h.api.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: TrackedSocket,
    retryAttempts: retry ? 10 : 0,
    retryWait: async () => {
      await new Promise((r) => setTimeout(r, 100));
    },
    shouldRetry: () => retry,
  });
  const versions: number[] = [];
  client.subscribe<{ fleetChanged: { version: number } }>(
    { query: FLEET },
    {
      next: (m) => {
        if (m.data) versions.push(m.data.fleetChanged.version);
      },
      error: () => {},
      complete: () => {},
    },
  );
  const s: Subscriber = {
    client,
    versions,
    socket: () => {
      const last = mine.at(-1);
      if (last === undefined) throw new Error('not connected yet');
      return last;
    },
  };
  subscribers.push(s);
  return s;
}

const newest = (s: Subscriber): number => s.versions.at(-1) ?? -1;

/** Changes the simulated fleet (pods restart, replacements start) until `done`. */
async function churnUntil(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('no update reached the subscribers in time');
    h.fleet.tick();
    await new Promise((r) => setTimeout(r, PUSH_MS));
  }
}

beforeAll(async () => {
  h = await startHarness(['--push-interval-ms', String(PUSH_MS)]);
}, 60_000);
afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.client.dispose()));
  await h.close();
});

describe('fleetChanged through the real watch path', () => {
  it('a change in the simulator reaches every subscriber', async () => {
    const walls = [subscribe(false), subscribe(false), subscribe(false)];
    await eventually(async () => {
      for (const w of walls) expect(w.versions.length).toBeGreaterThan(0);
    });
    const first = Math.max(...walls.map(newest));
    await churnUntil(() => walls.every((w) => newest(w) > first));
  }, 60_000);

  it('a client that stops reading does not hold the others back, and catches up when it reads again', async () => {
    const slow = subscribe(false);
    const fast = subscribe(false);
    await eventually(async () => {
      expect(slow.versions.length).toBeGreaterThan(0);
      expect(fast.versions.length).toBeGreaterThan(0);
    });
    slow.socket().pause();
    const pausedAt = newest(slow);
    const fastBefore = newest(fast);
    await churnUntil(() => fast.versions.filter((v) => v > fastBefore).length >= 3);
    // While it did not read, nothing reached it; the other kept being pushed.
    expect(newest(slow)).toBe(pausedAt);
    slow.socket().resume();
    const target = newest(fast);
    await churnUntil(() => newest(slow) >= target);
  }, 60_000);

  it('a dropped connection reconnects, resubscribes and is pushed the current version', async () => {
    const wall = subscribe(true);
    await eventually(async () => expect(wall.versions.length).toBeGreaterThan(0));
    const first = wall.socket();
    const before = newest(wall);
    first.terminate();
    await eventually(async () => expect(wall.socket()).not.toBe(first));
    await churnUntil(() => newest(wall) > before);
  }, 60_000);
});
