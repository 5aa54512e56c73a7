import type {
  ConditionRecord,
  Evidence,
  Finding,
  HealthStatus,
  KueueWorkloadRecord,
  OptionalApiState,
  QueueQuota,
  Severity,
} from '@fleetscope/types';
import { compareFindings, makeFinding } from '../verdict/finding.ts';
import { isoOrNull, plural, shortError } from '../verdict/text.ts';
import { conditionOf, type KueueIndex } from './kueue-index.ts';

export const KUEUE_RULES = {
  workloadPending: 'kueue.workload-pending',
  workloadEvicted: 'kueue.workload-evicted',
  clusterQueueInactive: 'kueue.clusterqueue-inactive',
} as const;

/** Eviction reasons a person chose (not trouble): said at INFO. */
const DELIBERATE_EVICTIONS: ReadonlySet<string> = new Set(['InactiveWorkload', 'Deactivated']);

/** One workload as the Kueue view lists it (pending or evicted ones). */
export interface KueueWorkloadView {
  namespace: string;
  name: string;
  /** "Job/ns/name" of what it stands for; null when it has no controller owner. */
  owner: string | null;
  localQueue: string;
  clusterQueue: string | null;
  /** PENDING (no quota reserved), ADMITTED, EVICTED, FINISHED. */
  state: 'PENDING' | 'ADMITTED' | 'EVICTED' | 'FINISHED';
  /** The condition behind the state: QuotaReserved for pending, Evicted for evicted. */
  reason: string;
  message: string;
  position: number | null;
  findingId: string | null;
}

export interface ClusterQueueView {
  name: string;
  cohort: string;
  pendingWorkloads: number | null;
  admittedWorkloads: number | null;
  active: boolean | null;
  quotas: readonly QueueQuota[];
}

/** Kueue in one cluster: NOT_APPLICABLE where kueue.x-k8s.io is not served. */
export interface KueueView {
  status: HealthStatus;
  summary: string;
  /** Whether kueue.x-k8s.io is served here, and at which version it is read. */
  api: OptionalApiState;
  clusterQueues: ClusterQueueView[];
  /** Workloads not admitted, or evicted (admitted and finished ones are not listed). */
  workloads: KueueWorkloadView[];
  findings: Finding[];
  /** Whether positions come from the visibility API (false: they are null). */
  positionsKnown: boolean;
}

function evidenceOf(c: ConditionRecord, source: string): Evidence {
  return {
    signal: `condition ${c.type}=${c.status}`,
    value: `${c.reason}${c.message === '' ? '' : `: ${shortError(c.message, 240)}`}`,
    source,
    observedAt: isoOrNull(c.lastTransitionTime),
  };
}

function stateOf(w: KueueWorkloadRecord): KueueWorkloadView['state'] {
  if (conditionOf(w.conditions, 'Finished')?.status === 'True') return 'FINISHED';
  if (conditionOf(w.conditions, 'Evicted')?.status === 'True') return 'EVICTED';
  if (conditionOf(w.conditions, 'QuotaReserved')?.status === 'True') return 'ADMITTED';
  return 'PENDING';
}

/**
 * Kueue's findings and view: workloads waiting for quota (`kueue.workload-pending`, INFO — queueing
 * is what Kueue is for, the pods it gates say the same), evicted workloads (`kueue.workload-evicted`:
 * Preempted, PodsReadyTimeout … WARNING; InactiveWorkload, someone's choice, INFO) and ClusterQueues
 * that are not Active (`kueue.clusterqueue-inactive`: nothing is admitted through them).
 */
export function judgeKueue(cluster: string, index: KueueIndex, observedAt: number | null): KueueView {
  const empty = { api: index.api, clusterQueues: [], workloads: [], findings: [], positionsKnown: false };
  if (index.api.served === 'NOT_SERVED') {
    return {
      ...empty,
      status: 'NOT_APPLICABLE',
      summary: `Kueue not installed here (${index.api.detail || 'no kueue.x-k8s.io'})`,
    };
  }
  if (!index.usable) {
    return {
      ...empty,
      status: 'UNKNOWN',
      summary:
        index.api.served === 'UNKNOWN'
          ? `whether Kueue is installed is not known yet${index.api.detail === '' ? '' : `: ${index.api.detail}`}`
          : 'Kueue workloads and queues not listed yet',
    };
  }
  const findings: Finding[] = [];
  const workloads: KueueWorkloadView[] = [];
  const sorted = [...index.workloads].sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
  for (const w of sorted) {
    const state = stateOf(w);
    if (state === 'ADMITTED' || state === 'FINISHED') continue;
    const clusterQueue = index.clusterQueueOf(w);
    const owner = w.owner === null ? null : `${w.owner.kind}/${w.namespace}/${w.owner.name}`;
    const subject = { kind: 'Workload', namespace: w.namespace, name: w.name };
    const source = `Workload ${w.namespace}/${w.name} status`;
    const position = index.position(w);
    const attributes: Record<string, string> = {
      namespace: w.namespace,
      ...(owner === null ? {} : { owner }),
      localQueue: w.queueName,
      ...(clusterQueue === null ? {} : { clusterQueue }),
    };
    let finding: Finding;
    let reason: string;
    let message: string;
    if (state === 'EVICTED') {
      const evicted = conditionOf(w.conditions, 'Evicted') as ConditionRecord;
      const preempted = conditionOf(w.conditions, 'Preempted');
      reason = evicted.reason;
      message = evicted.message;
      const severity: Severity = DELIBERATE_EVICTIONS.has(evicted.reason) ? 'INFO' : 'WARNING';
      finding = makeFinding(cluster, {
        rule: KUEUE_RULES.workloadEvicted,
        scope: 'POD',
        plane: 'DATA',
        status: null,
        severity,
        subjects: [subject],
        attributes: { ...attributes, reason: evicted.reason },
        title: `Kueue evicted workload ${w.namespace}/${w.name}${owner === null ? '' : ` (${owner})`}: ${evicted.reason}`,
        detail:
          evicted.reason === 'Preempted'
            ? 'Kueue took its quota back for a workload of higher priority or a queue reclaiming what it lent: its pods were stopped and it waits again.'
            : DELIBERATE_EVICTIONS.has(evicted.reason)
              ? 'Deactivated (spec.active=false): it stays out of the queue until someone sets it active again.'
              : 'Kueue stopped its pods and requeued it.',
        evidence: [
          evidenceOf(evicted, source),
          ...(preempted?.status === 'True' ? [evidenceOf(preempted, source)] : []),
        ],
        nextSteps: [
          `kubectl -n ${w.namespace} describe workload ${w.name}`,
          ...(clusterQueue === null ? [] : [`kubectl describe clusterqueue ${clusterQueue}`]),
        ],
        observedAt,
      });
    } else {
      const quota = conditionOf(w.conditions, 'QuotaReserved');
      reason = quota?.reason ?? 'Pending';
      message = quota?.message ?? '';
      finding = makeFinding(cluster, {
        rule: KUEUE_RULES.workloadPending,
        scope: 'POD',
        plane: 'DATA',
        status: null,
        severity: 'INFO',
        subjects: [subject],
        attributes: { ...attributes, reason },
        title: `workload ${w.namespace}/${w.name} waiting for quota in ClusterQueue ${clusterQueue ?? '(unknown)'}${position === null ? '' : ` (position ${position})`}${message === '' ? '' : `: ${shortError(message, 160)}`}`,
        detail:
          'Kueue has not reserved quota for it: its pods stay gated (or its job suspended) until the ClusterQueue, or its cohort, has room.',
        evidence: [
          ...(quota === null
            ? [{ signal: 'condition QuotaReserved', value: 'not set yet', source, observedAt: null }]
            : [evidenceOf(quota, source)]),
          {
            signal: 'queue position',
            value:
              position === null
                ? index.positionsRead
                  ? 'not among the pending workloads the visibility API listed'
                  : 'unknown (the visibility API was not read)'
                : `${position} in ClusterQueue ${clusterQueue ?? '?'}`,
            source: 'visibility.kueue.x-k8s.io pendingworkloads',
            observedAt: null,
          },
        ],
        nextSteps: [
          `kubectl -n ${w.namespace} describe workload ${w.name}`,
          ...(clusterQueue === null
            ? []
            : [`kubectl get clusterqueue ${clusterQueue} -o yaml (quota, flavorsReservation)`]),
        ],
        observedAt,
      });
    }
    findings.push(finding);
    workloads.push({
      namespace: w.namespace,
      name: w.name,
      owner,
      localQueue: w.queueName,
      clusterQueue,
      state,
      reason,
      message,
      position,
      findingId: finding.id,
    });
  }
  const clusterQueues: ClusterQueueView[] = [...index.clusterQueues.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((q) => {
      const active = conditionOf(q.conditions, 'Active');
      if (active?.status === 'False') {
        findings.push(
          makeFinding(cluster, {
            rule: KUEUE_RULES.clusterQueueInactive,
            scope: 'CLUSTER',
            plane: 'DATA',
            status: null,
            severity: 'WARNING',
            subjects: [{ kind: 'ClusterQueue', namespace: null, name: q.name }],
            attributes: { clusterQueue: q.name, reason: active.reason },
            title: `ClusterQueue ${q.name} not Active: ${active.reason}`,
            detail: 'Kueue admits nothing through it: every workload of its LocalQueues waits.',
            evidence: [evidenceOf(active, `ClusterQueue ${q.name} status`)],
            nextSteps: [`kubectl describe clusterqueue ${q.name}`, 'kubectl get resourceflavors'],
            observedAt,
          }),
        );
      }
      return {
        name: q.name,
        cohort: q.cohort,
        pendingWorkloads: q.pendingWorkloads,
        admittedWorkloads: q.admittedWorkloads,
        active: active === null ? null : active.status === 'True',
        quotas: q.quotas,
      };
    });
  findings.sort(compareFindings);
  const pending = workloads.filter((w) => w.state === 'PENDING').length;
  const evicted = workloads.filter((w) => w.state === 'EVICTED').length;
  const inactive = clusterQueues.filter((q) => q.active === false).length;
  const parts = [
    pending > 0 ? `${plural(pending, 'workload')} waiting for quota` : '',
    evicted > 0 ? `${evicted} evicted` : '',
    inactive > 0 ? `${plural(inactive, 'ClusterQueue')} not Active` : '',
  ].filter((x) => x !== '');
  return {
    status: findings.some((f) => f.severity !== 'INFO') ? 'DEGRADED' : 'HEALTHY',
    summary: `${plural(clusterQueues.length, 'ClusterQueue')}${parts.length === 0 ? ', nothing waiting' : `: ${parts.join(', ')}`}`,
    api: index.api,
    clusterQueues,
    workloads,
    findings,
    positionsKnown: index.positionsRead,
  };
}
