import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startHarness } from '../support/harness.ts';

const TOKEN = 'wall-reader-token';
let h: Harness;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fleetscope-auth-')), 'tokens');
  writeFileSync(file, `# readers\n${TOKEN}\n`);
  h = await startHarness(['--auth-tokens-file', file]);
});
afterAll(() => h?.close());

const post = (headers: Record<string, string>) =>
  fetch(`${h.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ fleet { version } }' }),
  });

function subscribeOnce(connectionParams?: Record<string, string>): Promise<'data' | 'refused'> {
  const client = createClient({
    url: `${h.api.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams,
  });
  return new Promise((resolve) => {
    client.subscribe(
      { query: 'subscription { fleetChanged { version } }' },
      {
        next: () => {
          resolve('data');
          void client.dispose();
        },
        error: () => resolve('refused'),
        complete: () => {},
      },
    );
  });
}

describe('API access with bearer tokens', () => {
  it('refuses GraphQL and /metrics without a token, with a clear error', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(await response.json()).toEqual({
      errors: [{ message: 'unauthenticated: missing bearer token', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect((await fetch(`${h.api.url}/metrics`)).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    // The check follows the matched route, so an encoded path cannot slip past it.
    const encoded = await fetch(`${h.api.url}/%67raphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ fleet { version } }' }),
    });
    expect(encoded.status).toBe(401);
  });

  it('answers with a valid token and keeps health endpoints open', async () => {
    const response = await post({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as { data: { fleet: { version: number } } }).data.fleet.version,
    ).toBeGreaterThan(0);
    expect((await fetch(`${h.api.url}/healthz`)).status).toBe(200);
  });

  it('applies the same policy to websocket subscriptions (token in connection_init)', async () => {
    expect(await subscribeOnce()).toBe('refused');
    expect(await subscribeOnce({ authorization: `Bearer ${TOKEN}` })).toBe('data');
  });
});
