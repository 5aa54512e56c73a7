import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const TOKEN = 'security-headers-token';
let h: Harness;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fleetscope-headers-')), 'tokens');
  writeFileSync(file, `${TOKEN}\n`);
  h = await startHarness(['--auth-tokens-file', file]);
});
afterAll(() => h?.close());

const graphql = (body: string, token?: string) =>
  fetch(`${h.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

describe('security headers', () => {
  it('are on every response: API, health, metrics, refusals, errors and unknown paths', async () => {
    const query = JSON.stringify({ query: '{ fleet { version } }' });
    const responses = {
      healthz: await fetch(`${h.api.url}/healthz`),
      readyz: await fetch(`${h.api.url}/readyz`),
      graphql: await graphql(query, TOKEN),
      refused: await graphql(query),
      metrics: await fetch(`${h.api.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }),
      tooLarge: await graphql(
        JSON.stringify({ query: `{ fleet { version } } #${'x'.repeat(1_100_000)}` }),
        TOKEN,
      ),
      unknown: await fetch(`${h.api.url}/nope`),
    };
    expect(responses.graphql.status).toBe(200);
    expect(responses.refused.status).toBe(401);
    expect(responses.tooLarge.status).toBe(413);
    for (const [name, response] of Object.entries(responses)) {
      const header = (n: string) => response.headers.get(n);
      expect(header('content-security-policy'), name).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
      expect(header('content-security-policy'), name).toMatch(/(^|;\s*)default-src 'self'(;|$)/);
      expect(header('x-content-type-options'), name).toBe('nosniff');
      expect(header('x-frame-options'), name).toBe('DENY');
      expect(header('referrer-policy'), name).toBe('no-referrer');
      // Plain HTTP on a network, or a TLS proxy that owns HSTS: not ours to set.
      expect(header('strict-transport-security'), name).toBeNull();
      expect(header('content-security-policy'), name).not.toMatch(/upgrade-insecure-requests/);
      await response.arrayBuffer();
    }
  });
});
