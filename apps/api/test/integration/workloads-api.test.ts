import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// Rollouts and troubled pods through the real watch path and GraphQL, on the triage scenario
// (libs/fleet-sim/src/scenarios/triage.ts): inference/reranker crash-loops past its progress deadline,
// shop/checkout cannot pull its image.
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'triage', size: 'small' });
}, 60_000);
afterAll(() => h.close());

interface RolloutView {
  kind: string;
  namespace: string;
  name: string;
  state: string;
  stage: string;
  message: string;
  progress: { desired: number; updated: number; ready: number; available: number };
  stuckReason: string | null;
  blockingPods: { name: string; rule: string; summary: string }[];
  recommendation: { action: string; reason: string };
  revision: string | null;
  paused: boolean;
  progressDeadlineExceeded: boolean;
  templateDiff: unknown[] | null;
  trigger: unknown;
  findingId: string | null;
}
const ROLLOUT = `kind namespace name state stage message progress { desired updated ready available }
  stuckReason blockingPods { name rule summary } recommendation { action reason } revision paused
  progressDeadlineExceeded templateDiff { field container before after } trigger { tool name evidence } findingId`;

interface PodView {
  namespace: string;
  name: string;
  node: string | null;
  state: string;
  findingId: string;
  explanation: {
    rule: string;
    state: string;
    cause: string | null;
    container: string | null;
    summary: string;
    image: string | null;
    evidence: { signal: string; value: string }[];
    scheduling: unknown;
  };
  findings: { id: string; rule: string }[];
}
const POD = `namespace name node state findingId
  explanation { rule state cause container summary image evidence { signal value } scheduling { nodesTotal text } }
  findings { id rule }`;

interface Page {
  edges: { cursor: string; node: PodView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

async function findingIds(cluster: string): Promise<Set<string>> {
  const { data } = await h.gql<{ cluster: { findings: { id: string }[] } }>(
    `{ cluster(name: "${cluster}") { findings(first: 500) { id } } }`,
  );
  return new Set((data?.cluster.findings ?? []).map((f) => f.id));
}

describe('Cluster.rollouts', () => {
  it('a crash-looping rollout: kubectl stage and message, why, what to do, and its finding', async () => {
    let reranker: RolloutView | undefined;
    await eventually(async () => {
      const { data, errors } = await h.gql<{ cluster: { rollouts: RolloutView[] } }>(
        `{ cluster(name: "prod-us-east") { rollouts(state: STUCK) { ${ROLLOUT} } } }`,
      );
      expect(errors).toBeUndefined();
      reranker = data?.cluster.rollouts.find((r) => r.name === 'reranker');
      expect(reranker).toBeDefined();
      // ReplicaSets are listed apart from Deployments: wait until the revision is known.
      expect(reranker?.revision).not.toBeNull();
    }, 30_000);
    expect(reranker).toMatchObject({
      kind: 'Deployment',
      namespace: 'inference',
      state: 'STUCK',
      stage: 'DEADLINE_EXCEEDED',
      message: 'deployment "reranker" exceeded its progress deadline',
      progress: { desired: 1, updated: 1, ready: 0, available: 0 },
      revision: '1',
      paused: false,
      progressDeadlineExceeded: true,
      recommendation: { action: 'fix the template' },
      trigger: null,
    });
    expect(reranker?.stuckReason).toMatch(/^new pods fail: reranker-\S+ container server CrashLoopBackOff/);
    expect(reranker?.blockingPods.map((p) => p.rule)).toEqual(['pod.crashloop']);
    expect(reranker?.findingId).toBe('prod-us-east/rollout.stuck/Deployment/inference/reranker');
    expect(await findingIds('prod-us-east')).toContain(reranker?.findingId);
  });

  it('filters by state: nothing stuck is listed as progressing', async () => {
    const { data, errors } = await h.gql<{ cluster: { progressing: RolloutView[]; all: RolloutView[] } }>(
      `{ cluster(name: "prod-us-east") { progressing: rollouts(state: PROGRESSING) { name state stuckReason } all: rollouts { name state } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.cluster.progressing.every((r) => r.state === 'PROGRESSING' && r.stuckReason === null)).toBe(
      true,
    );
    // Stuck ones first.
    const states = (data?.cluster.all ?? []).map((r) => r.state);
    expect(
      states.indexOf('PROGRESSING') === -1 || states.lastIndexOf('STUCK') < states.indexOf('PROGRESSING'),
    ).toBe(true);
  });
});

describe('Cluster.troubledPods', () => {
  it('classifies each pod with its evidence, and its finding id is a finding of the cluster', async () => {
    let page: Page | undefined;
    await eventually(async () => {
      const { data, errors } = await h.gql<{ cluster: { troubledPods: Page } }>(
        `{ cluster(name: "prod-us-east") { troubledPods(first: 200) { totalCount edges { cursor node { ${POD} } } pageInfo { hasNextPage endCursor } } } }`,
      );
      expect(errors).toBeUndefined();
      page = data?.cluster.troubledPods;
      expect(page?.edges.some((e) => e.node.state === 'IMAGE_PULL')).toBe(true);
      expect(page?.edges.some((e) => e.node.state === 'CRASH_LOOP')).toBe(true);
      // Events arrive apart from pods: wait until the crash loop's kubelet events are in.
      const looping = page?.edges.find(
        (e) => e.node.state === 'CRASH_LOOP' && e.node.namespace === 'inference',
      );
      expect(looping?.node.explanation.evidence.some((e) => e.signal.startsWith('event BackOff'))).toBe(true);
    }, 30_000);
    const pods = (page?.edges ?? []).map((e) => e.node);
    const crash = pods.find((p) => p.state === 'CRASH_LOOP' && p.namespace === 'inference');
    expect(crash?.explanation).toMatchObject({
      rule: 'pod.crashloop',
      state: 'CrashLoopBackOff: Error',
      cause: 'Error',
      container: 'server',
      scheduling: null,
    });
    expect(crash?.explanation.evidence[0]?.value).toMatch(
      /waiting: CrashLoopBackOff .*last terminated Error \(exit 1\)/,
    );
    expect(crash?.explanation.evidence.some((e) => e.signal.startsWith('event BackOff'))).toBe(true);
    const pull = pods.find((p) => p.state === 'IMAGE_PULL');
    expect(pull?.explanation.image).toBe('registry.example.com/shop/checkout:2.4.1');
    const ids = await findingIds('prod-us-east');
    for (const p of pods) {
      expect(ids).toContain(p.findingId);
      expect(p.findings.map((f) => f.id)).toContain(p.findingId);
    }
    // Stable order: namespace, then name.
    const keys = pods.map((p) => `${p.namespace}/${p.name}`);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(page?.totalCount).toBe(pods.length);
  });

  it('pages with an opaque cursor, one pod at a time, without gaps or repeats', async () => {
    const all = await h.gql<{ cluster: { troubledPods: Page } }>(
      `{ cluster(name: "prod-us-east") { troubledPods(first: 200) { edges { node { namespace name } } } } }`,
    );
    const expected = (all.data?.cluster.troubledPods.edges ?? []).map(
      (e) => `${e.node.namespace}/${e.node.name}`,
    );
    expect(expected.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < expected.length + 1; i++) {
      const res: { data?: { cluster: { troubledPods: Page } }; errors?: unknown[] } = await h.gql(
        `query($after: String) { cluster(name: "prod-us-east") { troubledPods(first: 1, after: $after) { edges { cursor node { namespace name } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      const p = res.data?.cluster.troubledPods as Page;
      seen.push(...p.edges.map((e) => `${e.node.namespace}/${e.node.name}`));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
      expect(after).not.toMatch(/inference|shop/);
    }
    expect(seen).toEqual(expected);
  });

  it('filters by state', async () => {
    const { data } = await h.gql<{ cluster: { troubledPods: Page } }>(
      `{ cluster(name: "prod-us-east") { troubledPods(state: IMAGE_PULL) { totalCount edges { node { state } } } } }`,
    );
    expect(data?.cluster.troubledPods.totalCount).toBeGreaterThan(0);
    expect(data?.cluster.troubledPods.edges.every((e) => e.node.state === 'IMAGE_PULL')).toBe(true);
  });

  it('refuses a page size out of bounds and a cursor it did not give out', async () => {
    for (const args of ['first: 0', 'first: 201', 'after: "bm90LWEtY3Vyc29y"', 'after: "%%%"']) {
      const { errors } = await h.gql<unknown>(
        `{ cluster(name: "prod-us-east") { troubledPods(${args}) { totalCount } } }`,
      );
      expect((errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
    }
  });
});

describe('Cluster.troubledPod', () => {
  it('gives one troubled pod by namespace and name, the same as its page entry', async () => {
    const all = await h.gql<{ cluster: { troubledPods: Page } }>(
      `{ cluster(name: "prod-us-east") { troubledPods(first: 200) { edges { node { ${POD} } } } } }`,
    );
    const pods = (all.data?.cluster.troubledPods.edges ?? []).map((e) => e.node);
    expect(pods.length).toBeGreaterThan(1);
    for (const expected of [pods[0], pods.at(-1)] as PodView[]) {
      const { data, errors } = await h.gql<{ cluster: { troubledPod: PodView | null } }>(
        `query($ns: String!, $name: String!) { cluster(name: "prod-us-east") { troubledPod(namespace: $ns, name: $name) { ${POD} } } }`,
        { ns: expected.namespace, name: expected.name },
      );
      expect(errors).toBeUndefined();
      expect(data?.cluster.troubledPod).toEqual(expected);
    }
  });

  it('is null for a pod that is not troubled or does not exist, while pods are known', async () => {
    const { data, errors } = await h.gql<{
      cluster: { pods: { total: number } | null; a: unknown; b: unknown; c: unknown };
    }>(
      `{ cluster(name: "prod-us-east") { pods { total }
          a: troubledPod(namespace: "nowhere", name: "nothing") { name }
          b: troubledPod(namespace: "", name: "") { name }
          c: troubledPod(namespace: "zzzzzz", name: "zzzz") { name } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.cluster.pods?.total).toBeGreaterThan(0);
    expect([data?.cluster.a, data?.cluster.b, data?.cluster.c]).toEqual([null, null, null]);
  });
});
