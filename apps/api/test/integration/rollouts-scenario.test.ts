import { ROLLOUT_TRUTH, SELECTOR_MATCHES_NOTHING, STORAGE_TRUTH } from '@fleetscope/fleet-sim';
import { SCHEDULING_RESOURCES } from '@fleetscope/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetState } from '../../src/stores/cluster-state.ts';
import { fleetscope, inputFolder, kubectlDump } from '../support/cli.ts';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The `rollouts` scenario (libs/fleet-sim/src/scenarios/rollouts.ts): six Deployments stuck mid-rollout
// one way each, and a Service whose selector matches nothing. Its ground truth (ROLLOUT_TRUTH) must
// come out the same through the watch path and GraphQL, and through `fleetscope analyze` on a dump.
const CLUSTER = 'prod-rollouts';
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'rollouts', size: 'small' });
}, 60_000);
afterAll(() => h.close());

interface RolloutView {
  kind: string;
  namespace: string;
  name: string;
  state: string;
  stage: string;
  message: string;
  stuckReason: string | null;
  blockingPods: { name: string; rule: string; cause: string | null }[];
  recommendation: { action: string; reason: string };
  templateDiff: { field: string; container: string | null; before: string; after: string }[] | null;
  oldRevisions:
    | {
        revision: string;
        revisionNumber: number | null;
        pods: number;
        changes: { field: string; container: string | null; before: string; after: string }[] | null;
      }[]
    | null;
  trigger: { tool: string; name: string; evidence: string } | null;
  findingId: string | null;
}
interface PodView {
  namespace: string;
  name: string;
  state: string;
  owner: { kind: string; name: string } | null;
  explanation: { rule: string; cause: string | null; summary: string };
  findingId: string;
}

interface FindingView {
  id: string;
  rule: string;
  scope: string;
  plane: string;
  status: string | null;
  title: string;
  attributes: { key: string; value: string }[];
  evidence: { signal: string; value: string }[];
}

async function snapshot(): Promise<{
  rollouts: RolloutView[];
  pods: PodView[];
  findings: Set<string>;
  storage: FindingView[];
}> {
  const { data, errors } = await h.gql<{
    cluster: {
      rollouts: RolloutView[];
      troubledPods: { edges: { node: PodView }[] };
      findings: FindingView[];
    };
  }>(
    `{ cluster(name: "${CLUSTER}") {
      rollouts { kind namespace name state stage message stuckReason blockingPods { name rule cause }
        recommendation { action reason } templateDiff { field container before after }
        oldRevisions { revision revisionNumber pods changes { field container before after } } trigger { tool name evidence } findingId }
      troubledPods(first: 200) { edges { node { namespace name state owner { kind name } explanation { rule cause summary } findingId } } }
      findings(first: 500) { id rule scope plane status title attributes { key value } evidence { signal value } }
    } }`,
  );
  expect(errors).toBeUndefined();
  return {
    rollouts: data?.cluster.rollouts ?? [],
    pods: (data?.cluster.troubledPods.edges ?? []).map((e) => e.node),
    findings: new Set((data?.cluster.findings ?? []).map((f) => f.id)),
    storage: (data?.cluster.findings ?? []).filter(
      (f) => f.rule === 'pvc.unbound' || f.rule === 'quota.exhausted',
    ),
  };
}

describe('rollouts scenario through the API', () => {
  let seen: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    await eventually(async () => {
      seen = await snapshot();
      expect(seen.rollouts.filter((r) => r.state === 'STUCK')).toHaveLength(ROLLOUT_TRUTH.length);
      // The DaemonSet's pod waits for its kubelet events to be classified as an image pull.
      expect(seen.pods.filter((p) => p.state === 'IMAGE_PULL')).toHaveLength(1);
      // Events arrive apart from pods: wait until each pod's kubelet events are in.
      expect(
        seen.pods.find((p) => p.namespace === 'shop' && p.owner?.name.startsWith('search-api-'))?.explanation
          .cause,
      ).toBe('readiness probe');
      // Claims and quotas are watched apart and may list after the rest.
      expect(seen.storage).toHaveLength(2);
    }, 30_000);
  });

  it.each(ROLLOUT_TRUTH.map((t) => [`${t.namespace}/${t.name}`, t] as const))(
    '%s: stage, message, why and what to do, as its ground truth says',
    (_, truth) => {
      const r = seen.rollouts.find(
        (x) => x.kind === truth.kind && x.namespace === truth.namespace && x.name === truth.name,
      );
      expect(r).toMatchObject({
        state: 'STUCK',
        stage: truth.stage,
        message: truth.message,
        recommendation: { action: truth.action },
      });
      expect(r?.stuckReason).toContain(truth.stuckHolds);
      expect(seen.findings).toContain(r?.findingId);
      // What changed between the revisions (Deployments: from the ReplicaSets' templates; StatefulSets
      // and DaemonSets: from their ControllerRevisions), and who applied it.
      expect(r?.templateDiff?.map((c) => c.field).sort()).toEqual([...truth.changed].sort());
      if (truth.trigger === null) expect(r?.trigger).toBeNull();
      else expect(r?.trigger).toMatchObject(truth.trigger);
      if (truth.podRule === null) {
        expect(r?.blockingPods).toEqual([]);
        return;
      }
      expect(r?.blockingPods.length).toBe(truth.blocking);
      for (const p of r?.blockingPods ?? [])
        expect(p).toMatchObject({ rule: truth.podRule, cause: truth.podCause });
      // The same pods, classified, in Cluster.troubledPods, each with its finding.
      const pods = seen.pods.filter(
        (p) => p.namespace === truth.namespace && (r?.blockingPods ?? []).some((b) => b.name === p.name),
      );
      expect(pods).toHaveLength(truth.blocking);
      for (const p of pods) {
        expect(p.state).toBe(truth.podState);
        expect(p.explanation).toMatchObject({ rule: truth.podRule, cause: truth.podCause });
        expect(seen.findings).toContain(p.findingId);
      }
    },
  );

  it('the template diff names what changed, never an env value', () => {
    const orders = seen.rollouts.find((r) => r.name === 'orders');
    expect(orders?.templateDiff).toEqual([
      {
        field: 'image',
        container: 'orders',
        before: 'ghcr.io/fleetscope-demo/orders:1.4.2',
        after: 'ghcr.io/fleetscope-demo/orders:1.5.0',
      },
      {
        field: 'env',
        container: 'orders',
        before: 'LOG_LEVEL, PORT',
        after: 'DATABASE_URL, LOG_LEVEL, PORT (+DATABASE_URL)',
      },
    ]);
    expect(orders?.trigger?.evidence).toBe(
      'annotation argocd.argoproj.io/tracking-id=shop-orders:apps/Deployment:shop/orders',
    );
  });

  it('a StatefulSet diffs currentRevision against updateRevision from its ControllerRevisions', () => {
    const postgres = seen.rollouts.find((r) => r.kind === 'StatefulSet' && r.name === 'postgres');
    expect(postgres?.templateDiff).toEqual([
      {
        field: 'image',
        container: 'postgres',
        before: 'ghcr.io/fleetscope-demo/postgres:1.0.0',
        after: 'ghcr.io/fleetscope-demo/postgres:1.1.0',
      },
    ]);
    const exporter = seen.rollouts.find((r) => r.kind === 'DaemonSet' && r.name === 'dcgm-exporter');
    expect(exporter?.templateDiff).toEqual([
      {
        field: 'image',
        container: 'dcgm-exporter',
        before: 'ghcr.io/fleetscope-demo/dcgm-exporter:1.0.0',
        after: 'ghcr.io/fleetscope-demo/dcgm-exporter:1.1.0-rc',
      },
    ]);
    // Each old pod's own revision (its controller-revision-hash) against the one rolled out: here all
    // old pods run revision 1, so one group, its changes the templateDiff.
    for (const r of [postgres, exporter]) {
      expect(r?.oldRevisions).toHaveLength(1);
      expect(r?.oldRevisions?.[0]).toMatchObject({ revisionNumber: 1, changes: r?.templateDiff });
      expect(r?.oldRevisions?.[0]?.pods).toBeGreaterThan(0);
    }
  });

  it('the Service whose selector matches nothing is a finding', () => {
    const { namespace, name } = SELECTOR_MATCHES_NOTHING;
    expect(seen.findings).toContain(`${CLUSTER}/service.no-endpoints/Service/${namespace}/${name}`);
  });

  it('the four scheduling kinds are listed and watched, their freshness kept out of the verdicts', () => {
    const state = h.api.app.get(FleetState).get(CLUSTER);
    for (const resource of SCHEDULING_RESOURCES) expect(state?.schedulingListed(resource)).toBe(true);
    expect(state?.freshness().map((f) => f.resource)).not.toContain('persistentvolumeclaims');
    expect(state?.claim('data', 'feature-store-data')?.phase).toBe('Pending');
    expect(state?.defaultStorageClass()?.name).toBe('gp3');
    expect(state?.runtimeClasses().map((c) => c.handler)).toEqual(['nvidia']);
    expect(state?.quotas('ml-batch').map((q) => q.name)).toEqual([STORAGE_TRUTH.quotaExhausted.quota]);
  });

  it('the claim Pending on a missing StorageClass and the used-up quota are findings, with their evidence', () => {
    const pvc = seen.storage.find((f) => f.id === `${CLUSTER}/${STORAGE_TRUTH.pvcUnbound.id}`);
    expect(pvc).toMatchObject({
      scope: 'POD',
      plane: 'DATA',
      status: null,
      title: STORAGE_TRUTH.pvcUnbound.title,
    });
    expect(pvc?.attributes).toContainEqual({ key: 'cause', value: STORAGE_TRUTH.pvcUnbound.cause });
    expect(pvc?.evidence.map((e) => e.signal)).toContain('event ProvisioningFailed');
    const quota = seen.storage.find((f) => f.id === `${CLUSTER}/${STORAGE_TRUTH.quotaExhausted.id}`);
    expect(quota?.title).toContain(`${STORAGE_TRUTH.quotaExhausted.resource} 8/8 used`);
    expect(seen.storage).toHaveLength(2);
  });

  it("our own fit check of the claim's pods reads the live claim and classes: unbound on a missing StorageClass, never unchecked", async () => {
    const feature = seen.rollouts.find((r) => r.namespace === 'data' && r.name === 'feature-store');
    const pod = feature?.blockingPods[0]?.name ?? '';
    expect(pod).not.toBe('');
    const { data, errors } = await h.gql<{
      cluster: { troubledPod: { explanation: { fitCheck: string | null } } | null };
    }>(
      `query($ns: String!, $name: String!) { cluster(name: "${CLUSTER}") { troubledPod(namespace: $ns, name: $name) { explanation { fitCheck } } } }`,
      { ns: 'data', name: pod },
    );
    expect(errors).toBeUndefined();
    const fit = data?.cluster.troubledPod?.explanation.fitCheck ?? '';
    expect(fit).toContain('feature-store-data');
    expect(fit).toContain('fast-nvme');
    expect(fit).not.toContain('not watched');
  });
});

describe('rollouts scenario through fleetscope analyze', () => {
  it('a kubectl dump gives the same classification, stage and reason', async () => {
    const { file } = inputFolder('fleetscope-rollouts-');
    const stdout = await kubectlDump(
      h.sim.kubeconfigPath ?? '',
      CLUSTER,
      'nodes,pods,deployments,replicasets,statefulsets,daemonsets,controllerrevisions,services,endpointslices,events,persistentvolumeclaims,resourcequotas,storageclasses,runtimeclasses',
    );
    const dump = file('dump.json', stdout);
    const { code, stdout: out } = await fleetscope('analyze', dump, '--format', 'json', '--cluster', CLUSTER);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      rollouts: {
        kind: string;
        namespace: string;
        name: string;
        stage: string;
        message: string;
        stuckReason: string | null;
        recommendation: { action: string };
        templateDiff: { field: string }[] | null;
        trigger: { tool: string; name: string } | null;
        blockingPods: { rule: string; cause: string | null }[];
      }[];
      findings: { id: string; rule: string; attributes: Record<string, string> }[];
    };
    for (const truth of ROLLOUT_TRUTH) {
      const r = report.rollouts.find(
        (x) => x.kind === truth.kind && x.namespace === truth.namespace && x.name === truth.name,
      );
      expect(r, `${truth.namespace}/${truth.name}`).toMatchObject({
        stage: truth.stage,
        message: truth.message,
        recommendation: { action: truth.action },
      });
      expect(r?.stuckReason).toContain(truth.stuckHolds);
      expect(r?.templateDiff?.map((c) => c.field).sort()).toEqual([...truth.changed].sort());
      if (truth.trigger !== null) expect(r?.trigger).toMatchObject(truth.trigger);
      for (const p of r?.blockingPods ?? [])
        expect(p).toMatchObject({ rule: truth.podRule, cause: truth.podCause });
      expect(r?.blockingPods.length).toBe(truth.blocking);
      expect(report.findings.map((f) => f.id)).toContain(
        `${CLUSTER}/rollout.stuck/${truth.kind}/${truth.namespace}/${truth.name}`,
      );
    }
    const { namespace, name } = SELECTOR_MATCHES_NOTHING;
    expect(report.findings.map((f) => f.id)).toContain(
      `${CLUSTER}/service.no-endpoints/Service/${namespace}/${name}`,
    );
    // The same storage findings as through the API; the four kinds are read, not ignored.
    const storage = report.findings.filter((f) => f.rule === 'pvc.unbound' || f.rule === 'quota.exhausted');
    expect(storage.map((f) => f.id).sort()).toEqual(
      [STORAGE_TRUTH.pvcUnbound.id, STORAGE_TRUTH.quotaExhausted.id].map((id) => `${CLUSTER}/${id}`).sort(),
    );
    expect(storage.find((f) => f.rule === 'pvc.unbound')?.attributes.cause).toBe(
      STORAGE_TRUTH.pvcUnbound.cause,
    );
    const ignored = (JSON.parse(out) as { ignored: Record<string, number> }).ignored;
    for (const kind of ['PersistentVolumeClaim', 'ResourceQuota', 'StorageClass', 'RuntimeClass'])
      expect(ignored[kind]).toBeUndefined();
  });
});

// Last: it changes the simulated cluster.
describe('claims and quotas are watched live', () => {
  it('a claim bound clears pvc.unbound; a quota raised clears quota.exhausted and the reason says so', async () => {
    const cluster = h.fleet.cluster(CLUSTER);
    const claim = structuredClone(cluster.get('persistentvolumeclaims', 'data', 'feature-store-data'));
    const quota = structuredClone(
      cluster.get('resourcequotas', 'ml-batch', STORAGE_TRUTH.quotaExhausted.quota),
    );
    if (claim === undefined || quota === undefined) throw new Error('scenario objects missing');
    (claim.spec as Record<string, unknown>).volumeName = 'pvc-0b6f3c2e';
    claim.status = { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '100Gi' } };
    cluster.upsert(claim);
    await eventually(async () => {
      const now = await snapshot();
      expect(now.storage.map((f) => f.rule)).toEqual(['quota.exhausted']);
      // The rollout's pods are still Pending on the scheduler's old word; the claim is no longer at fault.
      const r = now.rollouts.find((x) => x.name === 'feature-store');
      expect(r?.stuckReason).not.toContain('does not exist');
    }, 20_000);
    const raised = { 'requests.nvidia.com/gpu': '16' };
    quota.spec = { hard: raised };
    quota.status = { hard: raised, used: { 'requests.nvidia.com/gpu': '8' } };
    cluster.upsert(quota);
    await eventually(async () => {
      const now = await snapshot();
      expect(now.storage).toEqual([]);
      const r = now.rollouts.find((x) => x.name === 'batch-scorer');
      expect(r?.stuckReason).toContain('requests.nvidia.com/gpu 8/16 used; the new pod asks 2');
    }, 20_000);
  });
});
