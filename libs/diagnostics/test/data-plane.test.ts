import type { HealthStatus } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { type ClusterInput, summarizeCluster } from '../src/index.ts';
import {
  allFresh,
  clusterInput,
  crashLoopContainer,
  deployment,
  endpointSlice,
  NOW,
  node,
  pod,
  retrying,
  service,
} from './factories.ts';

describe('data plane verdict', () => {
  it.each<{ name: string; input: Partial<ClusterInput>; status: HealthStatus; summary: string | RegExp }>([
    {
      name: 'healthy',
      input: {},
      status: 'HEALTHY',
      summary: '2/2 nodes Ready; 1/1 deployment available; every service has ready endpoints',
    },
    {
      name: 'node NotReady',
      input: {
        nodes: [
          node('gpu-h100-12', { ready: false }),
          node('gpu-h100-07', { ready: false }),
          ...Array.from({ length: 38 }, (_, i) => node(`gpu-h100-${20 + i}`)),
        ],
      },
      status: 'DEGRADED',
      summary: '2 of 40 nodes NotReady (gpu-h100-07, gpu-h100-12)',
    },
    {
      name: 'node Unknown, names capped at three',
      input: {
        nodes: [node('a'), ...['e', 'b', 'd', 'c'].map((n) => node(n, { ready: null }))],
      },
      status: 'DEGRADED',
      summary: '4 of 5 nodes Unknown (b, c, d, +1 more)',
    },
    {
      name: 'one deployment short',
      input: {
        deployments: [
          deployment('web'),
          deployment('serving-llama', { namespace: 'ml', replicas: 3, availableReplicas: 1 }),
        ],
      },
      status: 'DEGRADED',
      summary: 'deployment ml/serving-llama 1/3 available',
    },
    {
      name: 'several deployments short, least available first',
      input: {
        deployments: [
          deployment('a', { replicas: 4, availableReplicas: 3 }),
          deployment('b', { replicas: 2, availableReplicas: 0 }),
          deployment('c', { replicas: 3, availableReplicas: 1 }),
          deployment('d'),
          deployment('e'),
        ],
      },
      status: 'DEGRADED',
      summary: '3 of 5 deployments below desired (default/b 0/2, default/c 1/3, default/a 3/4)',
    },
    {
      name: 'half of serving deployments unavailable is still DEGRADED',
      input: {
        deployments: [
          deployment('a', { availableReplicas: 0 }),
          deployment('b'),
          deployment('idle', { replicas: 0 }),
        ],
      },
      status: 'DEGRADED',
      summary: 'deployment default/a 0/2 available',
    },
    {
      name: 'more than half of serving deployments unavailable is DOWN',
      input: {
        deployments: [
          deployment('a', { availableReplicas: 0 }),
          deployment('b', { availableReplicas: 0 }),
          deployment('c'),
          deployment('idle', { replicas: 0 }),
        ],
      },
      status: 'DOWN',
      summary: '2 of 3 serving deployments have no available replica (default/a 0/2, default/b 0/2)',
    },
    {
      name: 'no node Ready is DOWN',
      input: { nodes: [node('a', { ready: false }), node('b', { ready: null })] },
      status: 'DOWN',
      summary: 'no node Ready (0 of 2)',
    },
    {
      name: 'synced but empty cluster is DOWN',
      input: { nodes: [] },
      status: 'DOWN',
      summary: /^no nodes in the cluster/,
    },
    {
      name: 'service without endpoints',
      input: { services: [service('web'), service('api', { namespace: 'shop' })] },
      status: 'DEGRADED',
      summary: 'service shop/api has no ready endpoints',
    },
    {
      name: 'crash-looping pods, most restarts first',
      input: {
        pods: [
          pod('web-1'),
          pod('worker-a', { ready: false, containers: [crashLoopContainer(3)] }),
          pod('worker-b', { ready: false, containers: [crashLoopContainer(40)] }),
        ],
      },
      status: 'DEGRADED',
      summary: '2 pods CrashLoopBackOff (default/worker-b, default/worker-a)',
    },
    {
      name: 'running pods that are not Ready (probes failing, warming up)',
      input: {
        pods: [
          pod('web-1'),
          pod('llm-0', { ready: false }),
          pod('gone', { ready: false, deletionTimestamp: NOW }),
        ],
      },
      status: 'DEGRADED',
      summary: '1 pod Running but not Ready (default/llm-0)',
    },
    {
      name: 'a cordoned node is said but does not degrade by itself',
      input: { nodes: [node('node-1'), node('node-2', { unschedulable: true })] },
      status: 'HEALTHY',
      summary:
        '2/2 nodes Ready; 1/1 deployment available; every service has ready endpoints; 1 node cordoned (node-2)',
    },
    {
      name: 'several problems in one sentence',
      input: {
        nodes: [node('node-1'), node('node-2', { ready: false })],
        services: [service('web'), service('api')],
        pods: [pod('w', { ready: false, containers: [crashLoopContainer()] })],
      },
      status: 'DEGRADED',
      summary:
        '1 of 2 nodes NotReady (node-2); service default/api has no ready endpoints; 1 pod CrashLoopBackOff (default/w)',
    },
    {
      name: 'stale pods → UNKNOWN, even with problems visible',
      input: {
        freshness: allFresh({ pods: retrying(300_000) }),
        nodes: [node('a', { ready: false }), node('b')],
      },
      status: 'UNKNOWN',
      summary:
        'serving health cannot be judged: pods data stale (retrying, confirmed at 19:55:00 UTC: dial tcp 10.0.0.1:443: connect: connection refused)',
    },
    {
      name: 'forbidden nodes → UNKNOWN',
      input: { freshness: allFresh({ nodes: { state: 'FORBIDDEN' } }) },
      status: 'UNKNOWN',
      summary: 'serving health cannot be judged: no permission to list nodes',
    },
    {
      name: 'never-synced nodes and pods → UNKNOWN',
      input: {
        nodes: [],
        pods: [],
        freshness: allFresh({
          nodes: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
          pods: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        }),
      },
      status: 'UNKNOWN',
      summary: 'serving health cannot be judged: no nodes data yet; no pods data yet',
    },
    {
      name: 'empty freshness in live mode → UNKNOWN',
      input: { freshness: [] },
      status: 'UNKNOWN',
      summary: 'serving health cannot be judged: nodes not watched; pods not watched',
    },
    {
      name: 'stale endpointslices: endpoints not judged, never HEALTHY',
      input: {
        freshness: allFresh({ endpointslices: { confirmedAt: NOW - 600_000 } }),
        endpointSlices: [],
      },
      status: 'UNKNOWN',
      summary:
        'nodes and pods look healthy, but serving cannot be confirmed; service endpoints not judged: endpointslices data stale (unconfirmed since 19:50:00 UTC)',
    },
    {
      name: 'forbidden endpointslices do not read as missing endpoints',
      input: {
        freshness: allFresh({ endpointslices: { state: 'FORBIDDEN' } }),
        endpointSlices: [],
        nodes: [node('node-1'), node('node-2', { ready: false })],
      },
      status: 'DEGRADED',
      summary:
        '1 of 2 nodes NotReady (node-2); service endpoints not judged: no permission to list endpointslices',
    },
    {
      name: 'offline snapshot is judged without freshness',
      input: { mode: 'offline', freshness: [], deployments: [deployment('web', { availableReplicas: 1 })] },
      status: 'DEGRADED',
      summary: 'deployment default/web 1/2 available',
    },
    {
      name: 'offline snapshot without nodes → UNKNOWN',
      input: { mode: 'offline', freshness: [], nodes: [] },
      status: 'UNKNOWN',
      summary: 'snapshot has no nodes: serving health cannot be judged',
    },
  ])('$name → $status', ({ input, status, summary }) => {
    const { dataPlane } = summarizeCluster(clusterInput(input));
    expect(dataPlane.status).toBe(status);
    if (typeof summary === 'string') expect(dataPlane.summary).toBe(summary);
    else expect(dataPlane.summary).toMatch(summary);
  });

  it('lists the counts as evidence', () => {
    const { dataPlane } = summarizeCluster(
      clusterInput({
        nodes: [node('node-1'), node('node-2', { ready: null })],
        services: [service('web'), service('api')],
        endpointSlices: [endpointSlice('web', 1), endpointSlice('api', 0)],
      }),
    );
    expect(dataPlane.evidence).toEqual([
      {
        signal: 'nodes Ready',
        value: '1/2 Ready, 0 NotReady, 1 Unknown',
        threshold: 'all Ready; DOWN when none',
        source: 'kubernetes watch: nodes',
        observedAt: '2026-11-27T19:59:55.000Z',
      },
      {
        signal: 'pods in CrashLoopBackOff',
        value: '0',
        threshold: '0',
        source: 'kubernetes watch: pods',
        observedAt: '2026-11-27T19:59:55.000Z',
      },
      {
        signal: 'deployments available',
        value: '1/1 available',
        threshold: 'availableReplicas >= replicas',
        source: 'kubernetes watch: deployments',
        observedAt: '2026-11-27T19:59:55.000Z',
      },
      {
        signal: 'serving deployments with no available replica',
        value: '0 of 1',
        threshold: 'DOWN above 50%',
        source: 'kubernetes watch: deployments',
        observedAt: '2026-11-27T19:59:55.000Z',
      },
      {
        signal: 'services without ready endpoints',
        value: '1 of 2 with a selector',
        threshold: '0',
        source: 'kubernetes watch: endpointslices',
        observedAt: '2026-11-27T19:59:55.000Z',
      },
    ]);
  });

  it('applies a custom DOWN share', () => {
    const input = clusterInput({ deployments: [deployment('a', { availableReplicas: 0 }), deployment('b')] });
    expect(summarizeCluster(input).dataPlane.status).toBe('DEGRADED');
    expect(summarizeCluster(input, { downUnavailableDeploymentShare: 0.25 }).dataPlane.status).toBe('DOWN');
  });
});
