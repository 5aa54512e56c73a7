import { randomUUID } from 'node:crypto';
import { SERVING_TRUTH } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

// CRDs installed or deleted while the API runs (issue 9, part 5): discovery is asked again on an
// interval (`--optional-api-recheck-ms`), and a watch answering 404 asks at once. The simulator adds
// or drops an API group at run time as a real cluster does when CRDs are created or deleted. No timed
// assertion: each step waits for its condition, with a generous timeout.

interface View {
  servingPath: {
    status: string;
    api: { served: string; version: string | null };
    gatewayClasses: { name: string; status: string; findingIds: string[] }[];
    routes: { name: string; status: string }[];
  } | null;
  findings: { id: string; rule: string }[];
  freshness: { resource: string; state: string }[];
}

async function view(h: Harness, name: string): Promise<View> {
  const { data, errors } = await h.gql<{ cluster: View }>(
    `query($name: String!) { cluster(name: $name) {
      servingPath { status api { served version } gatewayClasses { name status findingIds } routes { name status } }
      findings(first: 500) { id rule }
      freshness { resource state }
    } }`,
    { name },
  );
  expect(errors).toBeUndefined();
  return (data as { cluster: View }).cluster;
}

const GATEWAY_RESOURCES = ['gateways', 'httproutes', 'gatewayclasses', 'referencegrants'];
const GV = 'gateway.networking.k8s.io/v1';

/** metadata as a create sends it (the store assigns the resourceVersion). */
const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  uid: randomUUID(),
  resourceVersion: '',
  creationTimestamp: new Date().toISOString(),
});

describe('a Gateway API installed after start, then deleted (re-checked every 300 ms)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(['--optional-api-recheck-ms', '300'], {}, { scenario: 'serving', size: 'small' });
  }, 60_000);
  afterAll(() => h.close());

  it('NOT_APPLICABLE first; watched with its findings once installed; NOT_APPLICABLE again once deleted', async () => {
    const name = SERVING_TRUTH.plainCluster;
    await eventually(async () => {
      const v = await view(h, name);
      expect(v.servingPath).toMatchObject({ status: 'NOT_APPLICABLE', api: { served: 'NOT_SERVED' } });
    }, 30_000);

    // The CRDs are created, then a class no controller claims, a Gateway of it and a route.
    const cluster = h.sim.server(name).cluster;
    cluster.installApiGroup('gateway-api');
    cluster.upsert({
      apiVersion: GV,
      kind: 'GatewayClass',
      metadata: meta('late-class'),
      spec: { controllerName: 'example.net/not-running' },
      status: {
        conditions: [
          {
            type: 'Accepted',
            status: 'Unknown',
            reason: 'Pending',
            message: 'Waiting for controller',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      },
    });
    cluster.upsert({
      apiVersion: GV,
      kind: 'Gateway',
      metadata: meta('edge', 'edge'),
      spec: { gatewayClassName: 'late-class', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
    });
    cluster.upsert({
      apiVersion: GV,
      kind: 'HTTPRoute',
      metadata: meta('proxy', 'edge'),
      spec: {
        parentRefs: [{ name: 'edge' }],
        rules: [{ backendRefs: [{ name: 'proxy', port: 8080 }] }],
      },
    });
    const classFinding = `${name}/gatewayclass.not-accepted/GatewayClass//late-class`;
    await eventually(async () => {
      const v = await view(h, name);
      expect(v.servingPath?.api).toMatchObject({ served: 'SERVED', version: 'v1' });
      expect(v.servingPath?.status).toBe('DOWN');
      expect(v.servingPath?.gatewayClasses).toEqual([
        { name: 'late-class', status: 'DOWN', findingIds: [classFinding] },
      ]);
      expect(v.servingPath?.routes.map((r) => r.name)).toEqual(['proxy']);
      expect(v.findings.map((f) => f.id)).toContain(classFinding);
      const watched = v.freshness.map((f) => f.resource);
      for (const r of GATEWAY_RESOURCES) expect(watched).toContain(r);
    }, 30_000);

    // The CRDs are deleted: their objects go, the watches end, the part is NOT_APPLICABLE again.
    cluster.removeApiGroup('gateway-api');
    await eventually(async () => {
      const v = await view(h, name);
      expect(v.servingPath).toMatchObject({ status: 'NOT_APPLICABLE', api: { served: 'NOT_SERVED' } });
      expect(v.findings.filter((f) => /^(gateway|gatewayclass|route)\./.test(f.rule))).toEqual([]);
      const watched = v.freshness.map((f) => f.resource);
      for (const r of GATEWAY_RESOURCES) expect(watched).not.toContain(r);
    }, 30_000);
  });
});

describe('a Gateway API deleted under a watch, with discovery not due for 10 minutes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      ['--optional-api-recheck-ms', '600000'],
      {},
      { scenario: 'serving', size: 'small' },
    );
  }, 60_000);
  afterAll(() => h.close());

  it('the watch answering 404 asks discovery at once: NOT_APPLICABLE well before the next re-check', async () => {
    const name = SERVING_TRUTH.cluster;
    await eventually(async () => {
      const v = await view(h, name);
      expect(v.servingPath?.api.served).toBe('SERVED');
      expect(v.servingPath?.routes.length).toBe(SERVING_TRUTH.routes.length);
    }, 30_000);
    h.sim.server(name).cluster.removeApiGroup('gateway-api');
    // Discovery is not due for 10 minutes: only the ended watch's 404 can bring this about in time.
    await eventually(async () => {
      const v = await view(h, name);
      expect(v.servingPath).toMatchObject({ status: 'NOT_APPLICABLE', api: { served: 'NOT_SERVED' } });
      expect(v.findings.filter((f) => /^(gateway|gatewayclass|route)\./.test(f.rule))).toEqual([]);
      const watched = v.freshness.map((f) => f.resource);
      for (const r of GATEWAY_RESOURCES) expect(watched).not.toContain(r);
    }, 30_000);
  });
});
