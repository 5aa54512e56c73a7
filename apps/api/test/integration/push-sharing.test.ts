import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FleetSnapshots } from '../../src/analysis/fleet-snapshots.ts';
import { AppModule } from '../../src/app.module.ts';
import { parseConfig } from '../../src/config/app-config.ts';
import { JsonLogger } from '../../src/telemetry/json-logger.ts';
import { clusterWith, finding, ScriptedSnapshots } from '../support/findings.ts';
import { eventually } from '../support/harness.ts';

// 50 subscribers of the same two operations over real websockets, against snapshots the test publishes
// (with hand-made findings: the rules that fill ClusterHealth.findings are being converted).
const SUBSCRIBERS = 50;
const nodeA = { kind: 'Node', namespace: null, name: 'a' };
const notReady = finding('east', 'node.not-ready', nodeA);
const info = finding('east', 'node.cordoned', nodeA, { severity: 'INFO', status: null });

const FINDINGS = `subscription { findingsChanged(minSeverity: WARNING) {
  version opened { id status title attributes { key value } observedAt } changed { id status } resolved { id } } }`;
const FLEET = 'subscription { fleetChanged { version clusters { name } } }';

interface Message {
  data?: Record<string, { version: number } & Record<string, unknown>>;
  errors?: unknown[];
}

let app: NestFastifyApplication;
let url: string;
const snapshots = new ScriptedSnapshots([clusterWith('east', [notReady, info]), clusterWith('west', [])]);
const clients: Client[] = [];
const findings: Message[][] = [];
const fleet: Message[][] = [];

beforeAll(async () => {
  const config = parseConfig(
    ['--port', '0', '--web-dist', '', '--push-interval-ms', '50'],
    {},
    { webDist: null },
  );
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        targets: { kubeconfigPath: '', contexts: [] },
        clock: { now: () => Date.now() },
        logger: new JsonLogger('error', () => {}),
        metrics: null,
      }),
    ],
  })
    .overrideProvider(FleetSnapshots)
    .useValue(snapshots)
    .compile();
  app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await app?.close();
});

function subscribeAll(): void {
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    const mine: Message[] = [];
    const mineFleet: Message[] = [];
    findings.push(mine);
    fleet.push(mineFleet);
    const sink = (into: Message[]) => ({
      next: (m: unknown) => into.push(m as Message),
      error: (e: unknown) => into.push({ errors: [e] }),
      complete: () => {},
    });
    client.subscribe({ query: FINDINGS }, sink(mine));
    client.subscribe({ query: FLEET }, sink(mineFleet));
  }
}

async function metric(name: string, subscription: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{subscription="${subscription}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const versions = (messages: Message[], field: string): number[] =>
  messages.map((m) => m.data?.[field]?.version ?? -1);

describe('subscriptions cost per version, not per subscriber', () => {
  it('executes and serializes each payload once for 50 subscribers, and pushes it to each', async () => {
    subscribeAll();
    await eventually(() => {
      expect(findings.every((m) => m.length === 1) && fleet.every((m) => m.length === 1)).toBe(true);
      return Promise.resolve();
    });
    // The first findings message: the current set (WARNING and worse) as opened.
    expect(findings[0]?.[0]?.data?.findingsChanged).toEqual({
      version: 1,
      opened: [
        {
          id: notReady.id,
          status: 'DEGRADED',
          title: notReady.title,
          attributes: [
            { key: 'node', value: 'a' },
            { key: 'pool', value: 'h100' },
          ],
          observedAt: new Date(notReady.observedAt ?? 0).toISOString(),
        },
      ],
      changed: [],
      resolved: [],
    });

    // v2: the finding gets worse. v3: west changes, findings do not: only fleetChanged is pushed.
    const east = clusterWith('east', [{ ...notReady, status: 'DOWN' }, info]);
    snapshots.publish([east, clusterWith('west', [])]);
    await eventually(() => {
      expect(findings.every((m) => m.length === 2) && fleet.every((m) => m.length === 2)).toBe(true);
      return Promise.resolve();
    });
    snapshots.publish([east, clusterWith('west', [])]);
    await eventually(() => {
      expect(fleet.every((m) => m.length === 3)).toBe(true);
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 200));

    expect(findings[7]?.[1]?.data?.findingsChanged).toEqual({
      version: 2,
      opened: [],
      changed: [{ id: notReady.id, status: 'DOWN' }],
      resolved: [],
    });
    for (const m of findings) expect(versions(m, 'findingsChanged')).toEqual([1, 2]);
    for (const m of fleet) expect(versions(m, 'fleetChanged')).toEqual([1, 2, 3]);

    // Shared: one execution and one serialization per operation and version; one push per subscriber.
    expect(await metric('fleetscope_subscription_executions_total', 'findingsChanged')).toBe(2);
    expect(await metric('fleetscope_subscription_serializations_total', 'findingsChanged')).toBe(2);
    expect(await metric('fleetscope_subscription_pushes_total', 'findingsChanged')).toBe(2 * SUBSCRIBERS);
    expect(await metric('fleetscope_subscription_serializations_total', 'fleetChanged')).toBe(3);
    expect(await metric('fleetscope_subscription_pushes_total', 'fleetChanged')).toBe(3 * SUBSCRIBERS);
  });
});
