import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROXY_SECRET_HEADER } from '../../src/auth/access-policy.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const SECRET = 'proxy-shared-secret-for-tests';

/** What a client that sets these headers itself gets from GraphQL (HTTP), /metrics and a websocket. */
async function reach(
  h: Harness,
  headers: Record<string, string>,
): Promise<[number, number, 'data' | 'refused']> {
  const graphql = await fetch(`${h.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ fleet { version } }' }),
  });
  const metrics = await fetch(`${h.api.url}/metrics`, { headers });
  class HeaderSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const client = createClient({
    url: `${h.api.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: HeaderSocket,
    retryAttempts: 0,
  });
  const ws = await new Promise<'data' | 'refused'>((resolve) => {
    client.subscribe(
      { query: 'subscription { fleetChanged { version } }' },
      { next: () => resolve('data'), error: () => resolve('refused'), complete: () => {} },
    );
  });
  await client.dispose();
  return [graphql.status, metrics.status, ws];
}

describe('proxy-header mode with trusted peers', () => {
  let h: Harness;
  beforeAll(async () => {
    // The test client connects from 127.0.0.1, which is not among the proxy's addresses.
    h = await startHarness([
      '--auth-proxy-header',
      'x-forwarded-user',
      '--auth-proxy-trusted',
      '192.0.2.0/24',
    ]);
  });
  afterAll(() => h?.close());

  it('does not believe the header from any other peer (HTTP, /metrics, websocket)', async () => {
    expect(await reach(h, { 'x-forwarded-user': 'mallory' })).toEqual([401, 401, 'refused']);
  });
});

describe('proxy-header mode from the trusted peer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(['--auth-proxy-header', 'x-forwarded-user', '--auth-proxy-trusted', '127.0.0.1']);
  });
  afterAll(() => h?.close());

  it('admits the user the proxy names, and nobody without it', async () => {
    expect(await reach(h, { 'x-forwarded-user': 'alice' })).toEqual([200, 200, 'data']);
    expect(await reach(h, {})).toEqual([401, 401, 'refused']);
  });
});

describe('proxy-header mode with a shared secret', () => {
  let h: Harness;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fleetscope-proxy-')), 'secret');
    writeFileSync(file, `${SECRET}\n`);
    h = await startHarness(['--auth-proxy-header', 'x-forwarded-user', '--auth-proxy-secret-file', file]);
  });
  afterAll(() => h?.close());

  it('admits the header only with the secret (HTTP, /metrics, websocket)', async () => {
    expect(await reach(h, { 'x-forwarded-user': 'mallory' })).toEqual([401, 401, 'refused']);
    expect(await reach(h, { 'x-forwarded-user': 'mallory', [PROXY_SECRET_HEADER]: 'guess' })).toEqual([
      401,
      401,
      'refused',
    ]);
    expect(await reach(h, { 'x-forwarded-user': 'alice', [PROXY_SECRET_HEADER]: SECRET })).toEqual([
      200,
      200,
      'data',
    ]);
  });
});
