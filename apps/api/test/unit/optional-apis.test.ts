import { describe, expect, it } from 'vitest';
import { readQueuePositions } from '../../src/sources/kubernetes/kueue-visibility.ts';
import {
  type DiscoveryGet,
  discoverGroup,
  OPTIONAL_GROUPS,
} from '../../src/sources/kubernetes/optional-apis.ts';

const [GATEWAY, KUEUE] = OPTIONAL_GROUPS as [
  (typeof OPTIONAL_GROUPS)[number],
  (typeof OPTIONAL_GROUPS)[number],
];

/** A discovery server answering from a table of paths (anything else: 404). */
function server(answers: Record<string, { status: number; body: unknown } | Error>): DiscoveryGet {
  return async (path) => {
    const answer = answers[path];
    if (answer instanceof Error) throw answer;
    if (answer === undefined) return { status: 404, text: '{"kind":"Status","code":404}' };
    return {
      status: answer.status,
      text: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
    };
  };
}
const group = (...versions: string[]) => ({
  status: 200,
  body: { kind: 'APIGroup', versions: versions.map((version) => ({ version })) },
});
const resources = (...names: string[]) => ({
  status: 200,
  body: { kind: 'APIResourceList', resources: names.map((name) => ({ name })) },
});

describe('discoverGroup', () => {
  const cases: {
    name: string;
    spec: (typeof OPTIONAL_GROUPS)[number];
    answers: Record<string, { status: number; body: unknown } | Error>;
    served: string;
    version: string;
    watch: string[];
    detail: RegExp;
  }[] = [
    {
      name: 'group absent (404): NOT_SERVED, nothing watched',
      spec: GATEWAY,
      answers: {},
      served: 'NOT_SERVED',
      version: '',
      watch: [],
      detail: /does not serve gateway\.networking\.k8s\.io/,
    },
    {
      name: 'Gateway API v1 with Gateways and HTTPRoutes only: the others said missing',
      spec: GATEWAY,
      answers: {
        '/apis/gateway.networking.k8s.io': group('v1', 'v1beta1'),
        '/apis/gateway.networking.k8s.io/v1': resources(
          'gateways',
          'gateways/status',
          'httproutes',
          'grpcroutes',
        ),
      },
      served: 'SERVED',
      version: 'v1',
      watch: ['/apis/gateway.networking.k8s.io/v1/gateways', '/apis/gateway.networking.k8s.io/v1/httproutes'],
      detail: /^gatewayclasses, referencegrants not served in gateway\.networking\.k8s\.io\/v1$/,
    },
    {
      name: 'Gateway API v1 with GatewayClasses, ReferenceGrants at v1beta1 (before v1.5)',
      spec: GATEWAY,
      answers: {
        '/apis/gateway.networking.k8s.io': group('v1', 'v1beta1'),
        '/apis/gateway.networking.k8s.io/v1': resources('gateways', 'httproutes', 'gatewayclasses'),
        '/apis/gateway.networking.k8s.io/v1beta1': resources('gateways', 'httproutes', 'referencegrants'),
      },
      served: 'SERVED',
      version: 'v1',
      watch: [
        '/apis/gateway.networking.k8s.io/v1/gateways',
        '/apis/gateway.networking.k8s.io/v1/httproutes',
        '/apis/gateway.networking.k8s.io/v1/gatewayclasses',
        '/apis/gateway.networking.k8s.io/v1beta1/referencegrants',
      ],
      detail: /^$/,
    },
    {
      name: 'ReferenceGrants served at v1 too: v1 is read',
      spec: GATEWAY,
      answers: {
        '/apis/gateway.networking.k8s.io': group('v1', 'v1beta1'),
        '/apis/gateway.networking.k8s.io/v1': resources(
          'gateways',
          'httproutes',
          'gatewayclasses',
          'referencegrants',
        ),
        '/apis/gateway.networking.k8s.io/v1beta1': resources('referencegrants'),
      },
      served: 'SERVED',
      version: 'v1',
      watch: [
        '/apis/gateway.networking.k8s.io/v1/gateways',
        '/apis/gateway.networking.k8s.io/v1/httproutes',
        '/apis/gateway.networking.k8s.io/v1/gatewayclasses',
        '/apis/gateway.networking.k8s.io/v1/referencegrants',
      ],
      detail: /^$/,
    },
    {
      name: 'only an old Gateway API (v1beta1): NOT_SERVED, saying which version is there',
      spec: GATEWAY,
      answers: { '/apis/gateway.networking.k8s.io': group('v1beta1') },
      served: 'NOT_SERVED',
      version: '',
      watch: [],
      detail: /served only as v1beta1; Fleetscope reads v1/,
    },
    {
      name: 'Kueue before v0.16: v1beta1 is read',
      spec: KUEUE,
      answers: {
        '/apis/kueue.x-k8s.io': group('v1beta1', 'v1alpha1'),
        '/apis/kueue.x-k8s.io/v1beta1': resources(
          'workloads',
          'clusterqueues',
          'localqueues',
          'resourceflavors',
        ),
      },
      served: 'SERVED',
      version: 'v1beta1',
      watch: [
        '/apis/kueue.x-k8s.io/v1beta1/workloads',
        '/apis/kueue.x-k8s.io/v1beta1/clusterqueues',
        '/apis/kueue.x-k8s.io/v1beta1/localqueues',
      ],
      detail: /^$/,
    },
    {
      name: 'Kueue v1beta2 preferred when both are served',
      spec: KUEUE,
      answers: {
        '/apis/kueue.x-k8s.io': group('v1beta2', 'v1beta1'),
        '/apis/kueue.x-k8s.io/v1beta2': resources('workloads', 'clusterqueues', 'localqueues'),
      },
      served: 'SERVED',
      version: 'v1beta2',
      watch: [
        '/apis/kueue.x-k8s.io/v1beta2/workloads',
        '/apis/kueue.x-k8s.io/v1beta2/clusterqueues',
        '/apis/kueue.x-k8s.io/v1beta2/localqueues',
      ],
      detail: /^$/,
    },
    {
      name: 'a resource the version does not list is not watched, and said',
      spec: GATEWAY,
      answers: {
        '/apis/gateway.networking.k8s.io': group('v1'),
        '/apis/gateway.networking.k8s.io/v1': resources('gateways'),
      },
      served: 'SERVED',
      version: 'v1',
      watch: ['/apis/gateway.networking.k8s.io/v1/gateways'],
      detail: /^httproutes, gatewayclasses, referencegrants not served in gateway\.networking\.k8s\.io\/v1$/,
    },
    {
      name: 'forbidden (403): UNKNOWN, nothing concluded',
      spec: KUEUE,
      answers: { '/apis/kueue.x-k8s.io': { status: 403, body: '{}' } },
      served: 'UNKNOWN',
      version: '',
      watch: [],
      detail: /answered HTTP 403/,
    },
    {
      name: 'network failure: UNKNOWN',
      spec: KUEUE,
      answers: { '/apis/kueue.x-k8s.io': new Error('connect ECONNREFUSED 10.0.0.1:443') },
      served: 'UNKNOWN',
      version: '',
      watch: [],
      detail: /ECONNREFUSED/,
    },
    {
      name: 'a body that is not discovery: UNKNOWN',
      spec: GATEWAY,
      answers: { '/apis/gateway.networking.k8s.io': { status: 200, body: '<html>proxy login</html>' } },
      served: 'UNKNOWN',
      version: '',
      watch: [],
      detail: /not an APIGroup document/,
    },
  ];
  it.each(cases)('$name', async ({ spec, answers, served, version, watch, detail }) => {
    const found = await discoverGroup(server(answers), spec);
    expect(found.state).toMatchObject({ group: spec.group, served, version });
    expect(found.state.detail).toMatch(detail);
    expect(found.watch.map((w) => w.path)).toEqual(watch);
  });
});

describe('readQueuePositions (Kueue visibility API)', () => {
  const pending = (...items: [string, number, number][]) => ({
    status: 200,
    body: {
      kind: 'PendingWorkloadsSummary',
      items: items.map(([name, inCq, inLq]) => ({
        metadata: { name, namespace: 'ml' },
        positionInClusterQueue: inCq,
        positionInLocalQueue: inLq,
      })),
    },
  });
  const V = '/apis/visibility.kueue.x-k8s.io';
  const cases: {
    name: string;
    answers: Record<string, { status: number; body: unknown } | Error>;
    queues: string[];
    expected: Record<string, number> | RegExp;
  }[] = [
    {
      name: 'positions count from 1 (the API counts from 0), over every ClusterQueue',
      answers: {
        [V]: group('v1beta2', 'v1beta1'),
        [`${V}/v1beta2/clusterqueues/gpu/pendingworkloads`]: pending(['a', 0, 0], ['b', 1, 0]),
        [`${V}/v1beta2/clusterqueues/cpu/pendingworkloads`]: pending(['c', 0, 0]),
      },
      queues: ['gpu', 'cpu'],
      expected: { 'ml/a': 1, 'ml/b': 2, 'ml/c': 1 },
    },
    {
      name: 'an older Kueue: v1beta1',
      answers: {
        [V]: group('v1beta1'),
        [`${V}/v1beta1/clusterqueues/gpu/pendingworkloads`]: pending(['a', 3, 1]),
      },
      queues: ['gpu'],
      expected: { 'ml/a': 4 },
    },
    {
      name: 'not served (visibility disabled): unknown, said',
      answers: {},
      queues: ['gpu'],
      expected: /does not serve visibility\.kueue\.x-k8s\.io/,
    },
    {
      name: 'one queue refused (403): no position at all, never a partial read',
      answers: {
        [V]: group('v1beta2'),
        [`${V}/v1beta2/clusterqueues/gpu/pendingworkloads`]: pending(['a', 0, 0]),
        [`${V}/v1beta2/clusterqueues/cpu/pendingworkloads`]: { status: 403, body: '{}' },
      },
      queues: ['gpu', 'cpu'],
      expected: /ClusterQueue cpu answered HTTP 403/,
    },
  ];
  it.each(cases)('$name', async ({ answers, queues, expected }) => {
    const read = await readQueuePositions(server(answers), queues);
    if (expected instanceof RegExp) {
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.detail).toMatch(expected);
      return;
    }
    expect(read.ok).toBe(true);
    if (read.ok)
      expect(Object.fromEntries([...read.positions].map(([k, v]) => [k, v.positionInClusterQueue]))).toEqual(
        expected,
      );
  });
});
