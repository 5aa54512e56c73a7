import { NOT_OBSERVABLE_HERE } from './etcd.ts';
import { formatCount, formatRate, formatSeconds } from './format.ts';
import {
  evidenceOf,
  maxSample,
  readInput,
  type SignalContext,
  sumSamples,
  targetMissing,
  targetUp,
} from './inputs.ts';
import { Part, type PartResult } from './part.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';

/**
 * Scheduler health: target down or absent ⇒ DOWN; pods in the active queue while attempts are
 * flat ⇒ DOWN (stuck); error attempts rising or a slow attempt p99 ⇒ DEGRADED. Unschedulable
 * pods are a data-plane capacity finding, not scheduler ill-health: evidence only. A cluster
 * that does not expose scheduler metrics is NOT_APPLICABLE "not observable here".
 */
export function judgeScheduler(ctx: SignalContext): PartResult {
  const part = new Part('scheduler');
  const t = ctx.thresholds;
  if (ctx.set !== null && !ctx.set.observable.scheduler) {
    part.notApplicable = `${NOT_OBSERVABLE_HERE} (no scheduler metrics; managed control plane?)`;
    return part.result(ctx.cluster, '');
  }

  const missing = targetMissing(ctx, 'scheduler');
  if (missing !== null) {
    part.use({ known: false, name: 'target_up', reason: missing });
    return part.result(ctx.cluster, '');
  }

  const up = targetUp(ctx, 'scheduler');
  const targets = readInput(ctx, 'target_up');
  if (up !== null && targets.known) {
    part.judged = true;
    part.evidence.push(evidenceOf(targets, up ? 'up' : 'down or absent', 'up', { job: 'scheduler' }));
    if (!up) part.down('target-down', 'scheduler target down or absent');
  } else {
    part.use(targets);
  }

  const attempts = part.use(readInput(ctx, 'scheduler_attempts_per_second'));
  const pending = part.use(readInput(ctx, 'scheduler_pending_pods'));
  if (attempts !== null) {
    const errors = sumSamples(attempts, (s) => s.labels.result === 'error');
    const total = sumSamples(attempts);
    part.evidence.push(
      evidenceOf(
        attempts,
        `${formatRate(total)} (${formatRate(errors)} errors)`,
        `errors ≤ ${formatRate(t.schedulerErrorsPerSecond)}`,
      ),
    );
    if (errors > t.schedulerErrorsPerSecond)
      part.degraded('errors', `scheduling errors ${formatRate(errors)}`);
    const active = pending === null ? 0 : sumSamples(pending, (s) => s.labels.queue === 'active');
    if (active > 0 && total === 0)
      part.down('stuck', `${formatCount(active)} pods in the active queue, no scheduling attempts`);
  }
  if (pending !== null) {
    for (const s of pending.samples.filter((x) => x.value > 0)) {
      const note = s.labels.queue === 'unschedulable' ? 'capacity finding, not scheduler health' : undefined;
      part.evidence.push(evidenceOf(pending, formatCount(s.value), note, s.labels));
    }
  }

  const p99 = part.use(readInput(ctx, 'scheduler_attempt_p99_seconds'));
  const worst = p99 === null ? null : maxSample(p99);
  if (p99 !== null && worst !== null) {
    part.evidence.push(
      evidenceOf(
        p99,
        formatQuantile(worst),
        `≤ ${formatSeconds(t.schedulerAttemptP99Seconds)}`,
        worst.labels,
      ),
    );
    if (quantileEstimate(worst) > t.schedulerAttemptP99Seconds) {
      part.degraded(
        'attempt-latency',
        `scheduling attempt p99 ${formatQuantile(worst)} (> ${formatSeconds(t.schedulerAttemptP99Seconds)})`,
      );
    }
  }
  return part.result(ctx.cluster, 'scheduling attempts flowing without errors');
}
