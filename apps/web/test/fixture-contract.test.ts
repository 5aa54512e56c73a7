// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type ExecutionResult, execute, parse, subscribe } from 'graphql';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../codegen.ts';
import { clusterDetailFixture, clusterSeriesFixture } from '../src/fixtures/cluster-fixture.ts';
import { fixtureQueryRoot, fixtureSubscriptionRoot } from '../src/fixtures/fixture-root.ts';
import { fleetFixture } from '../src/fixtures/fleet-fixture.ts';
import { managerFixture } from '../src/fixtures/manager-fixture.ts';
import { poolsFixture } from '../src/fixtures/pools-fixture.ts';
import { clusterRolloutsFixture } from '../src/fixtures/rollouts-fixture.ts';
import { triageFixture } from '../src/fixtures/triage-fixture.ts';
import { CONTROL_PLANE_PARTS } from '../src/graphql/cluster-components.ts';
import type { Operation } from '../src/graphql/transport.ts';
import {
  clusterChangedOperation,
  clusterSeriesOperation,
  clusterViewOperation,
} from '../src/graphql/use-cluster.ts';
import { FLEET_CHANGED, FLEET_VIEW } from '../src/graphql/use-fleet.ts';
import { managerViewOperation } from '../src/graphql/use-manager.ts';
import { POOLS_CHANGED, POOLS_VIEW } from '../src/graphql/use-pools.ts';
import { rolloutsChangedOperation, rolloutsViewOperation } from '../src/graphql/use-rollouts.ts';
import { TRIAGE_CHANGED, TRIAGE_VIEW } from '../src/graphql/use-triage.ts';

/**
 * The fixtures (served by scripts/fixture-server.ts and used by the view tests) may hold only what the API
 * can produce: the app's own documents are executed against the API's schema with the fixtures as root
 * values, and every fixture field must come back — a field the schema lacks is dropped by execution and
 * named here, a value of the wrong type or an enum value the API does not have is an execution error.
 */

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const schema = buildSchema(
  readFileSync(join(webRoot, typeof codegenConfig.schema === 'string' ? codegenConfig.schema : ''), 'utf8'),
);
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const CLUSTERS = ['eu-west-1', 'us-east-2', 'ap-south-1'];

/** A JSON round trip: the fixture as it travels. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Paths present in the fixture but missing from what the schema let through. */
function fieldsTheApiLacks(fixture: unknown, answered: unknown, path = ''): string[] {
  if (Array.isArray(fixture)) {
    return fixture.flatMap((item, i) =>
      fieldsTheApiLacks(item, Array.isArray(answered) ? answered[i] : undefined, `${path}[${i}]`),
    );
  }
  if (typeof fixture !== 'object' || fixture === null) return [];
  const got = typeof answered === 'object' && answered !== null ? (answered as Record<string, unknown>) : {};
  return Object.entries(fixture).flatMap(([key, value]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return key in got ? fieldsTheApiLacks(value, got[key], at) : [at];
  });
}

async function run(operation: Operation, root: 'query' | 'subscription'): Promise<ExecutionResult> {
  const document = parse(operation.document);
  const args = {
    schema,
    document,
    variableValues: operation.variables ?? {},
    operationName: operation.operationName,
  };
  if (root === 'query') return execute({ ...args, rootValue: fixtureQueryRoot(() => NOW) });
  const stream = await subscribe({ ...args, rootValue: fixtureSubscriptionRoot(60_000, () => NOW) });
  if (!(Symbol.asyncIterator in stream)) return stream;
  const first = await stream.next();
  await stream.return?.();
  return first.value as ExecutionResult;
}

function expectContract(result: ExecutionResult, fixture: unknown): void {
  expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
  const expected = wire(fixture);
  expect(fieldsTheApiLacks(expected, result.data)).toEqual([]);
  expect(result.data).toEqual(expected);
}

describe('fixtures hold only what the API can produce', () => {
  it('FleetView and FleetChanged', async () => {
    expectContract(await run(FLEET_VIEW, 'query'), { fleet: fleetFixture(NOW) });
    expectContract(await run(FLEET_CHANGED, 'subscription'), { fleetChanged: fleetFixture(NOW) });
  });

  it('TriageView and TriageChanged', async () => {
    expectContract(await run(TRIAGE_VIEW, 'query'), { fleet: triageFixture(NOW) });
    expectContract(await run(TRIAGE_CHANGED, 'subscription'), { fleetChanged: triageFixture(NOW) });
  });

  it('PoolsView and PoolsChanged', async () => {
    expectContract(await run(POOLS_VIEW, 'query'), { fleet: poolsFixture(NOW) });
    expectContract(await run(POOLS_CHANGED, 'subscription'), { fleetChanged: poolsFixture(NOW) });
  });

  it.each([...CLUSTERS, 'nowhere'])('ClusterView, ClusterChanged and ClusterSeries for %s', async (name) => {
    expectContract(await run(clusterViewOperation(name), 'query'), {
      cluster: clusterDetailFixture(NOW, name),
    });
    if (name !== 'nowhere') {
      expectContract(await run(clusterChangedOperation(name), 'subscription'), {
        clusterChanged: clusterDetailFixture(NOW, name),
      });
    }
    const series = clusterSeriesFixture(NOW, name);
    expectContract(
      await run(clusterSeriesOperation(name), 'query'),
      Object.fromEntries(CONTROL_PLANE_PARTS.map((part) => [part, series === null ? null : series[part]])),
    );
  });

  it('ManagerView', async () => {
    const fixture = managerFixture(NOW);
    const answered = await run(
      managerViewOperation(fixture.gpuUsageHistory.from, fixture.gpuUsageHistory.to, 'POOL'),
      'query',
    );
    // The fleet root is the overview fixture: only the GPU history part is the manager fixture's own.
    expect(answered.errors?.map((e) => e.message) ?? []).toEqual([]);
    const history = wire(fixture.gpuUsageHistory);
    expect(
      fieldsTheApiLacks(
        history,
        (answered.data as { gpuUsageHistory?: unknown } | undefined)?.gpuUsageHistory,
      ),
    ).toEqual([]);
    expect((answered.data as { gpuUsageHistory?: unknown }).gpuUsageHistory).toEqual(history);
  });

  it.each([...CLUSTERS, 'nowhere'])('RolloutsView and RolloutsChanged for %s', async (name) => {
    expectContract(await run(rolloutsViewOperation(name), 'query'), {
      cluster: clusterRolloutsFixture(NOW, name),
    });
    if (name !== 'nowhere') {
      expectContract(await run(rolloutsChangedOperation(name), 'subscription'), {
        clusterChanged: clusterRolloutsFixture(NOW, name),
      });
    }
  });

  it('catches a fixture field the API lacks, and a value it cannot produce', async () => {
    const withExtra = { ...fleetFixture(NOW), findings: [] };
    const answered = await execute({
      schema,
      document: parse(FLEET_VIEW.document),
      rootValue: { fleet: () => withExtra },
    });
    expect(fieldsTheApiLacks(wire({ fleet: withExtra }), answered.data)).toEqual(['fleet.findings']);

    const badStatus = fleetFixture(NOW);
    badStatus.controlPlane = { status: 'MOSTLY_FINE' as 'HEALTHY', summary: 'x' };
    const refused = await execute({
      schema,
      document: parse(FLEET_VIEW.document),
      rootValue: { fleet: () => badStatus },
    });
    expect(refused.errors?.[0]?.message).toContain(
      'Enum "HealthStatus" cannot represent value: "MOSTLY_FINE"',
    );
  });
});
