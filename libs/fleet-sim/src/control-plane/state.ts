import type { Clock } from '../clock.ts';
import { cdf, mean } from './distribution.ts';
import { type Family, type FamilyContext, familiesFor, type Labels, type Target } from './families.ts';
import { type ControlPlaneSpec, hasQuorum } from './spec.ts';

/** One sample as a scrape would see it. `integral` counts are exposed rounded down (they count events). */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
  integral: boolean;
}

export interface EvaluatedFamily {
  name: string;
  help: string;
  type: Family['type'];
  samples: Sample[];
}

/** A stretch of time under one scenario. Counters accumulate from `from`; drifting gauges from `driftFrom`. */
interface Segment {
  from: number;
  driftFrom: number;
  spec: ControlPlaneSpec;
}

/** How long the simulated API server has been running when the fleet is created: every 5m/15m window has data. */
export const CONTROL_PLANE_UPTIME_MS = 6 * 3600_000;
/** How long before the fleet was created an initial scenario's incident began (drifting gauges start here). */
export const INITIAL_INCIDENT_AGE_MS = 15 * 60_000;

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

interface CounterAcc {
  labels: Labels;
  value: number;
}
interface HistogramAcc {
  labels: Labels;
  buckets: number[];
  sum: number;
  count: number;
}
type FamilyAcc =
  | { family: Family & { type: 'counter' }; series: Map<string, CounterAcc> }
  | { family: Family & { type: 'histogram' }; series: Map<string, HistogramAcc> }
  | { family: Family & { type: 'gauge' }; series: Map<string, CounterAcc> };

/**
 * One cluster's control plane over time: the scenario in force and every scenario before it, so that
 * counters are a deterministic function of (scenario history, time) — monotonic, consistent at any scrape
 * time, and `rate()` over them gives the scenario's numbers.
 */
export class ControlPlaneState {
  readonly clock: Clock;
  private readonly segments: Segment[];
  private readonly objectCounts: FamilyContext['objectCounts'];
  /** Per webhook: accumulated timeout share, so that timeouts recur at the scenario's rate deterministically. */
  private readonly timeoutCredit = new Map<string, number>();

  constructor(options: {
    clock: Clock;
    spec: ControlPlaneSpec;
    objectCounts?: FamilyContext['objectCounts'];
  }) {
    this.clock = options.clock;
    const now = options.clock.now();
    this.segments = [
      { from: now - CONTROL_PLANE_UPTIME_MS, driftFrom: now - INITIAL_INCIDENT_AGE_MS, spec: options.spec },
    ];
    this.objectCounts = options.objectCounts ?? (() => []);
  }

  /** When the simulated API server started counting (epoch ms). */
  get startedAt(): number {
    return (this.segments[0] as Segment).from;
  }

  /** The scenario in force at `at` (default now). */
  spec(at: number = this.clock.now()): ControlPlaneSpec {
    let current = this.segments[0] as Segment;
    for (const s of this.segments) if (s.from <= at) current = s;
    return current.spec;
  }

  /** When the scenario in force at `at` began (epoch ms); the start of counting for the first one. */
  segmentStart(at: number = this.clock.now()): number {
    let current = this.segments[0] as Segment;
    for (const s of this.segments) if (s.from <= at) current = s;
    return current.from;
  }

  /** Switches scenario from now on. Counters carry on from where they are (they never go back). */
  setSpec(spec: ControlPlaneSpec): void {
    const now = this.clock.now();
    const last = this.segments[this.segments.length - 1] as Segment;
    if (now < last.from) throw new RangeError('ControlPlaneState.setSpec: time went backwards');
    if (now === last.from) {
      last.spec = spec;
      last.driftFrom = now;
    } else this.segments.push({ from: now, driftFrom: now, spec });
    this.timeoutCredit.clear();
  }

  /** Whether a target answers scrapes at `at`: etcd members that are down and managed components do not. */
  scrapeable(target: Target, member = 0, at: number = this.clock.now()): boolean {
    const spec = this.spec(at);
    if (target === 'apiserver') return true;
    if (spec.managed) return false;
    if (target === 'etcd') return member >= 0 && member < spec.etcd.up;
    return true;
  }

  /** Whether etcd has quorum now (writes and /readyz depend on it). */
  quorum(): boolean {
    return hasQuorum(this.spec().etcd);
  }

  /**
   * Whether the next call to a webhook times out: calls time out at the scenario's share, spread evenly
   * (a deterministic error-diffusion, not a coin toss).
   */
  nextWebhookCallTimesOut(name: string): boolean {
    const hook = this.spec().webhooks.find((w) => w.name === name);
    if (!hook || hook.timeoutShare <= 0) return false;
    const credit = (this.timeoutCredit.get(name) ?? 0) + Math.min(1, hook.timeoutShare);
    const timesOut = credit >= 1 - 1e-9;
    this.timeoutCredit.set(name, timesOut ? credit - 1 : credit);
    return timesOut;
  }

  /**
   * Every family a target exposes at time `at`, with counters and histogram buckets accumulated over the
   * scenario history up to `at`. Undefined when the target cannot be scraped then.
   */
  evaluate(target: Target, member = 0, at: number = this.clock.now()): EvaluatedFamily[] | undefined {
    if (!this.scrapeable(target, member, at)) return undefined;
    const active = this.segments.filter((s, i) => i === 0 || s.from <= at);
    const families = new Map<string, FamilyAcc>();
    active.forEach((segment, i) => {
      const next = active[i + 1];
      const end = Math.max(segment.from, Math.min(at, next ? next.from : at));
      const seconds = (end - segment.from) / 1000;
      const isCurrent = next === undefined;
      const ctx: FamilyContext = {
        elapsedSeconds: Math.max(0, (at - segment.driftFrom) / 1000),
        member,
        objectCounts: this.objectCounts,
      };
      for (const family of familiesFor(target, segment.spec, ctx)) {
        let acc = families.get(family.name);
        if (!acc) {
          acc = { family, series: new Map() } as FamilyAcc;
          families.set(family.name, acc);
        }
        if (family.type === 'gauge') {
          // Gauges are the current state, not a history.
          if (!isCurrent) continue;
          acc.series = new Map(
            family.series.map((s) => [labelKey(s.labels), { labels: s.labels, value: s.value }]),
          );
        } else if (family.type === 'counter' && acc.family.type === 'counter') {
          const series = acc.series as Map<string, CounterAcc>;
          for (const s of family.series) {
            const key = labelKey(s.labels);
            const c = series.get(key) ?? { labels: s.labels, value: s.base ?? 0 };
            c.value += s.perSecond * seconds;
            series.set(key, c);
          }
        } else if (family.type === 'histogram' && acc.family.type === 'histogram') {
          const series = acc.series as Map<string, HistogramAcc>;
          for (const s of family.series) {
            const key = labelKey(s.labels);
            // The layout of the first segment stays: a scenario change does not change the server's version.
            const layout = acc.family.buckets;
            const h = series.get(key) ?? {
              labels: s.labels,
              buckets: layout.map(() => 0),
              sum: 0,
              count: 0,
            };
            const n = s.perSecond * seconds;
            layout.forEach((le, j) => {
              h.buckets[j] = (h.buckets[j] ?? 0) + n * cdf(s.dist, le);
            });
            h.count += n;
            h.sum += n * mean(s.dist);
            series.set(key, h);
          }
        }
      }
    });
    return [...families.values()].map((acc) => toEvaluated(acc));
  }
}

function toEvaluated(acc: FamilyAcc): EvaluatedFamily {
  const { name, help, type } = acc.family;
  const samples: Sample[] = [];
  if (acc.family.type === 'histogram') {
    const buckets = acc.family.buckets;
    for (const h of (acc.series as Map<string, HistogramAcc>).values()) {
      buckets.forEach((le, j) => {
        samples.push({
          name: `${name}_bucket`,
          labels: { ...h.labels, le: formatFloat(le) },
          value: Math.min(h.buckets[j] ?? 0, h.count),
          integral: true,
        });
      });
      samples.push({
        name: `${name}_bucket`,
        labels: { ...h.labels, le: '+Inf' },
        value: h.count,
        integral: true,
      });
      samples.push({ name: `${name}_sum`, labels: h.labels, value: h.sum, integral: false });
      samples.push({ name: `${name}_count`, labels: h.labels, value: h.count, integral: true });
    }
  } else {
    for (const c of (acc.series as Map<string, CounterAcc>).values()) {
      samples.push({ name, labels: c.labels, value: c.value, integral: type === 'counter' });
    }
  }
  return { name, help, type, samples };
}

/** Formats a float like Go's strconv.FormatFloat(f, 'g', -1, 64), as Prometheus clients print `le`. */
export function formatFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  // Go switches to exponent form below 1e-4 (JavaScript only below 1e-6).
  const text = value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential() : String(value);
  const exp = /e([+-])(\d+)$/.exec(text);
  if (!exp) return text;
  const digits = (exp[2] ?? '').padStart(2, '0');
  return `${text.slice(0, exp.index)}e${exp[1]}${digits}`;
}
