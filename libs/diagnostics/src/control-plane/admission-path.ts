import type { SignalSample, Verdict } from '@fleetscope/types';
import { formatRate, formatSeconds } from './format.ts';
import { evidenceOf, type KnownInput, maxSample, readInput, type SignalContext } from './inputs.ts';
import { Part } from './part.ts';
import { judgeProbe } from './probes.ts';

interface WebhookFacts {
  p99: number | null;
  callingErrors: number;
  internalErrors: number;
  failOpen: number;
}

function webhookName(s: SignalSample): string {
  return s.labels.name ?? 'unnamed webhook';
}

function factsFor(map: Map<string, WebhookFacts>, name: string): WebhookFacts {
  let facts = map.get(name);
  if (facts === undefined) {
    facts = { p99: null, callingErrors: 0, internalErrors: 0, failOpen: 0 };
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
 * Admission path, per webhook (named): calling_webhook_error rejections ⇒ DOWN (deploys fail
 * while workloads stay healthy), p99 at the timeout ⇒ DOWN ("timing out") unless the webhook
 * fails open, slow p99 or apiserver_internal_error ⇒ DEGRADED, fail-open ⇒ DEGRADED (a policy
 * is bypassed). Policy denials (no_error) are the webhook working: evidence only. No webhooks
 * configured ⇒ NOT_APPLICABLE.
 */
export function judgeAdmissionPath(ctx: SignalContext): Verdict {
  const part = new Part();
  const t = ctx.thresholds;
  const configured = webhooksConfigured(ctx);
  const dryRun = ctx.set?.signals.probe_admission_dry_run_seconds;
  if (configured === 0 && (dryRun === undefined || dryRun.error === null)) {
    part.notApplicable = 'no admission webhooks configured';
    const input = readInput(ctx, 'admission_webhooks_configured');
    if (input.known) part.evidence.push(evidenceOf(input, '0', undefined));
    return part.verdict('');
  }

  const webhooks = new Map<string, WebhookFacts>();
  const p99 = part.use(readInput(ctx, 'admission_webhook_p99_seconds'));
  const rejections = part.use(readInput(ctx, 'admission_webhook_rejections_per_second'));
  const failOpen = part.use(readInput(ctx, 'admission_webhook_fail_open_per_second'));

  for (const s of p99?.samples ?? []) {
    const facts = factsFor(webhooks, webhookName(s));
    facts.p99 = Math.max(facts.p99 ?? 0, s.value);
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
    addEvidence(p99, s, formatSeconds(s.value), `≤ ${formatSeconds(t.admissionWebhookP99Seconds)}`);
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
    const timingOut = w.p99 !== null && w.p99 >= t.webhookTimingOutSeconds;
    const failsOpen = w.failOpen > t.webhookFailOpenPerSecond;
    if (w.callingErrors > t.webhookCallingErrorsPerSecond) {
      part.down(
        `webhook ${name} ${timingOut ? 'timing out' : 'failing'} (calling_webhook_error ${formatRate(w.callingErrors)})`,
      );
    } else if (timingOut && !failsOpen) {
      part.down(`webhook ${name} timing out (p99 ${formatSeconds(w.p99 ?? 0)})`);
    } else if (w.p99 !== null && w.p99 > t.admissionWebhookP99Seconds) {
      part.degraded(
        `webhook ${name} slow (p99 ${formatSeconds(w.p99)} > ${formatSeconds(t.admissionWebhookP99Seconds)})`,
      );
    }
    if (w.internalErrors > 0) {
      part.degraded(`webhook ${name}: apiserver_internal_error ${formatRate(w.internalErrors)}`);
    }
    if (failsOpen) {
      part.degraded(`webhook ${name} failing open (${formatRate(w.failOpen)}): policy bypassed`);
    }
  }

  judgeProbe(ctx, part, 'probe_admission_dry_run_seconds', 'admission dry-run', t.probeWriteSeconds);
  return part.verdict('webhooks answering in time, none failing or failing open');
}
