import type { Finding } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { type ClusterInput, summarizeClusterHealth } from '../../src/index.ts';
import {
  allFresh,
  clusterInput,
  crashLoopContainer,
  deployment,
  endpointSlice,
  freshness,
  NOW,
  node,
  pod,
} from '../factories.ts';

function dataFindings(input: Partial<ClusterInput>): Finding[] {
  return summarizeClusterHealth(clusterInput(input)).findings.filter((f) => f.plane === 'DATA');
}

type Row = [id: string, scope: Finding['scope'], status: Finding['status'], severity: Finding['severity']];

describe('data-plane rules emit findings', () => {
  it.each<{ name: string; input: Partial<ClusterInput>; findings: Row[] }>([
    { name: 'healthy: none', input: {}, findings: [] },
    {
      name: 'a NotReady node is a NODE finding',
      input: { nodes: [node('node-1'), node('gpu-7', { ready: false, readyReason: 'KubeletNotReady' })] },
      findings: [['prod-us-east/node.not-ready/Node/gpu-7', 'NODE', 'DEGRADED', 'WARNING']],
    },
    {
      name: 'no node Ready: one CLUSTER finding, DOWN, not one per node',
      input: { nodes: [node('a', { ready: false }), node('b', { ready: null })] },
      findings: [['prod-us-east/cluster.no-ready-node', 'CLUSTER', 'DOWN', 'CRITICAL']],
    },
    {
      name: 'a deployment below desired',
      input: { deployments: [deployment('api', { namespace: 'ml', replicas: 3, availableReplicas: 1 })] },
      findings: [['prod-us-east/deployment.below-desired/Deployment/ml/api', 'POD', 'DEGRADED', 'WARNING']],
    },
    {
      name: 'most serving deployments down: a CLUSTER finding beside each deployment',
      input: {
        deployments: [deployment('a', { availableReplicas: 0 }), deployment('b', { availableReplicas: 0 })],
      },
      findings: [
        ['prod-us-east/cluster.serving-down', 'CLUSTER', 'DOWN', 'CRITICAL'],
        ['prod-us-east/deployment.unavailable/Deployment/default/a', 'POD', 'DEGRADED', 'WARNING'],
        ['prod-us-east/deployment.unavailable/Deployment/default/b', 'POD', 'DEGRADED', 'WARNING'],
      ],
    },
    {
      name: 'a service without ready endpoints',
      input: { endpointSlices: [endpointSlice('web', 0)] },
      findings: [['prod-us-east/service.no-endpoints/Service/default/web', 'POD', 'DEGRADED', 'WARNING']],
    },
    {
      name: 'a crash-looping pod',
      input: {
        pods: [pod('web-1'), pod('trainer-0', { containers: [crashLoopContainer(12)], ready: false })],
      },
      findings: [['prod-us-east/pod.crashloop/Pod/default/trainer-0', 'POD', 'DEGRADED', 'WARNING']],
    },
    {
      name: 'a cordoned node is INFO and moves no status',
      input: { nodes: [node('node-1'), node('node-2', { unschedulable: true })] },
      findings: [['prod-us-east/node.cordoned/Node/node-2', 'NODE', null, 'INFO']],
    },
    {
      name: 'pods never listed: UNKNOWN, nothing else judged',
      input: {
        freshness: [
          ...allFresh().filter((f) => f.resource !== 'pods'),
          freshness('pods', { lastSyncAt: null, confirmedAt: null }),
        ],
      },
      findings: [['prod-us-east/data.input-unusable/Watch/pods', 'CLUSTER', 'UNKNOWN', 'WARNING']],
    },
    {
      name: 'endpointslices not watched: services not judged is UNKNOWN',
      input: { freshness: allFresh().filter((f) => f.resource !== 'endpointslices') },
      findings: [['prod-us-east/data.not-judged/Watch/endpointslices', 'CLUSTER', 'UNKNOWN', 'WARNING']],
    },
  ])('$name', ({ input, findings }) => {
    const got = dataFindings(input);
    expect(got.map((f): Row => [f.id, f.scope, f.status, f.severity]).sort()).toEqual([...findings].sort());
    const summary = summarizeClusterHealth(clusterInput(input));
    // The verdict is composed from the findings: its status is theirs.
    const worst = got.some((f) => f.status === 'DOWN')
      ? 'DOWN'
      : got.some((f) => f.status === 'DEGRADED')
        ? 'DEGRADED'
        : got.some((f) => f.status === 'UNKNOWN')
          ? 'UNKNOWN'
          : 'HEALTHY';
    expect(summary.dataPlane.status).toBe(worst);
  });

  it('pod findings carry what grouping needs: node, pool, zone, namespace, owner', () => {
    const [finding] = dataFindings({
      nodes: [
        node('node-1'),
        node('gpu-7', {
          pool: 'h100',
          gpuProduct: 'NVIDIA-H100-80GB-HBM3',
          labels: {
            'topology.kubernetes.io/zone': 'us-east-1a',
            'node.kubernetes.io/instance-type': 'p5.48xlarge',
          },
        }),
      ],
      pods: [
        pod('trainer-0', {
          nodeName: 'gpu-7',
          ready: false,
          containers: [crashLoopContainer(3)],
          controller: { kind: 'ReplicaSet', name: 'trainer-6f7', uid: 'u1', controller: true },
        }),
      ],
    });
    expect(finding?.attributes).toMatchObject({
      node: 'gpu-7',
      pool: 'h100',
      gpuProduct: 'NVIDIA-H100-80GB-HBM3',
      zone: 'us-east-1a',
      instanceType: 'p5.48xlarge',
      namespace: 'default',
      owner: 'ReplicaSet/default/trainer-6f7',
    });
    expect(finding?.nextSteps[0]).toMatch(/kubectl -n default logs trainer-0 -c \S+ --previous/);
  });

  it('ids are stable across snapshots while values change', () => {
    const at = (restarts: number, now: number): string[] =>
      summarizeClusterHealth(
        clusterInput({ now, pods: [pod('web-1'), pod('t', { containers: [crashLoopContainer(restarts)] })] }),
      ).findings.map((f) => f.id);
    expect(at(3, NOW)).toEqual(at(40, NOW + 5_000));
  });

  it('offline: control plane UNKNOWN is a finding too', () => {
    const health = summarizeClusterHealth(clusterInput({ mode: 'offline', freshness: [] }));
    expect(health.findings.find((f) => f.rule === 'watch.offline')?.status).toBe('UNKNOWN');
  });
});
