import type {
  ConditionRecord,
  EndpointSliceRecord,
  Evidence,
  Finding,
  FindingStatus,
  GatewayClassRecord,
  GatewayRecord,
  HealthStatus,
  HTTPRouteRecord,
  OptionalApiState,
  ReferenceGrantRecord,
  RouteBackendRef,
  RouteParentRef,
  ServiceRecord,
} from '@fleetscope/types';
import { compareFindings, impliedStatus, makeFinding } from '../verdict/finding.ts';
import { isoOrNull, plural, shortError } from '../verdict/text.ts';
import { type GatewayClassView, judgeGatewayClasses } from './gateway-classes.ts';
import { decideReference, GATEWAY_GROUP, type GrantDecision } from './reference-grants.ts';

/** The rules of the serving path (Gateway API → Service → EndpointSlices). */
export const SERVING_RULES = {
  gatewayNotProgrammed: 'gateway.not-programmed',
  routeNotAccepted: 'route.not-accepted',
  routeBackendMissing: 'route.backend-missing',
  routeRefsUnresolved: 'route.refs-unresolved',
  routeBackendNoEndpoints: 'route.backend-no-endpoints',
  serviceUnrouted: 'service.unrouted',
  /** A cross-namespace backendRef no ReferenceGrant in the target namespace allows. */
  routeRefNotPermitted: 'route.ref-not-permitted',
  /** Our ReferenceGrant check and the controller's ResolvedRefs disagree. */
  routeGrantDisagreement: 'route.grant-disagreement',
  /** A listener's cross-namespace certificateRef no ReferenceGrant allows. */
  gatewayRefNotPermitted: 'gateway.ref-not-permitted',
  gatewayClassMissing: 'gatewayclass.missing',
  gatewayClassNotAccepted: 'gatewayclass.not-accepted',
} as const;

/** What the serving-path judgement reads. */
export interface ServingPathInput {
  cluster: string;
  /** Whether gateway.networking.k8s.io/v1 is served here (discovery). */
  api: OptionalApiState;
  /**
   * Gateways, HTTPRoutes, Services and EndpointSlices have been listed (and may be read); false: the
   * data is not in, and the path is UNKNOWN rather than judged on an empty list (a Service we may not
   * read is not a missing one).
   */
  listed: boolean;
  gateways: Iterable<GatewayRecord>;
  routes: Iterable<HTTPRouteRecord>;
  services: Iterable<ServiceRecord>;
  endpointSlices: Iterable<EndpointSliceRecord>;
  /**
   * GatewayClasses (cluster-scoped), when listed; null or absent: not known (not served, not listed, not
   * in a dump) — the class of a Gateway is then not judged.
   */
  gatewayClasses?: Iterable<GatewayClassRecord> | null;
  /**
   * ReferenceGrants, when listed; null or absent: not known — a cross-namespace reference is then
   * neither permitted nor refused by our own check (`permitted` null), only by the controller's word.
   */
  referenceGrants?: Iterable<ReferenceGrantRecord> | null;
  /** Newest input behind the findings (the watches' last word); null when unknown. */
  observedAt: number | null;
}

/** One backend of a route, resolved against the cluster's Services and EndpointSlices. */
export interface RouteBackendView {
  ref: RouteBackendRef;
  /** A Service of that name exists (null: not a Service, so not checked here). */
  exists: boolean | null;
  /** Ready endpoints over its EndpointSlices; null when the Service does not exist or is not a Service. */
  readyEndpoints: number | null;
  /** The ReferenceGrant check: same namespace, allowed by which grant, refused, or not known. */
  grant: GrantDecision;
}

/** A Gateway listener's TLS certificateRef, and whether a ReferenceGrant allows it when cross-namespace. */
export interface GatewayCertificateView {
  listener: string;
  kind: string;
  namespace: string;
  name: string;
  grant: GrantDecision;
}

/** One route's attachment to one parent, as the Gateway controller words it. */
export interface RouteParentView {
  parent: RouteParentRef;
  controllerName: string;
  /** Accepted condition: True/False/Unknown, or null when no controller reported on this parent. */
  accepted: ConditionRecord | null;
  resolvedRefs: ConditionRecord | null;
}

export interface RouteView {
  namespace: string;
  name: string;
  hostnames: readonly string[];
  parents: RouteParentView[];
  backends: RouteBackendView[];
  /** Worst status its findings imply; HEALTHY when none. */
  status: HealthStatus;
  /** Ids of the findings about this route. */
  findingIds: string[];
}

export interface GatewayView {
  namespace: string;
  name: string;
  gatewayClassName: string;
  accepted: ConditionRecord | null;
  programmed: ConditionRecord | null;
  attachedRoutes: number;
  certificateRefs: GatewayCertificateView[];
  status: HealthStatus;
  findingIds: string[];
}

/** The serving path of one cluster: NOT_APPLICABLE where the Gateway API is not served. */
export interface ServingPath {
  status: HealthStatus;
  summary: string;
  api: OptionalApiState;
  /** The GatewayClasses the Gateways use (and those that exist); empty when GatewayClasses are not known. */
  gatewayClasses: GatewayClassView[];
  gateways: GatewayView[];
  routes: RouteView[];
  findings: Finding[];
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

function condition(conditions: readonly ConditionRecord[], type: string): ConditionRecord | null {
  return conditions.find((c) => c.type === type) ?? null;
}

function conditionEvidence(c: ConditionRecord, source: string): Evidence {
  return {
    signal: `condition ${c.type}=${c.status}`,
    value: `${c.reason}${c.message === '' ? '' : `: ${shortError(c.message, 240)}`}`,
    source,
    observedAt: isoOrNull(c.lastTransitionTime),
  };
}

function parentText(p: RouteParentRef): string {
  return `Gateway ${p.namespace}/${p.name}${p.sectionName === '' ? '' : ` (listener ${p.sectionName})`}`;
}

function sameParent(a: RouteParentRef, b: RouteParentRef): boolean {
  return a.namespace === b.namespace && a.name === b.name && a.sectionName === b.sectionName;
}

function backendText(b: RouteBackendRef): string {
  return `${b.kind === 'Service' && b.group === '' ? 'Service' : `${b.kind}${b.group === '' ? '' : `.${b.group}`}`} ${b.namespace}/${b.name}${b.port === null ? '' : `:${b.port}`}`;
}

const isService = (b: RouteBackendRef): boolean =>
  b.kind === 'Service' && (b.group === '' || b.group === 'core');

/**
 * Judges the serving path: Gateways (Accepted, Programmed), HTTPRoutes per parent (Accepted,
 * ResolvedRefs, in the Gateway API's own reasons) joined to the Services their backendRefs name and
 * those Services' EndpointSlices. Every trouble is a data-plane finding (the user path):
 *
 * - `gateway.not-programmed`: the Gateway's data plane is not configured (Programmed=False) or the
 *   class controller refused it (Accepted=False): every route through it fails (DOWN);
 * - `route.not-accepted`: a parent refused the route (NoMatchingParent, NotAllowedByListeners,
 *   NoMatchingListenerHostname, …), or no controller reported on a parentRef at all;
 * - `route.backend-missing`: a backendRef names a Service that does not exist (the controller's
 *   ResolvedRefs=False BackendNotFound, shown when it says so);
 * - `gatewayclass.missing` / `gatewayclass.not-accepted`: the Gateways' class does not exist, or its
 *   controller has not Accepted it (not running, wrong controllerName, bad parameters): one finding
 *   for the class with its Gateways as subjects, instead of one `gateway.not-programmed` per Gateway;
 * - `route.ref-not-permitted`: a backendRef into another namespace that no ReferenceGrant there allows
 *   (our own check, with the controller's ResolvedRefs=False RefNotPermitted as evidence when it agrees);
 *   `gateway.ref-not-permitted` the same for a listener's certificateRef;
 * - `route.grant-disagreement` (WARNING): our ReferenceGrant check and the controller's ResolvedRefs
 *   disagree, either way;
 * - `route.refs-unresolved`: ResolvedRefs=False for another reason (InvalidKind; RefNotPermitted when
 *   the ReferenceGrants are not known);
 * - `route.backend-no-endpoints`: the Service exists but has no ready endpoint — DOWN when no
 *   backend of the route has one, DEGRADED when another still serves;
 * - `service.unrouted` (INFO): in a namespace that holds a Gateway, a Service with ready endpoints that
 *   no HTTPRoute reaches: pods Running but no route. Only there, because elsewhere traffic may enter
 *   by other means (Ingress, a LoadBalancer Service, in-cluster callers only) and a missing route is
 *   normal; where a namespace runs its own Gateway, a serving Service it does not route is most
 *   likely forgotten. LoadBalancer and NodePort Services are exposed otherwise and not named.
 *
 * Not served (discovery found no gateway.networking.k8s.io/v1): NOT_APPLICABLE, no findings. Not known
 * yet (discovery or the first list pending): UNKNOWN.
 */
export function judgeServingPath(input: ServingPathInput): ServingPath {
  const { api, cluster, observedAt } = input;
  if (api.served === 'NOT_SERVED') {
    return {
      status: 'NOT_APPLICABLE',
      summary: `Gateway API not served here (${api.detail || 'no gateway.networking.k8s.io/v1'})`,
      api,
      gatewayClasses: [],
      gateways: [],
      routes: [],
      findings: [],
    };
  }
  if (api.served === 'UNKNOWN' || !input.listed) {
    return {
      status: 'UNKNOWN',
      summary:
        api.served === 'UNKNOWN'
          ? `whether the Gateway API is served is not known yet${api.detail === '' ? '' : `: ${api.detail}`}`
          : 'Gateways, HTTPRoutes, Services or EndpointSlices not listed (yet, or forbidden)',
      api,
      gatewayClasses: [],
      gateways: [],
      routes: [],
      findings: [],
    };
  }
  const services = new Map<string, ServiceRecord>();
  for (const s of input.services) services.set(key(s.namespace, s.name), s);
  const ready = new Map<string, number>();
  for (const slice of input.endpointSlices) {
    if (slice.serviceName === '') continue;
    const k = key(slice.namespace, slice.serviceName);
    ready.set(k, (ready.get(k) ?? 0) + slice.readyEndpoints);
  }
  const gateways = [...input.gateways].sort((a, b) =>
    key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)),
  );
  const routes = [...input.routes].sort((a, b) =>
    key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)),
  );
  const findings: Finding[] = [];
  const grants = input.referenceGrants == null ? null : [...input.referenceGrants];
  const classes = judgeGatewayClasses(
    cluster,
    input.gatewayClasses == null ? null : [...input.gatewayClasses],
    gateways,
    observedAt,
  );
  findings.push(...classes.findings);

  const gatewayViews: GatewayView[] = gateways.map((g) => {
    const accepted = condition(g.conditions, 'Accepted');
    const programmed = condition(g.conditions, 'Programmed');
    const bad = [accepted, programmed].filter((c): c is ConditionRecord => c?.status === 'False');
    const ids: string[] = [];
    const classFinding = classes.troubled.get(g.gatewayClassName);
    // A missing or refused class is the root: said once for the class, not again per Gateway.
    if (classFinding !== undefined) ids.push(classFinding);
    else if (bad.length > 0) {
      const first = bad[0] as ConditionRecord;
      const f = makeFinding(cluster, {
        rule: SERVING_RULES.gatewayNotProgrammed,
        scope: 'CLUSTER',
        plane: 'DATA',
        status: 'DOWN',
        subjects: [{ kind: 'Gateway', namespace: g.namespace, name: g.name }],
        attributes: {
          namespace: g.namespace,
          owner: `Gateway/${g.namespace}/${g.name}`,
          gatewayClass: g.gatewayClassName,
          reason: first.reason,
        },
        title: `Gateway ${g.namespace}/${g.name} ${first.type === 'Programmed' ? 'not Programmed' : 'not Accepted'}: ${first.reason}`,
        detail:
          'Its controller has not configured a data plane for it: every route attached to this Gateway is unreachable.',
        evidence: bad.map((c) => conditionEvidence(c, `Gateway ${g.namespace}/${g.name} status`)),
        nextSteps: [
          `kubectl -n ${g.namespace} describe gateway ${g.name}`,
          `kubectl get gatewayclass ${g.gatewayClassName || '<its class>'} (is its controller running and Accepted?)`,
        ],
        observedAt,
      });
      findings.push(f);
      ids.push(f.id);
    }
    const certificateRefs: GatewayCertificateView[] = (g.certificateRefs ?? []).map((c) => ({
      listener: c.listener,
      kind: c.kind,
      namespace: c.namespace,
      name: c.name,
      grant: decideReference(
        {
          from: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: g.namespace },
          to: { group: c.group, kind: c.kind, namespace: c.namespace, name: c.name },
        },
        grants,
      ),
    }));
    let degraded = false;
    for (const c of certificateRefs) {
      if (c.grant.permitted !== false) continue;
      const listener = g.listeners.find((l) => l.name === c.listener);
      const resolved = listener === undefined ? null : condition(listener.conditions, 'ResolvedRefs');
      const f = makeFinding(cluster, {
        rule: SERVING_RULES.gatewayRefNotPermitted,
        scope: 'CLUSTER',
        plane: 'DATA',
        status: 'DEGRADED',
        subjects: [{ kind: 'Gateway', namespace: g.namespace, name: g.name }],
        qualifier: `${c.listener}/${c.namespace}/${c.name}`,
        attributes: {
          namespace: g.namespace,
          owner: `Gateway/${g.namespace}/${g.name}`,
          reason: 'RefNotPermitted',
          listener: c.listener,
        },
        title: `Gateway ${g.namespace}/${g.name} listener ${c.listener}: certificate ${c.kind} ${c.namespace}/${c.name} is in another namespace and no ReferenceGrant in ${c.namespace} allows Gateway from ${g.namespace}`,
        detail:
          'A listener may use a certificate of another namespace only when a ReferenceGrant there allows it: this listener cannot terminate TLS.',
        evidence: [
          {
            signal: 'ReferenceGrants',
            value: `none in ${c.namespace} with from Gateway/${g.namespace} and to ${c.kind}${c.name === '' ? '' : ` ${c.name}`}`,
            source: 'gateway.networking.k8s.io referencegrants',
            observedAt: isoOrNull(observedAt),
          },
          ...(resolved === null
            ? []
            : [
                conditionEvidence(resolved, `Gateway ${g.namespace}/${g.name} listener ${c.listener} status`),
              ]),
        ],
        nextSteps: [
          `kubectl -n ${c.namespace} get referencegrants -o yaml`,
          `Add a ReferenceGrant in ${c.namespace} from Gateway/${g.namespace} to Secret ${c.name}`,
        ],
        observedAt,
      });
      findings.push(f);
      ids.push(f.id);
      degraded = true;
    }
    const down = classFinding !== undefined || bad.length > 0;
    return {
      namespace: g.namespace,
      name: g.name,
      gatewayClassName: g.gatewayClassName,
      accepted,
      programmed,
      attachedRoutes: g.listeners.reduce((n, l) => n + l.attachedRoutes, 0),
      certificateRefs,
      status: down ? 'DOWN' : degraded ? 'DEGRADED' : 'HEALTHY',
      findingIds: ids,
    };
  });

  const routedServices = new Set<string>();
  const routeViews: RouteView[] = routes.map((r) => {
    const subject = { kind: 'HTTPRoute', namespace: r.namespace, name: r.name };
    const owner = `HTTPRoute/${r.namespace}/${r.name}`;
    const source = `HTTPRoute ${r.namespace}/${r.name} status`;
    const mine: Finding[] = [];
    const emit = (
      rule: string,
      status: FindingStatus,
      qualifier: string,
      title: string,
      detail: string,
      evidence: Evidence[],
      nextSteps: string[],
      attributes: Record<string, string> = {},
    ): void => {
      mine.push(
        makeFinding(cluster, {
          rule,
          scope: 'POD',
          plane: 'DATA',
          status,
          severity: status === null ? 'WARNING' : undefined,
          subjects: [subject],
          qualifier,
          attributes: { namespace: r.namespace, owner, ...attributes },
          title,
          detail,
          evidence,
          nextSteps,
          observedAt,
        }),
      );
    };
    const describe = `kubectl -n ${r.namespace} describe httproute ${r.name}`;

    // Per parent: what the controller said, or that none said anything.
    const parents: RouteParentView[] = [];
    const statusParents = [...r.parents];
    for (const ref of r.parentRefs) {
      const reported = statusParents.filter((p) => sameParent(p.parent, ref));
      if (reported.length === 0) {
        parents.push({ parent: ref, controllerName: '', accepted: null, resolvedRefs: null });
        emit(
          SERVING_RULES.routeNotAccepted,
          null,
          `${ref.namespace}/${ref.name}/${ref.sectionName}`,
          `HTTPRoute ${r.namespace}/${r.name} not accepted by ${parentText(ref)}: no controller reported on it`,
          'No Gateway controller wrote a status for this parentRef: the Gateway may not exist, or its class has no running controller.',
          [
            {
              signal: 'status.parents',
              value: `no entry for ${parentText(ref)}`,
              source,
              observedAt: null,
            },
          ],
          [describe, `kubectl -n ${ref.namespace} get gateway ${ref.name}`],
          { reason: 'NoStatus' },
        );
      }
      for (const p of reported) {
        parents.push({
          parent: p.parent,
          controllerName: p.controllerName,
          accepted: condition(p.conditions, 'Accepted'),
          resolvedRefs: condition(p.conditions, 'ResolvedRefs'),
        });
      }
    }
    // Status entries for parents no longer in spec are the controller's leftovers: shown, not judged.
    for (const p of statusParents) {
      if (r.parentRefs.some((ref) => sameParent(ref, p.parent))) continue;
      parents.push({
        parent: p.parent,
        controllerName: p.controllerName,
        accepted: condition(p.conditions, 'Accepted'),
        resolvedRefs: condition(p.conditions, 'ResolvedRefs'),
      });
    }
    for (const p of parents) {
      if (p.accepted?.status !== 'False' || !r.parentRefs.some((ref) => sameParent(ref, p.parent))) continue;
      emit(
        SERVING_RULES.routeNotAccepted,
        'DOWN',
        `${p.parent.namespace}/${p.parent.name}/${p.parent.sectionName}`,
        `HTTPRoute ${r.namespace}/${r.name} not Accepted by ${parentText(p.parent)}: ${p.accepted.reason}`,
        'The Gateway refused to attach the route: requests for its hostnames and paths do not reach it through that Gateway.',
        [conditionEvidence(p.accepted, `${source} (${p.controllerName || 'controller'})`)],
        [
          describe,
          `kubectl -n ${p.parent.namespace} get gateway ${p.parent.name} -o yaml (listeners: allowedRoutes, hostname)`,
        ],
        { reason: p.accepted.reason, gateway: `${p.parent.namespace}/${p.parent.name}` },
      );
    }
    const unresolved = parents
      .map((p) => p.resolvedRefs)
      .find((c): c is ConditionRecord => c?.status === 'False');

    // Backends, against the Services and EndpointSlices we hold.
    const backends: RouteBackendView[] = r.backendRefs.map((b) => {
      const grant = decideReference(
        {
          from: { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: r.namespace },
          to: { group: b.group, kind: b.kind, namespace: b.namespace, name: b.name },
        },
        grants,
      );
      if (!isService(b)) return { ref: b, exists: null, readyEndpoints: null, grant };
      const k = key(b.namespace, b.name);
      const exists = services.has(k);
      if (exists && grant.permitted !== false) routedServices.add(k);
      return { ref: b, exists, readyEndpoints: exists ? (ready.get(k) ?? 0) : null, grant };
    });
    // A backend the route may not refer to serves nothing through it, whatever its endpoints.
    const serving = backends.filter((b) => b.grant.permitted !== false && (b.readyEndpoints ?? 0) > 0).length;
    const controllerRefused = unresolved?.reason === 'RefNotPermitted';
    const controllerResolved =
      unresolved === undefined && parents.some((p) => p.resolvedRefs?.status === 'True');
    for (const b of backends) {
      if (!b.grant.crossNamespace || b.grant.permitted === null) continue;
      const text = backendText(b.ref);
      const qualifier = `${b.ref.namespace}/${b.ref.name}`;
      const fromText = `HTTPRoute from ${r.namespace}`;
      if (b.grant.permitted === false && !controllerResolved) {
        emit(
          SERVING_RULES.routeRefNotPermitted,
          serving > 0 ? 'DEGRADED' : 'DOWN',
          qualifier,
          `HTTPRoute ${r.namespace}/${r.name} backend ${text} is in another namespace and no ReferenceGrant in ${b.ref.namespace} allows ${fromText}${controllerRefused ? ' (ResolvedRefs=False RefNotPermitted)' : ''}`,
          'A route may send traffic to another namespace only when a ReferenceGrant there allows it: the Gateway refuses this backend (requests for it get a 500).',
          [
            {
              signal: 'ReferenceGrants',
              value: `none in ${b.ref.namespace} with from HTTPRoute/${r.namespace} and to ${b.ref.kind}${b.ref.name === '' ? '' : ` ${b.ref.name}`}`,
              source: 'gateway.networking.k8s.io referencegrants',
              observedAt: isoOrNull(observedAt),
            },
            ...(unresolved === undefined ? [] : [conditionEvidence(unresolved, source)]),
          ],
          [
            `kubectl -n ${b.ref.namespace} get referencegrants -o yaml`,
            `Add a ReferenceGrant in ${b.ref.namespace} from HTTPRoute/${r.namespace} to Service ${b.ref.name}, or move the route`,
          ],
          { service: qualifier, reason: 'RefNotPermitted' },
        );
      } else if (b.grant.permitted === false) {
        emit(
          SERVING_RULES.routeGrantDisagreement,
          null,
          qualifier,
          `HTTPRoute ${r.namespace}/${r.name}: no ReferenceGrant in ${b.ref.namespace} allows its backend ${text}, yet its controller says ResolvedRefs=True`,
          'Our ReferenceGrant check and the Gateway controller disagree: the controller may not enforce ReferenceGrants, or it has not reconciled since a grant was deleted.',
          parents
            .map((p) => p.resolvedRefs)
            .filter((c): c is ConditionRecord => c !== null)
            .slice(0, 1)
            .map((c) => conditionEvidence(c, source)),
          [`kubectl -n ${b.ref.namespace} get referencegrants -o yaml`, describe],
          { service: qualifier, reason: 'ResolvedRefs' },
        );
      } else if (controllerRefused) {
        emit(
          SERVING_RULES.routeGrantDisagreement,
          null,
          qualifier,
          `HTTPRoute ${r.namespace}/${r.name}: ReferenceGrant ${b.grant.grant} allows its backend ${text}, yet its controller says ResolvedRefs=False RefNotPermitted`,
          "Our ReferenceGrant check and the Gateway controller disagree: the grant may be newer than the controller's last reconcile, or of a version (v1 vs v1beta1) the controller does not read.",
          [conditionEvidence(unresolved as ConditionRecord, source)],
          [
            `kubectl -n ${b.ref.namespace} get referencegrant ${(b.grant.grant ?? '').split('/')[1] ?? ''} -o yaml`,
            describe,
          ],
          { service: qualifier, reason: 'RefNotPermitted' },
        );
      }
    }
    for (const b of backends) {
      const text = backendText(b.ref);
      const qualifier = `${b.ref.namespace}/${b.ref.name}`;
      if (b.exists === false) {
        emit(
          SERVING_RULES.routeBackendMissing,
          serving > 0 ? 'DEGRADED' : 'DOWN',
          qualifier,
          `HTTPRoute ${r.namespace}/${r.name} backend ${text} does not exist${unresolved?.reason === 'BackendNotFound' ? ' (ResolvedRefs=False BackendNotFound)' : ''}`,
          'Requests this rule sends to the missing Service fail (the Gateway answers 500 for them).',
          [
            ...(unresolved === undefined ? [] : [conditionEvidence(unresolved, source)]),
            {
              signal: 'backendRef',
              value: `${text}: no such Service`,
              source: 'kubernetes services',
              observedAt: isoOrNull(observedAt),
            },
          ],
          [describe, `kubectl -n ${b.ref.namespace} get service ${b.ref.name}`],
          { service: qualifier, reason: 'BackendNotFound' },
        );
      } else if (b.exists === true && b.readyEndpoints === 0) {
        const service = services.get(qualifier);
        emit(
          SERVING_RULES.routeBackendNoEndpoints,
          serving > 0 ? 'DEGRADED' : 'DOWN',
          qualifier,
          `HTTPRoute ${r.namespace}/${r.name} points to ${text}, which has no ready endpoints`,
          serving > 0
            ? 'The route is accepted, but the share of traffic sent to this backend fails: its Service has no ready endpoint.'
            : 'The route is accepted, but every request it carries fails: its Service has no ready endpoint.',
          [
            {
              signal: 'endpointslices',
              value: `0 ready endpoints for Service ${qualifier}`,
              threshold: '> 0',
              source: 'kubernetes endpointslices',
              observedAt: isoOrNull(observedAt),
            },
            ...(service === undefined
              ? []
              : [
                  {
                    signal: 'Service selector',
                    value:
                      Object.keys(service.selector).length === 0
                        ? '(none: endpoints managed by hand)'
                        : Object.entries(service.selector)
                            .map(([k, v]) => `${k}=${v}`)
                            .join(','),
                    source: `Service ${qualifier}`,
                    observedAt: null,
                  },
                ]),
          ],
          [
            `kubectl -n ${b.ref.namespace} get endpointslices -l kubernetes.io/service-name=${b.ref.name}`,
            `kubectl -n ${b.ref.namespace} describe service ${b.ref.name} (does its selector match Ready pods?)`,
          ],
          { service: qualifier },
        );
      }
    }
    // RefNotPermitted is answered by our own grant check when the grants are known.
    const grantChecked =
      controllerRefused && backends.some((b) => b.grant.crossNamespace && b.grant.permitted !== null);
    if (unresolved !== undefined && unresolved.reason !== 'BackendNotFound' && !grantChecked) {
      emit(
        SERVING_RULES.routeRefsUnresolved,
        'DEGRADED',
        'refs',
        `HTTPRoute ${r.namespace}/${r.name} ResolvedRefs=False: ${unresolved.reason}`,
        'A reference of the route could not be resolved (a cross-namespace backend without a ReferenceGrant, an unsupported kind): those rules do not forward.',
        [conditionEvidence(unresolved, source)],
        [describe, `kubectl get referencegrants -A`],
        { reason: unresolved.reason },
      );
    }
    findings.push(...mine);
    return {
      namespace: r.namespace,
      name: r.name,
      hostnames: r.hostnames,
      parents,
      backends,
      status: impliedStatus(mine) ?? 'HEALTHY',
      findingIds: mine.map((f) => f.id),
    };
  });

  // Pods Running but no route: only in namespaces that run their own Gateway (see above).
  const gatewayNamespaces = new Set(gateways.map((g) => g.namespace));
  for (const s of [...services.values()].sort((a, b) =>
    key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)),
  )) {
    const k = key(s.namespace, s.name);
    if (!gatewayNamespaces.has(s.namespace) || routedServices.has(k)) continue;
    if (s.type === 'LoadBalancer' || s.type === 'NodePort' || s.type === 'ExternalName') continue;
    const n = ready.get(k) ?? 0;
    if (n === 0) continue;
    findings.push(
      makeFinding(cluster, {
        rule: SERVING_RULES.serviceUnrouted,
        scope: 'POD',
        plane: 'DATA',
        status: null,
        severity: 'INFO',
        subjects: [{ kind: 'Service', namespace: s.namespace, name: s.name }],
        attributes: { namespace: s.namespace, service: k },
        title: `Service ${k} has ${plural(n, 'ready endpoint')} but no HTTPRoute reaches it`,
        detail: `Its pods are Running and Ready, and namespace ${s.namespace} has a Gateway, but no route sends traffic to this Service: reachable inside the cluster only.`,
        evidence: [
          {
            signal: 'HTTPRoute backendRefs',
            value: `no route names Service ${k}`,
            source: 'gateway.networking.k8s.io/v1 httproutes',
            observedAt: isoOrNull(observedAt),
          },
        ],
        nextSteps: [
          `kubectl -n ${s.namespace} get httproutes`,
          'Add a route if it should be served, else ignore',
        ],
        observedAt,
      }),
    );
  }

  findings.sort(compareFindings);
  const status = impliedStatus(findings) ?? 'HEALTHY';
  const impaired = routeViews.filter((r) => r.status !== 'HEALTHY').length;
  const down = gatewayViews.filter((g) => g.status !== 'HEALTHY').length;
  const summary =
    status === 'HEALTHY'
      ? `${plural(routeViews.length, 'HTTPRoute')} through ${plural(gatewayViews.length, 'Gateway')}, all accepted with ready backends`
      : [
          down > 0 ? `${plural(down, 'Gateway')} not programmed` : '',
          impaired > 0 ? `${impaired} of ${plural(routeViews.length, 'HTTPRoute')} impaired` : '',
        ]
          .filter((x) => x !== '')
          .join('; ');
  const badClasses = classes.views.filter((c) => c.status !== 'HEALTHY').length;
  const fullSummary =
    badClasses > 0 ? `${plural(badClasses, 'GatewayClass')} missing or not Accepted; ${summary}` : summary;
  return {
    status,
    summary: fullSummary,
    api,
    gatewayClasses: classes.views,
    gateways: gatewayViews,
    routes: routeViews,
    findings,
  };
}
