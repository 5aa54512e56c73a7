import type {
  ConditionRecord,
  Finding,
  GatewayClassRecord,
  GatewayRecord,
  HealthStatus,
} from '@fleetscope/types';
import { makeFinding } from '../verdict/finding.ts';
import { isoOrNull, plural, shortError } from '../verdict/text.ts';

export const GATEWAY_CLASS_RULES = {
  /** Gateways name a GatewayClass that does not exist. */
  missing: 'gatewayclass.missing',
  /** The GatewayClass exists but its controller has not Accepted it (not running, wrong controllerName, bad parameters). */
  notAccepted: 'gatewayclass.not-accepted',
} as const;

/** One GatewayClass as the serving path shows it (or one Gateways name that does not exist). */
export interface GatewayClassView {
  name: string;
  /** false: Gateways name it but no such GatewayClass exists. */
  exists: boolean;
  /** spec.controllerName; "" when it does not exist. */
  controllerName: string;
  /** Its Accepted condition; null when it does not exist or no controller wrote one. */
  accepted: ConditionRecord | null;
  /** Gateways of this class, namespace/name. */
  gateways: string[];
  /** DOWN when it is missing or not Accepted and Gateways use it; HEALTHY otherwise. */
  status: HealthStatus;
  findingIds: string[];
}

export interface GatewayClassJudgement {
  views: GatewayClassView[];
  findings: Finding[];
  /** Class name → the id of its finding, for the Gateways that use a missing or refused class. */
  troubled: Map<string, string>;
}

const gatewayKey = (g: GatewayRecord): string => `${g.namespace}/${g.name}`;

/**
 * Judges the GatewayClasses the cluster's Gateways use. A Gateway whose class does not exist, or whose
 * class its controller has not Accepted (Accepted=False: InvalidParameters, Unsupported…; Unknown or
 * no condition at all: no controller with that controllerName is running), cannot be programmed —
 * and neither can any other Gateway of that class. So it is one finding per class, naming the class,
 * its condition's reason and every Gateway of it (its subjects), rather than one per Gateway.
 * `classes` null: GatewayClasses not known (not watched, not listed, not in a dump): nothing said.
 */
export function judgeGatewayClasses(
  cluster: string,
  classes: readonly GatewayClassRecord[] | null,
  gateways: readonly GatewayRecord[],
  observedAt: number | null,
): GatewayClassJudgement {
  const troubled = new Map<string, string>();
  if (classes === null) return { views: [], findings: [], troubled };
  const byClass = new Map<string, GatewayRecord[]>();
  for (const g of gateways) {
    if (g.gatewayClassName === '') continue;
    byClass.set(g.gatewayClassName, [...(byClass.get(g.gatewayClassName) ?? []), g]);
  }
  const names = new Set([...classes.map((c) => c.name), ...byClass.keys()]);
  const findings: Finding[] = [];
  const views: GatewayClassView[] = [];
  for (const name of [...names].sort()) {
    const record = classes.find((c) => c.name === name);
    const users = byClass.get(name) ?? [];
    const accepted = record?.conditions.find((c) => c.type === 'Accepted') ?? null;
    const view: GatewayClassView = {
      name,
      exists: record !== undefined,
      controllerName: record?.controllerName ?? '',
      accepted,
      gateways: users.map(gatewayKey).sort(),
      status: 'HEALTHY',
      findingIds: [],
    };
    views.push(view);
    const ok = record !== undefined && accepted?.status === 'True';
    if (ok || users.length === 0) continue;
    const subjects = users.map((g) => ({ kind: 'Gateway', namespace: g.namespace, name: g.name }));
    const identity = [{ kind: 'GatewayClass', namespace: '', name }];
    const listed = users.map(gatewayKey).sort().join(', ');
    const reason = record === undefined ? 'NotFound' : accepted === null ? 'NoStatus' : accepted.reason;
    const common = {
      scope: 'CLUSTER' as const,
      plane: 'DATA' as const,
      status: 'DOWN' as const,
      subjects,
      identity,
      attributes: {
        gatewayClass: name,
        reason,
        ...(record === undefined ? {} : { controllerName: record.controllerName }),
      },
      observedAt,
    };
    const finding =
      record === undefined
        ? makeFinding(cluster, {
            ...common,
            rule: GATEWAY_CLASS_RULES.missing,
            title: `GatewayClass ${name} does not exist: ${plural(users.length, 'Gateway')} of it cannot be programmed (${listed})`,
            detail:
              'No GatewayClass of that name: no controller will pick these Gateways up, so none is programmed and every route attached to them is unreachable.',
            evidence: [
              {
                signal: 'spec.gatewayClassName',
                value: `${name}: no such GatewayClass`,
                source: 'gateway.networking.k8s.io gatewayclasses',
                observedAt: isoOrNull(observedAt),
              },
            ],
            nextSteps: [
              'kubectl get gatewayclasses',
              'Fix spec.gatewayClassName of these Gateways, or install the controller that provides the class',
            ],
          })
        : makeFinding(cluster, {
            ...common,
            rule: GATEWAY_CLASS_RULES.notAccepted,
            title: `GatewayClass ${name} not Accepted: ${reason} — ${plural(users.length, 'Gateway')} of it cannot be programmed (${listed})`,
            detail:
              accepted === null || accepted.status === 'Unknown'
                ? `No controller has accepted the class: is the controller for ${record.controllerName || '(no controllerName)'} running, and does its controllerName match exactly? Until one does, none of its Gateways is programmed.`
                : `Its controller (${record.controllerName}) refused the class: none of its Gateways is programmed, and every route attached to them is unreachable.`,
            evidence: [
              accepted === null
                ? {
                    signal: 'condition Accepted',
                    value: 'absent: no controller has written a status',
                    source: `GatewayClass ${name} status`,
                    observedAt: null,
                  }
                : {
                    signal: `condition Accepted=${accepted.status}`,
                    value: `${accepted.reason}${accepted.message === '' ? '' : `: ${shortError(accepted.message, 240)}`}`,
                    source: `GatewayClass ${name} status`,
                    observedAt: isoOrNull(accepted.lastTransitionTime),
                  },
              {
                signal: 'spec.controllerName',
                value: record.controllerName || '(none)',
                source: `GatewayClass ${name}`,
                observedAt: null,
              },
            ],
            nextSteps: [
              `kubectl describe gatewayclass ${name}`,
              `Check that the controller for ${record.controllerName || 'this class'} runs (its pods and logs) and claims exactly that controllerName`,
            ],
          });
    findings.push(finding);
    view.status = 'DOWN';
    view.findingIds.push(finding.id);
    troubled.set(name, finding.id);
  }
  return { views, findings, troubled };
}
