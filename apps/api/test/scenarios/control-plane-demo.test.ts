import { expectedControlPlane } from '@fleetscope/fleet-sim';
import { describe, expect, it } from 'vitest';
import { eventually, startHarness } from '../support/harness.ts';
import { PARTS, PATHS, scenarioGroups } from './scenario-groups.ts';

const COMPONENT = 'status summary evidence { signal value source }';
const QUERY = `{ fleet { clusters { name controlPlane {
  status summary impact { operationsPath userPath statement }
  paths { read { ${COMPONENT} } write { ${COMPONENT} } admission { ${COMPONENT} } watch { ${COMPONENT} } }
  etcd { ${COMPONENT} } scheduler { ${COMPONENT} } controllers { ${COMPONENT} }
} dataPlane { status } } } }`;

interface Component {
  status: string;
  summary: string;
  evidence: Array<{ signal: string; value: string; source: string }>;
}
interface ClusterView {
  name: string;
  controlPlane: Component & {
    impact: { operationsPath: boolean; userPath: boolean; statement: string };
    paths: Record<(typeof PATHS)[number], Component>;
  } & Record<(typeof PARTS)[number], Component>;
  dataPlane: { status: string };
}

/**
 * The demo path end to end: simulated API servers and simulated metrics, the real API (reflectors,
 * metrics collector, probes, snapshots) and GraphQL. Each scenario's ground truth must come out of
 * the GraphQL answer.
 */
describe.each(scenarioGroups())('control-plane scenarios in the demo path: %o', (group) => {
  it('GraphQL reports each scenario’s verdicts with the impact on operations vs user path', async () => {
    const h = await startHarness([], group);
    try {
      await eventually(async () => {
        const result = await h.gql<{ fleet: { clusters: ClusterView[] } }>(QUERY);
        expect(result.errors).toBeUndefined();
        for (const [name, scenario] of Object.entries(group)) {
          const cluster = result.data?.fleet.clusters.find((c) => c.name === name);
          const cp = cluster?.controlPlane;
          if (!cp) throw new Error(`no cluster ${name}`);
          const expected = expectedControlPlane(scenario);
          const got = {
            ...Object.fromEntries(PATHS.map((p) => [p, cp.paths[p].status])),
            ...Object.fromEntries(PARTS.map((p) => [p, cp[p].status])),
            overall: cp.status,
            operationsPath: cp.impact.operationsPath,
            userPath: cp.impact.userPath,
          };
          expect({ name, scenario, ...got }).toEqual({
            name,
            scenario,
            ...Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.status])),
            operationsPath: expected.overall.operationsPath,
            userPath: expected.overall.userPath,
          });
          for (const word of expected.overall.mentions ?? []) expect(cp.impact.statement).toContain(word);
          // Synthetic probes ran against the simulated API server and are part of the evidence.
          expect(
            cp.paths.read.evidence.some((e) => e.signal === 'probe_readyz_seconds' && e.source === 'probe'),
          ).toBe(true);
        }
      }, 20_000);
    } finally {
      await h.close();
    }
  });
});
