import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';
import type { GatewayRoutesIncident } from '../scenarios/spec.ts';
import { managedFields } from './meta.ts';

const GV = 'gateway.networking.k8s.io/v1';
const CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

function condition(type: string, status: 'True' | 'False', reason: string, message: string, at: number) {
  return { type, status, reason, message, lastTransitionTime: toKubeTime(at), observedGeneration: 1 };
}

/**
 * The Gateway and HTTPRoutes of a {@link GatewayRoutesIncident}, with their status as a Gateway
 * controller (Envoy Gateway's wording) writes it: the Gateway Accepted and Programmed with an address,
 * each route Accepted by it, and ResolvedRefs=False BackendNotFound for a backend Service that does
 * not exist.
 */
export function buildGatewayObjects(
  incident: GatewayRoutesIncident,
  random: Random,
  createdMs: number,
  address: string,
): KubeObject[] {
  const { namespace } = incident;
  const gateway: KubeObject = {
    apiVersion: GV,
    kind: 'Gateway',
    metadata: {
      name: incident.gateway,
      namespace,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(createdMs),
      managedFields: managedFields('kubectl-client-side-apply', GV, createdMs),
    },
    spec: {
      gatewayClassName: incident.gatewayClass,
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
      ],
    },
    status: {
      addresses: [{ type: 'IPAddress', value: address }],
      conditions: [
        condition(
          'Accepted',
          'True',
          'Accepted',
          'The Gateway has been scheduled by Envoy Gateway',
          createdMs + 2_000,
        ),
        condition(
          'Programmed',
          'True',
          'Programmed',
          'Address assigned to the Gateway, 1/1 envoy replicas available',
          createdMs + 9_000,
        ),
      ],
      listeners: [
        {
          name: 'http',
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
            { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
          ],
          attachedRoutes: incident.routes.length,
          conditions: [
            condition(
              'Programmed',
              'True',
              'Programmed',
              'Sending translated listener configuration to the data plane',
              createdMs + 9_000,
            ),
            condition(
              'Accepted',
              'True',
              'Accepted',
              'Listener has been successfully translated',
              createdMs + 2_000,
            ),
            condition(
              'ResolvedRefs',
              'True',
              'ResolvedRefs',
              'Listener references have been resolved',
              createdMs + 2_000,
            ),
          ],
        },
      ],
    },
  };
  const routes = incident.routes.map((route): KubeObject => {
    const routeCreated = createdMs + 60_000;
    const port = route.port ?? 8080;
    const resolved =
      route.backendState === 'missing'
        ? condition(
            'ResolvedRefs',
            'False',
            'BackendNotFound',
            `Failed to process route rule 0 backendRef 0: service ${namespace}/${route.backend} not found.`,
            routeCreated + 1_000,
          )
        : condition(
            'ResolvedRefs',
            'True',
            'ResolvedRefs',
            'Resolved all the Object references for the Route',
            routeCreated + 1_000,
          );
    return {
      apiVersion: GV,
      kind: 'HTTPRoute',
      metadata: {
        name: route.name,
        namespace,
        uid: random.uuid(),
        resourceVersion: '',
        generation: 1,
        creationTimestamp: toKubeTime(routeCreated),
        managedFields: managedFields('kubectl-client-side-apply', GV, routeCreated),
      },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: incident.gateway }],
        hostnames: [route.hostname],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ group: '', kind: 'Service', name: route.backend, port, weight: 1 }],
          },
        ],
      },
      status: {
        parents: [
          {
            parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: incident.gateway },
            controllerName: CONTROLLER,
            conditions: [
              condition('Accepted', 'True', 'Accepted', 'Route is accepted', routeCreated + 1_000),
              resolved,
            ],
          },
        ],
      },
    };
  });
  return [gateway, ...routes];
}
