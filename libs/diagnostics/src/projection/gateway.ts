import type {
  GatewayCertificateRef,
  GatewayClassRecord,
  GatewayListenerStatus,
  GatewayRecord,
  HTTPRouteRecord,
  ReferenceGrantFrom,
  ReferenceGrantRecord,
  ReferenceGrantTo,
  RouteBackendRef,
  RouteParentRef,
  RouteParentStatus,
} from '@fleetscope/types';
import { readConditions } from './conditions.ts';
import {
  elementObject,
  type JsonObject,
  nullableInteger,
  optionalArray,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
} from './fields.ts';
import { metadataOf, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/** A parentRef, its namespace defaulted to the route's own (as the Gateway API defines). */
function readParentRef(ref: JsonObject, path: string, routeNamespace: string): RouteParentRef {
  return {
    namespace: optionalString(ref, 'namespace', path, routeNamespace) || routeNamespace,
    name: requiredString(ref, 'name', path),
    sectionName: optionalString(ref, 'sectionName', path),
  };
}

/** Projects a gateway.networking.k8s.io/v1 HTTPRoute: parents, backends and per-parent status. */
export function projectHTTPRoute(raw: unknown): ProjectionResult<HTTPRouteRecord> {
  return project('HTTPRoute', raw, (object) => {
    const metadata = metadataOf(object);
    const identity = readIdentity(metadata, true);
    const ns = identity.namespace;
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const parentRefs = optionalArray(spec, 'parentRefs', 'spec').map((r, i) =>
      readParentRef(elementObject(r, 'spec.parentRefs', i), `spec.parentRefs[${i}]`, ns),
    );
    const backends = new Map<string, RouteBackendRef>();
    const rules = optionalArray(spec, 'rules', 'spec');
    for (let i = 0; i < rules.length; i++) {
      const rule = elementObject(rules[i], 'spec.rules', i);
      const refs = optionalArray(rule, 'backendRefs', `spec.rules[${i}]`);
      for (let j = 0; j < refs.length; j++) {
        const path = `spec.rules[${i}].backendRefs[${j}]`;
        const ref = elementObject(refs[j], `spec.rules[${i}].backendRefs`, j);
        const backend: RouteBackendRef = {
          group: optionalString(ref, 'group', path),
          kind: optionalString(ref, 'kind', path, 'Service') || 'Service',
          namespace: optionalString(ref, 'namespace', path, ns) || ns,
          name: requiredString(ref, 'name', path),
          port: nullableInteger(ref, 'port', path),
        };
        backends.set(
          `${backend.group}/${backend.kind}/${backend.namespace}/${backend.name}:${backend.port}`,
          backend,
        );
      }
    }
    const parents: RouteParentStatus[] = optionalArray(status, 'parents', 'status').map((p, i) => {
      const path = `status.parents[${i}]`;
      const entry = elementObject(p, 'status.parents', i);
      return {
        parent: readParentRef(optionalObject(entry, 'parentRef', path) ?? {}, `${path}.parentRef`, ns),
        controllerName: optionalString(entry, 'controllerName', path),
        conditions: readConditions(entry, path),
      };
    });
    return {
      kind: 'HTTPRoute',
      ...identity,
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      hostnames: optionalArray(spec, 'hostnames', 'spec').filter((h): h is string => typeof h === 'string'),
      parentRefs,
      backendRefs: [...backends.values()],
      parents,
    };
  });
}

/** Projects a gateway.networking.k8s.io/v1 Gateway: its class, conditions and listeners' status. */
export function projectGateway(raw: unknown): ProjectionResult<GatewayRecord> {
  return project('Gateway', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const listeners: GatewayListenerStatus[] = optionalArray(status, 'listeners', 'status').map((l, i) => {
      const path = `status.listeners[${i}]`;
      const entry = elementObject(l, 'status.listeners', i);
      return {
        name: optionalString(entry, 'name', path),
        attachedRoutes: optionalInteger(entry, 'attachedRoutes', path),
        conditions: readConditions(entry, path),
      };
    });
    const identity = readIdentity(metadata, true);
    const certificateRefs = new Map<string, GatewayCertificateRef>();
    const specListeners = optionalArray(spec, 'listeners', 'spec');
    for (let i = 0; i < specListeners.length; i++) {
      const path = `spec.listeners[${i}]`;
      const listener = elementObject(specListeners[i], 'spec.listeners', i);
      const tls = optionalObject(listener, 'tls', path);
      if (tls === undefined) continue;
      const refs = optionalArray(tls, 'certificateRefs', `${path}.tls`);
      for (let j = 0; j < refs.length; j++) {
        const refPath = `${path}.tls.certificateRefs[${j}]`;
        const ref = elementObject(refs[j], `${path}.tls.certificateRefs`, j);
        const cert: GatewayCertificateRef = {
          listener: optionalString(listener, 'name', path),
          group: optionalString(ref, 'group', refPath),
          kind: optionalString(ref, 'kind', refPath, 'Secret') || 'Secret',
          namespace: optionalString(ref, 'namespace', refPath, identity.namespace) || identity.namespace,
          name: requiredString(ref, 'name', refPath),
        };
        certificateRefs.set(
          `${cert.listener}/${cert.group}/${cert.kind}/${cert.namespace}/${cert.name}`,
          cert,
        );
      }
    }
    return {
      kind: 'Gateway',
      ...identity,
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      gatewayClassName: optionalString(spec, 'gatewayClassName', 'spec'),
      conditions: readConditions(status, 'status'),
      listeners,
      certificateRefs: [...certificateRefs.values()],
    };
  });
}

/** Projects a gateway.networking.k8s.io/v1 GatewayClass (cluster-scoped): its controller and conditions. */
export function projectGatewayClass(raw: unknown): ProjectionResult<GatewayClassRecord> {
  return project('GatewayClass', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    return {
      kind: 'GatewayClass',
      ...readIdentity(metadata, false),
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      controllerName: optionalString(spec, 'controllerName', 'spec'),
      conditions: readConditions(status, 'status'),
    };
  });
}

/**
 * Projects a ReferenceGrant (gateway.networking.k8s.io/v1beta1 or v1, the same fields in both): who
 * may refer (from: group, kind, namespace) to what in the grant's namespace (to: group, kind, name).
 */
export function projectReferenceGrant(raw: unknown): ProjectionResult<ReferenceGrantRecord> {
  return project('ReferenceGrant', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const from: ReferenceGrantFrom[] = optionalArray(spec, 'from', 'spec').map((f, i) => {
      const path = `spec.from[${i}]`;
      const entry = elementObject(f, 'spec.from', i);
      return {
        group: optionalString(entry, 'group', path),
        kind: requiredString(entry, 'kind', path),
        namespace: requiredString(entry, 'namespace', path),
      };
    });
    const to: ReferenceGrantTo[] = optionalArray(spec, 'to', 'spec').map((t, i) => {
      const path = `spec.to[${i}]`;
      const entry = elementObject(t, 'spec.to', i);
      return {
        group: optionalString(entry, 'group', path),
        kind: requiredString(entry, 'kind', path),
        name: optionalString(entry, 'name', path),
      };
    });
    return { kind: 'ReferenceGrant', ...readIdentity(metadata, true), from, to };
  });
}
