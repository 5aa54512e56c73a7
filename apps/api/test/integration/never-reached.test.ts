import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/app-config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { JsonLogger } from '../../src/telemetry/json-logger.ts';
import { eventually } from '../support/harness.ts';

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  return typeof address === 'object' && address ? address.port : 1;
}

let api: RunningServer;

beforeAll(async () => {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fleetscope-ghost-')), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ghost\n  cluster: { server: "https://127.0.0.1:${await closedPort()}", insecure-skip-tls-verify: true }`,
      'contexts:',
      '- name: ghost\n  context: { cluster: ghost, user: u }',
      'current-context: ghost',
      'users:',
      '- name: u\n  user: { token: t }',
      '',
    ].join('\n'),
  );
  const config = parseConfig(
    [
      '--port',
      '0',
      '--web-dist',
      '',
      '--debounce-ms',
      '50',
      '--kubeconfig',
      kubeconfig,
      '--probe-interval',
      '1',
    ],
    {},
    { webDist: null },
  );
  api = await startServer({
    config,
    targets: { kubeconfigPath: kubeconfig, contexts: ['ghost'] },
    logger: new JsonLogger('error', () => {}),
    metrics: null,
  });
});
afterAll(() => api?.close());

interface Ghost {
  controlPlane: {
    status: string;
    summary: string;
    paths: Record<string, { status: string; evidence?: Array<{ signal: string; value: string }> }>;
  };
  nodes: { total: number } | null;
  pods: { total: number } | null;
  gpus: { allocatable: number } | null;
}

async function ghost(): Promise<Ghost | undefined> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ cluster(name: "ghost") { controlPlane { status summary paths { read { status evidence { signal value } } admission { status } watch { status } } } nodes { total } pods { total } gpus { allocatable } } }',
    }),
  });
  const body = (await response.json()) as { data?: { cluster: Ghost | null }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data?.cluster ?? undefined;
}

describe('a cluster never reached', () => {
  it('reads UNKNOWN with unknown (null) counts once probes and watches have failed, in GraphQL and /metrics', async () => {
    // Wait until the probes ran and failed (connection refused), which used to read DOWN.
    await eventually(async () => {
      const c = await ghost();
      const listProbe = c?.controlPlane.paths.read?.evidence?.find((e) => e.signal === 'probe_list_seconds');
      expect(listProbe?.value).toMatch(/^failed: .*(ECONNREFUSED|refused)/i);
    }, 20_000);
    const c = await ghost();
    expect(c?.controlPlane.status).toBe('UNKNOWN');
    expect(c?.controlPlane.summary).toMatch(/cannot be judged/);
    expect(Object.values(c?.controlPlane.paths ?? {}).map((p) => p.status)).toEqual([
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
    ]);
    expect([c?.nodes, c?.pods, c?.gpus]).toEqual([null, null, null]);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).not.toMatch(/^fleetscope_gpus\{cluster="ghost"/m);
    expect(metrics).toMatch(
      /^fleetscope_plane_status\{cluster="ghost",plane="control",status="UNKNOWN"\} 1$/m,
    );
  });
});
