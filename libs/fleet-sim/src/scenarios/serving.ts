import { insufficientQuotaMessage } from '../generate/kueue.ts';
import { L4 } from './gpu-models.ts';
import type { ClusterSpec, GatewayRoutesIncident, KueueQuotaIncident, ScenarioSpec } from './spec.ts';

const GATEWAY: GatewayRoutesIncident = {
  kind: 'gateway-routes',
  namespace: 'shop',
  gateway: 'web',
  gatewayClass: 'envoy',
  routes: [
    { name: 'storefront', hostname: 'shop.example.com', backend: 'storefront', backendState: 'serving' },
    { name: 'checkout', hostname: 'checkout.example.com', backend: 'checkout', backendState: 'no-endpoints' },
    { name: 'legacy-cart', hostname: 'cart.example.com', backend: 'cart-v1', backendState: 'missing' },
    // Into another namespace: allowed by a ReferenceGrant there, and not allowed (no grant).
    {
      name: 'reviews',
      hostname: 'reviews.example.com',
      backend: 'reviews',
      backendState: 'serving',
      backendNamespace: 'reviews',
      grant: true,
    },
    {
      name: 'payments',
      hostname: 'pay.example.com',
      backend: 'ledger',
      backendState: 'serving',
      backendNamespace: 'payments',
      grant: false,
    },
  ],
};

/** A Gateway whose GatewayClass no running controller claims: class and Gateway stay Pending. */
const UNCLAIMED: GatewayRoutesIncident = {
  kind: 'gateway-routes',
  namespace: 'ops',
  gateway: 'internal',
  gatewayClass: 'nginx-internal',
  classState: 'no-controller',
  controllerName: 'gateway.nginx.org/nginx-gateway-controller',
  routes: [],
};

const KUEUE: KueueQuotaIncident = {
  kind: 'kueue-quota-wait',
  namespace: 'ml-research',
  pool: 'l4',
  clusterQueue: 'gpu-l4',
  localQueue: 'research',
  flavor: 'l4',
  gpus: 2,
  admitted: 'notebook',
  waiting: 'train-llm-0',
  evicted: 'nightly-eval',
};

/** What each route of the scenario must be judged, written from the incident (not from the analysis). */
export interface RouteTruth {
  namespace: string;
  name: string;
  /** The route's status on the serving path. */
  status: 'HEALTHY' | 'DOWN';
  /** The rule of its finding; null when healthy. */
  rule: string | null;
  /** The backend Service, namespace/name. */
  backend: string;
  /** The Gateway API reason the finding carries, when the controller gives one. */
  reason: string | null;
}

/**
 * Ground truth of the `serving` scenario: the cluster with the Gateway API and Kueue, the one without
 * either (NOT_APPLICABLE there), each route's verdict, the Service with Running pods no route reaches,
 * the pod Kueue holds and what it must be called, and the preempted workload.
 */
export const SERVING_TRUTH = {
  cluster: 'prod-serving',
  plainCluster: 'edge-plain',
  gateway: { namespace: GATEWAY.namespace, name: GATEWAY.gateway },
  unclaimedGateway: { namespace: UNCLAIMED.namespace, name: UNCLAIMED.gateway },
  routes: [
    {
      namespace: 'shop',
      name: 'storefront',
      status: 'HEALTHY',
      rule: null,
      backend: 'shop/storefront',
      reason: null,
    },
    {
      namespace: 'shop',
      name: 'checkout',
      status: 'DOWN',
      rule: 'route.backend-no-endpoints',
      backend: 'shop/checkout',
      reason: null,
    },
    {
      namespace: 'shop',
      name: 'legacy-cart',
      status: 'DOWN',
      rule: 'route.backend-missing',
      backend: 'shop/cart-v1',
      reason: 'BackendNotFound',
    },
    {
      namespace: 'shop',
      name: 'payments',
      status: 'DOWN',
      rule: 'route.ref-not-permitted',
      backend: 'payments/ledger',
      reason: 'RefNotPermitted',
    },
    {
      namespace: 'shop',
      name: 'reviews',
      status: 'HEALTHY',
      rule: null,
      backend: 'reviews/reviews',
      reason: null,
    },
  ] satisfies RouteTruth[],
  /**
   * The cross-namespace backends and what our ReferenceGrant check must say of them: permitted by
   * which grant, or refused (none in the target namespace allows HTTPRoutes from shop).
   */
  grants: [
    { route: 'reviews', backend: 'reviews/reviews', permitted: true, grant: 'reviews/from-shop' },
    { route: 'payments', backend: 'payments/ledger', permitted: false, grant: null },
  ],
  /**
   * The GatewayClass no controller claims (Accepted Unknown, Pending) and the Gateway of it: one
   * finding for the class, the Gateway its subject, and no gateway.not-programmed of its own.
   */
  unclaimedClass: {
    name: UNCLAIMED.gatewayClass,
    reason: 'Pending',
    rule: 'gatewayclass.not-accepted',
    gateways: [`${UNCLAIMED.namespace}/${UNCLAIMED.gateway}`],
  },
  acceptedClass: GATEWAY.gatewayClass,
  /** Services with Running, Ready pods in the Gateway's namespace that no route reaches. */
  unrouted: [{ namespace: 'shop', name: 'inventory' }],
} as const;

export const KUEUE_TRUTH = {
  cluster: 'prod-serving',
  clusterQueue: KUEUE.clusterQueue,
  localQueue: KUEUE.localQueue,
  gatedPod: { namespace: KUEUE.namespace, name: KUEUE.waiting },
  /** The pod's classification: gated, by Kueue, waiting for quota in its ClusterQueue — never unschedulable. */
  rule: 'pod.pending-gated',
  cause: 'Kueue admission',
  /**
   * Its place in the ClusterQueue as Kueue's visibility API orders it (the simulator serves it): the
   * preempted workload was requeued 40 minutes ago, before this one was created (25 minutes ago), at the
   * same priority, so it comes second. Counted from 1 (the API's positions count from 0).
   */
  position: 2,
  /** Through the API, which reads the visibility API. */
  summary: `waiting for quota in ClusterQueue ${KUEUE.clusterQueue} (position 2): Pending ${insufficientQuotaMessage(KUEUE.flavor, 1)}`,
  /** From a kubectl dump, which holds no positions. */
  summaryOffline: `waiting for quota in ClusterQueue ${KUEUE.clusterQueue}: Pending ${insufficientQuotaMessage(KUEUE.flavor, 1)}`,
  evicted: { namespace: KUEUE.namespace, job: KUEUE.evicted, reason: 'Preempted' },
  admittedPods: KUEUE.gpus,
} as const;

const servingCluster: ClusterSpec = {
  name: SERVING_TRUTH.cluster,
  region: 'eu-west-1',
  zones: ['eu-west-1a', 'eu-west-1b'],
  version: 'v1.35.2',
  provider: 'aws',
  pools: [
    {
      name: 'system',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'm7i.2xlarge',
      nodes: { small: 3, demo: 4 },
      cpu: 8,
      memoryGi: 32,
    },
    {
      name: 'l4',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'g6.2xlarge',
      nodes: { small: 4, demo: 6 },
      cpu: 8,
      memoryGi: 32,
      gpu: L4,
    },
  ],
  workloads: [
    {
      namespace: 'shop',
      name: 'storefront',
      pool: 'system',
      replicas: { small: 2, demo: 3 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/storefront:4.2.0',
      cpu: '500m',
      memory: '1Gi',
      servicePort: 8080,
    },
    {
      namespace: 'shop',
      name: 'inventory',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/inventory:1.8.1',
      cpu: '250m',
      memory: '512Mi',
      servicePort: 8080,
    },
    // Backends of routes from shop, in namespaces of their own.
    {
      namespace: 'reviews',
      name: 'reviews',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/reviews:3.0.4',
      cpu: '250m',
      memory: '512Mi',
      servicePort: 8080,
    },
    {
      namespace: 'payments',
      name: 'ledger',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/ledger:2.1.0',
      cpu: '250m',
      memory: '512Mi',
      servicePort: 8080,
    },
  ],
  incidents: [GATEWAY, UNCLAIMED, KUEUE],
};

/** A cluster with neither CRD: the serving path and Kueue are NOT_APPLICABLE there. */
const plainCluster: ClusterSpec = {
  name: SERVING_TRUTH.plainCluster,
  region: 'eu-west-1',
  zones: ['eu-west-1a'],
  version: 'v1.35.2',
  provider: 'aws',
  pools: [
    {
      name: 'system',
      poolLabel: 'karpenter.sh/nodepool',
      instanceType: 'm7i.xlarge',
      nodes: { small: 2, demo: 3 },
      cpu: 4,
      memoryGi: 16,
    },
  ],
  workloads: [
    {
      namespace: 'edge',
      name: 'proxy',
      pool: 'system',
      replicas: { small: 1, demo: 2 },
      role: 'service',
      image: 'ghcr.io/fleetscope-demo/edge-proxy:2.0.0',
      cpu: '250m',
      memory: '256Mi',
      servicePort: 8080,
    },
  ],
  incidents: [],
};

/**
 * The serving path and Kueue (issue 9, parts 5 and 6): a Gateway with an HTTPRoute whose backend has no
 * endpoints, one whose backend Service does not exist and a healthy one, a Service with Running pods no
 * route reaches, a route into another namespace a ReferenceGrant allows and one no grant allows; a
 * Gateway whose GatewayClass no controller claims (not Accepted); a Kueue ClusterQueue used up, a pod held by Kueue's admission gate waiting for quota
 * and a preempted workload; and a cluster with neither CRD. {@link SERVING_TRUTH} and
 * {@link KUEUE_TRUTH} say what each must be diagnosed as.
 */
export const servingScenario: ScenarioSpec = {
  name: 'serving',
  description:
    'Gateway API routes (one backend without endpoints, one missing, one cross-namespace without a ReferenceGrant), a GatewayClass no controller accepts, and a Kueue workload waiting for quota, beside a cluster with neither CRD.',
  clusters: [servingCluster, plainCluster],
};
