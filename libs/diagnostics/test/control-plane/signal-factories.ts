import type { Signal, SignalName, SignalSample, SignalSet } from '@fleetscope/types';
import { NOW } from '../factories.ts';

export const PROMETHEUS = 'prometheus http://prometheus.monitoring:9090';
export const GIB = 1024 ** 3;

type SampleSpec = number | [Record<string, string>, number][];

function samplesOf(spec: SampleSpec): SignalSample[] {
  if (typeof spec === 'number') return [{ labels: {}, value: spec }];
  return spec.map(([labels, value]) => ({ labels, value }));
}

/** A Prometheus signal observed 10 s before NOW over a 5m window. */
export function signal(name: SignalName, spec: SampleSpec, overrides: Partial<Signal> = {}): Signal {
  return {
    name,
    samples: samplesOf(spec),
    window: '5m',
    source: PROMETHEUS,
    observedAt: NOW - 10_000,
    error: null,
    ...overrides,
  };
}

/** A probe result (seconds), or a failed probe when `error` is given. */
export function probe(name: SignalName, seconds: number | null, error: string | null = null): Signal {
  return {
    name,
    samples: seconds === null ? [] : [{ labels: {}, value: seconds }],
    window: '',
    source: 'probe',
    observedAt: NOW - 5_000,
    error,
  };
}

const ETCD_MEMBERS = ['etcd-0', 'etcd-1', 'etcd-2'];

/** Every signal of a calm, self-hosted 3-member control plane. Counters that never moved have no series. */
export function healthySpecs(): Partial<Record<SignalName, SampleSpec>> {
  return {
    target_up: [
      [{ job: 'apiserver' }, 1],
      ...ETCD_MEMBERS.map((instance): [Record<string, string>, number] => [{ job: 'etcd', instance }, 1]),
      [{ job: 'scheduler' }, 1],
      [{ job: 'controller-manager' }, 1],
    ],
    read_p99_seconds: [
      [{ scope: 'resource' }, 0.12],
      [{ scope: 'namespace' }, 0.8],
      [{ scope: 'cluster' }, 2.5],
    ],
    read_error_ratio: 0.001,
    read_requests_per_second: 120,
    write_p99_seconds: 0.2,
    write_error_ratio: 0.0005,
    write_requests_per_second: 30,
    apf_rejected_per_second: [],
    apf_inqueue_requests: [[{ priority_level: 'workload-low' }, 0]],
    request_terminations_ratio: [],
    admission_webhook_p99_seconds: [[{ name: 'policy.example.com', type: 'validating' }, 0.05]],
    admission_webhook_rejections_per_second: [[{ name: 'policy.example.com', error_type: 'no_error' }, 0.1]],
    admission_webhook_fail_open_per_second: [],
    admission_webhooks_configured: 2,
    watch_terminated_watchers_per_second: [],
    watch_longrunning: 850,
    watch_cache_read_wait_p99_seconds: 0.01,
    etcd_has_leader: ETCD_MEMBERS.map((instance) => [{ instance }, 1]),
    etcd_members_up: 3,
    etcd_members_total: 3,
    etcd_leader_changes_15m: [],
    etcd_wal_fsync_p99_seconds: ETCD_MEMBERS.map((instance) => [{ instance }, 0.008]),
    etcd_backend_commit_p99_seconds: 0.02,
    etcd_peer_rtt_p99_seconds: 0.01,
    etcd_proposals_failed_per_second: [],
    etcd_db_size_bytes: 2 * GIB,
    etcd_db_in_use_bytes: 1.6 * GIB,
    etcd_quota_bytes: 8 * GIB,
    apiserver_storage_size_bytes: 2 * GIB,
    scheduler_pending_pods: [
      [{ queue: 'active' }, 0],
      [{ queue: 'backoff' }, 0],
      [{ queue: 'unschedulable' }, 3],
    ],
    scheduler_attempts_per_second: [
      [{ result: 'scheduled' }, 2],
      [{ result: 'unschedulable' }, 0.1],
    ],
    scheduler_attempt_p99_seconds: 0.05,
    workqueue_depth: [
      [{ name: 'deployment' }, 0],
      [{ name: 'replicaset' }, 1],
      [{ name: 'endpointslice' }, 0],
      [{ name: 'node_lifecycle_controller' }, 0],
    ],
    workqueue_queue_p99_seconds: [
      [{ name: 'deployment' }, 0.01],
      [{ name: 'replicaset' }, 0.01],
      [{ name: 'endpointslice' }, 0.02],
      [{ name: 'node_lifecycle_controller' }, 0.01],
    ],
    workqueue_depth_growth_per_second: [
      [{ name: 'deployment' }, 0],
      [{ name: 'replicaset' }, 0],
      [{ name: 'endpointslice' }, 0],
      [{ name: 'node_lifecycle_controller' }, 0],
    ],
  };
}

export interface SignalChanges {
  /** Replace (or add) signals by spec; null removes the signal (not collected). */
  specs?: Partial<Record<SignalName, SampleSpec | null>>;
  /** Whole signals (probes, errors) added last. */
  signals?: Signal[];
  observable?: Partial<SignalSet['observable']>;
}

/** The healthy set with changes applied. */
export function signalSet(changes: SignalChanges = {}): SignalSet {
  const specs: Partial<Record<SignalName, SampleSpec | null>> = { ...healthySpecs(), ...changes.specs };
  const signals: Partial<Record<SignalName, Signal>> = {};
  for (const [name, spec] of Object.entries(specs) as [SignalName, SampleSpec | null][]) {
    if (spec !== null) signals[name] = signal(name, spec);
  }
  for (const s of changes.signals ?? []) signals[s.name] = s;
  return {
    cluster: 'prod-eu-west',
    signals,
    observable: { etcd: true, scheduler: true, controllers: true, ...changes.observable },
  };
}

/** Every metric signal failing with the same error (Prometheus down), plus optional probes. */
export function unreachable(error: string, probes: Signal[] = []): SignalSet {
  const signals: Partial<Record<SignalName, Signal>> = {};
  for (const name of Object.keys(healthySpecs()) as SignalName[]) {
    signals[name] = signal(name, [], { error, observedAt: null });
  }
  for (const p of probes) signals[p.name] = p;
  return { cluster: 'prod-eu-west', signals, observable: { etcd: true, scheduler: true, controllers: true } };
}
