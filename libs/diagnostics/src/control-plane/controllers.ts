import type { SignalSample } from '@fleetscope/types';
import { NOT_OBSERVABLE_HERE } from './etcd.ts';
import { formatCount, formatRate, formatSeconds } from './format.ts';
import { evidenceOf, readInput, type SignalContext, targetMissing, targetUp } from './inputs.ts';
import { Part, type PartResult } from './part.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';

/** The endpointslice controller falling behind is the one control-plane fault users can feel. */
export const USER_FACING_QUEUES: readonly string[] = ['endpointslice'];

function depthOf(samples: readonly SignalSample[], name: string): number | null {
  const s = samples.find((x) => x.labels.name === name);
  return s === undefined ? null : s.value;
}

/**
 * Controller manager: target down or absent ⇒ DOWN; a listed queue (deployment, replicaset,
 * endpointslice, node_lifecycle_controller) whose depth keeps growing past a minimum, or whose
 * queue-time p99 is high, ⇒ DEGRADED "not converging". Not exposed here ⇒ NOT_APPLICABLE.
 */
export function judgeControllers(ctx: SignalContext): { result: PartResult; stuckQueues: string[] } {
  const part = new Part('controllers');
  const t = ctx.thresholds;
  const stuckQueues: string[] = [];
  if (ctx.set !== null && !ctx.set.observable.controllers) {
    part.notApplicable = `${NOT_OBSERVABLE_HERE} (no controller-manager metrics; managed control plane?)`;
    return { result: part.result(ctx.cluster, ''), stuckQueues };
  }

  const missing = targetMissing(ctx, 'controller-manager');
  if (missing !== null) {
    part.use({ known: false, name: 'target_up', reason: missing });
    return { result: part.result(ctx.cluster, ''), stuckQueues };
  }

  const up = targetUp(ctx, 'controller-manager');
  const targets = readInput(ctx, 'target_up');
  if (up !== null && targets.known) {
    part.judged = true;
    part.evidence.push(
      evidenceOf(targets, up ? 'up' : 'down or absent', 'up', { job: 'controller-manager' }),
    );
    if (!up) part.down('target-down', 'controller-manager target down or absent');
  } else {
    part.use(targets);
  }

  const depth = part.use(readInput(ctx, 'workqueue_depth'));
  const growth = part.use(readInput(ctx, 'workqueue_depth_growth_per_second'));
  const queueP99 = part.use(readInput(ctx, 'workqueue_queue_p99_seconds'));
  for (const name of t.controllerQueues) {
    const d = depth === null ? null : depthOf(depth.samples, name);
    const g = growth === null ? null : depthOf(growth.samples, name);
    const q = queueP99?.samples.find((x) => x.labels.name === name) ?? null;
    const reasons: string[] = [];
    if (depth !== null && d !== null) {
      part.evidence.push(
        evidenceOf(depth, formatCount(d), `growing only below ${t.workqueueMinDepth}`, { name }),
      );
    }
    if (
      growth !== null &&
      g !== null &&
      d !== null &&
      g > t.workqueueGrowthPerSecond &&
      d >= t.workqueueMinDepth
    ) {
      part.evidence.push(
        evidenceOf(growth, formatRate(g), `≤ ${formatRate(t.workqueueGrowthPerSecond)}`, { name }),
      );
      reasons.push(`depth ${formatCount(d)} growing ${formatRate(g)}`);
    }
    if (queueP99 !== null && q !== null) {
      part.evidence.push(
        evidenceOf(queueP99, formatQuantile(q), `≤ ${formatSeconds(t.workqueueQueueP99Seconds)}`, { name }),
      );
      if (quantileEstimate(q) > t.workqueueQueueP99Seconds) reasons.push(`queue p99 ${formatQuantile(q)}`);
    }
    if (reasons.length > 0) {
      stuckQueues.push(name);
      part.degraded('queue-not-converging', `${name} not converging (${reasons.join(', ')})`, {
        subjects: [{ kind: 'ControllerQueue', namespace: null, name }],
        attributes: { queue: name },
      });
    }
  }
  return { result: part.result(ctx.cluster, 'controller queues converging'), stuckQueues };
}
