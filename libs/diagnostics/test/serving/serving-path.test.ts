import type {
  ConditionRecord,
  GatewayRecord,
  HTTPRouteRecord,
  OptionalApiState,
  RouteBackendRef,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  judgeServingPath,
  projectGateway,
  projectHTTPRoute,
  type ServingPathInput,
} from '../../src/index.ts';
import { endpointSlice, NOW, service } from '../factories.ts';

const SERVED: OptionalApiState = {
  group: 'gateway.networking.k8s.io',
  version: 'v1',
  served: 'SERVED',
  detail: '',
};

const cond = (
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message = '',
): ConditionRecord => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: NOW - 60_000,
});

function gateway(name: string, conditions: ConditionRecord[], namespace = 'shop'): GatewayRecord {
  return {
    kind: 'Gateway',
    uid: `uid-gw-${name}`,
    namespace,
    name,
    resourceVersion: '1',
    generation: 1,
    gatewayClassName: 'envoy',
    conditions,
    listeners: [{ name: 'http', attachedRoutes: 1, conditions: [] }],
  };
}

const backend = (name: string, namespace = 'shop'): RouteBackendRef => ({
  group: '',
  kind: 'Service',
  namespace,
  name,
  port: 8080,
});

function route(
  name: string,
  backends: RouteBackendRef[],
  parentConditions: ConditionRecord[] | null = [
    cond('Accepted', 'True', 'Accepted'),
    cond('ResolvedRefs', 'True', 'ResolvedRefs'),
  ],
): HTTPRouteRecord {
  const parent = { namespace: 'shop', name: 'web', sectionName: '' };
  return {
    kind: 'HTTPRoute',
    uid: `uid-rt-${name}`,
    namespace: 'shop',
    name,
    resourceVersion: '1',
    generation: 1,
    hostnames: [`${name}.example.com`],
    parentRefs: [parent],
    backendRefs: backends,
    parents:
      parentConditions === null
        ? []
        : [
            {
              parent,
              controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
              conditions: parentConditions,
            },
          ],
  };
}

const GOOD_GW = gateway('web', [
  cond('Accepted', 'True', 'Accepted'),
  cond('Programmed', 'True', 'Programmed'),
]);

function input(overrides: Partial<ServingPathInput>): ServingPathInput {
  return {
    cluster: 'c1',
    api: SERVED,
    listed: true,
    gateways: [GOOD_GW],
    routes: [],
    services: [service('checkout', { namespace: 'shop' }), service('cart', { namespace: 'shop' })],
    endpointSlices: [
      endpointSlice('checkout', 2, { namespace: 'shop' }),
      endpointSlice('cart', 0, { namespace: 'shop' }),
    ],
    observedAt: NOW,
    ...overrides,
  };
}

interface Case {
  name: string;
  input: ServingPathInput;
  status: string;
  /** rule → status of every finding, in id order. */
  findings: { id: string; status: string | null; title: RegExp }[];
}

const CASES: Case[] = [
  {
    name: 'CRDs absent: NOT_APPLICABLE and silent',
    input: input({
      api: {
        ...SERVED,
        version: '',
        served: 'NOT_SERVED',
        detail: 'the API server does not serve gateway.networking.k8s.io',
      },
    }),
    status: 'NOT_APPLICABLE',
    findings: [],
  },
  {
    name: 'discovery not answered: UNKNOWN, never healthy',
    input: input({ api: { ...SERVED, served: 'UNKNOWN', detail: 'HTTP 503' } }),
    status: 'UNKNOWN',
    findings: [],
  },
  {
    name: 'served but not listed yet: UNKNOWN',
    input: input({ listed: false }),
    status: 'UNKNOWN',
    findings: [],
  },
  {
    name: 'accepted route to a Service with ready endpoints: healthy',
    input: input({ routes: [route('checkout', [backend('checkout')])] }),
    status: 'HEALTHY',
    findings: [],
  },
  {
    name: 'route to a Service with no endpoints: DOWN when it is the only backend',
    input: input({ routes: [route('cart', [backend('cart')]), route('checkout', [backend('checkout')])] }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/route.backend-no-endpoints/HTTPRoute/shop/cart#shop/cart',
        status: 'DOWN',
        title: /points to Service shop\/cart:8080, which has no ready endpoints/,
      },
    ],
  },
  {
    name: 'one of two weighted backends without endpoints: DEGRADED',
    input: input({ routes: [route('split', [backend('checkout'), backend('cart')])] }),
    status: 'DEGRADED',
    findings: [
      {
        id: 'c1/route.backend-no-endpoints/HTTPRoute/shop/split#shop/cart',
        status: 'DEGRADED',
        title: /no ready endpoints/,
      },
    ],
  },
  {
    name: "backendRef names a Service that does not exist, in the controller's words",
    input: input({
      routes: [
        route(
          'ghost',
          [backend('ghost')],
          [
            cond('Accepted', 'True', 'Accepted'),
            cond('ResolvedRefs', 'False', 'BackendNotFound', 'Service "ghost" not found'),
          ],
        ),
        route('checkout', [backend('checkout')]),
      ],
    }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/route.backend-missing/HTTPRoute/shop/ghost#shop/ghost',
        status: 'DOWN',
        title: /backend Service shop\/ghost:8080 does not exist \(ResolvedRefs=False BackendNotFound\)/,
      },
    ],
  },
  {
    name: 'route not Accepted by its parent: NotAllowedByListeners',
    input: input({
      routes: [
        route(
          'blocked',
          [backend('checkout')],
          [
            cond(
              'Accepted',
              'False',
              'NotAllowedByListeners',
              'No listeners included by this parent ref allowed this attachment.',
            ),
            cond('ResolvedRefs', 'True', 'ResolvedRefs'),
          ],
        ),
      ],
    }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/route.not-accepted/HTTPRoute/shop/blocked#shop/web/',
        status: 'DOWN',
        title: /not Accepted by Gateway shop\/web: NotAllowedByListeners/,
      },
    ],
  },
  {
    name: 'no controller wrote a status for the parentRef: said, moves nothing',
    input: input({ routes: [route('orphan', [backend('checkout')], null)] }),
    status: 'HEALTHY',
    findings: [
      {
        id: 'c1/route.not-accepted/HTTPRoute/shop/orphan#shop/web/',
        status: null,
        title: /no controller reported on it/,
      },
    ],
  },
  {
    name: 'ResolvedRefs False for another reason (RefNotPermitted)',
    input: input({
      routes: [
        route(
          'cross',
          [backend('checkout')],
          [
            cond('Accepted', 'True', 'Accepted'),
            cond(
              'ResolvedRefs',
              'False',
              'RefNotPermitted',
              'backendRef not permitted by any ReferenceGrant',
            ),
          ],
        ),
      ],
    }),
    status: 'DEGRADED',
    findings: [
      {
        id: 'c1/route.refs-unresolved/HTTPRoute/shop/cross#refs',
        status: 'DEGRADED',
        title: /ResolvedRefs=False: RefNotPermitted/,
      },
    ],
  },
  {
    name: 'Gateway not Programmed: every route through it fails',
    input: input({
      gateways: [
        gateway('web', [
          cond('Accepted', 'True', 'Accepted'),
          cond('Programmed', 'False', 'AddressNotAssigned', 'No addresses have been assigned'),
        ]),
      ],
      routes: [route('checkout', [backend('checkout')])],
    }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/gateway.not-programmed/Gateway/shop/web',
        status: 'DOWN',
        title: /not Programmed: AddressNotAssigned/,
      },
    ],
  },
  {
    name: 'Running pods behind a Service no route reaches, in a namespace with a Gateway: INFO',
    input: input({ routes: [] }),
    status: 'HEALTHY',
    findings: [
      {
        id: 'c1/service.unrouted/Service/shop/checkout',
        status: null,
        title: /2 ready endpoints but no HTTPRoute reaches it/,
      },
    ],
  },
  {
    name: 'no Gateway in the namespace: an unrouted Service is not named',
    input: input({
      gateways: [gateway('edge', [cond('Programmed', 'True', 'Programmed')], 'infra')],
      routes: [],
    }),
    status: 'HEALTHY',
    findings: [],
  },
];

describe('judgeServingPath', () => {
  it.each(CASES)('$name', ({ input: given, status, findings }) => {
    const path = judgeServingPath(given);
    expect(path.status).toBe(status);
    expect(path.findings.map((f) => ({ id: f.id, status: f.status, title: f.title }))).toEqual(
      findings.map((f) => ({ id: f.id, status: f.status, title: expect.stringMatching(f.title) })),
    );
    for (const f of path.findings) {
      expect(f.plane).toBe('DATA');
      expect(f.evidence.length).toBeGreaterThan(0);
    }
  });

  it('a finding names the route it is about on the route view', () => {
    const path = judgeServingPath(
      input({ routes: [route('cart', [backend('cart')]), route('checkout', [backend('checkout')])] }),
    );
    const cart = path.routes.find((r) => r.name === 'cart');
    expect(cart).toMatchObject({ status: 'DOWN', backends: [{ exists: true, readyEndpoints: 0 }] });
    expect(cart?.findingIds).toEqual(['c1/route.backend-no-endpoints/HTTPRoute/shop/cart#shop/cart']);
    expect(path.routes.find((r) => r.name === 'checkout')).toMatchObject({
      status: 'HEALTHY',
      findingIds: [],
    });
  });
});

describe('Gateway API projections', () => {
  it('reads an HTTPRoute: parentRefs, backends (namespace defaulted), status per parent', () => {
    const result = projectHTTPRoute({
      metadata: { name: 'cart', namespace: 'shop', uid: 'u1', resourceVersion: '7', generation: 2 },
      spec: {
        parentRefs: [{ name: 'web' }],
        hostnames: ['cart.example.com'],
        rules: [
          {
            backendRefs: [
              { name: 'cart', port: 8080 },
              { name: 'cart', port: 8080 },
            ],
          },
          { backendRefs: [{ name: 'legacy', namespace: 'old', port: 80, weight: 1 }] },
        ],
      },
      status: {
        parents: [
          {
            parentRef: { name: 'web', namespace: 'shop' },
            controllerName: 'example.net/gateway-controller',
            conditions: [
              {
                type: 'Accepted',
                status: 'True',
                reason: 'Accepted',
                message: '',
                lastTransitionTime: '2026-11-27T19:00:00Z',
              },
            ],
          },
        ],
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.parentRefs).toEqual([{ namespace: 'shop', name: 'web', sectionName: '' }]);
    expect(result.record.backendRefs).toEqual([
      { group: '', kind: 'Service', namespace: 'shop', name: 'cart', port: 8080 },
      { group: '', kind: 'Service', namespace: 'old', name: 'legacy', port: 80 },
    ]);
    expect(result.record.parents[0]?.conditions[0]).toMatchObject({ type: 'Accepted', status: 'True' });
  });

  it('rejects a malformed Gateway with the field named, never throws', () => {
    const result = projectGateway({
      metadata: { name: 'web', namespace: 'shop', uid: 'u' },
      status: { conditions: 'x' },
    });
    expect(result).toEqual({ ok: false, error: "Gateway shop/web: status.conditions is not an array: 'x'" });
  });
});
