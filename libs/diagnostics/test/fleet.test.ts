import type { HealthStatus } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { summarizeCluster, summarizeFleet, worstStatus } from '../src/index.ts';
import { allFresh, clusterInput, clusterSummary, NOW, node, pod, retrying } from './factories.ts';

describe('worstStatus', () => {
  it.each<{ statuses: HealthStatus[]; expected: HealthStatus }>([
    { statuses: ['HEALTHY', 'HEALTHY'], expected: 'HEALTHY' },
    { statuses: ['HEALTHY', 'UNKNOWN'], expected: 'UNKNOWN' },
    { statuses: ['UNKNOWN', 'DEGRADED', 'HEALTHY'], expected: 'DEGRADED' },
    { statuses: ['DEGRADED', 'DOWN', 'UNKNOWN'], expected: 'DOWN' },
    { statuses: ['NOT_APPLICABLE', 'HEALTHY'], expected: 'HEALTHY' },
    { statuses: ['NOT_APPLICABLE'], expected: 'NOT_APPLICABLE' },
    { statuses: [], expected: 'NOT_APPLICABLE' },
  ])('$statuses → $expected', ({ statuses, expected }) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});

describe('summarizeFleet', () => {
  it.each<{
    name: string;
    clusters: [string, HealthStatus, HealthStatus][];
    control: [HealthStatus, string];
    data: [HealthStatus, string];
  }>([
    {
      name: 'all healthy',
      clusters: [
        ['b', 'HEALTHY', 'HEALTHY'],
        ['a', 'HEALTHY', 'HEALTHY'],
      ],
      control: ['HEALTHY', 'all 2 clusters healthy'],
      data: ['HEALTHY', 'all 2 clusters healthy'],
    },
    {
      name: 'one data plane degraded',
      clusters: [
        ['prod-us-east', 'HEALTHY', 'HEALTHY'],
        ['prod-eu-west', 'HEALTHY', 'DEGRADED'],
        ['prod-ap-south', 'HEALTHY', 'HEALTHY'],
      ],
      control: ['HEALTHY', 'all 3 clusters healthy'],
      data: ['DEGRADED', '2 of 3 clusters healthy; prod-eu-west data plane DEGRADED'],
    },
    {
      name: 'UNKNOWN is never folded into HEALTHY',
      clusters: [
        ['a', 'HEALTHY', 'HEALTHY'],
        ['b', 'UNKNOWN', 'HEALTHY'],
      ],
      control: ['UNKNOWN', '1 of 2 clusters healthy; b control plane UNKNOWN'],
      data: ['HEALTHY', 'all 2 clusters healthy'],
    },
    {
      name: 'DOWN > DEGRADED > UNKNOWN, worst named first',
      clusters: [
        ['a', 'UNKNOWN', 'DEGRADED'],
        ['b', 'DEGRADED', 'UNKNOWN'],
        ['c', 'DOWN', 'HEALTHY'],
        ['d', 'HEALTHY', 'DOWN'],
      ],
      control: [
        'DOWN',
        '1 of 4 clusters healthy; c control plane DOWN, b control plane DEGRADED, a control plane UNKNOWN',
      ],
      data: [
        'DOWN',
        '1 of 4 clusters healthy; d data plane DOWN, a data plane DEGRADED, b data plane UNKNOWN',
      ],
    },
    {
      name: 'NOT_APPLICABLE is ignored',
      clusters: [
        ['a', 'NOT_APPLICABLE', 'HEALTHY'],
        ['b', 'HEALTHY', 'HEALTHY'],
      ],
      control: ['HEALTHY', 'b healthy'],
      data: ['HEALTHY', 'all 2 clusters healthy'],
    },
    {
      name: 'more than three unhealthy clusters are counted',
      clusters: [
        ['a', 'DEGRADED', 'HEALTHY'],
        ['b', 'DEGRADED', 'HEALTHY'],
        ['c', 'DEGRADED', 'HEALTHY'],
        ['d', 'DEGRADED', 'HEALTHY'],
      ],
      control: [
        'DEGRADED',
        '0 of 4 clusters healthy; a control plane DEGRADED, b control plane DEGRADED, c control plane DEGRADED, +1 more',
      ],
      data: ['HEALTHY', 'all 4 clusters healthy'],
    },
    {
      name: 'no clusters',
      clusters: [],
      control: ['UNKNOWN', 'no clusters configured'],
      data: ['UNKNOWN', 'no clusters configured'],
    },
  ])('$name', ({ clusters, control, data }) => {
    const fleet = summarizeFleet(
      clusters.map(([name, cp, dp]) => clusterSummary(name, cp, dp)),
      NOW,
      7,
    );
    expect([fleet.controlPlane.status, fleet.controlPlane.summary]).toEqual(control);
    expect([fleet.dataPlane.status, fleet.dataPlane.summary]).toEqual(data);
  });

  it('sorts clusters by name, sums GPUs and stamps time and version', () => {
    const fleet = summarizeFleet(
      [
        clusterSummary('prod-us-east', 'HEALTHY', 'HEALTHY', {
          allocatable: 64,
          allocated: 40,
          pending: 8,
          unusable: 8,
        }),
        clusterSummary('Prod-Admin', 'HEALTHY', 'HEALTHY', { allocatable: 8, allocated: 8 }),
        clusterSummary('prod-eu-west', 'HEALTHY', 'DEGRADED', { allocatable: 16, allocated: 4, pending: 4 }),
      ],
      NOW,
      42,
    );
    expect(fleet.clusters.map((c) => c.name)).toEqual(['Prod-Admin', 'prod-eu-west', 'prod-us-east']);
    expect(fleet.gpus).toEqual({ allocatable: 88, allocated: 52, pending: 12, unusable: 8 });
    expect(fleet.generatedAt).toBe(NOW);
    expect(fleet.version).toBe(42);
    expect(fleet.dataPlane.evidence.map((e) => [e.signal, e.value])).toEqual([
      ['Prod-Admin data plane', 'HEALTHY: Prod-Admin data plane HEALTHY'],
      ['prod-eu-west data plane', 'DEGRADED: prod-eu-west data plane DEGRADED'],
      ['prod-us-east data plane', 'HEALTHY: prod-us-east data plane HEALTHY'],
    ]);
  });

  it('does not reorder the caller’s array', () => {
    const input = [clusterSummary('b', 'HEALTHY', 'HEALTHY'), clusterSummary('a', 'HEALTHY', 'HEALTHY')];
    summarizeFleet(input, NOW, 1);
    expect(input.map((c) => c.name)).toEqual(['b', 'a']);
  });
});

describe('summarizeCluster', () => {
  it('returns counts, verdicts, freshness and time for a live cluster', () => {
    const input = clusterInput({
      nodes: [node('gpu-1'), node('gpu-2', { unschedulable: true })],
      pods: [
        pod('train-1', { gpuRequest: 4, nodeName: 'gpu-1' }),
        pod('train-2', { phase: 'Pending', nodeName: '', ready: false, gpuRequest: 4 }),
      ],
    });
    const summary = summarizeCluster(input);
    expect(summary).toMatchObject({
      name: 'prod-us-east',
      controlPlane: { status: 'HEALTHY' },
      dataPlane: { status: 'HEALTHY' },
      nodes: { total: 2, ready: 2, notReady: 0, unknown: 0, cordoned: 1 },
      pods: { total: 2, running: 1, ready: 1, pending: 1 },
      gpus: { allocatable: 16, allocated: 4, pending: 4, unusable: 8 },
      workloads: { deployments: 1, deploymentsAvailable: 1, services: 1, servicesWithoutEndpoints: 0 },
      dataAsOf: NOW - 5_000,
      stale: false,
    });
    expect(summary.freshness).toEqual(input.freshness);
    expect(summary.freshness).not.toBe(input.freshness);
  });

  it.each([
    { name: 'a dependency retrying', freshness: allFresh({ endpointslices: retrying(30_000) }), stale: true },
    {
      name: 'a dependency missing',
      freshness: allFresh().filter((f) => f.resource !== 'services'),
      stale: true,
    },
    {
      name: 'only events stale (not a dependency)',
      freshness: allFresh({ events: retrying(600_000) }),
      stale: false,
    },
  ])('stale flag: $name → $stale', ({ freshness, stale }) => {
    expect(summarizeCluster(clusterInput({ freshness })).stale).toBe(stale);
  });

  it('has no data time before anything arrived', () => {
    const freshness = allFresh().map((f) => ({
      ...f,
      state: 'CONNECTING' as const,
      lastEventAt: null,
      confirmedAt: null,
      lastSyncAt: null,
    }));
    const summary = summarizeCluster(
      clusterInput({ freshness, nodes: [], pods: [], deployments: [], services: [], endpointSlices: [] }),
    );
    expect(summary.dataAsOf).toBeNull();
    expect(summary.stale).toBe(true);
    expect(summary.controlPlane.status).toBe('UNKNOWN');
    expect(summary.dataPlane.status).toBe('UNKNOWN');
  });

  it('offline: control plane UNKNOWN, data judged, snapshot time as data time', () => {
    const summary = summarizeCluster(clusterInput({ mode: 'offline', freshness: [] }));
    expect(summary.controlPlane).toMatchObject({
      status: 'UNKNOWN',
      summary: 'offline snapshot: control-plane health needs live watches or metrics',
    });
    expect(summary.dataPlane.status).toBe('HEALTHY');
    expect(summary.dataPlane.evidence[0]?.source).toBe('snapshot: nodes');
    expect(summary.dataAsOf).toBe(NOW);
    expect(summary.stale).toBe(false);
  });
});
