import { calibratedToBuckets, ETCD_DISK_BUCKETS } from '../../control-plane/distribution.ts';
import { deriveSpec, WRITE_VERBS } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

/**
 * `etcd-slow-disk`: etcd's disk is slow (a noisy neighbour on the volume). WAL fsync p99 ≈ 1.3 s
 * (> 1 s, the etcd mixin's critical line), backend commit p99 ≈ 0.9 s (> 0.25 s). Every persisted
 * write waits for an fsync: write p99 ≈ 1.6 s and ~5 % of writes exceed the 1 s SLO. Reads come from
 * the watch cache and stay fast; quorum and leader are fine; pods keep serving.
 *
 * The simulated server delays persisted writes by 1.4 s (dry-run creates are not persisted and stay fast).
 *
 * Expected verdicts: write DEGRADED (operations path), etcd DEGRADED (names WAL fsync), everything else
 * HEALTHY; overall DEGRADED, operations path impaired, user path fine.
 */
export const etcdSlowDiskControlPlane: ControlPlaneScenario = {
  name: 'etcd-slow-disk',
  description: 'etcd WAL fsync p99 ≈ 1.3 s: writes slow, reads and serving fine.',
  spec: deriveSpec('etcd-slow-disk', (spec) => {
    spec.etcd.walFsync = calibratedToBuckets(0.35, 1.3, ETCD_DISK_BUCKETS);
    spec.etcd.backendCommit = calibratedToBuckets(0.2, 0.9, ETCD_DISK_BUCKETS);
    for (const c of spec.requests) {
      if (!WRITE_VERBS.includes(c.verb) || c.dryRun) continue;
      c.latency = { p50: 0.35, p99: 1.6 };
    }
    spec.serving.writeMs = 1400;
  }),
  expected: expectVerdicts({
    write: { status: 'DEGRADED', operationsPath: true, userPath: false },
    etcd: { status: 'DEGRADED', operationsPath: true, userPath: false, mentions: ['fsync'] },
  }),
};
