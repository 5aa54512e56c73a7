import type { Evidence, Finding, FindingSubject, HealthStatus, Verdict } from '@fleetscope/types';
import {
  compareFindings,
  impliedStatus,
  makeFinding,
  newestObservation,
  severityFor,
} from '../verdict/finding.ts';
import type { ControlPlanePart } from './impact.ts';
import type { Input, KnownInput } from './inputs.ts';
import { PART_GUIDANCE } from './part-guidance.ts';

/** Where a windowed finding's failure stands in time, as its source knows it. */
export interface WindowedEvidence {
  /** The metric's window, e.g. "5m". */
  window: string;
  /** Epoch ms the failure was last seen in the raw series; null when the source does not know. */
  failedUntil: number | null;
  /** Epoch ms the metric was observed; a failure last seen before it has ended. */
  observedAt: number | null;
}

/** What a rule that fired needs besides its phrase. */
export interface HitOptions {
  /** Mixin severity "critical" (DOWN is always critical). */
  critical?: boolean;
  /**
   * Set when the finding rests on a windowed metric (a rate or quantile over e.g. 5m), which keeps
   * showing a failure for a whole window after it ended: a passing probe may then outrank it.
   */
  windowed?: WindowedEvidence;
  /** What the finding is about; default: the part itself. */
  subjects?: FindingSubject[];
  /** Subjects that make its identity when the list above changes while the problem stays (default: all). */
  identity?: FindingSubject[];
  attributes?: Record<string, string>;
  /** Tells apart hits of one rule on the same subjects (e.g. a read scope); never a value. */
  qualifier?: string;
}

/** One rule that fired inside a part, before it becomes a {@link Finding}. */
export interface RuleHit extends HitOptions {
  status: 'DEGRADED' | 'DOWN';
  critical: boolean;
  /** Rule name inside the part, e.g. "latency" → `controlplane.write.latency`. */
  rule: string;
  /** Short phrase, e.g. "etcd WAL fsync p99 1.3 s (> 1 s)". */
  reason: string;
  /** Set when a passing probe outranks the windowed metric the hit rests on. */
  recovering?: boolean;
}

/** A part's verdict and the findings it was composed from. */
export interface PartResult {
  verdict: Verdict;
  findings: Finding[];
}

/** The subject of a finding about a whole part. */
export function partSubject(part: ControlPlanePart): FindingSubject {
  const kind =
    part === 'etcd'
      ? 'Etcd'
      : part === 'scheduler'
        ? 'Scheduler'
        : part === 'controllers'
          ? 'ControllerManager'
          : 'ControlPlanePath';
  return { kind, namespace: null, name: part };
}

/**
 * Accumulates one part's judgement (a path, etcd, scheduler or controllers): rules add hits and
 * evidence, unusable inputs add reasons. {@link result} turns them into findings and composes the
 * part's verdict from those findings. The part is HEALTHY only when at least one of its primary
 * inputs was usable and no rule fired; with no usable input it is UNKNOWN, never HEALTHY.
 */
export class Part {
  readonly name: ControlPlanePart;
  readonly hits: RuleHit[] = [];
  readonly evidence: Evidence[] = [];
  readonly unknown: string[] = [];
  judged = false;
  notApplicable: string | null = null;
  /** Set when a primary view of the part is missing altogether: it may still be impaired, never HEALTHY. */
  blockedFromHealthy: string | null = null;

  constructor(name: ControlPlanePart) {
    this.name = name;
  }

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

  degraded(rule: string, reason: string, options: HitOptions = {}): void {
    this.hits.push({ ...options, status: 'DEGRADED', critical: options.critical ?? false, rule, reason });
  }

  down(rule: string, reason: string, options: Omit<HitOptions, 'critical'> = {}): void {
    this.hits.push({ ...options, status: 'DOWN', critical: true, rule, reason });
  }

  /** Why nothing could be judged, each distinct reason once. */
  unknownReason(): string {
    return this.unknown.length === 0 ? 'no input collected' : this.unknown.join('; ');
  }

  /** The part's findings: one per hit, or what it could not judge (UNKNOWN), or why it does not apply. */
  findings(cluster: string): Finding[] {
    const guidance = PART_GUIDANCE[this.name];
    const observedAt = newestObservation(this.evidence);
    const common = {
      scope: 'CLUSTER' as const,
      plane: 'CONTROL' as const,
      evidence: this.evidence,
      nextSteps: guidance.nextSteps,
      observedAt,
    };
    const subject = partSubject(this.name);
    if (this.notApplicable !== null) {
      return [
        makeFinding(cluster, {
          ...common,
          rule: `controlplane.${this.name}.not-applicable`,
          status: null,
          subjects: [subject],
          attributes: { part: this.name },
          title: this.notApplicable,
          detail: guidance.notApplicable,
          nextSteps: [],
        }),
      ];
    }
    const out: Finding[] = this.hits.map((hit) =>
      makeFinding(cluster, {
        ...common,
        rule: `controlplane.${this.name}.${hit.rule}`,
        status: hit.status,
        severity: severityFor(hit.status, hit.critical),
        subjects: hit.subjects ?? [subject],
        ...(hit.identity === undefined ? {} : { identity: hit.identity }),
        attributes: {
          part: this.name,
          ...hit.attributes,
          ...(hit.windowed === undefined ? {} : { window: hit.windowed.window }),
          ...(hit.recovering === true ? { recovering: 'true' } : {}),
        },
        title: hit.reason,
        detail: hit.status === 'DOWN' ? guidance.down : guidance.degraded,
        ...(hit.qualifier === undefined ? {} : { qualifier: hit.qualifier }),
      }),
    );
    if (out.length === 0 && (!this.judged || this.blockedFromHealthy !== null)) {
      out.push(
        makeFinding(cluster, {
          ...common,
          rule: `controlplane.${this.name}.no-input`,
          status: 'UNKNOWN',
          subjects: [subject],
          attributes: { part: this.name },
          title: `no usable input: ${this.unknownReason()}`,
          detail: guidance.unknown,
        }),
      );
    } else if (this.unknown.length > 0) {
      // Judged on what was there; what was missing is said, without moving the status.
      out.push(
        makeFinding(cluster, {
          ...common,
          rule: `controlplane.${this.name}.partial-input`,
          status: null,
          subjects: [subject],
          attributes: { part: this.name },
          title: `unknown: ${this.unknownReason()}`,
          detail: 'Judged on the inputs that were there; these were not.',
          nextSteps: [],
        }),
      );
    }
    return out;
  }

  /** The part's findings and its verdict composed from them. */
  result(cluster: string, healthySummary: string): PartResult {
    const findings = this.findings(cluster);
    return { verdict: composePartVerdict(findings, this.evidence, healthySummary), findings };
  }
}

/**
 * A part's verdict from its findings: NOT_APPLICABLE when its only finding says so; otherwise the
 * worst status they imply (none: HEALTHY). Impaired parts name every impairing finding, DOWN first
 * in firing order, "critical: " ahead when a DEGRADED part has a critical finding.
 */
export function composePartVerdict(
  findings: readonly Finding[],
  evidence: Evidence[],
  healthySummary: string,
): Verdict {
  const notApplicable = findings.find((f) => f.rule.endsWith('.not-applicable'));
  if (notApplicable !== undefined) {
    return { status: 'NOT_APPLICABLE', summary: notApplicable.title, evidence };
  }
  const status: HealthStatus = impliedStatus(findings) ?? 'HEALTHY';
  if (status === 'UNKNOWN') {
    const unknown = findings.find((f) => f.status === 'UNKNOWN');
    return { status, summary: unknown?.title ?? 'no usable input: no input collected', evidence };
  }
  if (status === 'HEALTHY') {
    const partial = findings.find((f) => f.rule.endsWith('.partial-input'));
    const summary = partial === undefined ? healthySummary : `${healthySummary} (${partial.title})`;
    return { status, summary, evidence };
  }
  const impairing = findings.filter((f) => f.status === 'DOWN' || f.status === 'DEGRADED');
  const down = impairing.filter((f) => f.status === 'DOWN');
  const rest = impairing.filter((f) => f.status !== 'DOWN');
  const critical = status === 'DEGRADED' && impairing.some((f) => f.severity === 'CRITICAL');
  const reasons = [...down, ...rest].map((f) => f.title).join('; ');
  return { status, summary: critical ? `critical: ${reasons}` : reasons, evidence };
}

/** Findings of several parts in one list, worst first, each id once (a fact two parts share stays one). */
export function mergeFindings(lists: Iterable<readonly Finding[]>): Finding[] {
  const byId = new Map<string, Finding>();
  for (const list of lists) for (const f of list) if (!byId.has(f.id)) byId.set(f.id, f);
  return [...byId.values()].sort(compareFindings);
}
