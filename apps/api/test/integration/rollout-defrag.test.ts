import { GPU_POOLS_TRUTH } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The gpu-pools scenario (libs/fleet-sim/src/scenarios/gpu-pools.ts): ml/sweep-4gpu's new pod is Pending
// in a fragmented H100 pool although 8 GPUs are free; one move makes room (GPU_POOLS_TRUTH.sweepMove),
// while no move helps ml/pretrain-8gpu. The rollout's recommendation must name that move, not "fix capacity".
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'gpu-pools', size: 'small' });
}, 60_000);
afterAll(() => h.close());

interface RolloutView {
  namespace: string;
  name: string;
  recommendation: { action: string; reason: string };
  blockingPods: { name: string; rule: string }[];
}

async function rollouts(): Promise<RolloutView[]> {
  const { data, errors } = await h.gql<{ cluster: { rollouts: RolloutView[] | null } }>(
    `{ cluster(name: "${GPU_POOLS_TRUTH.cluster}") { rollouts { namespace name recommendation { action reason } blockingPods { name rule } } } }`,
  );
  expect(errors).toBeUndefined();
  return data?.cluster.rollouts ?? [];
}

describe('a rollout blocked by GPU fragmentation, through the API', () => {
  it('says "free room" with the move Cluster.gpuBlockedPods proposes; where no move helps, capacity', async () => {
    let seen: RolloutView[] = [];
    await eventually(async () => {
      seen = await rollouts();
      expect(seen.find((r) => r.name === 'sweep-4gpu')?.blockingPods.length).toBeGreaterThan(0);
      expect(seen.find((r) => r.name === 'pretrain-8gpu')?.blockingPods.length).toBeGreaterThan(0);
    }, 30_000);
    const move = GPU_POOLS_TRUTH.sweepMove;
    const sweep = seen.find((r) => r.namespace === 'ml' && r.name === 'sweep-4gpu');
    expect(sweep?.recommendation.action).toBe('free room');
    expect(sweep?.recommendation.reason).toMatch(
      new RegExp(
        `^GPU fragmentation, not capacity, blocks the new pods: free room by moving 1 pod \\(\\S+/${move.owner}-\\S+ from ${move.fromNode} to ${move.toNode}\\) so ml/${sweep?.blockingPods[0]?.name} fits on ${move.fromNode}$`,
      ),
    );
    // The same proposal as Cluster.gpuBlockedPods gives for that pod.
    const { data } = await h.gql<{
      cluster: { gpuBlockedPods: { name: string; suggestion: { moves: { pod: string }[] } }[] };
    }>(
      `{ cluster(name: "${GPU_POOLS_TRUTH.cluster}") { gpuBlockedPods { name suggestion { moves { pod } } } } }`,
    );
    const proposal = data?.cluster.gpuBlockedPods.find((b) => b.name === sweep?.blockingPods[0]?.name);
    expect(sweep?.recommendation.reason).toContain(`moving 1 pod (${proposal?.suggestion.moves[0]?.pod} `);
    const pretrain = seen.find((r) => r.namespace === 'ml' && r.name === 'pretrain-8gpu');
    expect(pretrain?.recommendation.action).toBe('fix capacity');
  });

  it('the rollout.stuck finding gives the same advice as Cluster.rollouts', async () => {
    interface FindingView {
      rule: string;
      title: string;
      nextSteps: string[];
      subjects: { name: string }[];
      attributes: { key: string; value: string }[];
    }
    const stuck = async (): Promise<FindingView[]> => {
      const { data, errors } = await h.gql<{ cluster: { findings: FindingView[] } }>(
        `{ cluster(name: "${GPU_POOLS_TRUTH.cluster}") { findings(first: 500) { rule title nextSteps subjects { name } attributes { key value } } } }`,
      );
      expect(errors).toBeUndefined();
      return (data?.cluster.findings ?? []).filter((f) => f.rule === 'rollout.stuck');
    };
    let findings: FindingView[] = [];
    await eventually(async () => {
      findings = await stuck();
      expect(findings.map((f) => f.subjects[0]?.name)).toEqual(
        expect.arrayContaining(['sweep-4gpu', 'pretrain-8gpu']),
      );
    }, 30_000);
    const action = (f: FindingView | undefined) => f?.attributes.find((a) => a.key === 'action')?.value;
    const sweep = findings.find((f) => f.subjects[0]?.name === 'sweep-4gpu');
    const rollout = (await rollouts()).find((r) => r.name === 'sweep-4gpu');
    expect(action(sweep)).toBe('free room');
    expect(sweep?.title).toMatch(/ — free room$/);
    expect(sweep?.nextSteps[0]).toBe(rollout?.recommendation.reason);
    expect(action(findings.find((f) => f.subjects[0]?.name === 'pretrain-8gpu'))).toBe('fix capacity');
  });
});
