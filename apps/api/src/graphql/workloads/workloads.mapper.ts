import {
  explainSchedulerMessage,
  type RolloutStatus,
  rolloutFindingId,
  type TroubledPod,
} from '@fleetscope/diagnostics';
import type { Finding as FindingData } from '@fleetscope/types';
import { toEvidence } from '../common/verdict.mapper.ts';
import type { Pod } from './models/pod.model.ts';
import type { Rollout } from './models/rollout.model.ts';
import { POD_STATE_BY_RULE } from './models/workload-enums.ts';

/** Rules of GPU fit findings about one pending pod: our own per-node fit, said where it adds to the scheduler's. */
const FIT_RULES: ReadonlySet<string> = new Set(['pod.blocked-by-fragmentation', 'pod.fit-disagreement']);

/** One unfinished rollout in its GraphQL shape. */
export function toRollout(cluster: string, r: RolloutStatus): Rollout {
  return {
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    state: r.stuckReason === null ? 'PROGRESSING' : 'STUCK',
    stage: r.stage,
    message: r.message,
    progress: { ...r.progress },
    stuckReason: r.stuckReason,
    blockingPods: r.blockingPods.map((p) => ({ ...p })),
    recommendation: { ...r.recommendation },
    revision: r.revision,
    paused: r.paused,
    progressDeadlineExceeded: r.progressDeadlineExceeded,
    templateDiff: r.templateDiff === null ? null : r.templateDiff.map((c) => ({ ...c })),
    oldRevisions:
      r.oldRevisions == null
        ? null
        : r.oldRevisions.map((g) => ({
            revision: g.revision,
            revisionNumber: g.number,
            pods: g.pods,
            changes: g.changes === null ? null : g.changes.map((c) => ({ ...c })),
          })),
    trigger: r.trigger === null ? null : { ...r.trigger },
    partition: r.partition,
    findingId: rolloutFindingId(cluster, r),
  };
}

/**
 * One troubled pod in its GraphQL shape. `findings` are the cluster's findings about this pod (its
 * classification's, and GPU fit findings), mapped by the caller.
 */
export function toPod(p: TroubledPod, findings: readonly FindingData[], mapped: Pod['findings']): Pod {
  const c = p.classification;
  const fit = findings.find((f) => FIT_RULES.has(f.rule));
  return {
    namespace: p.namespace,
    name: p.name,
    node: p.nodeName === '' ? null : p.nodeName,
    pool: p.pool,
    phase: p.phase,
    owner: p.owner === null ? null : { ...p.owner },
    createdAt: new Date(p.createdAt),
    gpuRequest: p.gpuRequest,
    state: POD_STATE_BY_RULE[c.rule],
    explanation: {
      rule: c.rule,
      state: c.state,
      cause: c.cause,
      container: c.container,
      summary: c.summary,
      evidence: c.evidence.map(toEvidence),
      nextSteps: [...c.nextSteps],
      scheduling:
        c.scheduling === null
          ? null
          : {
              nodesTotal: c.scheduling.nodesTotal,
              reasons: c.scheduling.reasons.map((r) => ({ ...r })),
              text: explainSchedulerMessage(c.scheduling),
            },
      fit: fit === undefined ? null : fit.title,
      fitCheck: c.fit?.explanation ?? null,
      image: c.image ?? null,
    },
    findingId: p.findingId,
    findings: [...mapped],
  };
}
