import type { Finding, PodRecord } from '@fleetscope/types';
import { makeFinding } from '../../verdict/finding.ts';
import { nameList } from '../../verdict/text.ts';
import { podAttributes } from '../pod-findings.ts';
import { parseSchedulerMessage, type SchedulerMessage, type SchedulerReason } from '../scheduler-message.ts';
import type { FitReason, PodFit } from './fit-pending-pod.ts';

/** The plugins our check reproduces; a reason of another plugin (NodePorts, DRA, a third party's) proves nothing. */
const CHECKED: ReadonlySet<string> = new Set([
  'NodeUnschedulable',
  'TaintToleration',
  'NodeAffinity',
  'NodeResourcesFit',
  'PodTopologySpread',
  'InterPodAffinity',
  'VolumeBinding',
]);

/** Same plugin and, for NodeResourcesFit, the same resource ("Too many pods" is the resource `pods`). */
function sameKind(ours: FitReason, theirs: SchedulerReason): boolean {
  if (ours.plugin !== theirs.plugin) return false;
  if (ours.plugin !== 'NodeResourcesFit') return true;
  return (ours.resource ?? null) === (theirs.resource ?? null);
}

/**
 * Existing pods' required anti-affinity against this pod (InterPodAffinity's symmetric check): our check
 * does not make it (bound pods' terms are not kept), so a scheduler reason of that kind proves nothing.
 */
function isExistingAntiAffinity(r: SchedulerReason): boolean {
  return /existing pods anti-affinity/i.test(r.reason);
}

function reasonKey(r: { plugin: string | null; resource?: string | null }): string {
  return r.plugin === 'NodeResourcesFit' ? `${r.plugin} ${r.resource ?? ''}` : (r.plugin ?? '');
}

/**
 * Where our fit check and the scheduler's last message disagree, in one sentence; null when they agree
 * or cannot be compared. Three ways: the scheduler found no node while we find some (and every check of
 * ours could be made); the scheduler names a reason of a plugin we check that our check does not
 * reproduce on any node; or we reject nodes for a reason of a plugin we check that the scheduler's
 * histogram never names. Stale allocatable, a device plugin that has not caught up, pods not yet
 * accounted for, or a scheduler message older than the cluster's last change are the usual causes.
 */
export function fitDisagreement(fit: PodFit, message: SchedulerMessage): string | null {
  const filters = message.reasons.filter((r) => r.section === 'filter' || r.section === 'prefilter');
  if (filters.length === 0) return null;
  // Nodes we find fitting may be the ones existing pods' anti-affinity rejects: nothing to compare then.
  const unchecked = filters.some(isExistingAntiAffinity);
  if (fit.fitting > 0 && fit.unknown.length === 0 && !unchecked) {
    const says = filters.map((r) => `${r.count ?? ''} ${r.reason}`.trim()).join(', ');
    return `the scheduler found no node ("${says}"), but ${fit.fitting} node${fit.fitting === 1 ? '' : 's'} (${nameList(fit.fittingNodes, 3)}) pass every filter by our check`;
  }
  const volumesUnknown = fit.unknown.some((u) => u.startsWith('volumes') || u.startsWith('StorageClass'));
  const prefilter = filters.find((r) => r.section === 'prefilter');
  if (prefilter !== undefined) {
    if (prefilter.plugin !== 'VolumeBinding' || volumesUnknown) return null;
    if (fit.prefilter?.plugin === 'VolumeBinding') return null;
    return `the scheduler says "${prefilter.reason}", but every claim of the pod is bound or binds on first use by our check`;
  }
  const ours = fit.prefilter === null ? fit.reasons.filter((r) => r.plugin !== null) : [];
  const unreproduced = filters.filter(
    (r) =>
      r.plugin !== null &&
      CHECKED.has(r.plugin) &&
      !isExistingAntiAffinity(r) &&
      (r.count ?? 0) > 0 &&
      !ours.some((o) => sameKind(o, r)),
  );
  if (unreproduced.length > 0) {
    const first = unreproduced[0] as SchedulerReason;
    return `the scheduler says "${first.count} ${first.reason}", which our check reproduces on no node (${fit.explanation})`;
  }
  if (fit.prefilter !== null && fit.prefilter.plugin === 'VolumeBinding') {
    return `our check finds ${fit.prefilter.ours}, which the scheduler's message does not name`;
  }
  const theirs = new Set(filters.map(reasonKey));
  const unsaid = ours.find((o) => CHECKED.has(o.plugin ?? '') && !theirs.has(reasonKey(o)));
  if (unsaid !== undefined) {
    return `our check finds ${unsaid.nodes} node${unsaid.nodes === 1 ? '' : 's'} that ${unsaid.ours}, which the scheduler's message does not name`;
  }
  return null;
}

/** The finding `pod.fit-disagreement` for a pending pod whose scheduler message and our fit disagree; null when they agree. */
export function fitDisagreementFinding(
  cluster: string,
  pod: PodRecord,
  fit: PodFit,
  observedAt: number | null,
): Finding | null {
  if (pod.unschedulableMessage === '') return null;
  const disagreement = fitDisagreement(fit, parseSchedulerMessage(pod.unschedulableMessage));
  if (disagreement === null) return null;
  return makeFinding(cluster, {
    rule: 'pod.fit-disagreement',
    scope: 'POD',
    plane: 'DATA',
    status: null,
    severity: 'WARNING',
    subjects: [{ kind: 'Pod', namespace: pod.namespace, name: pod.name }],
    attributes: podAttributes(pod, undefined),
    title: `pod ${pod.namespace}/${pod.name}: ${disagreement}`,
    detail:
      "The scheduler's last word and Fleetscope's own fit check (allocatable − requests of bound pods, placement, affinity, spread, volumes) disagree: allocatable may be stale, a device unhealthy, pods not yet accounted for, or the scheduler's message older than the cluster's last change.",
    evidence: [
      {
        signal: 'kube-scheduler',
        value: pod.unschedulableMessage,
        source: 'PodScheduled condition',
        observedAt: null,
      },
      {
        signal: 'fleetscope fit check',
        value: fit.explanation,
        source: 'allocatable − requests of bound pods, placement, affinity, spread, volumes',
        observedAt: null,
      },
    ],
    nextSteps: [
      `kubectl describe pod -n ${pod.namespace} ${pod.name} (is the FailedScheduling event recent?)`,
      `kubectl describe node ${fit.fittingNodes[0] ?? '<node>'} (Allocatable vs Allocated resources)`,
    ],
    observedAt,
  });
}
