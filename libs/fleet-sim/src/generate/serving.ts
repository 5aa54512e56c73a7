import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';
import type { GatewayRoutesIncident } from '../scenarios/spec.ts';
import { managedFields } from './meta.ts';

const GV = 'gateway.networking.k8s.io/v1';
const CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  at: number,
) {
  return { type, status, reason, message, lastTransitionTime: toKubeTime(at), observedGeneration: 1 };
}

/**
 * The GatewayClass, Gateway, HTTPRoutes and ReferenceGrants of a {@link GatewayRoutesIncident}, with
 * their status as a Gateway controller (Envoy Gateway's wording) writes it: the class Accepted, the
 * Gateway Accepted and Programmed with an address, each route Accepted by it, ResolvedRefs=False
 * BackendNotFound for a backend Service that does not exist and RefNotPermitted for one in another
 * namespace that no ReferenceGrant allows. With no controller for the class, nothing writes a status:
 * class and Gateway keep the API server's defaults (Accepted Unknown, Pending).
 */
export function buildGatewayObjects(
  incident: GatewayRoutesIncident,
  random: Random,
  createdMs: number,
  address: string,
): KubeObject[] {
  const { namespace } = incident;
  const noController = incident.classState === 'no-controller';
  const controllerName = incident.controllerName ?? CONTROLLER;
  const pending = (type: string, at: number) =>
    condition(type, 'Unknown', 'Pending', 'Waiting for controller', at);
  // Without a controller nobody writes a status: the API server's defaults stay (Unknown, Pending).
  const gatewayClass: KubeObject = {
    apiVersion: GV,
    kind: 'GatewayClass',
    metadata: {
      name: incident.gatewayClass,
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(createdMs - 86_400_000),
      managedFields: managedFields('helm', GV, createdMs - 86_400_000),
    },
    spec: { controllerName },
    status: {
      conditions: [
        noController
          ? pending('Accepted', createdMs - 86_400_000)
          : condition('Accepted', 'True', 'Accepted', 'Valid GatewayClass', createdMs - 86_390_000),
      ],
    },
  };
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
    status: noController
      ? { conditions: [pending('Accepted', createdMs), pending('Programmed', createdMs)] }
      : {
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
  const grants: KubeObject[] = [];
  const routes = incident.routes.map((route): KubeObject => {
    const routeCreated = createdMs + 60_000;
    const port = route.port ?? 8080;
    const backendNamespace = route.backendNamespace ?? namespace;
    const crossNamespace = backendNamespace !== namespace;
    if (crossNamespace && route.grant === true) {
      grants.push({
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: {
          name: `from-${namespace}`,
          namespace: backendNamespace,
          uid: random.uuid(),
          resourceVersion: '',
          creationTimestamp: toKubeTime(routeCreated - 5_000),
          managedFields: managedFields(
            'kubectl-client-side-apply',
            'gateway.networking.k8s.io/v1beta1',
            routeCreated,
          ),
        },
        spec: {
          from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace }],
          to: [{ group: '', kind: 'Service', name: route.backend }],
        },
      });
    }
    const resolved =
      crossNamespace && route.grant !== true
        ? condition(
            'ResolvedRefs',
            'False',
            'RefNotPermitted',
            `Failed to process route rule 0 backendRef 0: backendRef ${route.backend} in namespace ${backendNamespace} is not permitted by any ReferenceGrant.`,
            routeCreated + 1_000,
          )
        : route.backendState === 'missing'
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
            backendRefs: [
              {
                group: '',
                kind: 'Service',
                name: route.backend,
                ...(crossNamespace ? { namespace: backendNamespace } : {}),
                port,
                weight: 1,
              },
            ],
          },
        ],
      },
      status: noController
        ? { parents: [] }
        : {
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
  return [gatewayClass, gateway, ...routes, ...grants];
}
