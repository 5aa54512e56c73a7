import { formatRate, formatRatio, formatSeconds } from './format.ts';
import { evidenceOf, maxSample, readInput, type SignalContext, windowOf } from './inputs.ts';
import { Part, type PartResult } from './part.ts';
import { judgeProbe } from './probes.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';
import { applyRecovery } from './recovery.ts';

/** Latency bound of a read scope; the empty scope counts as resource (as the mixin does). */
function scopeBound(scope: string, ctx: SignalContext): number {
  const t = ctx.thresholds;
  if (scope === 'namespace') return t.readP99NamespaceSeconds;
  if (scope === 'cluster') return t.readP99ClusterSeconds;
  return t.readP99ResourceSeconds;
}

/** Error-ratio rule shared by the read and write paths. */
export function judgeErrorRatio(
  ctx: SignalContext,
  part: Part,
  name: 'read_error_ratio' | 'write_error_ratio',
  what: string,
): void {
  const input = part.use(readInput(ctx, name));
  if (input === null) return;
  const worst = maxSample(input);
  if (worst === null) return;
  const { errorRatioDegraded, errorRatioDown } = ctx.thresholds;
  part.evidence.push(
    evidenceOf(
      input,
      formatRatio(worst.value),
      `≤ ${formatRatio(errorRatioDegraded)} (DOWN ≥ ${formatRatio(errorRatioDown)})`,
    ),
  );
  const phrase = `${what} error ratio ${formatRatio(worst.value)} (slow or 5xx)`;
  const windowed = windowOf(input);
  if (worst.value >= errorRatioDown) {
    part.down('error-ratio', `${phrase} ≥ ${formatRatio(errorRatioDown)}`, { windowed });
  } else if (worst.value > errorRatioDegraded) {
    part.degraded('error-ratio', `${phrase} > ${formatRatio(errorRatioDegraded)}`, { windowed });
  }
}

/**
 * Read path (GET, LIST): p99 per scope against its SLO bound, the SLI error ratio, APF
 * rejections per priority level (named: a noisy controller can starve humans), request
 * terminations, and the readyz/list probes.
 */
export function judgeReadPath(ctx: SignalContext): PartResult {
  const part = new Part('read');
  const t = ctx.thresholds;

  const p99 = part.use(readInput(ctx, 'read_p99_seconds'));
  if (p99 !== null) {
    for (const s of p99.samples) {
      const scope = s.labels.scope ?? '';
      const bound = scopeBound(scope, ctx);
      part.evidence.push(evidenceOf(p99, formatQuantile(s), `≤ ${formatSeconds(bound)}`, s.labels));
      if (quantileEstimate(s) > bound) {
        const named = scope === '' ? 'resource' : scope;
        part.degraded(
          'latency',
          `read p99 ${formatQuantile(s)} at scope ${named} (> ${formatSeconds(bound)})`,
          {
            windowed: windowOf(p99),
            attributes: { requestScope: named },
            qualifier: named,
          },
        );
      }
    }
  }

  judgeErrorRatio(ctx, part, 'read_error_ratio', 'read');

  const apf = part.use(readInput(ctx, 'apf_rejected_per_second'), false);
  if (apf !== null) {
    const rejecting = apf.samples
      .filter((s) => s.value > t.apfRejectedPerSecond)
      .sort((a, b) => b.value - a.value);
    if (rejecting.length === 0) {
      part.evidence.push(
        evidenceOf(apf, formatRate(0), `≤ ${formatRate(t.apfRejectedPerSecond)} per priority level`),
      );
    }
    for (const s of rejecting) {
      const level = s.labels.priority_level ?? 'unknown level';
      const reason = s.labels.reason === undefined ? '' : `, ${s.labels.reason}`;
      part.evidence.push(
        evidenceOf(apf, formatRate(s.value), `≤ ${formatRate(t.apfRejectedPerSecond)}`, s.labels),
      );
      part.degraded(
        'apf-rejecting',
        `APF rejecting priority level ${level} (${formatRate(s.value)}${reason})`,
        {
          windowed: windowOf(apf),
          subjects: [{ kind: 'PriorityLevelConfiguration', namespace: null, name: level }],
          attributes: { priorityLevel: level },
          ...(s.labels.reason === undefined ? {} : { qualifier: s.labels.reason }),
        },
      );
    }
  }

  const inqueue = readInput(ctx, 'apf_inqueue_requests');
  if (inqueue.known) {
    for (const s of inqueue.samples.filter((x) => x.value > 0)) {
      part.evidence.push(evidenceOf(inqueue, String(s.value), undefined, s.labels));
    }
  }

  const terminations = part.use(readInput(ctx, 'request_terminations_ratio'), false);
  if (terminations !== null) {
    const worst = maxSample(terminations);
    if (worst !== null) {
      part.evidence.push(
        evidenceOf(terminations, formatRatio(worst.value), `≤ ${formatRatio(t.requestTerminationsRatio)}`),
      );
      if (worst.value > t.requestTerminationsRatio) {
        part.degraded(
          'terminations',
          `${formatRatio(worst.value)} of requests terminated (> ${formatRatio(t.requestTerminationsRatio)})`,
        );
      }
    }
  }

  // /readyz aggregates checks (etcd among them): failing, the server says it is not ready and load
  // balancers may drop it, but reads can still be served from the watch cache. The LIST probe
  // is the one that shows reads failing outright.
  judgeProbe(ctx, part, 'probe_readyz_seconds', 'readyz', t.probeReadSeconds, 'degraded');
  judgeProbe(ctx, part, 'probe_list_seconds', 'list', t.probeReadSeconds);
  applyRecovery(ctx, part, [
    { name: 'probe_list_seconds', what: 'LIST' },
    { name: 'probe_readyz_seconds', what: 'readyz' },
  ]);
  return part.result(ctx.cluster, 'reads answering within their bounds');
}
