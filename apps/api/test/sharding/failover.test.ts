import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClusterSpec,
  createFleet,
  type FleetServers,
  healthyScenario,
  startFleetServers,
  systemClock,
} from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, spawnApi } from '../support/api-process.ts';
import { eventually } from '../support/harness.ts';

// Three replicas, one broker (a real redis-server on loopback), six simulated clusters whose first
// also serves the Leases (coordination.k8s.io/v1, optimistic concurrency) — all started here.
const LEASE_SECONDS = 4;
const base = healthyScenario.clusters.filter((c) => c.name !== 'openb');
const clusters: ClusterSpec[] = Array.from({ length: 6 }, (_, i) => ({
  ...(base[i % base.length] as ClusterSpec),
  name: `shard-${i + 1}`,
  incidents: [],
}));
const NAMES = clusters.map((c) => c.name);
const fleet = createFleet({
  seed: 5,
  size: 'small',
  clock: systemClock,
  scenario: { name: 'six', description: 'six healthy clusters', clusters },
});

let sim: FleetServers;
let kubeconfig = '';
let redis: ChildProcess | null = null;
let redisPort = 0;
const replicas = new Map<string, { process: ApiProcess; url: string }>();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await eventually(async () => {
    const socket = await new Promise<boolean>((resolve) => {
      const s = connect(redisPort, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    expect(socket).toBe(true);
  });
}

async function startReplica(identity: string): Promise<void> {
  const args = [
    '--kubeconfig',
    kubeconfig,
    ...NAMES.flatMap((n) => ['--context', n]),
    '--port',
    '0',
    '--web-dist',
    '',
    '--probe-interval',
    '0',
    '--debounce-ms',
    '100',
    '--log-level',
    'warn',
    '--shard-broker-url',
    `redis://127.0.0.1:${redisPort}`,
    '--shard-lease-context',
    'shard-1',
    '--shard-lease-seconds',
    String(LEASE_SECONDS),
    '--shard-identity',
    identity,
  ];
  const process = spawnApi(args);
  replicas.set(identity, { process, url: await process.up() });
}

interface ClusterView {
  name: string;
  dataAsOf: string | null;
  dataPlane: { status: string; summary: string };
}

async function fleetOf(identity: string): Promise<ClusterView[]> {
  const replica = replicas.get(identity);
  if (!replica) throw new Error(`no replica ${identity}`);
  const response = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ fleet { clusters { name dataAsOf dataPlane { status summary } } } }' }),
  });
  const body = (await response.json()) as { data?: { fleet: { clusters: ClusterView[] } } };
  return body.data?.fleet.clusters ?? [];
}

/** Holder of each cluster's lease, as the lease API server keeps them. */
function holders(): Map<string, string> {
  const out = new Map<string, string>();
  for (const lease of fleet.cluster('shard-1').store.list('leases')) {
    const cluster = lease.metadata.annotations?.['fleetscope.dev/cluster'];
    const spec = lease.spec as { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
    const renewed = Date.parse(spec.renewTime ?? '');
    const live = Date.now() < renewed + (spec.leaseDurationSeconds ?? 0) * 1000;
    if (cluster && spec.holderIdentity && live) out.set(cluster, spec.holderIdentity);
  }
  return out;
}

const statuses = (views: ClusterView[]) => Object.fromEntries(views.map((v) => [v.name, v.dataPlane.status]));
const allHealthy = Object.fromEntries(NAMES.map((n) => [n, 'HEALTHY']));

beforeAll(async () => {
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'fleetscope-shard-')), 'kubeconfig');
  sim = await startFleetServers(fleet, { kubeconfig, bookmarkFrequencyMs: 500 });
  redisPort = await freePort();
  await startRedis();
  for (const identity of ['r1', 'r2', 'r3']) await startReplica(identity);
}, 120_000);

afterAll(async () => {
  for (const { process } of replicas.values()) process.kill();
  redis?.kill('SIGKILL');
  await sim?.close();
});

describe('clusters sharded over three replicas through Leases and a broker', () => {
  it('each replica watches its share, and every replica serves the whole fleet', async () => {
    await eventually(async () => {
      const owners = holders();
      expect(owners.size).toBe(6);
      const counts: Record<string, number> = {};
      for (const h of owners.values()) counts[h] = (counts[h] ?? 0) + 1;
      expect(Object.values(counts).sort()).toEqual([2, 2, 2]);
      for (const identity of replicas.keys()) expect(statuses(await fleetOf(identity))).toEqual(allHealthy);
    }, 60_000);
  }, 70_000);

  it('each replica exports the metrics of the clusters it owns, so every cluster is exported once', async () => {
    await eventually(async () => {
      const owners = holders();
      for (const [identity, { url }] of replicas) {
        const text = await (await fetch(`${url}/metrics`)).text();
        const exported = new Set(
          [...text.matchAll(/^fleetscope_watch_stale\{cluster="([^"]+)"\}/gm)].map((m) => m[1]),
        );
        const owned = [...owners].filter(([, holder]) => holder === identity).map(([cluster]) => cluster);
        expect([...exported].sort()).toEqual(owned.sort());
      }
    }, 30_000);
  }, 40_000);

  it('a killed replica’s clusters move to the others; none reads HEALTHY from the dead owner after its lease', async () => {
    const before = holders();
    const moved = NAMES.filter((n) => before.get(n) === 'r1');
    expect(moved.length).toBe(2);
    replicas.get('r1')?.process.kill();
    replicas.delete('r1');
    const killedAt = Date.now();
    const leaseGoneAt = killedAt + LEASE_SECONDS * 1000;
    const stale: string[] = [];
    const seen = new Set<string>();
    await eventually(async () => {
      for (const identity of ['r2', 'r3']) {
        for (const view of await fleetOf(identity)) {
          if (!moved.includes(view.name)) continue;
          seen.add(view.dataPlane.status);
          // Once r1's lease is gone (and a round, a third of the lease, has noticed), HEALTHY may only
          // come from data its new owner watched.
          const asOf = Date.parse(view.dataAsOf ?? '');
          const noticed = leaseGoneAt + (LEASE_SECONDS * 1000) / 3 + 500;
          if (Date.now() > noticed && view.dataPlane.status === 'HEALTHY' && asOf < killedAt)
            stale.push(
              `${identity} ${view.name} as of ${view.dataAsOf}, killed ${new Date(killedAt).toISOString()}, owners ${JSON.stringify([...holders()])}`,
            );
        }
      }
      const owners = holders();
      for (const name of moved) expect(['r2', 'r3']).toContain(owners.get(name));
      for (const identity of ['r2', 'r3']) expect(statuses(await fleetOf(identity))).toEqual(allHealthy);
    }, 60_000);
    expect(stale).toEqual([]);
    expect([...holders().values()].filter((h) => h === 'r1')).toEqual([]);
  }, 70_000);

  it('without the broker, replicas serve their own clusters and call the others UNKNOWN; then converge', async () => {
    redis?.kill('SIGKILL');
    await eventually(async () => {
      const owners = holders();
      for (const identity of ['r2', 'r3']) {
        const views = await fleetOf(identity);
        for (const view of views) {
          const expected = owners.get(view.name) === identity ? 'HEALTHY' : 'UNKNOWN';
          expect(`${view.name} ${view.dataPlane.status}`).toBe(`${view.name} ${expected}`);
        }
        const other = views.find((v) => owners.get(v.name) !== identity);
        expect(other?.dataPlane.summary).toMatch(/watched by another replica/);
      }
    }, 60_000);
    await startRedis();
    await eventually(async () => {
      for (const identity of ['r2', 'r3']) expect(statuses(await fleetOf(identity))).toEqual(allHealthy);
    }, 60_000);
  }, 130_000);
});
