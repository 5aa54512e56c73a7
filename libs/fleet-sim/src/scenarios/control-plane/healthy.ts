import type { Distribution } from '../../control-plane/distribution.ts';
import type { ControlPlaneSpec, RequestClass } from '../../control-plane/spec.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function req(
  verb: RequestClass['verb'],
  group: string,
  resource: string,
  scope: RequestClass['scope'],
  perSecond: number,
  latency: Distribution,
  extra: Partial<RequestClass> = {},
): RequestClass {
  const version = 'v1';
  return { verb, group, version, resource, scope, perSecond, latency, ...extra };
}

/**
 * The traffic of a calm ~100-node cluster: kubelets and controllers dominate (lease renewals, status
 * patches, informer-backed lists), a few human and CI requests.
 */
function healthyRequests(): RequestClass[] {
  const fastGet: Distribution = { p50: 0.006, p99: 0.05 };
  const write: Distribution = { p50: 0.012, p99: 0.12 };
  return [
    req('GET', '', 'pods', 'resource', 18, fastGet),
    req('GET', 'coordination.k8s.io', 'leases', 'resource', 16, fastGet),
    req('GET', '', 'nodes', 'resource', 5, fastGet),
    req('GET', '', 'configmaps', 'resource', 3, fastGet),
    req('GET', 'apps', 'deployments', 'resource', 0.5, fastGet),
    req('LIST', '', 'pods', 'namespace', 2.5, { p50: 0.03, p99: 0.25 }),
    req('LIST', '', 'pods', 'cluster', 0.3, { p50: 0.15, p99: 0.9 }),
    req('LIST', '', 'nodes', 'cluster', 0.2, { p50: 0.05, p99: 0.3 }),
    req('LIST', 'apps', 'deployments', 'namespace', 0.5, { p50: 0.02, p99: 0.15 }),
    req('LIST', '', 'events', 'namespace', 0.4, { p50: 0.04, p99: 0.35 }),
    req('WATCH', '', 'pods', 'cluster', 0.05, { p50: 300, p99: 600 }),
    req('WATCH', '', 'nodes', 'cluster', 0.02, { p50: 300, p99: 600 }),
    req('WATCH', 'apps', 'deployments', 'cluster', 0.02, { p50: 300, p99: 600 }),
    req('PUT', 'coordination.k8s.io', 'leases', 'resource', 12, write),
    req('PATCH', '', 'pods', 'resource', 5, write, { subresource: 'status' }),
    req('PATCH', '', 'nodes', 'resource', 2, write, { subresource: 'status' }),
    req('POST', '', 'events', 'namespace', 2, write),
    req('POST', '', 'pods', 'namespace', 0.3, { p50: 0.025, p99: 0.18 }),
    req('DELETE', '', 'pods', 'resource', 0.3, write),
    req('PUT', 'apps', 'deployments', 'resource', 0.2, write, { subresource: 'status' }),
    req('PATCH', 'apps', 'deployments', 'resource', 0.05, { p50: 0.025, p99: 0.18 }),
    req('APPLY', 'apps', 'deployments', 'resource', 0.05, { p50: 0.03, p99: 0.2 }),
    req('POST', '', 'configmaps', 'namespace', 0.02, { p50: 0.02, p99: 0.15 }),
    req('POST', '', 'configmaps', 'namespace', 0.0033, { p50: 0.02, p99: 0.12 }, { dryRun: 'All' }),
  ];
}

/** The healthy control plane every other scenario starts from. */
export function healthyControlPlaneSpec(): ControlPlaneSpec {
  return {
    name: 'healthy',
    managed: false,
    prometheusReachable: true,
    requests: healthyRequests(),
    priorityLevels: [
      {
        priorityLevel: 'system',
        flowSchema: 'system-nodes',
        nominalSeats: 30,
        executingSeats: 2,
        inqueue: 0,
      },
      {
        priorityLevel: 'leader-election',
        flowSchema: 'kube-controller-manager',
        nominalSeats: 25,
        executingSeats: 1,
        inqueue: 0,
      },
      {
        priorityLevel: 'workload-high',
        flowSchema: 'kube-controller-manager',
        nominalSeats: 40,
        executingSeats: 3,
        inqueue: 0,
      },
      {
        priorityLevel: 'workload-low',
        flowSchema: 'service-accounts',
        nominalSeats: 100,
        executingSeats: 4,
        inqueue: 0,
      },
      {
        priorityLevel: 'global-default',
        flowSchema: 'global-default',
        nominalSeats: 20,
        executingSeats: 1,
        inqueue: 0,
      },
      { priorityLevel: 'exempt', flowSchema: 'exempt', nominalSeats: 0, executingSeats: 1, inqueue: 0 },
    ],
    terminations: [],
    webhooks: [
      {
        name: 'policy.example.com',
        type: 'validating',
        failurePolicy: 'Fail',
        timeoutSeconds: 10,
        url: 'https://policy-webhook.policy-system.svc:443/validate?timeout=10s',
        rules: {
          operations: ['CREATE', 'UPDATE'],
          resources: ['pods', 'deployments', 'replicasets', 'services', 'configmaps'],
        },
        excludedNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
        callsPerSecond: { CREATE: 0.3, UPDATE: 0.1 },
        latency: { p50: 0.008, p99: 0.045 },
        timeoutShare: 0,
      },
      {
        name: 'pod-defaults.example.com',
        type: 'mutating',
        failurePolicy: 'Ignore',
        timeoutSeconds: 5,
        url: 'https://pod-defaults.platform-system.svc:443/mutate?timeout=5s',
        rules: { operations: ['CREATE'], resources: ['pods'] },
        excludedNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
        callsPerSecond: { CREATE: 0.3 },
        latency: { p50: 0.004, p99: 0.02 },
        timeoutShare: 0,
      },
    ],
    watch: {
      longrunning: [
        { group: '', version: 'v1', resource: 'pods', scope: 'cluster', count: 112 },
        { group: '', version: 'v1', resource: 'nodes', scope: 'cluster', count: 24 },
        { group: '', version: 'v1', resource: 'configmaps', scope: 'namespace', count: 140 },
        { group: 'apps', version: 'v1', resource: 'deployments', scope: 'cluster', count: 6 },
        {
          group: 'discovery.k8s.io',
          version: 'v1',
          resource: 'endpointslices',
          scope: 'cluster',
          count: 108,
        },
      ],
      terminatedPerSecond: [],
      cacheReadWait: { p50: 0.002, p99: 0.02 },
      cacheReadsPerSecond: 3,
      deliveryDelayMs: 0,
    },
    etcd: {
      members: 3,
      up: 3,
      hasLeader: true,
      leaderChangesPerHour: 0,
      walFsync: { p50: 0.0025, p99: 0.012 },
      backendCommit: { p50: 0.006, p99: 0.03 },
      peerRtt: { p50: 0.0012, p99: 0.008 },
      fsyncsPerSecond: 40,
      proposalsFailedPerSecond: 0,
      dbSizeBytes: 420 * MiB,
      dbInUseBytes: 310 * MiB,
      dbGrowthBytesPerSecond: 2048,
      quotaBytes: 8 * GiB,
    },
    scheduler: {
      pending: { active: 0, backoff: 0, unschedulable: 1, gated: 0 },
      activeGrowthPerSecond: 0,
      attemptsPerSecond: { scheduled: 0.3, unschedulable: 0.0033, error: 0 },
      attemptDuration: { p50: 0.004, p99: 0.04 },
    },
    workqueues: [
      { name: 'deployment', depth: 0, adds: 0.4 },
      { name: 'replicaset', depth: 0, adds: 0.6 },
      { name: 'endpointslice', depth: 1, adds: 1.2 },
      { name: 'node_lifecycle_controller', depth: 0, adds: 0.5 },
    ].map((q) => ({
      name: q.name,
      depth: q.depth,
      depthGrowthPerSecond: 0,
      maxDepth: 100_000,
      addsPerSecond: q.adds,
      queueDuration: { p50: 0.0004, p99: 0.008 },
      workDuration: { p50: 0.002, p99: 0.03 },
    })),
    serving: { readyzMs: 3, livezMs: 2, readMs: 0, writeMs: 8, writeFailAfterMs: 0 },
  };
}

/**
 * `healthy`: a calm control plane.
 *
 * Expected verdicts: read, write, admission (2 webhooks configured), watch, etcd (3/3 members, leader,
 * fsync p99 ≈ 12 ms), scheduler, controllers and overall HEALTHY; nothing impaired.
 */
export const healthyControlPlane: ControlPlaneScenario = {
  name: 'healthy',
  description: 'A calm control plane: fast reads and writes, responsive webhooks, a healthy 3-member etcd.',
  spec: healthyControlPlaneSpec(),
  expected: expectVerdicts({}),
};
