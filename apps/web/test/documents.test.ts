// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../codegen.ts';
import type { Operation } from '../src/graphql/transport.ts';
import {
  clusterChangedOperation,
  clusterSeriesOperation,
  clusterViewOperation,
} from '../src/graphql/use-cluster.ts';
import { FLEET_CHANGED, FLEET_VIEW } from '../src/graphql/use-fleet.ts';
import { idleAllocatedOperation } from '../src/graphql/use-idle-pods.ts';
import { podExplanationOperation } from '../src/graphql/use-pod-explanation.ts';
import { POOLS_CHANGED, POOLS_VIEW } from '../src/graphql/use-pools.ts';
import { rolloutsChangedOperation, rolloutsViewOperation } from '../src/graphql/use-rollouts.ts';
import { servingPathOperation } from '../src/graphql/use-serving-path.ts';
import { troubledPodNamesOperation } from '../src/graphql/use-troubled-pods.ts';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = typeof codegenConfig.schema === 'string' ? codegenConfig.schema : '';
const schema = buildSchema(readFileSync(join(webRoot, schemaPath), 'utf8'));

// What the browser really sends: each document must be complete (its fragments included, none unused)
// and valid against the schema the generated types come from.
describe('operation documents as sent', () => {
  it.each<[string, Operation]>([
    ['FleetView', FLEET_VIEW],
    ['FleetChanged', FLEET_CHANGED],
    ['PoolsView', POOLS_VIEW],
    ['PoolsChanged', POOLS_CHANGED],
    ['ClusterView', clusterViewOperation('a')],
    ['ClusterChanged', clusterChangedOperation('a')],
    ['ClusterSeries', clusterSeriesOperation('a')],
    ['RolloutsView', rolloutsViewOperation('a')],
    ['RolloutsChanged', rolloutsChangedOperation('a')],
    ['PodExplanation', podExplanationOperation({ cluster: 'a', namespace: 'b', name: 'c' })],
    ['IdleAllocatedPods', idleAllocatedOperation('a')],
    ['TroubledPodNames', troubledPodNamesOperation('a')],
    ['ServingPath', servingPathOperation('a')],
  ])('%s', (name, operation) => {
    expect(operation.operationName).toBe(name);
    const document = parse(operation.document);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    const names = document.definitions.flatMap((d) =>
      d.kind === 'OperationDefinition' ? [d.name?.value] : [],
    );
    expect(names).toContain(name);
  });

  it('asks for 60 minutes of history', () => {
    expect(clusterSeriesOperation('a').variables).toEqual({ name: 'a', range: { lastMinutes: 60 } });
  });
});
