import type { Signal } from '@fleetscope/types';
import { clockTime, isoOrNull } from '../verdict/text.ts';
import type { SignalContext } from './inputs.ts';
import type { Part, WindowedEvidence } from './part.ts';
import type { ProbeName } from './probes.ts';

/** A probe that can vouch for a path, and how its name reads in a sentence ("dry-run passes since …"). */
export interface RecoveryProbe {
  name: ProbeName;
  what: string;
}

/** "5m" → 300 000 ms; null for windows that are not a Prometheus duration (e.g. "since process start"). */
export function windowMs(window: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(window.trim());
  if (match === null) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}

/** A probe that passes now, with the time it started passing and, if it saw the failure, when it last did. */
function passingProbe(ctx: SignalContext, probe: RecoveryProbe): { signal: Signal; since: number } | null {
  const signal = ctx.set?.signals[probe.name];
  if (signal === undefined || signal.error !== null || signal.observedAt === null) return null;
  if (ctx.now - signal.observedAt > ctx.thresholds.signalStaleAfterMs) return null;
  const since = signal.history?.passingSince ?? null;
  return since === null ? null : { signal, since };
}

/**
 * DOWN must rest on current evidence. A windowed metric (a rate or quantile over 5 minutes) keeps
 * showing a failure for a whole window after it ended; a probe that passes now is fresher, direct
 * evidence. When they disagree the finding turns into "recovering" — at most DEGRADED — saying both:
 * "recovering: webhook X failing (…) until 19:13 UTC; dry-run passes since 19:14 UTC".
 *
 * When the metric's source knows when it last saw the failure, that decides: last seen at its latest
 * observation means still going on (never recovering); last seen before, it ended, and the probe
 * passing now agrees. When the source does not know, only a probe known to exercise what failed
 * vouches: it failed itself within the metric's window and passes since. A dry run of a ConfigMap
 * says nothing about a webhook that only watches pods and never failed the probe: that stays DOWN.
 * Findings on current evidence (gauges, our informers, failing probes) are never touched.
 */
export function applyRecovery(ctx: SignalContext, part: Part, probes: readonly RecoveryProbe[]): void {
  for (const probe of probes) {
    const passing = passingProbe(ctx, probe);
    if (passing === null) continue;
    const probeFailedUntil = passing.signal.history?.failedUntil ?? null;
    let recovered = 0;
    part.hits.forEach((f, index) => {
      const windowed = f.windowed;
      if (windowed === undefined || !recoveredBy(windowed, passing.since, probeFailedUntil, ctx.now)) return;
      const when =
        windowed.failedUntil !== null
          ? ` until ${clockTime(windowed.failedUntil)}`
          : ` (still in the ${windowed.window} window; ${probe.what} failed until ${clockTime(probeFailedUntil ?? passing.since)})`;
      const reason = `recovering: ${f.reason}${when}; ${probe.what} passes since ${clockTime(passing.since)}`;
      // Same rule and subjects: the finding keeps its id while it recovers.
      const { windowed: _ended, ...rest } = f;
      part.hits[index] = { ...rest, status: 'DEGRADED', critical: false, reason, recovering: true };
      recovered += 1;
    });
    if (recovered === 0) continue;
    part.evidence.push({
      signal: probe.name,
      value: `passing since ${isoOrNull(passing.since)}`,
      threshold: 'fresher than the windowed metric',
      source: passing.signal.source,
      observedAt: isoOrNull(passing.signal.observedAt),
    });
  }
}

function recoveredBy(
  windowed: WindowedEvidence,
  passingSince: number,
  probeFailedUntil: number | null,
  now: number,
): boolean {
  const span = windowMs(windowed.window);
  if (span === null) return false;
  if (windowed.failedUntil !== null) {
    // The source knows when it last saw the failure. Seen at its latest observation, the failure is
    // going on, whatever a probe says (a probe that passes may not exercise it); seen last before
    // that, it ended, and a probe passing now agrees.
    if (windowed.observedAt !== null) return windowed.failedUntil < windowed.observedAt;
    return windowed.failedUntil <= passingSince;
  }
  return probeFailedUntil !== null && probeFailedUntil >= now - span && probeFailedUntil <= passingSince;
}
