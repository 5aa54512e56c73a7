import type { HealthStatus, ResourceFreshness, SignalSet } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATUS_THRESHOLDS,
  judgeClusterControlPlane,
  summarizeCluster,
  summarizeClusterHealth,
  summarizeFleet,
} from '../../src/index.ts';
import { allFresh, clusterInput, NOW, retrying } from '../factories.ts';
import { probe, signalSet } from './signal-factories.ts';

const ALL_RETRYING = allFresh({
  nodes: retrying(300_000),
  pods: retrying(300_000),
  deployments: retrying(300_000),
  replicasets: retrying(300_000),
  services: retrying(300_000),
  endpointslices: retrying(300_000),
  events: retrying(300_000),
});

describe('judgeClusterControlPlane', () => {
  it.each<{
    name: string;
    signals: SignalSet | null;
    watches: ResourceFreshness[];
    mode: 'live' | 'offline';
    status: HealthStatus;
    summary: string;
  }>([
    {
      name: 'watches current, metrics healthy',
      signals: signalSet(),
      watches: allFresh(),
      mode: 'live',
      status: 'HEALTHY',
      summary: 'API server reachable; watches current. Control-plane paths healthy.',
    },
    {
      name: 'watches current, no metrics source: UNKNOWN, both told',
      signals: null,
      watches: allFresh(),
      mode: 'live',
      status: 'UNKNOWN',
      summary:
        'API server reachable; watches current. Control plane UNKNOWN: no metrics source configured or reachable.',
    },
    {
      name: 'metrics impaired: the impact statement leads',
      signals: signalSet({ specs: { etcd_wal_fsync_p99_seconds: 1.3 } }),
      watches: allFresh(),
      mode: 'live',
      status: 'DEGRADED',
      summary:
        'Writes degraded: etcd WAL fsync p99 1.3 s (> 1 s). Deploys, scaling, status updates and leader-election renewals may fail; existing pods keep serving. Also: etcd DEGRADED.',
    },
    {
      name: 'API server unreachable from here beats healthy metrics',
      signals: signalSet(),
      watches: ALL_RETRYING,
      mode: 'live',
      status: 'DOWN',
      summary:
        'API server unreachable since 19:55:00 UTC: dial tcp 10.0.0.1:443: connect: connection refused; changes are not being observed; existing pods keep serving. Watch path degraded: our informers lag:',
    },
    {
      name: 'offline dump with an exposition: the metrics judge',
      signals: signalSet(),
      watches: [],
      mode: 'offline',
      status: 'HEALTHY',
      summary:
        'offline snapshot: control-plane health needs live watches or metrics. Control-plane paths healthy.',
    },
  ])('$name → $status', ({ signals, watches, mode, status, summary }) => {
    const merged = judgeClusterControlPlane(
      { cluster: 'c', signals, watches, now: NOW, mode },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(merged.summary.status).toBe(status);
    expect(merged.summary.summary.slice(0, summary.length)).toBe(summary);
    expect(merged.summary.evidence.length).toBe(
      merged.watches.evidence.length + merged.detail.evidence.length,
    );
  });
});

describe('a cluster never reached from here', () => {
  const REFUSED = 'connect ECONNREFUSED 10.0.0.1:443';
  const neverSynced = allFresh(
    Object.fromEntries(
      ['nodes', 'pods', 'deployments', 'replicasets', 'services', 'endpointslices', 'events'].map((r) => [
        r,
        {
          state: 'RETRYING' as const,
          lastEventAt: null,
          confirmedAt: null,
          lastSyncAt: null,
          lastErrorAt: NOW - 1_000,
          lastError: REFUSED,
        },
      ]),
    ),
  );
  const connecting = allFresh(
    Object.fromEntries(
      ['nodes', 'pods', 'deployments', 'replicasets', 'services', 'endpointslices', 'events'].map((r) => [
        r,
        { state: 'CONNECTING' as const, lastEventAt: null, confirmedAt: null, lastSyncAt: null },
      ]),
    ),
  );
  const failedProbes: SignalSet = {
    cluster: 'c',
    signals: {
      probe_readyz_seconds: probe('probe_readyz_seconds', null, REFUSED),
      probe_list_seconds: probe('probe_list_seconds', null, REFUSED),
      probe_admission_dry_run_seconds: probe('probe_admission_dry_run_seconds', null, REFUSED),
    },
    observable: { etcd: true, scheduler: true, controllers: true },
  };
  const slowProbes: SignalSet = {
    ...failedProbes,
    signals: { probe_readyz_seconds: probe('probe_readyz_seconds', null, 'timeout after 10 s') },
  };

  it.each([
    { name: 'probes refused, watches retrying', watches: neverSynced, signals: failedProbes },
    { name: 'before the first timeout, watches connecting', watches: connecting, signals: slowProbes },
    { name: 'no probes yet', watches: connecting, signals: null },
  ])('is UNKNOWN, summary and every path alike: $name', ({ watches, signals }) => {
    const merged = judgeClusterControlPlane(
      { cluster: 'c', signals, watches, now: NOW, mode: 'live' },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(merged.summary.status).toBe('UNKNOWN');
    expect(merged.summary.summary).toMatch(
      /^no data from the API server yet.*control-plane health cannot be judged/,
    );
    for (const path of ['read', 'write', 'admission', 'watch'] as const) {
      expect(merged.detail.paths[path].status, path).toBe('UNKNOWN');
    }
    expect(merged.summary.summary).not.toMatch(/\b(DOWN|DEGRADED)\b/);
  });

  it('is UNKNOWN, never HEALTHY, even when the metrics look healthy', () => {
    const merged = judgeClusterControlPlane(
      { cluster: 'c', signals: signalSet(), watches: connecting, now: NOW, mode: 'live' },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(merged.detail.paths.watch.status).toBe('UNKNOWN');
    expect(merged.detail.paths.watch.summary).toMatch(/our informers never reached the API server/);
    expect(merged.detail.status).toBe('UNKNOWN');
    expect(merged.summary.status).toBe('UNKNOWN');
  });

  it('has unknown (null) node, pod and GPU counts, left out of the fleet GPU totals', () => {
    const health = summarizeClusterHealth(
      clusterInput({ nodes: [], pods: [], freshness: neverSynced, controlPlaneSignals: failedProbes }),
    );
    expect(health.controlPlane.status).toBe('UNKNOWN');
    expect(health.dataPlane.status).toBe('UNKNOWN');
    expect([health.nodes, health.pods, health.gpus]).toEqual([null, null, null]);
    const known = summarizeClusterHealth(clusterInput({ name: 'known' }));
    expect(known.nodes?.total).toBe(2);
    expect(summarizeFleet([health, known], NOW, 1).gpus).toEqual(known.gpus);
  });

  it('is judged again as soon as a probe gets through: refused lists are then DOWN', () => {
    const reachedOnce: SignalSet = {
      ...failedProbes,
      signals: { ...failedProbes.signals, probe_readyz_seconds: probe('probe_readyz_seconds', 0.01) },
    };
    const merged = judgeClusterControlPlane(
      { cluster: 'c', signals: reachedOnce, watches: neverSynced, now: NOW, mode: 'live' },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(merged.detail.paths.read.status).toBe('DOWN');
    expect(merged.summary.status).toBe('DOWN');
  });
});

describe('summarizeCluster with control-plane signals', () => {
  it('keeps the watch-only verdict when no signals are given', () => {
    const summary = summarizeCluster(clusterInput());
    expect(summary.controlPlane.summary).toBe('API server reachable; watches current');
    expect(summary.controlPlane.status).toBe('HEALTHY');
  });

  it('uses the merged verdict when signals are given', () => {
    const summary = summarizeCluster(
      clusterInput({
        controlPlaneSignals: signalSet({
          specs: {
            admission_webhook_rejections_per_second: [
              [{ name: 'policy.example.com', error_type: 'calling_webhook_error' }, 2.1],
            ],
          },
        }),
      }),
    );
    expect(summary.controlPlane.status).toBe('DOWN');
    expect(summary.controlPlane.summary).toMatch(/^Admission DOWN: webhook policy\.example\.com failing/);
    expect(summary.dataPlane.status).toBe('HEALTHY');
  });

  it('null signals (no metrics source) make the control plane UNKNOWN, never HEALTHY', () => {
    expect(summarizeCluster(clusterInput({ controlPlaneSignals: null })).controlPlane.status).toBe('UNKNOWN');
  });

  it('summarizeClusterHealth adds the full detail', () => {
    const health = summarizeClusterHealth(clusterInput({ controlPlaneSignals: signalSet() }));
    expect(health.controlPlaneDetail.status).toBe('HEALTHY');
    expect(health.controlPlaneDetail.paths.admission.status).toBe('HEALTHY');
    expect(health.controlPlane.status).toBe('HEALTHY');
    expect(health.name).toBe('prod-us-east');
  });

  it('summarizeClusterHealth without signals judges them as missing', () => {
    const health = summarizeClusterHealth(clusterInput());
    expect(health.controlPlaneDetail.status).toBe('UNKNOWN');
    expect(health.controlPlaneDetail.paths.read.summary).toBe(
      'no usable input: no metrics source configured or reachable',
    );
  });
});
