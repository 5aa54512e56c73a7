import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleet, type FleetServers, startFleetServers } from '../src/index.ts';
import { rawWatch, waitFor } from './helpers.ts';

// The fault kinds a client's fault matrix leans on, answered as kube-apiserver answers them.
let servers: FleetServers;
const fleet = createFleet({ seed: 3, size: 'small' });
const CLUSTER = fleet.clusters[0]?.name ?? '';

beforeAll(async () => {
  servers = await startFleetServers(fleet);
});
afterAll(async () => {
  await servers?.close();
});

const base = (): string => servers.server(CLUSTER).url;

async function listRv(): Promise<string> {
  const body = (await (await fetch(`${base()}/api/v1/pods?limit=1`)).json()) as {
    metadata: { resourceVersion: string };
  };
  return body.metadata.resourceVersion;
}

describe('simulator faults', () => {
  it('too-many-requests: 429 TooManyRequests with Retry-After and details.retryAfterSeconds, then serves', async () => {
    const server = servers.server(CLUSTER);
    server.faults.set('pods', { kind: 'too-many-requests', retryAfterSeconds: 7, times: 2 });
    for (const path of ['/api/v1/pods', '/api/v1/pods?watch=true']) {
      const response = await fetch(`${base()}${path}`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 7 },
      });
    }
    expect((await fetch(`${base()}/api/v1/pods`)).status).toBe(200);
    // Other resources are never throttled by a pods fault.
    server.faults.set('pods', { kind: 'too-many-requests' });
    expect((await fetch(`${base()}/api/v1/nodes`)).status).toBe(200);
    server.faults.clear('pods');
  });

  it('not-found: list, watch and get answer 404 NotFound until cleared; open watches end', async () => {
    const server = servers.server(CLUSTER);
    const open = rawWatch(`${base()}/api/v1/pods?watch=true&resourceVersion=${await listRv()}`, () => false);
    await waitFor(() => server.openWatches('pods') > 0, 'the watch to open');
    server.faults.set('pods', { kind: 'not-found' });
    expect((await open).ended).toBe(true);
    for (const path of ['/api/v1/pods', '/api/v1/pods?watch=true', '/api/v1/namespaces/default/pods/x']) {
      const response = await fetch(`${base()}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
        code: 404,
      });
    }
    expect((await fetch(`${base()}/api/v1/nodes`)).status).toBe(200);
    server.faults.clear('pods');
    expect((await fetch(`${base()}/api/v1/pods`)).status).toBe(200);
  });

  it.each(['end', 'continue'] as const)(
    'truncate-line (then %s): the next event is cut mid-JSON; a re-watch from the last RV replays it',
    async (then) => {
      const server = servers.server(CLUSTER);
      const cluster = fleet.cluster(CLUSTER);
      const rv = await listRv();
      const controller = new AbortController();
      const response = await fetch(`${base()}/api/v1/pods?watch=true&resourceVersion=${rv}`, {
        signal: controller.signal,
      });
      await waitFor(() => server.openWatches('pods') > 0, 'the watch to open');
      server.faults.set('pods', { kind: 'truncate-line', afterCut: then });
      const [a, b] = cluster.list('pods');
      cluster.deletePod(a?.metadata.namespace ?? '', a?.metadata.name ?? '');
      cluster.deletePod(b?.metadata.namespace ?? '', b?.metadata.name ?? '');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (then === 'end') {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
        } else {
          const { value } = await reader.read();
          text += decoder.decode(value, { stream: true });
          if (text.split('\n').length >= 3) break;
        }
      }
      controller.abort();
      const lines = text.split('\n').filter((l) => l !== '');
      expect(() => JSON.parse(lines[0] ?? '')).toThrow();
      if (then === 'continue') {
        expect(JSON.parse(lines[1] ?? '')).toMatchObject({
          type: 'DELETED',
          object: { metadata: { name: b?.metadata.name } },
        });
      } else {
        expect(lines).toHaveLength(1);
      }
      // The change is still in storage: a re-watch from the RV we had replays both deletions.
      const replay = await rawWatch(
        `${base()}/api/v1/pods?watch=true&resourceVersion=${rv}`,
        (seen) => seen.length >= 2,
      );
      expect(replay.lines.map((l) => [l.type, l.object.metadata?.name])).toEqual([
        ['DELETED', a?.metadata.name],
        ['DELETED', b?.metadata.name],
      ]);
    },
  );
});
