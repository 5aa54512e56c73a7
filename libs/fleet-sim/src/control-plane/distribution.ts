/**
 * Latency distributions and Prometheus histogram arithmetic. A scenario states a latency as a p50 and a
 * p99 (a log-normal through both), optionally with a tail of requests that all take about the same long
 * time (timeouts). Buckets are filled with the distribution's CDF so that `histogram_quantile` over the
 * exposition gives the scenario's numbers, within the resolution of the real bucket layout.
 */

/** A latency distribution in seconds. */
export interface Distribution {
  p50: number;
  p99: number;
  /** A share (0..1) of observations that instead take about `seconds` (e.g. a timeout). */
  tail?: { share: number; seconds: number };
}

/** apiserver_request_duration_seconds (1.26+). */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
/** apiserver_request_sli_duration_seconds. */
export const REQUEST_SLI_DURATION_BUCKETS: readonly number[] = [
  0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
/** apiserver_admission_webhook_admission_duration_seconds. */
export const WEBHOOK_DURATION_BUCKETS: readonly number[] = [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 25];
/**
 * The same histogram on a v1.24 API server (seen on a real one): nothing above 2.5 s, so a webhook
 * timing out at 10 s lands in +Inf and histogram_quantile answers 2.5 s.
 */
export const WEBHOOK_DURATION_BUCKETS_V1_24: readonly number[] = [0.005, 0.025, 0.1, 0.5, 1, 2.5];
/** apiserver_watch_cache_read_wait_seconds. */
export const WATCH_CACHE_READ_WAIT_BUCKETS: readonly number[] = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3,
];
/** etcd_disk_wal_fsync_duration_seconds and etcd_disk_backend_commit_duration_seconds: 0.001 × 2^i. */
export const ETCD_DISK_BUCKETS: readonly number[] = exponentialBuckets(0.001, 2, 14);
/** etcd_network_peer_round_trip_time_seconds: 0.0001 × 2^i. */
export const ETCD_PEER_RTT_BUCKETS: readonly number[] = exponentialBuckets(0.0001, 2, 16);
/** scheduler_scheduling_attempt_duration_seconds. */
export const SCHEDULER_ATTEMPT_BUCKETS: readonly number[] = exponentialBuckets(0.001, 2, 15);
/** workqueue_queue_duration_seconds and workqueue_work_duration_seconds: 1e-8 × 10^i. */
export const WORKQUEUE_DURATION_BUCKETS: readonly number[] = exponentialBuckets(1e-8, 10, 10);

/** Like Prometheus' ExponentialBuckets, rounded so 0.001 × 2^3 prints as 0.008, not 0.008000000000000002. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((start * factor ** i).toPrecision(12)));
}

const Z99 = 2.3263478740408408;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error < 1.5e-7, plenty for bucket fills). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function logNormalParams(d: Distribution): { mu: number; sigma: number } {
  const p50 = Math.max(d.p50, 1e-12);
  const p99 = Math.max(d.p99, p50);
  return { mu: Math.log(p50), sigma: (Math.log(p99) - Math.log(p50)) / Z99 };
}

function bodyCdf(d: Distribution, x: number): number {
  if (x <= 0) return 0;
  const { mu, sigma } = logNormalParams(d);
  if (sigma === 0) return x >= Math.exp(mu) ? 1 : 0;
  return normalCdf((Math.log(x) - mu) / sigma);
}

/** Share of observations ≤ x (what a bucket with le = x holds, divided by the count). */
export function cdf(d: Distribution, x: number): number {
  const tail = d.tail;
  if (!tail || tail.share <= 0) return bodyCdf(d, x);
  const share = Math.min(1, tail.share);
  return (1 - share) * bodyCdf(d, x) + (x >= tail.seconds ? share : 0);
}

/** Mean observation, for `_sum`. */
export function mean(d: Distribution): number {
  const { mu, sigma } = logNormalParams(d);
  const body = Math.exp(mu + (sigma * sigma) / 2);
  const tail = d.tail;
  if (!tail || tail.share <= 0) return body;
  const share = Math.min(1, tail.share);
  return (1 - share) * body + share * tail.seconds;
}

/** A request that runs into a timeout is observed a little after it (the deadline plus the unwinding). */
export function timeoutObservation(timeoutSeconds: number): number {
  return timeoutSeconds * 1.002;
}

/** One cumulative bucket: upper bound `le` (Infinity for +Inf) and the count at or below it. */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * `histogram_quantile` exactly as Prometheus 2.x computes it: linear interpolation inside the bucket that
 * holds the rank, the lowest bucket starting at 0, the +Inf bucket answering the highest finite bound.
 * NaN when there are no observations (no traffic in the window is not a latency).
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (Number.isNaN(q) || q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (sorted.length < 2 || !last || last.le !== Number.POSITIVE_INFINITY) return Number.NaN;
  // Prometheus makes counts monotonic before searching (float noise in rates can break it).
  let max = Number.NEGATIVE_INFINITY;
  const counts = sorted.map((b) => {
    max = Math.max(max, b.count);
    return max;
  });
  const observations = counts[counts.length - 1] ?? 0;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = counts.findIndex((c) => c >= rank);
  if (b < 0) b = counts.length - 1;
  if (b === sorted.length - 1) return sorted[sorted.length - 2]?.le ?? Number.NaN;
  const upper = sorted[b]?.le ?? 0;
  if (b === 0 && upper <= 0) return upper;
  let start = 0;
  let count = counts[b] ?? 0;
  if (b > 0) {
    start = sorted[b - 1]?.le ?? 0;
    const previous = counts[b - 1] ?? 0;
    count -= previous;
    rank -= previous;
  }
  return start + (upper - start) * (rank / count);
}

/**
 * A log-normal with the given p50 whose p99 *as `histogram_quantile` reports it over `buckets`* is
 * `reportedP99`. Bucket interpolation overstates a tail inside a wide bucket (a true p99 of 1.3 s reads
 * as ~1.7 s between etcd's 1.024 and 2.048 buckets); scenarios that quote a number use this so the
 * dashboard shows that number.
 */
export function calibratedToBuckets(
  p50: number,
  reportedP99: number,
  buckets: readonly number[],
): Distribution {
  const reported = (p99: number): number =>
    histogramQuantile(0.99, [
      ...buckets.map((le) => ({ le, count: cdf({ p50, p99 }, le) })),
      { le: Number.POSITIVE_INFINITY, count: 1 },
    ]);
  let lo = p50;
  let hi = reportedP99 * 4;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (reported(mid) < reportedP99) lo = mid;
    else hi = mid;
  }
  return { p50, p99: Number(((lo + hi) / 2).toPrecision(6)) };
}
