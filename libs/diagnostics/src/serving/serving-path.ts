import type {
  ConditionRecord,
  EndpointSliceRecord,
  Evidence,
  Finding,
  FindingStatus,
  GatewayRecord,
  HealthStatus,
  HTTPRouteRecord,
  OptionalApiState,
  RouteBackendRef,
  RouteParentRef,
  ServiceRecord,
} from '@fleetscope/types';
import { compareFindings, impliedStatus, makeFinding } from '../verdict/finding.ts';
import { isoOrNull, plural, shortError } from '../verdict/text.ts';

/** The rules of the serving path (Gateway API → Service → EndpointSlices). */
export const SERVING_RULES = {
  gatewayNotProgrammed: 'gateway.not-programmed',
  routeNotAccepted: 'route.not-accepted',
  routeBackendMissing: 'route.backend-missing',
  routeRefsUnresolved: 'route.refs-unresolved',
  routeBackendNoEndpoints: 'route.backend-no-endpoints',
  serviceUnrouted: 'service.unrouted',
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
  status: HealthStatus;
  findingIds: string[];
}

/** The serving path of one cluster: NOT_APPLICABLE where the Gateway API is not served. */
export interface ServingPath {
  status: HealthStatus;
  summary: string;
  api: OptionalApiState;
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
 * - `route.refs-unresolved`: ResolvedRefs=False for another reason (RefNotPermitted, InvalidKind);
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

  const gatewayViews: GatewayView[] = gateways.map((g) => {
    const accepted = condition(g.conditions, 'Accepted');
    const programmed = condition(g.conditions, 'Programmed');
    const bad = [accepted, programmed].filter((c): c is ConditionRecord => c?.status === 'False');
    const ids: string[] = [];
    if (bad.length > 0) {
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
    return {
      namespace: g.namespace,
      name: g.name,
      gatewayClassName: g.gatewayClassName,
      accepted,
      programmed,
      attachedRoutes: g.listeners.reduce((n, l) => n + l.attachedRoutes, 0),
      status: ids.length > 0 ? 'DOWN' : 'HEALTHY',
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
      if (!isService(b)) return { ref: b, exists: null, readyEndpoints: null };
      const k = key(b.namespace, b.name);
      const exists = services.has(k);
      if (exists) routedServices.add(k);
      return { ref: b, exists, readyEndpoints: exists ? (ready.get(k) ?? 0) : null };
    });
    const serving = backends.filter((b) => (b.readyEndpoints ?? 0) > 0).length;
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
    if (unresolved !== undefined && unresolved.reason !== 'BackendNotFound') {
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
  return { status, summary, api, gateways: gatewayViews, routes: routeViews, findings };
}
