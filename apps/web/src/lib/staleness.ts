/**
 * One staleness rule, decided by the API: `stale` says whether any input behind a view is stale (the API's
 * --stale-after, sent as `staleAfterSeconds`). The browser adds only what the API cannot know: that no
 * newer answer has reached it. Ages are built from same-clock differences — (generatedAt − dataAsOf) on
 * the API's clock plus the time since receipt on the browser's — so a wall PC whose clock is off neither
 * fakes nor hides staleness.
 */

import { parseDateTime } from './time.ts';

/** Why a view is stale; null when it is fresh. */
export type StaleReason = 'never-synced' | 'reported-stale' | 'too-old';

export interface Freshness {
  stale: boolean;
  reason: StaleReason | null;
  /** Epoch ms (API clock) of the newest input, or null when nothing has arrived; for display only. */
  dataAsOf: number | null;
  /** How old the data is now, skew-free; null when nothing has arrived. */
  ageMs: number | null;
}

export interface FreshnessInput {
  /** The API's own verdict: some input is stale or never synced. */
  stale: boolean;
  /** Epoch ms of the newest input (API clock), or null. */
  dataAsOf: number | null;
  /** Epoch ms when the API computed the answer (API clock), or null when unknown. */
  generatedAt: number | null;
  /** Epoch ms when this browser received the answer (browser clock), or null. */
  receivedAt: number | null;
  /** The API's stale-after, in ms. */
  staleAfterMs: number;
}

/** Age of the data now: its age when the API answered, plus the time since this browser received it. */
export function dataAge(input: FreshnessInput, nowMs: number): number | null {
  if (input.dataAsOf === null) return null;
  const atAnswer = input.generatedAt === null ? 0 : Math.max(0, input.generatedAt - input.dataAsOf);
  const sinceReceipt = input.receivedAt === null ? 0 : Math.max(0, nowMs - input.receivedAt);
  return atAnswer + sinceReceipt;
}

/**
 * Whether data may be shown as current. Stale when the API says so, when nothing has arrived, or when no
 * newer answer has been received for longer than the API's stale-after — a frozen feed (API unreachable,
 * subscription silently dead) that the API itself cannot report.
 */
export function assessFreshness(input: FreshnessInput, nowMs: number): Freshness {
  const ageMs = dataAge(input, nowMs);
  if (input.dataAsOf === null) return { stale: true, reason: 'never-synced', dataAsOf: null, ageMs: null };
  if (input.stale) return { stale: true, reason: 'reported-stale', dataAsOf: input.dataAsOf, ageMs };
  const sinceReceipt = input.receivedAt === null ? 0 : nowMs - input.receivedAt;
  if (sinceReceipt > input.staleAfterMs) {
    return { stale: true, reason: 'too-old', dataAsOf: input.dataAsOf, ageMs };
  }
  return { stale: false, reason: null, dataAsOf: input.dataAsOf, ageMs };
}

/**
 * Combines per-cluster freshness into the fleet's: the fleet is only as fresh as its stalest cluster, so
 * the reported time is the OLDEST dataAsOf, and any missing one makes the whole fleet "never synced".
 * All inputs come from one answer (same generatedAt, receipt and stale-after).
 */
export function combineFreshness(inputs: readonly FreshnessInput[]): FreshnessInput | null {
  const first = inputs[0];
  if (first === undefined) return null;
  let oldest = Number.POSITIVE_INFINITY;
  let stale = false;
  for (const input of inputs) {
    if (input.dataAsOf === null) return { ...first, stale: true, dataAsOf: null };
    oldest = Math.min(oldest, input.dataAsOf);
    stale ||= input.stale;
  }
  return { ...first, stale, dataAsOf: oldest };
}

/** One line saying why data is stale, for the banner. */
export function describeStaleReason(reason: StaleReason): string {
  switch (reason) {
    case 'never-synced':
      return 'no data has arrived yet';
    case 'reported-stale':
      return 'a watch behind this view is not current';
    case 'too-old':
      return 'no update received within the stale-after limit';
  }
}

/** The staleness input of one cluster view as the API sends it, received by this browser at `receivedAt`. */
export function clusterFreshnessInput(
  cluster: { stale: boolean; dataAsOf: string | null; generatedAt: string; staleAfterSeconds: number },
  receivedAt: number | null,
): FreshnessInput {
  return {
    stale: cluster.stale,
    dataAsOf: parseDateTime(cluster.dataAsOf),
    generatedAt: parseDateTime(cluster.generatedAt),
    receivedAt,
    staleAfterMs: cluster.staleAfterSeconds * 1000,
  };
}

/**
 * How long ago an API timestamp was, skew-free: (generatedAt − at) on the API's clock plus the time since
 * this browser received the answer; null for a missing timestamp.
 */
export function ageOf(
  at: string | null,
  answer: { generatedAt: string; receivedAt: number | null },
  nowMs: number,
): number | null {
  const ms = parseDateTime(at);
  const generatedAt = parseDateTime(answer.generatedAt);
  if (ms === null || generatedAt === null) return null;
  const sinceReceipt = answer.receivedAt === null ? 0 : Math.max(0, nowMs - answer.receivedAt);
  return Math.max(0, generatedAt - ms) + sinceReceipt;
}
