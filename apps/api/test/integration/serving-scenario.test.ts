import { KUEUE_TRUTH, SERVING_TRUTH } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscope, inputFolder, kubectlDump } from '../support/cli.ts';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// The `serving` scenario (libs/fleet-sim/src/scenarios/serving.ts): Gateway API routes (one whose
// backend has no endpoints, one whose backend Service does not exist, a healthy one), a Service no route
// reaches, a pod Kueue holds for quota and a preempted workload; beside a cluster with neither CRD.
// Its ground truth must come out through discovery, the watch path and GraphQL, and through
// `fleetscope analyze` on a kubectl dump.
const { cluster: CLUSTER, plainCluster: PLAIN } = SERVING_TRUTH;
let h: Harness;
beforeAll(async () => {
  h = await startHarness([], {}, { scenario: 'serving', size: 'small' });
}, 60_000);
afterAll(() => h.close());

interface Condition {
  type: string;
  status: string;
  reason: string;
}
interface View {
  servingPath: {
    status: string;
    summary: string;
    api: { group: string; version: string | null; served: string; detail: string | null };
    gatewayClasses: {
      name: string;
      exists: boolean;
      controllerName: string | null;
      accepted: Condition | null;
      gateways: string[];
      status: string;
      findingIds: string[];
    }[];
    gateways: {
      namespace: string;
      name: string;
      status: string;
      programmed: Condition | null;
      findingIds: string[];
    }[];
    routes: {
      namespace: string;
      name: string;
      status: string;
      findingIds: string[];
      parents: { gatewayName: string; accepted: Condition | null; resolvedRefs: Condition | null }[];
      backends: {
        namespace: string;
        name: string;
        exists: boolean | null;
        readyEndpoints: number | null;
        permission: { crossNamespace: boolean; permitted: boolean | null; grant: string | null };
      }[];
    }[];
  } | null;
  kueue: {
    status: string;
    api: { served: string; version: string | null };
    positionsKnown: boolean;
    clusterQueues: {
      name: string;
      active: boolean | null;
      quotas: { flavor: string; nominal: number; reserved: number | null }[];
    }[];
    workloads: {
      namespace: string;
      name: string;
      owner: string | null;
      clusterQueue: string | null;
      state: string;
      reason: string;
      position: number | null;
      findingId: string | null;
    }[];
  } | null;
  troubledPods: {
    edges: {
      node: {
        namespace: string;
        name: string;
        state: string;
        explanation: { rule: string; cause: string | null; summary: string };
        findingId: string;
      };
    }[];
  };
  findings: {
    id: string;
    rule: string;
    plane: string;
    status: string | null;
    severity: string;
    attributes: { key: string; value: string }[];
  }[];
  controlPlane: { status: string };
  freshness: { resource: string; state: string }[];
}

async function view(name: string): Promise<View> {
  const { data, errors } = await h.gql<{ cluster: View }>(
    `query($name: String!) { cluster(name: $name) {
      servingPath { status summary api { group version served detail }
        gatewayClasses { name exists controllerName accepted { type status reason } gateways status findingIds }
        gateways { namespace name status programmed { type status reason } findingIds }
        routes { namespace name status findingIds
          parents { gatewayName accepted { type status reason } resolvedRefs { type status reason } }
          backends { namespace name exists readyEndpoints permission { crossNamespace permitted grant } } } }
      kueue { status api { served version } positionsKnown
        clusterQueues { name active quotas { flavor nominal reserved } }
        workloads { namespace name owner clusterQueue state reason position findingId } }
      troubledPods(first: 100) { edges { node { namespace name state explanation { rule cause summary } findingId } } }
      findings(first: 500) { id rule plane status severity attributes { key value } }
      controlPlane { status }
      freshness { resource state }
    } }`,
    { name },
  );
  expect(errors).toBeUndefined();
  return (data as { cluster: View }).cluster;
}

describe('serving scenario through the API', () => {
  let seen: View;
  let plain: View;
  beforeAll(async () => {
    await eventually(async () => {
      seen = await view(CLUSTER);
      expect(seen.servingPath?.routes).toHaveLength(SERVING_TRUTH.routes.length);
      expect(seen.kueue?.status).not.toBe('UNKNOWN');
      expect(seen.troubledPods.edges.some((e) => e.node.name === KUEUE_TRUTH.gatedPod.name)).toBe(true);
      // Positions come from the visibility API, read once the ClusterQueues are listed.
      expect(seen.kueue?.positionsKnown).toBe(true);
      plain = await view(PLAIN);
      expect(plain.servingPath?.status).toBe('NOT_APPLICABLE');
      expect(plain.kueue?.status).toBe('NOT_APPLICABLE');
    }, 30_000);
  });

  it('discovers the Gateway API and Kueue where served, at the version served', () => {
    expect(seen.servingPath?.api).toMatchObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      served: 'SERVED',
    });
    expect(seen.kueue?.api).toMatchObject({ served: 'SERVED', version: 'v1beta2' });
    const watched = new Set(seen.freshness.map((f) => f.resource));
    for (const r of [
      'gateways',
      'httproutes',
      'gatewayclasses',
      'referencegrants',
      'workloads',
      'clusterqueues',
      'localqueues',
    ])
      expect(watched).toContain(r);
  });

  it('every route is judged as the ground truth says, in the Gateway API words', () => {
    for (const truth of SERVING_TRUTH.routes) {
      const route = seen.servingPath?.routes.find(
        (r) => r.namespace === truth.namespace && r.name === truth.name,
      );
      expect(route, `${truth.namespace}/${truth.name}`).toBeDefined();
      expect(route?.status).toBe(truth.status);
      expect(route?.parents[0]?.accepted).toMatchObject({ status: 'True', reason: 'Accepted' });
      if (truth.rule === null) {
        expect(route?.findingIds).toEqual([]);
        continue;
      }
      const id = `${CLUSTER}/${truth.rule}/HTTPRoute/${truth.namespace}/${truth.name}#${truth.backend}`;
      expect(route?.findingIds).toEqual([id]);
      const finding = seen.findings.find((f) => f.id === id);
      expect(finding).toMatchObject({ rule: truth.rule, plane: 'DATA', status: truth.status });
      if (truth.reason !== null) {
        expect(route?.parents[0]?.resolvedRefs).toMatchObject({ status: 'False', reason: truth.reason });
        expect(finding?.attributes).toContainEqual({ key: 'reason', value: truth.reason });
      }
    }
    const checkout = seen.servingPath?.routes.find((r) => r.name === 'checkout');
    expect(checkout?.backends).toEqual([
      {
        namespace: 'shop',
        name: 'checkout',
        exists: true,
        readyEndpoints: 0,
        permission: { crossNamespace: false, permitted: true, grant: null },
      },
    ]);
    expect(seen.servingPath?.gateways.find((g) => g.name === SERVING_TRUTH.gateway.name)).toEqual({
      namespace: 'shop',
      name: 'web',
      status: 'HEALTHY',
      programmed: { type: 'Programmed', status: 'True', reason: 'Programmed' },
      findingIds: [],
    });
    expect(seen.servingPath?.status).toBe('DOWN');
  });

  it('a GatewayClass no controller accepts is one finding naming it, its Gateways the subjects', () => {
    const truth = SERVING_TRUTH.unclaimedClass;
    const id = `${CLUSTER}/${truth.rule}/GatewayClass//${truth.name}`;
    const cls = seen.servingPath?.gatewayClasses.find((c) => c.name === truth.name);
    expect(cls).toMatchObject({
      exists: true,
      accepted: { type: 'Accepted', status: 'Unknown', reason: truth.reason },
      gateways: truth.gateways,
      status: 'DOWN',
      findingIds: [id],
    });
    expect(
      seen.servingPath?.gatewayClasses.find((c) => c.name === SERVING_TRUTH.acceptedClass),
    ).toMatchObject({
      status: 'HEALTHY',
      accepted: { status: 'True' },
    });
    const gw = SERVING_TRUTH.unclaimedGateway;
    expect(seen.servingPath?.gateways.find((g) => g.name === gw.name)).toMatchObject({
      status: 'DOWN',
      findingIds: [id],
    });
    const finding = seen.findings.find((f) => f.id === id);
    expect(finding).toMatchObject({ rule: truth.rule, plane: 'DATA', status: 'DOWN' });
    expect(finding?.attributes).toContainEqual({ key: 'reason', value: truth.reason });
    // Said once, for the class: not again as the Gateway's own gateway.not-programmed.
    expect(seen.findings.filter((f) => f.rule === 'gateway.not-programmed')).toEqual([]);
  });

  it('cross-namespace backends: permitted by the ReferenceGrant there, or refused without one', () => {
    for (const truth of SERVING_TRUTH.grants) {
      const route = seen.servingPath?.routes.find((r) => r.name === truth.route);
      const backend = route?.backends.find((b) => `${b.namespace}/${b.name}` === truth.backend);
      expect(backend?.permission, truth.route).toEqual({
        crossNamespace: true,
        permitted: truth.permitted,
        grant: truth.grant,
      });
    }
  });

  it('a Service with Running pods that no route reaches is said, at INFO', () => {
    for (const s of SERVING_TRUTH.unrouted) {
      expect(
        seen.findings.find((f) => f.id === `${CLUSTER}/service.unrouted/Service/${s.namespace}/${s.name}`),
      ).toMatchObject({
        severity: 'INFO',
        status: null,
      });
    }
  });

  it("the pod Kueue holds waits for quota in its ClusterQueue, never 'unschedulable'", () => {
    const pod = seen.troubledPods.edges
      .map((e) => e.node)
      .find((p) => p.namespace === KUEUE_TRUTH.gatedPod.namespace && p.name === KUEUE_TRUTH.gatedPod.name);
    expect(pod).toMatchObject({
      state: 'GATED',
      explanation: { rule: KUEUE_TRUTH.rule, cause: KUEUE_TRUTH.cause, summary: KUEUE_TRUTH.summary },
    });
    const finding = seen.findings.find((f) => f.id === pod?.findingId);
    expect(finding?.attributes).toContainEqual({ key: 'clusterQueue', value: KUEUE_TRUTH.clusterQueue });
    const waiting = seen.kueue?.workloads.find((w) => w.state === 'PENDING');
    expect(waiting).toMatchObject({
      clusterQueue: KUEUE_TRUTH.clusterQueue,
      reason: 'Pending',
      position: KUEUE_TRUTH.position,
    });
    expect(seen.kueue?.positionsKnown).toBe(true);
    const evicted = seen.kueue?.workloads.find((w) => w.state === 'EVICTED');
    expect(evicted?.position).toBe(1);
  });

  it('the preempted workload is a finding, and the ClusterQueue shows its quota used up', () => {
    const evicted = seen.kueue?.workloads.find((w) => w.state === 'EVICTED');
    expect(evicted).toMatchObject({
      owner: `Job/${KUEUE_TRUTH.evicted.namespace}/${KUEUE_TRUTH.evicted.job}`,
      reason: KUEUE_TRUTH.evicted.reason,
      clusterQueue: KUEUE_TRUTH.clusterQueue,
    });
    expect(seen.findings.find((f) => f.id === evicted?.findingId)).toMatchObject({
      rule: 'kueue.workload-evicted',
      severity: 'WARNING',
    });
    expect(seen.kueue?.clusterQueues).toEqual([
      {
        name: KUEUE_TRUTH.clusterQueue,
        active: true,
        quotas: [{ flavor: 'l4', nominal: KUEUE_TRUTH.admittedPods, reserved: KUEUE_TRUTH.admittedPods }],
      },
    ]);
  });

  it('scope triage places the broken routes on the user path', async () => {
    const { data, errors } = await h.gql<{
      fleet: { findings: { id: string; attributes: { key: string; value: string }[] }[] };
    }>('{ fleet { findings(first: 500) { id attributes { key value } } } }');
    expect(errors).toBeUndefined();
    for (const truth of SERVING_TRUTH.routes.filter((r) => r.rule !== null)) {
      const scope = data?.fleet.findings.find(
        (f) => f.id === `${CLUSTER}/scope.pod#HTTPRoute/${truth.namespace}/${truth.name}`,
      );
      expect(scope?.attributes, truth.name).toContainEqual({ key: 'impairs', value: 'user' });
    }
  });

  it('without the CRDs: NOT_APPLICABLE, no such watch, and the control plane is not blamed', () => {
    expect(plain.servingPath).toMatchObject({
      status: 'NOT_APPLICABLE',
      api: { served: 'NOT_SERVED', version: null },
    });
    expect(plain.kueue).toMatchObject({ status: 'NOT_APPLICABLE', api: { served: 'NOT_SERVED' } });
    const watched = plain.freshness.map((f) => f.resource);
    for (const r of [
      'gateways',
      'httproutes',
      'gatewayclasses',
      'referencegrants',
      'workloads',
      'clusterqueues',
      'localqueues',
    ])
      expect(watched).not.toContain(r);
    expect(plain.findings.filter((f) => /^(route|gateway|kueue)\./.test(f.rule))).toEqual([]);
  });
});

describe('serving scenario through fleetscope analyze', () => {
  it('a kubectl dump with Gateway API and Kueue kinds gives the same findings, and no such kind is ignored', async () => {
    const { file } = inputFolder('fleetscope-serving-');
    const stdout = await kubectlDump(
      h.sim.kubeconfigPath ?? '',
      CLUSTER,
      'nodes,pods,deployments,replicasets,services,endpointslices,events,gateways,httproutes,gatewayclasses,referencegrants,workloads.kueue.x-k8s.io,clusterqueues,localqueues,resourceflavors',
    );
    const dump = file('dump.json', stdout);
    const { code, stdout: out } = await fleetscope('analyze', dump, '--format', 'json', '--cluster', CLUSTER);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      ignored: Record<string, number>;
      findings: { id: string; rule: string; title: string }[];
      servingPath: { status: string; routes: { name: string; status: string }[] };
      kueue: { workloads: { state: string; clusterQueue: string | null }[] };
    };
    for (const kind of [
      'Gateway',
      'HTTPRoute',
      'GatewayClass',
      'ReferenceGrant',
      'Workload',
      'ClusterQueue',
      'LocalQueue',
    ])
      expect(report.ignored[kind], kind).toBeUndefined();
    expect(report.ignored.ResourceFlavor).toBe(1);
    const ids = report.findings.map((f) => f.id);
    for (const truth of SERVING_TRUTH.routes) {
      expect(report.servingPath.routes.find((r) => r.name === truth.name)?.status).toBe(truth.status);
      if (truth.rule !== null)
        expect(ids).toContain(
          `${CLUSTER}/${truth.rule}/HTTPRoute/${truth.namespace}/${truth.name}#${truth.backend}`,
        );
    }
    expect(ids).toContain(
      `${CLUSTER}/${SERVING_TRUTH.unclaimedClass.rule}/GatewayClass//${SERVING_TRUTH.unclaimedClass.name}`,
    );
    expect(ids).toContain(
      `${CLUSTER}/pod.pending-gated/Pod/${KUEUE_TRUTH.gatedPod.namespace}/${KUEUE_TRUTH.gatedPod.name}`,
    );
    expect(report.findings.filter((f) => f.rule === 'kueue.workload-evicted')).toHaveLength(1);
    expect(report.kueue.workloads.map((w) => [w.state, w.clusterQueue]).sort()).toEqual([
      ['EVICTED', KUEUE_TRUTH.clusterQueue],
      ['PENDING', KUEUE_TRUTH.clusterQueue],
    ]);
    const text = await fleetscope('analyze', dump, '--cluster', CLUSTER);
    expect(text.stdout).toContain('Serving path (Gateway API): DOWN');
    expect(text.stdout).toContain(
      `GatewayClass ${SERVING_TRUTH.unclaimedClass.name} not Accepted (Pending): Gateways ${SERVING_TRUTH.unclaimedClass.gateways.join(', ')}`,
    );
    expect(text.stdout).toContain('payments/ledger not permitted (no ReferenceGrant)');
    expect(text.stdout).toContain(`PENDING`);
  });
});
