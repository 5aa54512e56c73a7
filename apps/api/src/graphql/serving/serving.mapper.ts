import type { KueueView, ServingPath as ServingPathData } from '@fleetscope/diagnostics';
import type { ConditionRecord, OptionalApiState } from '@fleetscope/types';
import type { ApiCondition, KueueStatus, OptionalApi, ServingPath } from './models/serving.model.ts';

function toApi(a: OptionalApiState): OptionalApi {
  return { group: a.group, version: a.version || null, served: a.served, detail: a.detail || null };
}

function toCondition(c: ConditionRecord | null): ApiCondition | null {
  if (c === null) return null;
  return {
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: c.lastTransitionTime === null ? null : new Date(c.lastTransitionTime),
  };
}

export function toServingPath(p: ServingPathData): ServingPath {
  return {
    status: p.status,
    summary: p.summary,
    api: toApi(p.api),
    gatewayClasses: p.gatewayClasses.map((c) => ({
      name: c.name,
      exists: c.exists,
      controllerName: c.controllerName || null,
      accepted: toCondition(c.accepted),
      gateways: [...c.gateways],
      status: c.status,
      findingIds: [...c.findingIds],
    })),
    gateways: p.gateways.map((g) => ({
      namespace: g.namespace,
      name: g.name,
      gatewayClassName: g.gatewayClassName,
      accepted: toCondition(g.accepted),
      programmed: toCondition(g.programmed),
      attachedRoutes: g.attachedRoutes,
      certificateRefs: g.certificateRefs.map((c) => ({
        listener: c.listener,
        kind: c.kind,
        namespace: c.namespace,
        name: c.name,
        permission: { ...c.grant },
      })),
      status: g.status,
      findingIds: [...g.findingIds],
    })),
    routes: p.routes.map((r) => ({
      namespace: r.namespace,
      name: r.name,
      hostnames: [...r.hostnames],
      parents: r.parents.map((x) => ({
        gatewayNamespace: x.parent.namespace,
        gatewayName: x.parent.name,
        sectionName: x.parent.sectionName || null,
        controllerName: x.controllerName || null,
        accepted: toCondition(x.accepted),
        resolvedRefs: toCondition(x.resolvedRefs),
      })),
      backends: r.backends.map((b) => ({
        ...b.ref,
        exists: b.exists,
        readyEndpoints: b.readyEndpoints,
        permission: { ...b.grant },
      })),
      status: r.status,
      findingIds: [...r.findingIds],
    })),
  };
}

export function toKueueStatus(k: KueueView): KueueStatus {
  return {
    status: k.status,
    summary: k.summary,
    api: toApi(k.api),
    positionsKnown: k.positionsKnown,
    clusterQueues: k.clusterQueues.map((q) => ({
      name: q.name,
      cohort: q.cohort || null,
      pendingWorkloads: q.pendingWorkloads,
      admittedWorkloads: q.admittedWorkloads,
      active: q.active,
      quotas: q.quotas.map((x) => ({ ...x })),
    })),
    workloads: k.workloads
      .filter(
        (w): w is typeof w & { state: 'PENDING' | 'EVICTED' } =>
          w.state === 'PENDING' || w.state === 'EVICTED',
      )
      .map((w) => ({ ...w })),
  };
}
