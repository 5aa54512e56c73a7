import { type Finding, type FindingSubject, findingId } from '@fleetscope/types';
import { admissionLabel } from '../pods/admission-failure.ts';
import { makeFinding } from '../verdict/finding.ts';
import type { RolloutStatus } from './deployment-rollout.ts';
import { describeOldRevisions } from './revision-diff.ts';

/** "2/4 updated, 1 available" for titles and boards. */
export function progressText(r: RolloutStatus): string {
  const p = r.progress;
  return `${p.updated}/${p.desired} updated, ${p.available} available${p.old > 0 ? `, ${p.old} old` : ''}`;
}

export const ROLLOUT_STUCK_RULE = 'rollout.stuck';

function rolloutSubject(r: RolloutStatus): FindingSubject {
  return { kind: r.kind, namespace: r.namespace, name: r.name };
}

/** The id of the finding {@link rolloutFinding} gives for `r`; null when it gives none. */
export function rolloutFindingId(cluster: string, r: RolloutStatus): string | null {
  if (r.done || r.stuckReason === null) return null;
  return findingId(cluster, ROLLOUT_STUCK_RULE, [rolloutSubject(r)]);
}

/**
 * A stuck rollout as a finding (scope POD: one workload). It moves no status by itself: the
 * Deployment's own availability finding does; this one says why it does not recover and what to do.
 */
export function rolloutFinding(cluster: string, r: RolloutStatus, observedAt: number | null): Finding | null {
  if (r.done || r.stuckReason === null) return null;
  return makeFinding(cluster, {
    rule: ROLLOUT_STUCK_RULE,
    scope: 'POD',
    plane: 'DATA',
    status: null,
    severity: 'WARNING',
    subjects: [rolloutSubject(r)],
    attributes: {
      namespace: r.namespace,
      owner: `${r.kind}/${r.namespace}/${r.name}`,
      stage: r.stage,
      action: r.recommendation.action,
      ...(r.newReplicaSet === null ? {} : { revision: r.newReplicaSet.revision }),
      ...(r.admission == null
        ? {}
        : {
            admission: r.admission.name,
            admissionEngine: r.admission.engine,
            admissionOutcome: r.admission.outcome,
          }),
    },
    title: `rollout of ${r.kind.toLowerCase()} ${r.namespace}/${r.name} stuck (${progressText(r)}): ${r.stuckReason} — ${r.recommendation.action}`,
    detail: r.message,
    evidence: [
      { signal: 'kubectl rollout status', value: r.message, source: 'deployment status', observedAt: null },
      ...(r.admission == null
        ? []
        : [
            {
              signal: 'ReplicaFailure FailedCreate',
              value: `${admissionLabel(r.admission)}: ${r.admission.detail}`,
              source: 'replicaset-controller',
              observedAt: null,
            },
          ]),
      ...r.blockingPods.slice(0, 3).map((p) => ({
        signal: `pod ${p.namespace}/${p.name}`,
        value: p.summary,
        source: 'new ReplicaSet',
        observedAt: null,
      })),
      // A StatefulSet's or DaemonSet's old pods by the revision each runs (what they really run).
      ...(r.oldRevisions == null || r.oldRevisions.length === 0
        ? []
        : [
            {
              signal: 'old pods by controller-revision-hash',
              value: describeOldRevisions(r.oldRevisions),
              source: 'pods and ControllerRevisions',
              observedAt: null,
            },
          ]),
    ],
    nextSteps: [r.recommendation.reason, `kubectl -n ${r.namespace} rollout history deployment/${r.name}`],
    observedAt,
  });
}
