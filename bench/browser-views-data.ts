/**
 * The answers `browser-views.bench.ts` serves, at the sizes the brief names: the web app's fixtures
 * (`apps/web/src/fixtures`, checked against the API's schema by `fixture-contract.test.ts`) scaled up —
 * a fleet of 60 clusters, one GPU pool of 5,000 nodes × 8 GPUs, a Rollouts board of 2,000 unfinished
 * rollouts — and the same views empty, as baselines. Every answer is the app's own document executed by
 * graphql-js against `apps/api/schema.graphql` with these root values, serialised once per version (as
 * the API prepares one payload per version and sends it to every subscriber).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, execute, type GraphQLSchema, parse } from 'graphql';
import {
  degradedCluster,
  fleetFixture,
  healthyCluster,
  staleCluster,
} from '../apps/web/src/fixtures/fleet-fixture.ts';
import {
  gpuPoolsFixture,
  gpuSideFixture,
  gpuSideRootValue,
  poolRootValue,
} from '../apps/web/src/fixtures/pools-fixture.ts';
import { clusterRolloutsFixture } from '../apps/web/src/fixtures/rollouts-fixture.ts';
import {
  FleetChangedDocument,
  FleetViewDocument,
  PoolsChangedDocument,
  PoolsViewDocument,
  RolloutsChangedDocument,
  RolloutsViewDocument,
} from '../apps/web/src/graphql/generated/graphql.ts';

export const FLEET_CLUSTERS = 60;
export const POOL_NODES = 5_000;
export const GPUS_PER_NODE = 8;
export const ROLLOUTS = 2_000;
/** The cluster the Pools and Rollouts answers describe (the fixtures' cluster with DCGM usage and rollouts). */
export const CLUSTER = 'us-east-2';

const schema: GraphQLSchema = buildSchema(
  readFileSync(fileURLToPath(new URL('../apps/api/schema.graphql', import.meta.url)), 'utf8'),
);
const iso = (ms: number): string => new Date(ms).toISOString();

/** Runs one of the app's documents against the schema with `rootValue`; the answer as sent on the wire. */
function answer(
  document: { toString(): string },
  rootValue: unknown,
  variables?: Record<string, unknown>,
): string {
  const result = execute({
    schema,
    document: parse(document.toString()),
    rootValue,
    variableValues: variables ?? null,
  });
  if ('then' in result) throw new Error('fixture roots are synchronous');
  if (result.errors !== undefined && result.errors.length > 0) {
    throw new Error(
      `bench answer does not fit the schema: ${result.errors.map((e) => e.message).join('; ')}`,
    );
  }
  return JSON.stringify(result);
}

/** A deterministic PRNG, so every run serves the same fleet. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

// ---------- Fleet ----------

type Cluster = ReturnType<typeof healthyCluster>;

/**
 * The fleet at `version`: cluster i changed last at the latest version v ≤ `version` with (i + v) % 5 = 0
 * (its summary computed then, its pod counts moved), so each push changes a fifth of the clusters and the
 * others keep their summary — as the API keeps an unchanged cluster's summary object.
 */
function fleetClusters(start: number, count: number, version: number): Cluster[] {
  const out: Cluster[] = [];
  for (let i = 0; i < count; i++) {
    const name = `gpu-${['us', 'eu', 'ap'][i % 3]}-${String(i).padStart(2, '0')}`;
    const make = i % 10 === 3 ? degradedCluster : i % 20 === 7 ? staleCluster : healthyCluster;
    const changedAt = Math.max(0, version - ((i + version) % 5));
    const c = make(start + changedAt * 1_000, name);
    if (changedAt > 0 && c.pods !== null) {
      const shift = changedAt % 7;
      c.pods = { ...c.pods, running: c.pods.running - shift, pending: c.pods.pending + shift };
    }
    out.push(c);
  }
  return out;
}

function fleetRoot(start: number, clusters: number, version: number): Record<string, unknown> {
  const at = start + version * 1_000;
  return {
    ...fleetFixture(at, fleetClusters(start, clusters, version)),
    version: 1000 + version,
    generatedAt: iso(at),
  };
}

// ---------- Pools ----------

type Pool = ReturnType<typeof gpuPoolsFixture>[number];
type CellState = NonNullable<Pool['heatmap']>['legend'][number]['cellState'];
const STATES = [
  'FREE',
  'ALLOCATED_BUSY',
  'ALLOCATED_IDLE',
  'ALLOCATED_UNKNOWN',
  'UNHEALTHY',
  'NOT_USABLE',
  'EMPTY',
];

/** One pool of `nodes` 8-GPU nodes, cells as a busy training pool looks: mostly busy, some idle and free. */
export function largePoolCells(nodes: number): number[] {
  const random = lcg(11);
  const cells = new Array<number>(nodes * GPUS_PER_NODE);
  for (let n = 0; n < nodes; n++) {
    const notUsable = n % 200 === 199;
    for (let g = 0; g < GPUS_PER_NODE; g++) {
      const r = random();
      cells[n * GPUS_PER_NODE + g] = notUsable
        ? 5
        : r < 0.6
          ? 1
          : r < 0.78
            ? 2
            : r < 0.97
              ? 0
              : r < 0.995
                ? 3
                : 4;
    }
  }
  return cells;
}

/** Changes 1% of the cells (a refresh of the pool as DCGM readings move). */
export function churnCells(cells: number[], round: number): number[] {
  const random = lcg(1000 + round);
  const next = cells.slice();
  for (let k = 0; k < next.length / 100; k++) {
    const i = Math.floor(random() * next.length);
    const c = next[i] ?? 0;
    if (c <= 2) next[i] = (c + 1) % 3;
  }
  return next;
}

function largePool(now: number, cells: number[]): Pool {
  const template = gpuPoolsFixture(now, CLUSTER)[0];
  if (template?.heatmap == null) throw new Error('the pools fixture lost its DCGM pool');
  const nodes = cells.length / GPUS_PER_NODE;
  const names = Array.from({ length: nodes }, (_, n) => `gpu-h100-${String(n).padStart(5, '0')}`);
  const count = (code: number): number => cells.reduce((s, c) => s + (c === code ? 1 : 0), 0);
  const freePerNode = new Map<number, number>();
  const worst: Pool['worstNodes'] = [];
  const notUsableYet: Pool['notUsableYet'] = [];
  for (let n = 0; n < nodes; n++) {
    const row = cells.slice(n * GPUS_PER_NODE, (n + 1) * GPUS_PER_NODE);
    const of = (code: number): number => row.filter((c) => c === code).length;
    freePerNode.set(of(0), (freePerNode.get(of(0)) ?? 0) + 1);
    if (of(5) > 0)
      notUsableYet.push({
        node: names[n] ?? '',
        reason: 'GPU Operator validation not done (driver-validation PodInitializing)',
      });
    worst.push({
      node: names[n] ?? '',
      reason: of(5) > 0 ? 'GPU Operator validation not done' : null,
      free: of(0),
      busy: of(1),
      idle: of(2),
      allocatedUnknown: of(3),
      unhealthy: of(4),
      notUsable: of(5),
    });
  }
  worst.sort(
    (a, b) =>
      b.unhealthy - a.unhealthy || b.notUsable - a.notUsable || b.idle - a.idle || (a.node < b.node ? -1 : 1),
  );
  const allocatable = cells.length - count(5) - count(4);
  const free = count(0);
  return {
    ...template,
    pool: 'h100-sxm',
    driverVersions: [{ version: '580.65.06', nodes }],
    nodes: { total: nodes, ready: nodes, usable: nodes - notUsableYet.length, cordoned: 0 },
    notUsableYet,
    resources: template.resources.map((r) => ({
      ...r,
      allocatable,
      requested: allocatable - free,
      free,
      freePerNode: [...freePerNode].sort((a, b) => a[0] - b[0]).map(([f, n]) => ({ free: f, nodes: n })),
    })),
    heatmap: {
      ...template.heatmap,
      nodes: names,
      gpusPerNode: GPUS_PER_NODE,
      cells,
      legend: STATES.map((state, code) => ({
        code,
        cellState: state as CellState,
        label: template.heatmap?.legend[code]?.label ?? state,
        cells: count(code),
      })),
      usageAsOf: iso(now - 15_000),
    },
    worstNodes: worst.slice(0, 20),
  };
}

function poolsRoot(now: number, pools: Pool[], version: number): Record<string, unknown> {
  const fleet = fleetFixture(now);
  const cluster = fleet.clusters.find((c) => c.name === CLUSTER);
  if (cluster === undefined) throw new Error(`the fleet fixture lost ${CLUSTER}`);
  return {
    ...fleet,
    version: 1000 + version,
    generatedAt: iso(now),
    clusters: [
      {
        ...cluster,
        ...(gpuSideRootValue(gpuSideFixture(CLUSTER)) as object),
        generatedAt: iso(now),
        dataAsOf: iso(now - 2_000),
        gpuPools: pools.map(poolRootValue),
      },
    ],
  };
}

// ---------- Rollouts ----------

function rolloutsRoot(now: number, count: number, version: number): Record<string, unknown> {
  const board = clusterRolloutsFixture(now, CLUSTER);
  if (board === null || board.rollouts === null) throw new Error(`the rollouts fixture lost ${CLUSTER}`);
  const templates = board.rollouts;
  const rollouts = Array.from({ length: count }, (_, i) => {
    // Stuck first, as the API orders them: the fixture's two stuck kinds, then the progressing one.
    const stuck = i < count * 0.4;
    const t = (stuck ? templates[i % 2] : templates[2]) ?? templates[0];
    if (t === undefined) throw new Error('no rollout template');
    const name = `${t.name}-${String(i).padStart(4, '0')}`;
    const moved = (i + version) % 100 === 0 ? 1 : 0;
    const { rolloutState, ...rest } = t;
    return {
      ...rest,
      state: rolloutState,
      name,
      message: t.message.replace(`"${t.name}"`, `"${name}"`),
      progress: { ...t.progress, updated: Math.min(t.progress.desired, t.progress.updated + moved) },
      findingId: t.findingId === null ? null : `${CLUSTER}/rollout.stuck/${t.kind}/${t.namespace}/${name}`,
    };
  });
  return { ...board, generatedAt: iso(now), dataAsOf: iso(now - 2_000), rollouts };
}

// ---------- the answers ----------

/** One view's answers: the query's, and one subscription payload (`{data}`) per version of the live updates. */
export interface ViewAnswers {
  /** Hash route of the view. */
  route: string;
  query: { operationName: string; variables: Record<string, unknown>; body: string };
  /** `pushes[0]` is version 0 (what a new subscriber gets first, the query's data); then one per live update. */
  subscription: { operationName: string; variables: Record<string, unknown>; pushes: string[] };
}

/**
 * The Rollouts board of `count` unfinished rollouts (stuck first: the first 40%), with `pushes` versions
 * after the first: version v moves the rollouts i with (i + v) % 100 = 0 one replica on (1% per push).
 */
export function rolloutsAnswers(count: number, pushes: number, now = Date.now()): ViewAnswers {
  const vars = { name: CLUSTER };
  return {
    route: `#/clusters/${CLUSTER}/rollouts`,
    query: {
      operationName: 'RolloutsView',
      variables: vars,
      body: answer(RolloutsViewDocument, { cluster: rolloutsRoot(now, count, 0) }, vars),
    },
    subscription: {
      operationName: 'RolloutsChanged',
      variables: vars,
      pushes: Array.from({ length: pushes + 1 }, (_, v) =>
        answer(RolloutsChangedDocument, { clusterChanged: rolloutsRoot(now + v * 1_000, count, v) }, vars),
      ),
    },
  };
}

/** The three views at the brief's sizes (`large`) and empty (`empty`), with `pushes` versions of live updates each. */
export function buildAnswers(pushes: number, now = Date.now()): Record<string, ViewAnswers> {
  const versions = (make: (version: number, at: number) => string): string[] =>
    Array.from({ length: pushes + 1 }, (_, v) => make(v, now + v * 1_000));
  const fleet = (clusters: number): ViewAnswers => ({
    route: '#/',
    query: {
      operationName: 'FleetView',
      variables: {},
      body: answer(FleetViewDocument, { fleet: fleetRoot(now, clusters, 0) }),
    },
    subscription: {
      operationName: 'FleetChanged',
      variables: {},
      pushes: versions((v) => answer(FleetChangedDocument, { fleetChanged: fleetRoot(now, clusters, v) })),
    },
  });
  let cells = largePoolCells(POOL_NODES);
  const poolVersions: string[] = [];
  for (let v = 0; v <= pushes; v++) {
    if (v > 0) cells = churnCells(cells, v);
    const at = now + v * 1_000;
    poolVersions.push(
      answer(PoolsChangedDocument, { fleetChanged: poolsRoot(at, [largePool(at, cells)], v) }),
    );
  }
  const rollouts = (count: number): ViewAnswers => rolloutsAnswers(count, pushes, now);
  return {
    'fleet-large': fleet(FLEET_CLUSTERS),
    'fleet-empty': fleet(0),
    'pools-large': {
      route: '#/pools',
      query: {
        operationName: 'PoolsView',
        variables: {},
        body: answer(PoolsViewDocument, {
          fleet: poolsRoot(now, [largePool(now, largePoolCells(POOL_NODES))], 0),
        }),
      },
      subscription: { operationName: 'PoolsChanged', variables: {}, pushes: poolVersions },
    },
    'pools-empty': {
      route: '#/pools',
      query: {
        operationName: 'PoolsView',
        variables: {},
        body: answer(PoolsViewDocument, { fleet: poolsRoot(now, [], 0) }),
      },
      subscription: {
        operationName: 'PoolsChanged',
        variables: {},
        pushes: versions((v, at) => answer(PoolsChangedDocument, { fleetChanged: poolsRoot(at, [], v) })),
      },
    },
    'rollouts-large': rollouts(ROLLOUTS),
    'rollouts-empty': rollouts(0),
  };
}
