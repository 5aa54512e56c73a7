import type {
  ConditionRecord,
  GatewayClassRecord,
  GatewayRecord,
  HTTPRouteRecord,
  ReferenceGrantRecord,
  RouteBackendRef,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  decideReference,
  judgeServingPath,
  projectGateway,
  projectGatewayClass,
  projectReferenceGrant,
  type ServingPathInput,
} from '../../src/index.ts';
import { endpointSlice, NOW, service } from '../factories.ts';

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

function gatewayClass(
  name: string,
  conditions: ConditionRecord[],
  controllerName = 'example.net/gw',
): GatewayClassRecord {
  return {
    kind: 'GatewayClass',
    uid: `uid-gc-${name}`,
    namespace: '',
    name,
    resourceVersion: '1',
    generation: 1,
    controllerName,
    conditions,
  };
}

function gateway(
  name: string,
  className: string,
  conditions: ConditionRecord[],
  extra: Partial<GatewayRecord> = {},
): GatewayRecord {
  return {
    kind: 'Gateway',
    uid: `uid-gw-${name}`,
    namespace: 'shop',
    name,
    resourceVersion: '1',
    generation: 1,
    gatewayClassName: className,
    conditions,
    listeners: [{ name: 'http', attachedRoutes: 0, conditions: [] }],
    ...extra,
  };
}

const PENDING = [cond('Accepted', 'Unknown', 'Pending', 'Waiting for controller')];
const PROGRAMMED = [cond('Accepted', 'True', 'Accepted'), cond('Programmed', 'True', 'Programmed')];
const ACCEPTED_CLASS = gatewayClass('envoy', [cond('Accepted', 'True', 'Accepted')]);

function grant(
  namespace: string,
  name: string,
  from: ReferenceGrantRecord['from'],
  to: ReferenceGrantRecord['to'],
): ReferenceGrantRecord {
  return { kind: 'ReferenceGrant', uid: `uid-rg-${name}`, namespace, name, resourceVersion: '1', from, to };
}

const FROM_SHOP = [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }];
const ANY_SERVICE = [{ group: '', kind: 'Service', name: '' }];

const backend = (name: string, namespace: string): RouteBackendRef => ({
  group: '',
  kind: 'Service',
  namespace,
  name,
  port: 8080,
});

function route(name: string, backends: RouteBackendRef[], resolved: ConditionRecord): HTTPRouteRecord {
  const parent = { namespace: 'shop', name: 'web', sectionName: '' };
  return {
    kind: 'HTTPRoute',
    uid: `uid-rt-${name}`,
    namespace: 'shop',
    name,
    resourceVersion: '1',
    generation: 1,
    hostnames: [],
    parentRefs: [parent],
    backendRefs: backends,
    parents: [
      {
        parent,
        controllerName: 'example.net/gw',
        conditions: [cond('Accepted', 'True', 'Accepted'), resolved],
      },
    ],
  };
}

const RESOLVED = cond('ResolvedRefs', 'True', 'ResolvedRefs');
const REFUSED = cond('ResolvedRefs', 'False', 'RefNotPermitted', 'backendRef payments/ledger not permitted');

function input(overrides: Partial<ServingPathInput>): ServingPathInput {
  return {
    cluster: 'c1',
    api: { group: 'gateway.networking.k8s.io', version: 'v1', served: 'SERVED', detail: '' },
    listed: true,
    gateways: [gateway('web', 'envoy', PROGRAMMED)],
    routes: [],
    services: [
      service('ledger', { namespace: 'payments' }),
      service('cart', { namespace: 'shop', type: 'LoadBalancer' }),
    ],
    endpointSlices: [
      endpointSlice('ledger', 2, { namespace: 'payments' }),
      endpointSlice('cart', 1, { namespace: 'shop' }),
    ],
    gatewayClasses: [ACCEPTED_CLASS],
    referenceGrants: [],
    observedAt: NOW,
    ...overrides,
  };
}

interface Case {
  name: string;
  input: ServingPathInput;
  status: string;
  findings: { id: string; status: string | null; title: RegExp }[];
}

const CASES: Case[] = [
  {
    name: 'a class not Accepted (no controller): one finding for the class, its Gateways as subjects',
    input: input({
      gatewayClasses: [gatewayClass('nginx', PENDING, 'k8s.io/nginx-gateway')],
      gateways: [gateway('web', 'nginx', PENDING), gateway('api', 'nginx', PENDING)],
    }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/gatewayclass.not-accepted/GatewayClass//nginx',
        status: 'DOWN',
        title:
          /^GatewayClass nginx not Accepted: Pending — 2 Gateways of it cannot be programmed \(shop\/api, shop\/web\)$/,
      },
    ],
  },
  {
    name: 'a class refused by its controller: its reason named',
    input: input({
      gatewayClasses: [
        gatewayClass('envoy', [cond('Accepted', 'False', 'InvalidParameters', 'EnvoyProxy x not found')]),
      ],
      gateways: [
        gateway('web', 'envoy', [
          cond('Accepted', 'False', 'Invalid'),
          cond('Programmed', 'False', 'Invalid'),
        ]),
      ],
    }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/gatewayclass.not-accepted/GatewayClass//envoy',
        status: 'DOWN',
        title: /^GatewayClass envoy not Accepted: InvalidParameters — 1 Gateway of it/,
      },
    ],
  },
  {
    name: 'a class that does not exist',
    input: input({ gateways: [gateway('web', 'istio', [])] }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/gatewayclass.missing/GatewayClass//istio',
        status: 'DOWN',
        title: /^GatewayClass istio does not exist: 1 Gateway of it cannot be programmed \(shop\/web\)$/,
      },
    ],
  },
  {
    name: 'classes not known: the Gateway alone is judged, as before',
    input: input({
      gatewayClasses: null,
      gateways: [gateway('web', 'istio', [cond('Programmed', 'False', 'AddressNotAssigned')])],
    }),
    status: 'DOWN',
    findings: [{ id: 'c1/gateway.not-programmed/Gateway/shop/web', status: 'DOWN', title: /not Programmed/ }],
  },
  {
    name: 'an Accepted class with no trouble: silent',
    input: input({}),
    status: 'HEALTHY',
    findings: [],
  },
  {
    name: 'a cross-namespace backend without a grant, the controller agreeing: refused, with its word',
    input: input({ routes: [route('pay', [backend('ledger', 'payments')], REFUSED)] }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/route.ref-not-permitted/HTTPRoute/shop/pay#payments/ledger',
        status: 'DOWN',
        title:
          /^HTTPRoute shop\/pay backend Service payments\/ledger:8080 is in another namespace and no ReferenceGrant in payments allows HTTPRoute from shop \(ResolvedRefs=False RefNotPermitted\)$/,
      },
    ],
  },
  {
    name: 'a grant allows it: healthy',
    input: input({
      routes: [route('pay', [backend('ledger', 'payments')], RESOLVED)],
      referenceGrants: [grant('payments', 'from-shop', FROM_SHOP, ANY_SERVICE)],
    }),
    status: 'HEALTHY',
    findings: [],
  },
  {
    name: 'a grant in the wrong namespace, or for another name, allows nothing',
    input: input({
      routes: [route('pay', [backend('ledger', 'payments')], REFUSED)],
      referenceGrants: [
        grant('shop', 'wrong-ns', FROM_SHOP, ANY_SERVICE),
        grant('payments', 'other-name', FROM_SHOP, [{ group: '', kind: 'Service', name: 'audit' }]),
      ],
    }),
    status: 'DOWN',
    findings: [
      {
        id: 'c1/route.ref-not-permitted/HTTPRoute/shop/pay#payments/ledger',
        status: 'DOWN',
        title: /no ReferenceGrant/,
      },
    ],
  },
  {
    name: 'another backend still serves: DEGRADED',
    input: input({
      routes: [route('pay', [backend('ledger', 'payments'), backend('cart', 'shop')], REFUSED)],
    }),
    status: 'DEGRADED',
    findings: [
      {
        id: 'c1/route.ref-not-permitted/HTTPRoute/shop/pay#payments/ledger',
        status: 'DEGRADED',
        title: /no ReferenceGrant/,
      },
    ],
  },
  {
    name: 'no grant, yet the controller resolved it: the disagreement is said',
    input: input({ routes: [route('pay', [backend('ledger', 'payments')], RESOLVED)] }),
    status: 'HEALTHY',
    findings: [
      {
        id: 'c1/route.grant-disagreement/HTTPRoute/shop/pay#payments/ledger',
        status: null,
        title:
          /no ReferenceGrant in payments allows its backend Service payments\/ledger:8080, yet its controller says ResolvedRefs=True$/,
      },
    ],
  },
  {
    name: 'a grant allows it, yet the controller refuses: the disagreement is said (and not again as refs-unresolved)',
    input: input({
      routes: [route('pay', [backend('ledger', 'payments')], REFUSED)],
      referenceGrants: [
        grant('payments', 'from-shop', FROM_SHOP, [{ group: '', kind: 'Service', name: 'ledger' }]),
      ],
    }),
    status: 'HEALTHY',
    findings: [
      {
        id: 'c1/route.grant-disagreement/HTTPRoute/shop/pay#payments/ledger',
        status: null,
        title:
          /ReferenceGrant payments\/from-shop allows its backend .*, yet its controller says ResolvedRefs=False RefNotPermitted$/,
      },
    ],
  },
  {
    name: 'grants not known: only the controller speaks (refs-unresolved)',
    input: input({ routes: [route('pay', [backend('ledger', 'payments')], REFUSED)], referenceGrants: null }),
    status: 'DEGRADED',
    findings: [
      {
        id: 'c1/route.refs-unresolved/HTTPRoute/shop/pay#refs',
        status: 'DEGRADED',
        title: /RefNotPermitted/,
      },
    ],
  },
  {
    name: "a listener's certificate in another namespace without a grant",
    input: input({
      gateways: [
        gateway('web', 'envoy', PROGRAMMED, {
          certificateRefs: [
            { listener: 'https', group: '', kind: 'Secret', namespace: 'certs', name: 'shop-tls' },
          ],
        }),
      ],
    }),
    status: 'DEGRADED',
    findings: [
      {
        id: 'c1/gateway.ref-not-permitted/Gateway/shop/web#https/certs/shop-tls',
        status: 'DEGRADED',
        title:
          /listener https: certificate Secret certs\/shop-tls is in another namespace and no ReferenceGrant in certs allows Gateway from shop$/,
      },
    ],
  },
];

describe('judgeServingPath: GatewayClasses and ReferenceGrants', () => {
  it.each(CASES)('$name', ({ input: given, status, findings }) => {
    const path = judgeServingPath(given);
    expect(path.status).toBe(status);
    expect(path.findings.map((f) => ({ id: f.id, status: f.status, title: f.title }))).toEqual(
      findings.map((f) => ({ id: f.id, status: f.status, title: expect.stringMatching(f.title) })),
    );
    for (const f of path.findings) expect(f.evidence.length).toBeGreaterThan(0);
  });

  it('the class finding is on every Gateway of the class, and the class view says who uses it', () => {
    const path = judgeServingPath(
      input({
        gatewayClasses: [gatewayClass('nginx', PENDING), ACCEPTED_CLASS],
        gateways: [
          gateway('web', 'nginx', PENDING),
          gateway('api', 'nginx', PENDING),
          gateway('ok', 'envoy', PROGRAMMED),
        ],
      }),
    );
    const id = 'c1/gatewayclass.not-accepted/GatewayClass//nginx';
    expect(path.gateways.map((g) => [g.name, g.status, g.findingIds])).toEqual([
      ['api', 'DOWN', [id]],
      ['ok', 'HEALTHY', []],
      ['web', 'DOWN', [id]],
    ]);
    expect(path.gatewayClasses).toEqual([
      {
        name: 'envoy',
        exists: true,
        controllerName: 'example.net/gw',
        accepted: expect.objectContaining({ status: 'True' }),
        gateways: ['shop/ok'],
        status: 'HEALTHY',
        findingIds: [],
      },
      {
        name: 'nginx',
        exists: true,
        controllerName: 'example.net/gw',
        accepted: expect.objectContaining({ status: 'Unknown', reason: 'Pending' }),
        gateways: ['shop/api', 'shop/web'],
        status: 'DOWN',
        findingIds: [id],
      },
    ]);
    expect(path.findings.find((f) => f.id === id)?.subjects.map((s) => s.name)).toEqual(['api', 'web']);
  });

  it('route backends say whether they are permitted and by which grant', () => {
    const path = judgeServingPath(
      input({
        routes: [route('pay', [backend('ledger', 'payments'), backend('cart', 'shop')], RESOLVED)],
        referenceGrants: [grant('payments', 'from-shop', FROM_SHOP, ANY_SERVICE)],
      }),
    );
    expect(path.routes[0]?.backends.map((b) => [b.ref.name, b.grant])).toEqual([
      ['ledger', { crossNamespace: true, permitted: true, grant: 'payments/from-shop' }],
      ['cart', { crossNamespace: false, permitted: true, grant: null }],
    ]);
  });
});

describe('decideReference', () => {
  const ref = {
    from: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' },
    to: { group: '', kind: 'Service', namespace: 'payments', name: 'ledger' },
  };
  it.each<[string, ReferenceGrantRecord[] | null, { permitted: boolean | null; grant: string | null }]>([
    ['grants not known', null, { permitted: null, grant: null }],
    ['none', [], { permitted: false, grant: null }],
    [
      'every Service of the namespace',
      [grant('payments', 'all', FROM_SHOP, ANY_SERVICE)],
      { permitted: true, grant: 'payments/all' },
    ],
    [
      "'core' written for the core group",
      [grant('payments', 'core', FROM_SHOP, [{ group: 'core', kind: 'Service', name: 'ledger' }])],
      { permitted: true, grant: 'payments/core' },
    ],
    [
      'from another namespace',
      [grant('payments', 'other', [{ ...FROM_SHOP[0], namespace: 'blog' } as never], ANY_SERVICE)],
      { permitted: false, grant: null },
    ],
    [
      'from another kind (GRPCRoute)',
      [grant('payments', 'grpc', [{ ...FROM_SHOP[0], kind: 'GRPCRoute' } as never], ANY_SERVICE)],
      { permitted: false, grant: null },
    ],
    [
      'to Secrets only',
      [grant('payments', 'secrets', FROM_SHOP, [{ group: '', kind: 'Secret', name: '' }])],
      { permitted: false, grant: null },
    ],
  ])('%s', (_, grants, expected) => {
    expect(decideReference(ref, grants)).toEqual({ crossNamespace: true, ...expected });
  });
});

describe('projections', () => {
  it('reads a GatewayClass (cluster-scoped): controllerName and Accepted', () => {
    const r = projectGatewayClass({
      metadata: { name: 'envoy', uid: 'u', resourceVersion: '3', generation: 1 },
      spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
      status: {
        conditions: [
          {
            type: 'Accepted',
            status: 'Unknown',
            reason: 'Pending',
            message: 'Waiting for controller',
            lastTransitionTime: '2026-11-27T19:00:00Z',
          },
        ],
      },
    });
    expect(r.ok && r.record).toMatchObject({
      kind: 'GatewayClass',
      namespace: '',
      name: 'envoy',
      controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
      conditions: [{ type: 'Accepted', status: 'Unknown', reason: 'Pending' }],
    });
  });

  it('reads a ReferenceGrant (v1beta1 and v1 alike); a from without namespace is an error, not a throw', () => {
    const r = projectReferenceGrant({
      metadata: { name: 'from-shop', namespace: 'payments', uid: 'u' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
        to: [{ group: '', kind: 'Service' }],
      },
    });
    expect(r.ok && r.record).toMatchObject({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service', name: '' }],
    });
    const bad = projectReferenceGrant({
      metadata: { name: 'g', namespace: 'payments', uid: 'u' },
      spec: { from: [{ group: '', kind: 'HTTPRoute' }] },
    });
    expect(bad.ok).toBe(false);
  });

  it("reads a Gateway's listener certificateRefs, namespace defaulted to the Gateway's", () => {
    const r = projectGateway({
      metadata: { name: 'web', namespace: 'shop', uid: 'u' },
      spec: {
        gatewayClassName: 'envoy',
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80 },
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            tls: {
              certificateRefs: [
                { name: 'local-tls' },
                { kind: 'Secret', name: 'shared', namespace: 'certs' },
              ],
            },
          },
        ],
      },
    });
    expect(r.ok && r.record.certificateRefs).toEqual([
      { listener: 'https', group: '', kind: 'Secret', namespace: 'shop', name: 'local-tls' },
      { listener: 'https', group: '', kind: 'Secret', namespace: 'certs', name: 'shared' },
    ]);
  });
});
