import type { EventRecord, Finding, ReplicaSetRecord, ResourceQuotaRecord } from '@fleetscope/types';
import { makeFinding } from '../verdict/finding.ts';
import { compareText, isoOrNull } from '../verdict/text.ts';
import { CLAIM_FAULTS, claimFix, claimState } from './claim-state.ts';
import { exhaustedResources, parseQuotaRefusal, usageText } from './quota.ts';
import type { SchedulingObjects } from './scheduling-objects.ts';

export const PVC_UNBOUND_RULE = 'pvc.unbound';
export const QUOTA_EXHAUSTED_RULE = 'quota.exhausted';

/**
 * How long a claim may be Pending before it is a finding: a claim and its StorageClass applied
 * together may arrive a moment apart. A missing class or default does not appear by itself after that.
 */
export const PVC_PENDING_GRACE_MS = 5 * 60_000;

/** Warning events persistentvolume-controller writes on a claim that does not bind. */
const CLAIM_EVENT_REASONS: ReadonlySet<string> = new Set([
  'ProvisioningFailed',
  'FailedBinding',
  'ExternalProvisioning',
  'ClaimLost',
  'ClaimMisbound',
]);

/**
 * A PersistentVolumeClaim Pending past {@link PVC_PENDING_GRACE_MS} that cannot bind by itself: its
 * StorageClass does not exist, it names none and there is no default, or its volume was lost. Scope
 * POD (one claim, and the pods that mount it), data plane, no status: new pods that mount it stay
 * Pending, the ones running keep serving. Evidence: the claim's own events.
 */
export function pvcUnboundFindings(cluster: string, objects: SchedulingObjects, now: number): Finding[] {
  if (objects.pendingClaims === undefined || objects.storageClasses === undefined) return [];
  const out: Finding[] = [];
  for (const claim of objects.pendingClaims()) {
    if (claim.phase === 'Bound') continue;
    if (claim.createdAt > 0 && now - claim.createdAt < PVC_PENDING_GRACE_MS) continue;
    const state = claimState(claim, objects);
    if (state === null || !CLAIM_FAULTS.has(state.problem)) continue;
    const events = (objects.claimEvents?.(claim.namespace, claim.name) ?? []).filter(
      (e) => e.type === 'Warning' || CLAIM_EVENT_REASONS.has(e.reason),
    );
    const newest = events.reduce<number | null>(
      (t, e) => (t === null || e.lastSeenAt > t ? e.lastSeenAt : t),
      null,
    );
    out.push(
      makeFinding(cluster, {
        rule: PVC_UNBOUND_RULE,
        scope: 'POD',
        plane: 'DATA',
        status: null,
        severity: 'WARNING',
        subjects: [{ kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name }],
        attributes: {
          namespace: claim.namespace,
          owner: `PersistentVolumeClaim/${claim.namespace}/${claim.name}`,
          cause: state.problem,
          ...(state.storageClass === null ? {} : { storageClass: state.storageClass }),
        },
        title: state.text,
        detail:
          'New pods that mount this claim stay Pending (the scheduler reports unbound PersistentVolumeClaims); pods already running are not affected.',
        evidence: [
          {
            signal: 'PersistentVolumeClaim phase',
            value: claim.phase || '(none)',
            source: 'kube-apiserver',
            observedAt: isoOrNull(claim.createdAt > 0 ? claim.createdAt : null),
          },
          ...events.slice(0, 3).map((e) => ({
            signal: `event ${e.reason}`,
            value: `${e.message}${e.count > 1 ? ` (×${e.count})` : ''}`,
            source: e.reportingComponent || 'events',
            observedAt: isoOrNull(e.lastSeenAt),
          })),
        ],
        nextSteps: [claimFix(claim, state), `kubectl -n ${claim.namespace} describe pvc ${claim.name}`],
        observedAt: newest ?? (claim.createdAt > 0 ? claim.createdAt : null),
      }),
    );
  }
  return out.sort((a, b) => compareText(a.id, b.id));
}

/** A ReplicaSet's ReplicaFailure FailedCreate that the quota admission refused, naming `quota`. */
function refusedBy(rs: ReplicaSetRecord, quota: string): { message: string; at: number | null } | null {
  for (const c of rs.conditions) {
    if (c.type !== 'ReplicaFailure' || c.status !== 'True') continue;
    if (parseQuotaRefusal(c.message)?.quota === quota)
      return { message: c.message, at: c.lastTransitionTime };
  }
  return null;
}

/**
 * A ResourceQuota at its hard limit for some resource while a ReplicaSet of its namespace is refused
 * new pods by it (ReplicaFailure FailedCreate "exceeded quota: <it>"). A quota that is merely full,
 * with nothing refused, is not a finding. Scope POD (one namespace's quota), data plane, no status.
 */
export function quotaExhaustedFindings(
  cluster: string,
  quotas: Iterable<ResourceQuotaRecord>,
  replicaSets: (namespace: string) => readonly ReplicaSetRecord[],
  events?: (rs: ReplicaSetRecord) => readonly EventRecord[],
): Finding[] {
  const out: Finding[] = [];
  for (const quota of quotas) {
    const full = exhaustedResources(quota);
    if (full.length === 0) continue;
    const refused = replicaSets(quota.namespace)
      .flatMap((rs) => {
        const r = refusedBy(rs, quota.name);
        return r === null ? [] : [{ rs, ...r }];
      })
      .sort((a, b) => compareText(a.rs.name, b.rs.name));
    if (refused.length === 0) continue;
    const usage = full.map((r) => usageText(quota, r) ?? r).join(', ');
    const newest = refused.reduce<number | null>(
      (t, r) => (r.at !== null && (t === null || r.at > t) ? r.at : t),
      null,
    );
    out.push(
      makeFinding(cluster, {
        rule: QUOTA_EXHAUSTED_RULE,
        scope: 'POD',
        plane: 'DATA',
        status: null,
        severity: 'WARNING',
        subjects: [{ kind: 'ResourceQuota', namespace: quota.namespace, name: quota.name }],
        attributes: {
          namespace: quota.namespace,
          owner: `ResourceQuota/${quota.namespace}/${quota.name}`,
          resource: full.join(','),
        },
        title: `ResourceQuota ${quota.name} in ${quota.namespace} exhausted (${usage}): new pods of ${refused.map((r) => r.rs.name).join(', ')} refused at creation`,
        detail:
          'The quota admission refuses new pods that would exceed it (ReplicaSet FailedCreate): rollouts and scale-ups in this namespace stop; running pods keep serving.',
        evidence: refused.slice(0, 3).map((r) => {
          const last = events?.(r.rs).find((e) => e.reason === 'FailedCreate');
          return {
            signal: `ReplicaSet ${r.rs.namespace}/${r.rs.name} ReplicaFailure FailedCreate`,
            value: `${r.message}${last !== undefined && last.count > 1 ? ` (×${last.count})` : ''}`,
            source: 'replicaset-controller',
            observedAt: isoOrNull(r.at),
          };
        }),
        nextSteps: [
          `raise the quota (kubectl -n ${quota.namespace} edit resourcequota ${quota.name}) or lower the requests of the new pods`,
          `kubectl -n ${quota.namespace} describe resourcequota ${quota.name}`,
        ],
        observedAt: newest,
      }),
    );
  }
  return out.sort((a, b) => compareText(a.id, b.id));
}

/** Both storage/quota findings of one cluster. */
export function schedulingObjectFindings(
  cluster: string,
  objects: SchedulingObjects,
  replicaSets: (namespace: string) => readonly ReplicaSetRecord[],
  now: number,
): Finding[] {
  return [
    ...pvcUnboundFindings(cluster, objects, now),
    ...(objects.allQuotas === undefined
      ? []
      : quotaExhaustedFindings(cluster, objects.allQuotas(), objects.refusedReplicaSets ?? replicaSets)),
  ];
}
