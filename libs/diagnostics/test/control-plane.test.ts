import type { HealthStatus, ResourceFreshness } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATUS_THRESHOLDS,
  freshnessIsStale,
  judgeControlPlane,
  OFFLINE_CONTROL_PLANE_SUMMARY,
} from '../src/index.ts';
import { allFresh, freshness, NOW, retrying } from './factories.ts';

describe('freshnessIsStale', () => {
  const staleAfterMs = 120_000;
  it.each<{ name: string; f: ResourceFreshness; stale: boolean }>([
    { name: 'synced, confirmed 5s ago, quiet for an hour', f: freshness('pods'), stale: false },
    {
      name: 'quiet for a day, confirmed 30s ago: quiet is not stale',
      f: freshness('pods', { lastEventAt: NOW - 86_400_000, confirmedAt: NOW - 30_000 }),
      stale: false,
    },
    {
      name: 'an event 1s ago does not help once the server stopped confirming (never happens together)',
      f: freshness('pods', {
        lastEventAt: NOW - 1_000,
        confirmedAt: NOW - 200_000,
        lastSyncAt: NOW - 900_000,
      }),
      stale: true,
    },
    {
      name: 'confirmed 1s ago but a census proved it behind',
      f: freshness('pods', { confirmedAt: NOW - 1_000, behind: 'the server lists 12 pods, we hold 10' }),
      stale: true,
    },
    {
      name: 'synced, confirmed exactly at the limit',
      f: freshness('pods', { confirmedAt: NOW - 120_000 }),
      stale: false,
    },
    {
      name: 'synced, confirmed just past the limit',
      f: freshness('pods', { confirmedAt: NOW - 120_001 }),
      stale: true,
    },
    {
      name: 'synced, no confirmation but a recent relist',
      f: freshness('pods', { confirmedAt: null, lastSyncAt: NOW - 1_000 }),
      stale: false,
    },
    {
      name: 'synced, never delivered anything',
      f: freshness('pods', { confirmedAt: null, lastSyncAt: null }),
      stale: true,
    },
    { name: 'retrying, confirmed recently', f: freshness('pods', retrying(1_000)), stale: true },
    {
      name: 'connecting',
      f: freshness('pods', { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null }),
      stale: true,
    },
    { name: 'forbidden', f: freshness('pods', { state: 'FORBIDDEN' }), stale: true },
  ])('$name → stale $stale', ({ f, stale }) => {
    expect(freshnessIsStale(f, NOW, staleAfterMs)).toBe(stale);
  });
});

describe('judgeControlPlane', () => {
  it.each<{ name: string; freshness: ResourceFreshness[]; status: HealthStatus; summary: string | RegExp }>([
    {
      name: 'all synced and fresh',
      freshness: allFresh(),
      status: 'HEALTHY',
      summary: 'API server reachable; watches current',
    },
    {
      name: 'one watch retrying',
      freshness: allFresh({ pods: retrying(45_000, 'stream error: connection reset by peer') }),
      status: 'DEGRADED',
      summary:
        'watches behind for pods (retrying, confirmed at 19:59:15 UTC: stream error: connection reset by peer); changes to these may not be observed; existing pods keep serving',
    },
    {
      name: 'one watch silent past the limit',
      freshness: allFresh({ events: { confirmedAt: NOW - 180_000, lastSyncAt: NOW - 900_000 } }),
      status: 'DEGRADED',
      summary: /^watches behind for events \(unconfirmed since 19:57:00 UTC\);/,
    },
    {
      name: 'all watches retrying',
      freshness: allFresh({
        nodes: retrying(300_000),
        pods: retrying(302_000),
        deployments: retrying(310_000),
        replicasets: retrying(305_000),
        services: retrying(300_000),
        endpointslices: retrying(301_000),
        events: retrying(303_000),
      }),
      status: 'DOWN',
      summary:
        'API server unreachable since 19:55:00 UTC: dial tcp 10.0.0.1:443: connect: connection refused; changes are not being observed; existing pods keep serving',
    },
    {
      name: 'all silent without errors',
      freshness: allFresh({
        nodes: { confirmedAt: NOW - 200_000, lastSyncAt: NOW - 900_000 },
        pods: { confirmedAt: NOW - 250_000, lastSyncAt: NOW - 900_000 },
        deployments: { confirmedAt: NOW - 200_000, lastSyncAt: NOW - 900_000 },
        replicasets: { confirmedAt: NOW - 200_000, lastSyncAt: NOW - 900_000 },
        services: { confirmedAt: NOW - 200_000, lastSyncAt: NOW - 900_000 },
        endpointslices: { confirmedAt: NOW - 200_000, lastSyncAt: NOW - 900_000 },
        events: { confirmedAt: NOW - 130_000, lastSyncAt: NOW - 900_000 },
      }),
      status: 'DOWN',
      summary: /^API server unreachable since 19:57:50 UTC: the server confirmed none of our watches;/,
    },
    {
      name: 'one resource forbidden, the rest fresh',
      freshness: allFresh({
        events: { state: 'FORBIDDEN', lastError: 'events is forbidden: User "fleetscope" cannot list' },
      }),
      status: 'HEALTHY',
      summary: 'API server reachable; watches current; no permission to watch events (UNKNOWN)',
    },
    {
      name: 'forbidden and retrying',
      freshness: allFresh({ events: { state: 'FORBIDDEN' }, pods: retrying(60_000) }),
      status: 'DEGRADED',
      summary: /^watches behind for pods .*; no permission to watch events \(UNKNOWN\)$/,
    },
    {
      name: 'everything forbidden',
      freshness: allFresh({
        nodes: { state: 'FORBIDDEN' },
        pods: { state: 'FORBIDDEN' },
        deployments: { state: 'FORBIDDEN' },
        replicasets: { state: 'FORBIDDEN' },
        services: { state: 'FORBIDDEN' },
        endpointslices: { state: 'FORBIDDEN' },
        events: { state: 'FORBIDDEN' },
      }),
      status: 'UNKNOWN',
      summary: /^no permission to watch any resource/,
    },
    {
      name: 'never synced',
      freshness: allFresh({
        nodes: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        pods: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        deployments: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        replicasets: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        services: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        endpointslices: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null },
        events: {
          state: 'RETRYING',
          confirmedAt: null,
          lastSyncAt: null,
          lastErrorAt: NOW - 2_000,
          lastError: 'x509: certificate signed by unknown authority',
        },
      }),
      status: 'UNKNOWN',
      summary:
        'no data from the API server yet: x509: certificate signed by unknown authority; control-plane health cannot be judged',
    },
    {
      name: 'no freshness at all',
      freshness: [],
      status: 'UNKNOWN',
      summary: 'no data from the API server yet; control-plane health cannot be judged',
    },
    {
      name: 'one watch never synced while others are current',
      freshness: allFresh({ replicasets: { state: 'CONNECTING', confirmedAt: null, lastSyncAt: null } }),
      status: 'DEGRADED',
      summary: /^watches behind for replicasets \(not synced yet\)/,
    },
  ])('$name → $status', ({ freshness: f, status, summary }) => {
    const verdict = judgeControlPlane({ freshness: f, now: NOW, mode: 'live' }, DEFAULT_STATUS_THRESHOLDS);
    expect(verdict.status).toBe(status);
    if (typeof summary === 'string') expect(verdict.summary).toBe(summary);
    else expect(verdict.summary).toMatch(summary);
  });

  it('offline snapshots are UNKNOWN and say why', () => {
    const { findings, ...verdict } = judgeControlPlane(
      { cluster: 'lab', freshness: [], now: NOW, mode: 'offline' },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(findings.map((f) => [f.id, f.status, f.plane])).toEqual([
      ['lab/watch.offline', 'UNKNOWN', 'CONTROL'],
    ]);
    expect(verdict).toEqual({
      status: 'UNKNOWN',
      summary: OFFLINE_CONTROL_PLANE_SUMMARY,
      evidence: [
        {
          signal: 'mode',
          value: 'offline snapshot (no watches)',
          source: 'snapshot',
          observedAt: '2026-11-27T20:00:00.000Z',
        },
      ],
    });
    expect(OFFLINE_CONTROL_PLANE_SUMMARY).toBe(
      'offline snapshot: control-plane health needs live watches or metrics',
    );
  });

  it('lists one evidence item per watch, in resource order, with threshold and time', () => {
    const shuffled = allFresh({ pods: retrying(45_000) }).reverse();
    const verdict = judgeControlPlane(
      { freshness: shuffled, now: NOW, mode: 'live' },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(verdict.evidence.map((e) => e.signal)).toEqual([
      'watch nodes',
      'watch pods',
      'watch deployments',
      'watch replicasets',
      'watch services',
      'watch endpointslices',
      'watch events',
    ]);
    expect(verdict.evidence[1]).toEqual({
      signal: 'watch pods',
      value: 'retrying, confirmed at 19:59:15 UTC: dial tcp 10.0.0.1:443: connect: connection refused',
      threshold: 'SYNCED, confirmed by the server within 2m',
      source: 'kubernetes watch',
      observedAt: '2026-11-27T19:59:15.000Z',
    });
  });

  it('respects a custom staleness limit', () => {
    const f = allFresh({ pods: { confirmedAt: NOW - 30_000 } });
    const strict = { ...DEFAULT_STATUS_THRESHOLDS, staleAfterMs: 10_000 };
    const input = { freshness: f, now: NOW, mode: 'live' as const };
    expect(judgeControlPlane(input, DEFAULT_STATUS_THRESHOLDS).status).toBe('HEALTHY');
    expect(judgeControlPlane(input, strict).status).toBe('DEGRADED');
  });
});
