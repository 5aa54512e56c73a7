import type { EtcdAssessment } from './etcd.ts';
import { formatSeconds } from './format.ts';
import { evidenceOf, maxSample, readInput, type SignalContext, windowOf } from './inputs.ts';
import { Part, type PartResult } from './part.ts';
import { judgeProbe } from './probes.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';
import { judgeErrorRatio } from './read-path.ts';
import { applyRecovery } from './recovery.ts';

/**
 * Write path (POST, PUT, PATCH, DELETE, APPLY): p99 against the 1 s SLO, the SLI error ratio,
 * the write probe, and what etcd means for writes (no leader, quorum lost or a full database ⇒
 * DOWN; critical fsync or a database near its quota ⇒ DEGRADED). etcd findings can only make
 * writes worse: on their own they do not prove writes work.
 */
export function judgeWritePath(ctx: SignalContext, etcd: EtcdAssessment): PartResult {
  const part = new Part('write');
  const t = ctx.thresholds;

  const p99 = part.use(readInput(ctx, 'write_p99_seconds'));
  const worst = p99 === null ? null : maxSample(p99);
  if (p99 !== null && worst !== null) {
    part.evidence.push(
      evidenceOf(p99, formatQuantile(worst), `≤ ${formatSeconds(t.writeP99Seconds)}`, worst.labels),
    );
    if (quantileEstimate(worst) > t.writeP99Seconds) {
      part.degraded('latency', `write p99 ${formatQuantile(worst)} (> ${formatSeconds(t.writeP99Seconds)})`, {
        windowed: windowOf(p99),
      });
    }
  }

  judgeErrorRatio(ctx, part, 'write_error_ratio', 'write');

  for (const hit of etcd.writeFindings) part.hits.push(hit);
  for (const item of etcd.writeEvidence) part.evidence.push(item);

  judgeProbe(ctx, part, 'probe_write_seconds', 'write', t.probeWriteSeconds);
  applyRecovery(ctx, part, [{ name: 'probe_write_seconds', what: 'write probe' }]);
  return part.result(ctx.cluster, `writes within ${formatSeconds(t.writeP99Seconds)}, etcd accepting writes`);
}
