import type { Evidence, SignalSample } from '@fleetscope/types';
import { formatBytes, formatCount, formatRate, formatRatio, formatSeconds } from './format.ts';
import {
  evidenceOf,
  type KnownInput,
  maxSample,
  readInput,
  type SignalContext,
  targetMissing,
} from './inputs.ts';
import { type HitOptions, Part, type PartResult, type RuleHit } from './part.ts';
import { formatQuantile, quantileEstimate } from './quantile.ts';

/** etcd's verdict plus what it means for the write path (which carries the impact). */
export interface EtcdAssessment {
  result: PartResult;
  /** Findings the write path inherits: no leader / quorum lost / full db (DOWN), critical fsync / quota risk (DEGRADED). */
  writeFindings: RuleHit[];
  writeEvidence: Evidence[];
}

export const NOT_OBSERVABLE_HERE = 'not observable here';

function instanceOf(s: SignalSample): string {
  return s.labels.instance ?? s.labels.member ?? '';
}

/** Pairs two per-member gauges by instance label; unlabelled single samples pair with each other. */
function pairByInstance(
  a: readonly SignalSample[],
  b: readonly SignalSample[],
): { instance: string; a: number; b: number }[] {
  const pairs: { instance: string; a: number; b: number }[] = [];
  for (const x of a) {
    const y = b.find((s) => instanceOf(s) === instanceOf(x)) ?? (b.length === 1 ? b[0] : undefined);
    if (y !== undefined) pairs.push({ instance: instanceOf(x), a: x.value, b: y.value });
  }
  return pairs;
}

function member(instance: string): string {
  return instance === '' ? '' : ` on ${instance}`;
}

/**
 * The member a finding names, as an attribute: the worst member may change from one scrape to the
 * next while the problem stays the same, so it does not enter the finding's id.
 */
function memberSubject(instance: string): HitOptions {
  return instance === '' ? {} : { attributes: { member: instance } };
}

/** Members up / total from the dedicated signals, else from `target_up{job="etcd"}` (the mixin's way). */
function members(ctx: SignalContext, part: Part): { up: number; total: number; input: KnownInput } | null {
  const up = readInput(ctx, 'etcd_members_up');
  const total = readInput(ctx, 'etcd_members_total');
  if (up.known && total.known) {
    const u = maxSample(up);
    const n = maxSample(total);
    part.use(up);
    if (u !== null && n !== null) return { up: u.value, total: n.value, input: up };
    return null;
  }
  const targets = readInput(ctx, 'target_up');
  if (targets.known) {
    const etcd = targets.samples.filter((s) => s.labels.job === 'etcd');
    if (etcd.length > 0) {
      part.use(targets);
      return { up: etcd.filter((s) => s.value === 1).length, total: etcd.length, input: targets };
    }
  }
  part.use(up.known ? total : up);
  return null;
}

/**
 * etcd by the etcd mixin: no leader or quorum lost ⇒ DOWN; slow fsync (> 0.5 s warning, > 1 s
 * critical — etcd stays DEGRADED and the write path carries the impact), slow commit, slow
 * peers, leader churn, failed proposals, db near quota (critical) and fragmentation ⇒ DEGRADED.
 * A cluster that does not expose etcd (managed) is NOT_APPLICABLE "not observable here", with the
 * API server's view of the db size as evidence.
 */
export function assessEtcd(ctx: SignalContext): EtcdAssessment {
  const part = new Part('etcd');
  const t = ctx.thresholds;
  const writeFindings: RuleHit[] = [];
  const writeEvidence: Evidence[] = [];

  const missing = ctx.set?.observable.etcd ? targetMissing(ctx, 'etcd') : null;
  if (ctx.set !== null && (!ctx.set.observable.etcd || missing !== null)) {
    // Not observable (proven) is NOT_APPLICABLE; not among the inputs is UNKNOWN. Both show the API
    // server's view of the db size.
    if (missing !== null) part.use({ known: false, name: 'target_up', reason: missing });
    else part.notApplicable = `${NOT_OBSERVABLE_HERE} (no etcd metrics; managed control plane?)`;
    const storage = readInput(ctx, 'apiserver_storage_size_bytes');
    if (storage.known) {
      for (const s of storage.samples) {
        part.evidence.push(evidenceOf(storage, formatBytes(s.value), undefined, s.labels));
      }
    }
    return { result: part.result(ctx.cluster, ''), writeFindings, writeEvidence };
  }

  const leader = part.use(readInput(ctx, 'etcd_has_leader'));
  if (leader !== null && leader.samples.length > 0) {
    const without = leader.samples.filter((s) => s.value !== 1);
    const value = `${leader.samples.length - without.length}/${leader.samples.length} members see a leader`;
    const item = evidenceOf(leader, value, 'every member has a leader');
    part.evidence.push(item);
    if (without.length === leader.samples.length) {
      part.down('no-leader', 'etcd has no leader');
      writeFindings.push({
        status: 'DOWN',
        critical: true,
        rule: 'etcd-no-leader',
        reason: 'etcd has no leader',
      });
      writeEvidence.push(item);
    } else if (without.length > 0) {
      const instance = instanceOf(without[0] ?? { labels: {}, value: 0 });
      part.degraded('member-no-leader', `etcd member${member(instance)} has no leader`, {
        critical: true,
        ...memberSubject(instance),
      });
    }
  }

  const m = members(ctx, part);
  if (m !== null && m.total > 0) {
    const quorum = Math.floor(m.total / 2) + 1;
    const item = evidenceOf(
      m.input,
      `${m.up}/${m.total} members up`,
      `≥ ${quorum} for quorum, all for healthy`,
    );
    part.evidence.push(item);
    if (m.up < quorum) {
      const reason = `etcd quorum lost (${m.up}/${m.total} members up)`;
      part.down('quorum-lost', reason);
      writeFindings.push({ status: 'DOWN', critical: true, rule: 'etcd-quorum-lost', reason });
      writeEvidence.push(item);
    } else if (m.up < m.total) {
      part.degraded('members-down', `${m.total - m.up} of ${m.total} etcd members down`);
    }
  }

  const fsync = part.use(readInput(ctx, 'etcd_wal_fsync_p99_seconds'));
  const worstFsync = fsync === null ? null : maxSample(fsync);
  if (fsync !== null && worstFsync !== null) {
    const item = evidenceOf(
      fsync,
      formatQuantile(worstFsync),
      `≤ ${formatSeconds(t.etcdFsyncWarningSeconds)} (critical > ${formatSeconds(t.etcdFsyncCriticalSeconds)})`,
      worstFsync.labels,
    );
    part.evidence.push(item);
    const at = member(instanceOf(worstFsync));
    if (quantileEstimate(worstFsync) > t.etcdFsyncCriticalSeconds) {
      const reason = `etcd WAL fsync p99 ${formatQuantile(worstFsync)} (> ${formatSeconds(t.etcdFsyncCriticalSeconds)})`;
      part.degraded('fsync-latency', `${reason}${at}`, {
        critical: true,
        ...memberSubject(instanceOf(worstFsync)),
      });
      writeFindings.push({ status: 'DEGRADED', critical: true, rule: 'etcd-fsync-latency', reason });
      writeEvidence.push(item);
    } else if (quantileEstimate(worstFsync) > t.etcdFsyncWarningSeconds) {
      part.degraded(
        'fsync-latency',
        `etcd WAL fsync p99 ${formatQuantile(worstFsync)}${at} (> ${formatSeconds(t.etcdFsyncWarningSeconds)})`,
        memberSubject(instanceOf(worstFsync)),
      );
    }
  }

  const latencyRules: [
    'etcd_backend_commit_p99_seconds' | 'etcd_peer_rtt_p99_seconds',
    string,
    number,
    string,
  ][] = [
    ['etcd_backend_commit_p99_seconds', 'backend commit', t.etcdCommitP99Seconds, 'commit-latency'],
    ['etcd_peer_rtt_p99_seconds', 'peer round-trip', t.etcdPeerRttP99Seconds, 'peer-latency'],
  ];
  for (const [name, what, limit, rule] of latencyRules) {
    const input = readInput(ctx, name);
    // A single-member etcd has no peer metrics: absent peer RTT is not a gap worth reporting.
    if (!input.known && name === 'etcd_peer_rtt_p99_seconds') continue;
    const known = part.use(input);
    const worst = known === null ? null : maxSample(known);
    if (known === null || worst === null) continue;
    part.evidence.push(evidenceOf(known, formatQuantile(worst), `≤ ${formatSeconds(limit)}`, worst.labels));
    if (quantileEstimate(worst) > limit) {
      part.degraded(
        rule,
        `etcd ${what} p99 ${formatQuantile(worst)}${member(instanceOf(worst))} (> ${formatSeconds(limit)})`,
        memberSubject(instanceOf(worst)),
      );
    }
  }

  const changes = part.use(readInput(ctx, 'etcd_leader_changes_15m'), false);
  const worstChanges = changes === null ? null : maxSample(changes);
  if (changes !== null && worstChanges !== null) {
    part.evidence.push(
      evidenceOf(changes, formatCount(worstChanges.value), `< ${t.etcdLeaderChanges15m} in 15m`),
    );
    if (worstChanges.value >= t.etcdLeaderChanges15m) {
      part.degraded(
        'leader-churn',
        `etcd leader changed ${formatCount(worstChanges.value)} times in 15m (≥ ${t.etcdLeaderChanges15m})`,
      );
    }
  }

  const proposals = part.use(readInput(ctx, 'etcd_proposals_failed_per_second'), false);
  const worstProposals = proposals === null ? null : maxSample(proposals);
  if (proposals !== null && worstProposals !== null) {
    part.evidence.push(
      evidenceOf(
        proposals,
        formatRate(worstProposals.value),
        `≤ ${formatRate(t.etcdProposalsFailedPerSecond)}`,
      ),
    );
    if (worstProposals.value > t.etcdProposalsFailedPerSecond) {
      part.degraded(
        'proposals-failing',
        `etcd failing ${formatRate(worstProposals.value)} proposals (> ${formatRate(t.etcdProposalsFailedPerSecond)})`,
      );
    }
  }

  const size = part.use(readInput(ctx, 'etcd_db_size_bytes'));
  const quota = readInput(ctx, 'etcd_quota_bytes');
  if (size !== null && quota.known) {
    const pairs = pairByInstance(size.samples, quota.samples).filter((p) => p.b > 0);
    const worst = pairs.sort((x, y) => y.a / y.b - x.a / x.b)[0];
    if (worst !== undefined) {
      const ratio = worst.a / worst.b;
      const item = evidenceOf(
        size,
        `${formatBytes(worst.a)} of ${formatBytes(worst.b)} quota (${formatRatio(ratio)})`,
        `< ${formatRatio(t.etcdQuotaRatio)} of quota`,
      );
      part.evidence.push(item);
      if (ratio >= 1) {
        const reason = `etcd database full (${formatBytes(worst.a)} of ${formatBytes(worst.b)} quota): writes are refused`;
        part.degraded('db-full', reason, { critical: true });
        writeFindings.push({ status: 'DOWN', critical: true, rule: 'etcd-db-full', reason });
        writeEvidence.push(item);
      } else if (ratio >= t.etcdQuotaRatio) {
        const reason = `etcd database at ${formatRatio(ratio)} of its quota (≥ ${formatRatio(t.etcdQuotaRatio)}; writes stop when full)`;
        part.degraded('db-near-quota', reason, { critical: true });
        writeFindings.push({ status: 'DEGRADED', critical: true, rule: 'etcd-db-near-quota', reason });
        writeEvidence.push(item);
      }
    }
  } else if (!quota.known) {
    part.use(quota, false);
  }

  const inUse = readInput(ctx, 'etcd_db_in_use_bytes');
  if (size !== null && inUse.known) {
    for (const p of pairByInstance(inUse.samples, size.samples)) {
      if (p.b <= 0) continue;
      const ratio = p.a / p.b;
      if (ratio < t.etcdFragmentationRatio && p.a > t.etcdFragmentationMinInUseBytes) {
        part.evidence.push(
          evidenceOf(
            inUse,
            `${formatBytes(p.a)} in use of ${formatBytes(p.b)} (${formatRatio(ratio)})`,
            `in use ≥ ${formatRatio(t.etcdFragmentationRatio)} of total once above ${formatBytes(t.etcdFragmentationMinInUseBytes)}`,
          ),
        );
        part.degraded(
          'db-fragmented',
          `etcd database fragmented${member(p.instance)} (${formatRatio(ratio)} in use): needs defrag`,
          memberSubject(p.instance),
        );
      }
    }
  }

  return {
    result: part.result(ctx.cluster, 'leader stable, disk and peers within bounds'),
    writeFindings,
    writeEvidence,
  };
}
