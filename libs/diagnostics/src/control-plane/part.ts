import type { Evidence, HealthStatus, Verdict } from '@fleetscope/types';
import type { Input, KnownInput } from './inputs.ts';

/** Where a windowed finding's failure stands in time, as its source knows it. */
export interface WindowedEvidence {
  /** The metric's window, e.g. "5m". */
  window: string;
  /** Epoch ms the failure was last seen in the raw series; null when the source does not know. */
  failedUntil: number | null;
  /** Epoch ms the metric was observed; a failure last seen before it has ended. */
  observedAt: number | null;
}

/** One rule that fired: what it means for the part and the phrase naming it. */
export interface Finding {
  status: 'DEGRADED' | 'DOWN';
  /** Mixin severity "critical" (DOWN is always critical). */
  critical: boolean;
  /** Short phrase, e.g. "etcd WAL fsync p99 1.3 s (> 1 s)". */
  reason: string;
  /**
   * Set when the finding rests on a windowed metric (a rate or quantile over e.g. 5m), which keeps
   * showing a failure for a whole window after it ended: a passing probe may then outrank it.
   */
  windowed?: WindowedEvidence;
}

/**
 * Accumulates one part's judgement (a path, etcd, scheduler or controllers): rules add findings
 * and evidence, unusable inputs add reasons. The part is HEALTHY only when at least one of its
 * primary inputs was usable and no rule fired; with no usable input it is UNKNOWN, never HEALTHY.
 */
export class Part {
  readonly findings: Finding[] = [];
  readonly evidence: Evidence[] = [];
  readonly unknown: string[] = [];
  judged = false;
  notApplicable: string | null = null;
  /** Set when a primary view of the part is missing altogether: it may still be impaired, never HEALTHY. */
  blockedFromHealthy: string | null = null;

  /** The part cannot be judged HEALTHY (a rule that fires still counts): UNKNOWN with this reason. */
  cannotBeHealthy(reason: string): void {
    this.blockedFromHealthy = reason;
    if (!this.unknown.includes(reason)) this.unknown.push(reason);
  }

  /** Records an input: returns it when known (and marks the part judged if it is primary). */
  use(input: Input, primary = true): KnownInput | null {
    if (!input.known) {
      if (!this.unknown.includes(input.reason)) this.unknown.push(input.reason);
      return null;
    }
    if (primary) this.judged = true;
    return input;
  }

  degraded(reason: string, critical = false, windowed?: Finding['windowed']): void {
    this.findings.push({
      status: 'DEGRADED',
      critical,
      reason,
      ...(windowed === undefined ? {} : { windowed }),
    });
  }

  down(reason: string, windowed?: Finding['windowed']): void {
    this.findings.push({
      status: 'DOWN',
      critical: true,
      reason,
      ...(windowed === undefined ? {} : { windowed }),
    });
  }

  status(): HealthStatus {
    if (this.notApplicable !== null) return 'NOT_APPLICABLE';
    if (this.findings.some((f) => f.status === 'DOWN')) return 'DOWN';
    if (this.findings.length > 0) return 'DEGRADED';
    return this.judged && this.blockedFromHealthy === null ? 'HEALTHY' : 'UNKNOWN';
  }

  /** Findings of the worst status first, in the order the rules fired. */
  worstFindings(): Finding[] {
    const down = this.findings.filter((f) => f.status === 'DOWN');
    return down.length > 0 ? down : this.findings;
  }

  /** Why nothing could be judged, each distinct reason once. */
  unknownReason(): string {
    return this.unknown.length === 0 ? 'no input collected' : this.unknown.join('; ');
  }

  verdict(healthySummary: string): Verdict {
    const status = this.status();
    let summary: string;
    if (status === 'NOT_APPLICABLE') summary = this.notApplicable ?? 'not applicable';
    else if (status === 'UNKNOWN') summary = `no usable input: ${this.unknownReason()}`;
    else if (status === 'HEALTHY') {
      summary =
        this.unknown.length === 0 ? healthySummary : `${healthySummary} (unknown: ${this.unknownReason()})`;
    } else {
      const critical = status === 'DEGRADED' && this.findings.some((f) => f.critical);
      const reasons = this.findings
        .slice()
        .sort((a, b) => (a.status === b.status ? 0 : a.status === 'DOWN' ? -1 : 1))
        .map((f) => f.reason)
        .join('; ');
      summary = critical ? `critical: ${reasons}` : reasons;
    }
    return { status, summary, evidence: this.evidence };
  }
}
