import { projectObject, summarizeClusterHealth, tallyCluster } from '@fleetscope/diagnostics';
import { createFleet, Random } from '@fleetscope/fleet-sim';
import { RESOURCE_KIND, WATCHED_RESOURCES } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { FleetSnapshots, summaryInput } from '../../src/analysis/fleet-snapshots.ts';
import type { AppConfig } from '../../src/config/app-config.ts';
import { FleetResolver } from '../../src/graphql/fleet/fleet.resolver.ts';
import { FleetService } from '../../src/graphql/fleet/fleet.service.ts';
import { type ClusterState, FleetState } from '../../src/stores/cluster-state.ts';
import { node, pod } from '../support/records.ts';

const T0 = Date.parse('2026-11-29T20:00:00Z');

function quietFleet(now: () => number): FleetState {
  const fleet = new FleetState();
  const cluster = fleet.add('quiet');
  for (const resource of WATCHED_RESOURCES) {
    cluster.setFreshness({
      resource,
      state: 'SYNCED',
      lastEventAt: null,
      confirmedAt: now(),
      behind: null,
      lastSyncAt: now(),
      lastErrorAt: null,
      lastError: null,
      relists: 1,
      restarts: 0,
    });
  }
  return fleet;
}

describe('FleetSnapshots: a version per change, not per tick', () => {
  it('keeps the version while nothing happens, and moves it when time makes a verdict change', () => {
    let now = T0;
    const clock = { now: () => now };
    const fleet = quietFleet(clock.now);
    const snapshots = new FleetSnapshots(fleet, clock, {
      debounceMs: 0,
      maxDelayMs: 0,
      intervalMs: 5_000,
      staleAfterMs: 120_000,
    });
    const first = snapshots.recompute(true);
    // Ticks every 5 s for 100 s: verdicts hold clock times, not "4s ago", so nothing changes.
    for (let t = 5_000; t <= 100_000; t += 5_000) {
      now = T0 + t;
      expect(snapshots.recompute(true).version).toBe(first.version);
    }
    // Past stale-after without a confirmation: the verdict changes, so does the version.
    now = T0 + 121_000;
    const stale = snapshots.recompute(true);
    expect(stale.version).toBe(first.version + 1);
    expect(stale.clusters[0]?.stale).toBe(true);
    now = T0 + 126_000;
    expect(snapshots.recompute(true).version).toBe(stale.version);
  });
});

describe('FleetSnapshots: re-confirmations of a quiet cluster are coalesced', () => {
  it('confirmations alone publish at most once per quarter of stale-after; a real change at once', () => {
    let now = T0;
    const clock = { now: () => now };
    const fleet = quietFleet(clock.now);
    const cluster = fleet.get('quiet');
    const snapshots = new FleetSnapshots(fleet, clock, {
      debounceMs: 0,
      maxDelayMs: 0,
      intervalMs: 5_000,
      staleAfterMs: 120_000,
    });
    const confirmAll = (): void => {
      for (const f of cluster?.freshness() ?? []) cluster?.setFreshness({ ...f, confirmedAt: now });
    };
    const first = snapshots.recompute(true);
    // A watch re-confirms every 5 s: for 25 s (< 30 s, a quarter of stale-after) no new version.
    for (let t = 5_000; t < 30_000; t += 5_000) {
      now = T0 + t;
      confirmAll();
      expect(snapshots.recompute(true).version).toBe(first.version);
    }
    // Then one new version carries the newer confirmation times.
    now = T0 + 30_000;
    confirmAll();
    const later = snapshots.recompute(true);
    expect(later.version).toBe(first.version + 1);
    expect(later.clusters[0]?.dataAsOf).toBe(T0 + 30_000);
    // A real change (a node arrives) is published at once.
    now = T0 + 31_000;
    cluster?.objects.upsert(node('gpu-1'));
    expect(snapshots.recompute(true).version).toBe(later.version + 1);
  });
});

describe('FleetService: a cluster that did not change keeps its summary, and its subscribers hear nothing', () => {
  it('pushes clusterChanged only for the cluster that changed', async () => {
    const now = T0;
    const clock = { now: () => now };
    const fleet = quietFleet(clock.now);
    const other = fleet.add('other');
    for (const f of fleet.get('quiet')?.freshness() ?? []) other.setFreshness(f);
    const snapshots = new FleetSnapshots(fleet, clock, {
      debounceMs: 0,
      maxDelayMs: 0,
      intervalMs: 5_000,
      staleAfterMs: 120_000,
    });
    const views = new FleetService(snapshots, { staleAfterMs: 120_000 } as AppConfig);
    const resolver = new FleetResolver(views);
    snapshots.recompute(true);
    const before = views.fleet();
    const quietSource = views.clusterSource('quiet');
    const quietSub = resolver.clusterChanged('quiet');
    const otherSub = resolver.clusterChanged('other');
    expect((await quietSub.next()).value.value).toBe(before.clusters.find((c) => c.name === 'quiet'));
    expect((await otherSub.next()).value.value).toBe(before.clusters.find((c) => c.name === 'other'));

    // 'other' loses its pods watch: only 'other' changes.
    const pods = other.freshness().find((f) => f.resource === 'pods');
    if (!pods) throw new Error('no pods freshness');
    other.setFreshness({ ...pods, state: 'RETRYING', lastError: 'connection refused', lastErrorAt: now });
    snapshots.recompute(true);
    const after = views.fleet();
    expect(after.version).toBe(before.version + 1);
    expect(views.clusterSource('quiet')).toBe(quietSource);
    // Every view carries the current snapshot's time, so ages computed from it stay right.
    expect(after.clusters.find((c) => c.name === 'quiet')?.generatedAt).toEqual(after.generatedAt);
    const pushed = await Promise.race([
      otherSub.next().then((r) => r.value.value),
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 1_500)),
    ]);
    expect(pushed).toMatchObject({ name: 'other', stale: true });
    // Pushed because its slice version moved; the quiet cluster's did not.
    expect(after.sources.find((c) => c.name === 'other')).toBe(views.clusterSource('other'));
    const quietPushed = await Promise.race([
      quietSub.next().then(() => 'pushed'),
      new Promise((resolve) => setTimeout(() => resolve('nothing'), 1_500)),
    ]);
    expect(quietPushed).toBe('nothing');
    await quietSub.return?.();
    await otherSub.return?.();
  });
});

describe('FleetSnapshots: summaries from the tally kept by store deltas', () => {
  const options = { debounceMs: 0, maxDelayMs: 0, intervalMs: 5_000, staleAfterMs: 120_000 };

  function fill(cluster: ClusterState): void {
    cluster.objects.replaceAll('Node', [node('gpu-1'), node('gpu-2', { pool: 'a100' })]);
    cluster.objects.replaceAll(
      'Pod',
      Array.from({ length: 20 }, (_, i) =>
        pod(`train-${i}`, { nodeName: i % 2 ? 'gpu-1' : 'gpu-2', gpuRequest: 1 }),
      ),
    );
  }

  function tallyOfStore(cluster: ClusterState) {
    const o = cluster.objects;
    const { nodeNamed: _, ...tally } = tallyCluster({
      nodes: o.nodes(),
      pods: o.pods(),
      deployments: o.deployments(),
      services: o.services(),
      endpointSlices: o.endpointSlices(),
    });
    return tally;
  }

  it("keeps each cluster's tally equal to a full tally of its store", () => {
    const fleet = quietFleet(() => T0);
    const cluster = fleet.get('quiet') as ClusterState;
    fill(cluster);
    cluster.objects.upsert(pod('train-3', { resourceVersion: '2', nodeName: 'gpu-2', phase: 'Failed' }));
    cluster.objects.remove('Pod', 'ml/train-4');
    cluster.objects.replaceAll('Node', [node('gpu-1', { resourceVersion: '2', ready: false })]);
    const { nodeNamed: _, ...kept } = cluster.tally.snapshot();
    expect(kept).toEqual(tallyOfStore(cluster));
    expect(cluster.tally.pool('h100')?.gpus.allocated).toBe(9);
    expect(cluster.tally.pool('a100')).toBeUndefined();
  });

  it("a pod event moves only its cluster's slice; ticks and untallied kinds move nothing", () => {
    let now = T0;
    const clock = { now: () => now };
    const fleet = quietFleet(clock.now);
    const other = fleet.add('other');
    for (const f of fleet.get('quiet')?.freshness() ?? []) other.setFreshness(f);
    const quiet = fleet.get('quiet') as ClusterState;
    fill(quiet);
    fill(other);
    const snapshots = new FleetSnapshots(fleet, clock, options);
    const before = snapshots.recompute(true);

    // 20 ticks with no change: no new version.
    for (let tick = 1; tick <= 20; tick++) {
      now = T0 + tick * 1_000;
      snapshots.recompute(true);
    }
    // A ReplicaSet (kept for the workloads view, read by no summary) changes nothing either.
    let woken = 0;
    fleet.onChange(() => woken++);
    quiet.objects.upsert({
      kind: 'ReplicaSet',
      uid: 'rs',
      namespace: 'ml',
      name: 'train-abc',
      resourceVersion: '1',
      controller: null,
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      revision: '1',
      podTemplateHash: 'abc',
      conditions: [],
    });
    expect(woken).toBe(0);
    expect(snapshots.recompute(true).version).toBe(before.version);

    quiet.objects.upsert(
      pod('train-0', { resourceVersion: '2', nodeName: 'gpu-2', ready: false, gpuRequest: 1 }),
    );
    expect(woken).toBe(1);
    const after = snapshots.recompute(true);
    expect(after.version).toBe(before.version + 1);
    expect(after.sliceVersions.quiet).toBe(after.version);
    expect(after.sliceVersions.other).toBe(before.sliceVersions.other);
    expect(after.clusters.find((c) => c.name === 'other')).toBe(
      before.clusters.find((c) => c.name === 'other'),
    );
    expect(after.clusters.find((c) => c.name === 'quiet')?.pods?.ready).toBe(19);
  });
});

describe('FleetSnapshots: a summary from the kept tally is the summary a full re-tally gives', () => {
  it('on every simulated cluster, after relists and a stream of watch events', () => {
    const sim = createFleet({ seed: 11, size: 'small' });
    const random = new Random(11);
    for (const simCluster of sim.clusters) {
      const fleet = quietFleet(() => T0);
      const cluster = fleet.get('quiet') as ClusterState;
      const recordsOf = (resource: (typeof WATCHED_RESOURCES)[number]) =>
        simCluster.list(resource).flatMap((raw) => {
          const result = projectObject(RESOURCE_KIND[resource], raw);
          return result.ok ? [result.record] : [];
        });
      for (const resource of WATCHED_RESOURCES)
        cluster.objects.replaceAll(RESOURCE_KIND[resource], recordsOf(resource));
      // Watch events: nodes go NotReady and are cordoned, pods crash-loop, turn unready or go away.
      const nodes = [...cluster.objects.nodes()];
      const pods = [...cluster.objects.pods()];
      for (let i = 0; i < 40; i++) {
        const n = random.pick(nodes);
        cluster.objects.upsert({
          ...n,
          resourceVersion: `n${i}`,
          ready: random.pick([true, false, null]),
          unschedulable: random.chance(0.3),
        });
        const p = random.pick(pods);
        if (random.chance(0.2)) cluster.objects.remove('Pod', `${p.namespace}/${p.name}`);
        else cluster.objects.upsert({ ...p, resourceVersion: `p${i}`, ready: random.chance(0.5) });
      }
      const input = summaryInput(cluster, T0 + 1_000);
      const { tally: _, ...retallied } = input;
      const options = { staleAfterMs: 120_000 };
      expect(summarizeClusterHealth(input, options), simCluster.name).toEqual(
        summarizeClusterHealth(retallied, options),
      );
    }
  });
});

describe('FleetSnapshots, sharded: triage over clusters owned elsewhere', () => {
  const options = { debounceMs: 0, maxDelayMs: 0, intervalMs: 5_000, staleAfterMs: 120_000 };

  it("tells a remote pool's size from the summary its owner published", () => {
    // The owner watches the cluster: two of its three H100 nodes NotReady.
    const owner = quietFleet(() => T0);
    const watched = owner.get('quiet') as ClusterState;
    watched.objects.replaceAll('Node', [
      node('gpu-1', { ready: false, readyReason: 'KubeletNotReady' }),
      node('gpu-2', { ready: false, readyReason: 'KubeletNotReady' }),
      node('gpu-3'),
    ]);
    const published = new FleetSnapshots(owner, { now: () => T0 }, options).recompute(true);
    const ownerPool = published.scopeFindings.find((f) => f.scope === 'POOL');
    expect(ownerPool?.title).toMatch(/^POOL h100 \(cluster quiet\): 2 of 3 nodes affected/);

    // Another replica keeps no records of it, only the owner's summary.
    const reader = new FleetState();
    reader.add('quiet');
    reader.setOwned('quiet', false);
    const snapshots = new FleetSnapshots(reader, { now: () => T0 }, options);
    snapshots.setRemote({ health: () => published.clusters[0] ?? null });
    const pool = snapshots.recompute(true).scopeFindings.find((f) => f.scope === 'POOL');
    expect(pool?.title).toBe(ownerPool?.title);
  });
});
