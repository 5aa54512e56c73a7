import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The cluster-triage scenario (libs/fleet-sim/src/scenarios/cluster-triage.ts) through the watch path
// and GraphQL: failing objects grouped by what they share — an admission webhook, a CNI plugin.
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'cluster-triage', size: 'demo' });
}, 60_000);
afterAll(() => h.close());

interface Found {
  rule: string;
  scope: string;
  cluster: string;
  title: string;
  nextSteps: string[];
  attributes: { key: string; value: string }[];
}
const attr = (f: Found | undefined, key: string) => f?.attributes.find((a) => a.key === key)?.value;

describe('cluster-wide causes shared by failing objects', () => {
  let scoped: Found[] = [];
  beforeAll(async () => {
    await eventually(async () => {
      const { data, errors } = await h.gql<{ fleet: { findings: Found[] } }>(
        '{ fleet { findings(minSeverity: WARNING, first: 200) { rule scope cluster title nextSteps attributes { key value } } } }',
      );
      expect(errors).toBeUndefined();
      scoped = (data?.fleet.findings ?? []).filter((f) => f.rule.startsWith('scope.'));
      expect(scoped.map((f) => `${f.scope} ${f.cluster}`).sort()).toEqual([
        'CLUSTER prod-eu-west',
        'CLUSTER prod-us-east',
      ]);
    }, 40_000);
  }, 45_000);

  it('a Kyverno webhook refusing two rollouts is one CLUSTER finding on the operations path', () => {
    const admission = scoped.find((f) => f.cluster === 'prod-us-east');
    expect(admission?.title).toBe(
      'CLUSTER prod-us-east: Kyverno webhook validate.kyverno.svc-fail refuses new pods of 2 workloads',
    );
    expect(attr(admission, 'impairs')).toBe('operations');
    expect(admission?.nextSteps[1]).toMatch(/clusterpolicies/);
  });

  it('calico failing sandboxes on nodes of two pools is one CLUSTER finding on the user path', () => {
    const network = scoped.find((f) => f.cluster === 'prod-eu-west');
    expect(network?.title).toBe(
      'CLUSTER prod-eu-west: pod sandbox creation failing on 4 nodes in 2 pools (CNI calico): 4 pods stuck ContainerCreating',
    );
    expect(attr(network, 'cni')).toBe('calico');
    expect(attr(network, 'impairs')).toBe('user');
  });

  it('each refused rollout says it is refused at admission and what to do, not "fix quota"', async () => {
    const { data, errors } = await h.gql<{
      cluster: {
        rollouts: {
          name: string;
          stuckReason: string | null;
          recommendation: { action: string; reason: string };
        }[];
      };
    }>(
      '{ cluster(name: "prod-us-east") { rollouts { name stuckReason recommendation { action reason } } } }',
    );
    expect(errors).toBeUndefined();
    const refused = (data?.cluster.rollouts ?? []).filter((r) => r.recommendation.action === 'fix admission');
    expect(refused.map((r) => r.name).sort()).toEqual(['checkout', 'feature-store']);
    for (const r of refused) {
      expect(r.stuckReason).toMatch(
        /^new pods refused at admission: Kyverno webhook validate\.kyverno\.svc-fail denied the request: resource Pod\//,
      );
      expect(r.recommendation.reason).toMatch(/\(require-team-label\)/);
    }
  });
});
