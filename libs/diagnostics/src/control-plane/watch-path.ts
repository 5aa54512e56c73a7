import type { ResourceFreshness } from '@fleetscope/types';
import { formatDuration, isoOrNull } from '../verdict/text.ts';
import { formatCount, formatRate, formatSeconds } from './format.ts';
import { describeFreshness, freshnessIsStale, lastHeardAt } from './freshness.ts';
import { evidenceOf, maxSample, readInput, type SignalContext, windowOf } from './inputs.ts';
import { Part, type PartResult, partSubject } from './part.ts';
import { judgeProbe } from './probes.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';
import { applyRecovery } from './recovery.ts';

/** 410 Gone: our resourceVersion was compacted away and the informer had to relist. */
const GONE = /\b410\b|too old resource version|resourceversion too old|\bgone\b/i;

/**
 * Our own informers are a watch client too. Lagging ones (not forbidden) make the watch path
 * DEGRADED; relists and 410 Gone are evidence. They never make it HEALTHY on their own: they see
 * only what we watch, with our credentials, over our network.
 */
function judgeInformers(
  part: Part,
  watches: readonly ResourceFreshness[],
  now: number,
  staleAfterMs: number,
  neverReached: boolean,
): void {
  const ours = watches.filter((f) => f.state !== 'FORBIDDEN');
  if (ours.length === 0) return;
  const lagging = ours.filter((f) => freshnessIsStale(f, now, staleAfterMs));
  const relists = ours.reduce((n, f) => n + f.relists, 0);
  const gone = ours.filter((f) => f.lastError !== null && GONE.test(f.lastError));
  let newest: number | null = null;
  for (const f of ours) {
    const heard = lastHeardAt(f);
    if (heard !== null && (newest === null || heard > newest)) newest = heard;
  }
  part.evidence.push({
    signal: 'our informers',
    value: `${ours.length - lagging.length}/${ours.length} current, ${formatCount(relists)} relists${gone.length > 0 ? `, 410 Gone on ${gone.map((f) => f.resource).join(', ')}` : ''}`,
    threshold: `confirmed by the server within ${formatDuration(staleAfterMs)}`,
    source: 'kubernetes watch',
    observedAt: isoOrNull(newest),
  });
  // Informers that never connected show that we cannot reach the server, not how its watches serve:
  // the watch path is then unknown from here (never HEALTHY on the metrics alone).
  if (neverReached) {
    part.cannotBeHealthy('our informers never reached the API server');
    return;
  }
  if (lagging.length > 0) {
    const named = lagging.map((f) => `${f.resource} (${describeFreshness(f, now, staleAfterMs)})`).join(', ');
    part.degraded('informers-lag', `our informers lag: ${named}`, {
      subjects: lagging.map((f) => ({ kind: 'Watch', namespace: null, name: f.resource })),
      identity: [partSubject('watch')],
    });
  }
}

/**
 * Watch path: terminated (unresponsive) watchers rising, watch-cache read wait, the
 * write-to-event probe, and our own informers' lag, relists and 410s.
 */
export function judgeWatchPath(ctx: SignalContext, watches: readonly ResourceFreshness[]): PartResult {
  const part = new Part('watch');
  const t = ctx.thresholds;

  const terminated = part.use(readInput(ctx, 'watch_terminated_watchers_per_second'));
  if (terminated !== null) {
    const rising = terminated.samples
      .filter((s) => s.value > t.terminatedWatchersPerSecond)
      .sort((a, b) => b.value - a.value);
    if (rising.length === 0) {
      part.evidence.push(
        evidenceOf(terminated, formatRate(0), `≤ ${formatRate(t.terminatedWatchersPerSecond)}`),
      );
    }
    for (const s of rising) {
      part.evidence.push(
        evidenceOf(
          terminated,
          formatRate(s.value),
          `≤ ${formatRate(t.terminatedWatchersPerSecond)}`,
          s.labels,
        ),
      );
    }
    if (rising.length > 0) {
      const total = rising.reduce((n, s) => n + s.value, 0);
      const resources = rising.map((s) => s.labels.resource ?? '?').join(', ');
      part.degraded(
        'terminated-watchers',
        `unresponsive watchers terminated (${formatRate(total)}: ${resources})`,
        { windowed: windowOf(terminated) },
      );
    }
  }

  const wait = part.use(readInput(ctx, 'watch_cache_read_wait_p99_seconds'));
  const worstWait = wait === null ? null : maxSample(wait);
  if (wait !== null && worstWait !== null) {
    part.evidence.push(
      evidenceOf(
        wait,
        formatQuantile(worstWait),
        `≤ ${formatSeconds(t.watchCacheReadWaitP99Seconds)}`,
        worstWait.labels,
      ),
    );
    if (quantileEstimate(worstWait) > t.watchCacheReadWaitP99Seconds) {
      part.degraded(
        'cache-read-wait',
        `watch-cache read wait p99 ${formatQuantile(worstWait)} (> ${formatSeconds(t.watchCacheReadWaitP99Seconds)})`,
        { windowed: windowOf(wait) },
      );
    }
  }

  const longrunning = readInput(ctx, 'watch_longrunning');
  if (longrunning.known) {
    const total = longrunning.samples.reduce((n, s) => n + s.value, 0);
    part.evidence.push(evidenceOf(longrunning, formatCount(total), undefined));
  }

  judgeProbe(ctx, part, 'probe_watch_delivery_seconds', 'watch delivery', t.probeWatchDeliverySeconds);
  applyRecovery(ctx, part, [{ name: 'probe_watch_delivery_seconds', what: 'watch delivery' }]);
  judgeInformers(part, watches, ctx.now, t.watchStaleAfterMs, Boolean(ctx.neverReached));
  return part.result(ctx.cluster, 'watchers kept, watch cache serving in time');
}
