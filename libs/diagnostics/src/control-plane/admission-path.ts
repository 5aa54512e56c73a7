import type { SignalSample } from '@fleetscope/types';
import { formatRate, formatRatio, formatSeconds } from './format.ts';
import { evidenceOf, type KnownInput, maxSample, readInput, type SignalContext, windowOf } from './inputs.ts';
import { type HitOptions, Part, type PartResult } from './part.ts';
import { judgeProbe } from './probes.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';
import { applyRecovery } from './recovery.ts';

interface WebhookFacts {
  p99: SignalSample | null;
  callingErrors: number;
  /** Share of calls failing with calling_webhook_error; null when not collected. */
  callingErrorRatio: number | null;
  internalErrors: number;
  failOpen: number;
}

function webhookName(s: SignalSample): string {
  return s.labels.name ?? 'unnamed webhook';
}

function factsFor(map: Map<string, WebhookFacts>, name: string): WebhookFacts {
  let facts = map.get(name);
  if (facts === undefined) {
    facts = { p99: null, callingErrors: 0, callingErrorRatio: null, internalErrors: 0, failOpen: 0 };
    map.set(name, facts);
  }
  return facts;
}

function webhooksConfigured(ctx: SignalContext): number | null {
  const input = readInput(ctx, 'admission_webhooks_configured');
  if (!input.known) return null;
  const count = maxSample(input);
  return count === null ? null : count.value;
}

/**
 * Admission path, per webhook (named): calling_webhook_error rejections, or most calls failing
 * with it, ⇒ DOWN (deploys fail while workloads stay healthy), p99 at the timeout ⇒ DOWN ("timing
 * out") unless the webhook fails open, slow p99 or apiserver_internal_error ⇒ DEGRADED, fail-open
 * ⇒ DEGRADED (a policy is bypassed). A p99 that fell in the +Inf bucket is "> top bucket (mean
 * …)", judged by its mean. Policy denials (no_error) are the webhook working: evidence only. No
 * webhooks configured ⇒ NOT_APPLICABLE. A dry run passing since the failures ended ⇒ recovering.
 */
/** A webhook as apiserver metrics name it (`name` label: the webhook's name inside its configuration). */
function webhookSubject(name: string): HitOptions {
  return { subjects: [{ kind: 'AdmissionWebhook', namespace: null, name }], attributes: { webhook: name } };
}

export function judgeAdmissionPath(ctx: SignalContext): PartResult {
  const part = new Part('admission');
  const t = ctx.thresholds;
  const configured = webhooksConfigured(ctx);
  const dryRun = ctx.set?.signals.probe_admission_dry_run_seconds;
  if (configured === 0 && (dryRun === undefined || dryRun.error === null)) {
    part.notApplicable = 'no admission webhooks configured';
    const input = readInput(ctx, 'admission_webhooks_configured');
    if (input.known) part.evidence.push(evidenceOf(input, '0', undefined));
    return part.result(ctx.cluster, '');
  }

  const webhooks = new Map<string, WebhookFacts>();
  const p99 = part.use(readInput(ctx, 'admission_webhook_p99_seconds'));
  const rejections = part.use(readInput(ctx, 'admission_webhook_rejections_per_second'));
  const failOpen = part.use(readInput(ctx, 'admission_webhook_fail_open_per_second'));

  // Supporting evidence only: without it the rejection rate still judges, so its absence is no gap.
  const ratioInput = readInput(ctx, 'admission_webhook_calling_error_ratio');
  const ratio = ratioInput.known ? ratioInput : null;

  for (const s of p99?.samples ?? []) {
    const facts = factsFor(webhooks, webhookName(s));
    if (facts.p99 === null || quantileEstimate(s) > quantileEstimate(facts.p99)) facts.p99 = s;
  }
  for (const s of ratio?.samples ?? []) {
    const facts = factsFor(webhooks, webhookName(s));
    facts.callingErrorRatio = Math.max(facts.callingErrorRatio ?? 0, s.value);
  }
  for (const s of rejections?.samples ?? []) {
    const facts = factsFor(webhooks, webhookName(s));
    if (s.labels.error_type === 'calling_webhook_error') facts.callingErrors += s.value;
    else if (s.labels.error_type === 'apiserver_internal_error') facts.internalErrors += s.value;
  }
  for (const s of failOpen?.samples ?? []) factsFor(webhooks, webhookName(s)).failOpen += s.value;

  const addEvidence = (input: KnownInput | null, s: SignalSample, value: string, threshold: string): void => {
    if (input !== null) part.evidence.push(evidenceOf(input, value, threshold, s.labels));
  };
  for (const s of p99?.samples ?? []) {
    addEvidence(p99, s, formatQuantile(s), `≤ ${formatSeconds(t.admissionWebhookP99Seconds)}`);
  }
  for (const s of (ratio?.samples ?? []).filter((x) => x.value > 0)) {
    addEvidence(ratio, s, formatRatio(s.value), `< ${formatRatio(t.webhookCallingErrorRatioDown)}`);
  }
  for (const s of (rejections?.samples ?? []).filter((x) => x.value > 0)) {
    const threshold =
      s.labels.error_type === 'no_error' ? 'policy denials (webhook working)' : `≤ ${formatRate(0)}`;
    addEvidence(rejections, s, formatRate(s.value), threshold);
  }
  for (const s of (failOpen?.samples ?? []).filter((x) => x.value > 0)) {
    addEvidence(failOpen, s, formatRate(s.value), `≤ ${formatRate(t.webhookFailOpenPerSecond)}`);
  }
  for (const input of [rejections, failOpen]) {
    if (input !== null && input.samples.length === 0) {
      part.evidence.push(evidenceOf(input, formatRate(0), `≤ ${formatRate(0)}`));
    }
  }

  const names = [...webhooks.keys()].sort();
  for (const name of names) {
    const w = webhooks.get(name);
    if (w === undefined) continue;
    const estimate = w.p99 === null ? null : quantileEstimate(w.p99);
    const timingOut = estimate !== null && estimate >= t.webhookTimingOutSeconds;
    const failsOpen = w.failOpen > t.webhookFailOpenPerSecond;
    const callingRate = w.callingErrors > t.webhookCallingErrorsPerSecond;
    const mostFail = w.callingErrorRatio !== null && w.callingErrorRatio >= t.webhookCallingErrorRatioDown;
    const p99Text = w.p99 === null ? null : `p99 ${formatQuantile(w.p99)}`;
    const about = webhookSubject(name);
    if (callingRate || mostFail) {
      const why = [
        callingRate ? `calling_webhook_error ${formatRate(w.callingErrors)}` : null,
        w.callingErrorRatio !== null && w.callingErrorRatio > 0
          ? `${formatRatio(w.callingErrorRatio)} of calls failing`
          : null,
        // A saturated p99 is named: it is why "timing out" is said without a measured latency.
        timingOut && w.p99?.saturated !== undefined ? p99Text : null,
      ].filter((x): x is string => x !== null);
      const input = callingRate ? rejections : ratio;
      part.down(
        timingOut ? 'webhook-timeout' : 'webhook-failing',
        `webhook ${name} ${timingOut ? 'timing out' : 'failing'} (${why.join(', ')})`,
        input === null ? about : { ...about, windowed: windowOf(input) },
      );
    } else if (timingOut && !failsOpen) {
      part.down(
        'webhook-timeout',
        `webhook ${name} timing out (${p99Text})`,
        p99 === null ? about : { ...about, windowed: windowOf(p99) },
      );
    } else if (estimate !== null && estimate > t.admissionWebhookP99Seconds) {
      const limit = formatSeconds(t.admissionWebhookP99Seconds);
      const saturated = w.p99?.saturated !== undefined;
      part.degraded(
        'webhook-latency',
        `webhook ${name} slow (${p99Text}${saturated ? `, limit ${limit}` : ` > ${limit}`})`,
        about,
      );
    }
    if (w.internalErrors > 0) {
      part.degraded(
        'webhook-internal-error',
        `webhook ${name}: apiserver_internal_error ${formatRate(w.internalErrors)}`,
        about,
      );
    }
    if (failsOpen) {
      part.degraded(
        'webhook-fail-open',
        `webhook ${name} failing open (${formatRate(w.failOpen)}): policy bypassed`,
        about,
      );
    }
  }

  judgeProbe(ctx, part, 'probe_admission_dry_run_seconds', 'admission dry-run', t.probeWriteSeconds);
  applyRecovery(ctx, part, [{ name: 'probe_admission_dry_run_seconds', what: 'dry-run' }]);
  return part.result(ctx.cluster, 'webhooks answering in time, none failing or failing open');
}
