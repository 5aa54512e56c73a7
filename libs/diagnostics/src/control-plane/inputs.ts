import type { Evidence, Signal, SignalName, SignalSample, SignalSet } from '@fleetscope/types';
import { clockTime, isoOrNull, shortError } from '../verdict/text.ts';
import { formatLabels } from './format.ts';
import type { WindowedEvidence } from './part.ts';
import { quantileEstimate } from './quantile.ts';
import type { ControlPlaneThresholds } from './thresholds.ts';

/** Scrape jobs named by `target_up{job}`. */
export type TargetJob = 'apiserver' | 'etcd' | 'scheduler' | 'controller-manager';

/**
 * Counter-derived signals and the target that exposes their counter. A counter that never
 * incremented has no series at all; when its target is up that reads as 0, otherwise unknown.
 */
const COUNTER_TARGETS: Partial<Record<SignalName, TargetJob>> = {
  apf_rejected_per_second: 'apiserver',
  request_terminations_ratio: 'apiserver',
  admission_webhook_rejections_per_second: 'apiserver',
  admission_webhook_fail_open_per_second: 'apiserver',
  watch_terminated_watchers_per_second: 'apiserver',
  etcd_leader_changes_15m: 'etcd',
  etcd_proposals_failed_per_second: 'etcd',
  scheduler_attempts_per_second: 'scheduler',
};

/** Reason used for every input when no signal set was given at all. */
export const NO_METRICS_SOURCE = 'no metrics source configured or reachable';

export interface KnownInput {
  known: true;
  name: SignalName;
  /** Finite samples only; empty with `zeroFromCounter` means "0, counter never incremented". */
  samples: SignalSample[];
  zeroFromCounter: boolean;
  window: string;
  source: string;
  observedAt: string | null;
  /** Epoch ms the source last saw the failure this signal summarises (see SignalHistory); null when unknown. */
  failedUntil: number | null;
}

export interface UnknownInput {
  known: false;
  name: SignalName;
  reason: string;
}

export type Input = KnownInput | UnknownInput;

/** What every rule reads signals through: the set, the clock and the staleness limit. */
export interface SignalContext {
  /** The cluster judged: findings carry it in their ids. */
  cluster: string;
  set: SignalSet | null;
  now: number;
  thresholds: ControlPlaneThresholds;
  /**
   * Set when the API server was never reached from here (see neverReachedReason): our failed probes
   * and silent informers then show only that, not the health of any path.
   */
  neverReached?: string | null;
}

function unknown(name: SignalName, reason: string): UnknownInput {
  return { known: false, name, reason };
}

function known(signal: Signal, samples: SignalSample[], zeroFromCounter: boolean): KnownInput {
  return {
    known: true,
    name: signal.name,
    samples,
    zeroFromCounter,
    window: signal.window,
    source: signal.source,
    observedAt: isoOrNull(signal.observedAt),
    failedUntil: signal.history?.failedUntil ?? null,
  };
}

/** What a finding from a windowed input carries so fresher probe evidence can outrank it; undefined for instant gauges. */
export function windowOf(input: KnownInput): WindowedEvidence | undefined {
  if (input.window === '') return undefined;
  const observedAt = input.observedAt === null ? null : Date.parse(input.observedAt);
  return { window: input.window, failedUntil: input.failedUntil, observedAt };
}

/** The signal itself when present, without error, observed and not stale; else why not. */
function usableSignal(ctx: SignalContext, name: SignalName): Signal | UnknownInput {
  if (ctx.set === null) return unknown(name, NO_METRICS_SOURCE);
  const signal = ctx.set.signals[name];
  if (signal === undefined) return unknown(name, `${name} not collected`);
  if (signal.error !== null) return unknown(name, shortError(signal.error));
  if (signal.observedAt === null) return unknown(name, `${name} never observed`);
  const age = ctx.now - signal.observedAt;
  if (age > ctx.thresholds.signalStaleAfterMs) {
    return unknown(name, `${name} stale (observed at ${clockTime(signal.observedAt, 'seconds')})`);
  }
  return signal;
}

/**
 * Whether a scrape target is up: true when any `target_up{job}` sample is 1, false when the
 * signal is usable and no sample is 1 (down or absent), null when `target_up` itself is unusable.
 */
export function targetUp(ctx: SignalContext, job: TargetJob): boolean | null {
  const signal = usableSignal(ctx, 'target_up');
  if ('known' in signal) return null;
  return signal.samples.some((s) => s.labels.job === job && s.value === 1);
}

/** How a missing component reads in a sentence. */
const COMPONENT_WORDS: Record<TargetJob, string> = {
  apiserver: 'kube-apiserver',
  etcd: 'etcd',
  scheduler: 'scheduler',
  'controller-manager': 'controller-manager',
};

/**
 * Why a component cannot be judged when the source that lists targets has none for it: `target_up`
 * is usable but names no such job ("no scheduler metrics from a.prom, b.prom"). Not given proves
 * nothing — neither that it is down nor that it does not exist (NOT_APPLICABLE needs that proof,
 * which sources give through `observable`). Null when the job is listed or `target_up` is unusable.
 */
export function targetMissing(ctx: SignalContext, job: TargetJob): string | null {
  const signal = usableSignal(ctx, 'target_up');
  if ('known' in signal) return null;
  if (signal.samples.some((s) => s.labels.job === job)) return null;
  return `no ${COMPONENT_WORDS[job]} metrics from ${signal.source}`;
}

/**
 * One input of a rule. Missing, erroring, never observed or stale signals are unknown; a
 * counter-style signal with no series is 0 when its target is up; any other signal with no
 * series is unknown (absent is not zero; a histogram with no series means no traffic).
 */
export function readInput(ctx: SignalContext, name: SignalName): Input {
  const signal = usableSignal(ctx, name);
  if ('known' in signal) return signal;
  const samples = signal.samples.filter((s) => Number.isFinite(s.value));
  if (samples.length > 0) return known(signal, samples, false);
  const job = COUNTER_TARGETS[name];
  if (job !== undefined && targetUp(ctx, job) === true) return known(signal, [], true);
  if (job !== undefined) return unknown(name, `${name}: no series and ${job} target not known to be up`);
  return unknown(name, `${name}: no series (no traffic or not exposed)`);
}

/**
 * Largest sample (a saturated quantile by its estimate), or 0 for a counter that never
 * incremented; null when there is nothing.
 */
export function maxSample(input: KnownInput): SignalSample | null {
  let best: SignalSample | null = null;
  for (const s of input.samples) if (best === null || quantileEstimate(s) > quantileEstimate(best)) best = s;
  if (best === null && input.zeroFromCounter) return { labels: {}, value: 0 };
  return best;
}

/** Sum over samples (0 for a counter that never incremented). */
export function sumSamples(input: KnownInput, filter: (s: SignalSample) => boolean = () => true): number {
  let total = 0;
  for (const s of input.samples) if (filter(s)) total += s.value;
  return total;
}

/** Evidence for one value of a known input. */
export function evidenceOf(
  input: KnownInput,
  value: string,
  threshold: string | undefined,
  labels: Readonly<Record<string, string>> = {},
): Evidence {
  const item: Evidence = {
    signal: `${input.name}${formatLabels(labels)}`,
    value: input.zeroFromCounter && input.samples.length === 0 ? `${value} (no series; target up)` : value,
    source: input.source,
    observedAt: input.observedAt,
  };
  if (threshold !== undefined) item.threshold = threshold;
  if (input.window !== '') item.window = input.window;
  return item;
}
