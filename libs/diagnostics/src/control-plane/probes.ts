import type { Evidence, SignalName } from '@fleetscope/types';
import { clockTime, isoOrNull, shortError } from '../verdict/text.ts';
import { formatSeconds } from './format.ts';
import { maxSample, NO_METRICS_SOURCE, readInput, type SignalContext } from './inputs.ts';
import type { Part } from './part.ts';

export type ProbeName = Extract<SignalName, `probe_${string}`>;

/**
 * Probe errors that say nothing about the path: we may not run it, it cannot run here, or the probe
 * was "inconclusive: …" (e.g. Fleetscope itself was overloaded while timing it).
 */
const INCONCLUSIVE_PROBE_ERROR =
  /^inconclusive:|forbidden|unauthori[sz]ed|\b40[13]\b|does not support dry run/i;

/** "probe_admission_dry_run_seconds" → "probe-admission-dry-run": the rule name of a probe's findings. */
function probeRule(name: ProbeName): string {
  return `probe-${name.replace(/^probe_|_seconds$/g, '').replaceAll('_', '-')}`;
}

/**
 * Judges one synthetic probe into `part`. A probe's `error` means the operation failed from
 * here (DOWN), except errors that only show the probe could not exercise the path (no
 * permission; a webhook without dry-run support) or that come from a cluster never reached (our
 * network or credentials, not the path, may be at fault), which leave the input unknown. A slow probe
 * is DEGRADED. Probes are primary inputs: they alone can judge a path when metrics are missing.
 */
export function judgeProbe(
  ctx: SignalContext,
  part: Part,
  name: ProbeName,
  what: string,
  limitSeconds: number,
  /** What a failed probe means for the part: DOWN unless the probe only shows part of the path. */
  onFailure: 'down' | 'degraded' = 'down',
): void {
  const signal = ctx.set?.signals[name];
  if (signal !== undefined && signal.error !== null && ctx.set !== null) {
    const age = signal.observedAt === null ? null : ctx.now - signal.observedAt;
    const error = shortError(signal.error);
    if (age !== null && age > ctx.thresholds.signalStaleAfterMs) {
      part.use({
        known: false,
        name,
        reason: `${name} stale (observed at ${clockTime(signal.observedAt ?? 0, 'seconds')})`,
      });
      return;
    }
    const item: Evidence = {
      signal: name,
      value: error.startsWith('inconclusive:') ? error : `failed: ${error}`,
      threshold: `succeeds within ${formatSeconds(limitSeconds)}`,
      source: signal.source,
      observedAt: isoOrNull(signal.observedAt),
    };
    part.evidence.push(item);
    if (INCONCLUSIVE_PROBE_ERROR.test(error)) {
      part.use({
        known: false,
        name,
        reason: `${what} probe inconclusive: ${error.replace(/^inconclusive: /, '')}`,
      });
      return;
    }
    if (ctx.neverReached) {
      part.use({
        known: false,
        name,
        reason: `${what} probe inconclusive: API server never reached from here`,
      });
      return;
    }
    part.judged = true;
    const rule = probeRule(name);
    if (onFailure === 'degraded')
      part.degraded(`${rule}-failed`, `${what} probe failed: ${error}`, { critical: true });
    else part.down(`${rule}-failed`, `${what} probe failed: ${error}`);
    return;
  }
  // Without any signal set the probe reason would repeat the "no metrics source" reason: skip it.
  if (ctx.set === null) {
    part.use({ known: false, name, reason: NO_METRICS_SOURCE });
    return;
  }
  if (signal === undefined) return; // probes are opt-in: not running one is not a gap to report
  const input = part.use(readInput(ctx, name));
  if (input === null) return;
  const worst = maxSample(input);
  if (worst === null) return;
  part.evidence.push({
    signal: name,
    value: formatSeconds(worst.value),
    threshold: `≤ ${formatSeconds(limitSeconds)}`,
    ...(input.window === '' ? {} : { window: input.window }),
    source: input.source,
    observedAt: input.observedAt,
  });
  if (worst.value > limitSeconds) {
    part.degraded(
      `${probeRule(name)}-slow`,
      `${what} probe took ${formatSeconds(worst.value)} (> ${formatSeconds(limitSeconds)})`,
    );
  }
}
