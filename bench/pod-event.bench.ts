import { isCrashLooping, projectObject, summarizeClusterHealth } from '@fleetscope/diagnostics';
import type { KubeObject } from '@fleetscope/fleet-sim';
import { type PodRecord, type ResourceFreshness, WATCHED_RESOURCES } from '@fleetscope/types';
import { FleetSnapshots, summaryInput } from '../apps/api/src/analysis/fleet-snapshots.ts';
import { type ClusterState, FleetState } from '../apps/api/src/stores/cluster-state.ts';
import {
  buildNode,
  buildPod,
  listPage,
  loadTemplates,
  nodeCountFor,
  PAGE_SIZE,
  type Templates,
} from './fixtures.ts';
import { syncPages } from './ingest.ts';
import { collectGarbage, consume, median, pairedRatio, pairedRuns, timeMs } from './measure.ts';
import { progress, progressRuns, report } from './result.ts';

/**
 * The cost of ONE pod event on the API's real hot path, at two cluster sizes in the same process:
 * `ObjectStore.upsert` of a changed pod (its listeners: the cluster's incremental tally, the fleet's
 * dirty mark and debounce timer), then the recompute the debounce would run (`FleetSnapshots`:
 * `summarizeClusterHealth` from the kept tally, comparison with the previous summary, a new
 * versioned snapshot). Flat means the large cluster's event costs about what the small one's does.
 * Also: the 5 s tick over a steady fleet (its cost, and how many new versions it produced: 0).
 *
 * Two large clusters: one is the small cluster plus healthy pods and nodes (the same things broken:
 * 6 crash-looping pods, 1 Unknown node), the other clones the demo fleet throughout, so what is broken
 * grows with it (524 crash-looping pods, 34 Unknown nodes at 150 000 pods). The data-plane verdict
 * sorts and names every offender on each summary: its cost follows the number of offenders.
 *
 *   node --expose-gc bench/pod-event.bench.ts [--pods N]   (large N, default 150 000; small N/100)
 */

const RUNS = 15;
/** Events per timed run: one event is a few microseconds, too short to time alone. */
const EVENTS_PER_RUN = 400;
const TICKS = 20;
const STALE_AFTER_MS = 120_000;

const args = process.argv.slice(2);
const podsAt = args.indexOf('--pods');
const largePods = podsAt >= 0 ? Number(args[podsAt + 1]) : 150_000;
if (!Number.isInteger(largePods) || largePods < 10_000)
  throw new Error(`--pods must be ≥ 10000, got ${largePods}`);
const smallPods = Math.round(largePods / 100);

let now = Date.parse('2026-11-29T20:00:00Z');
const clock = { now: (): number => now };

interface Subject {
  label: string;
  pods: number;
  cluster: ClusterState;
  snapshots: FleetSnapshots;
  /** Pods to change, spread over the store (a stride, not one hot key). */
  targets: PodRecord[];
  next: number;
  resourceVersion: number;
}

function freshnessAt(at: number): ResourceFreshness[] {
  return WATCHED_RESOURCES.map((resource) => ({
    resource,
    state: 'SYNCED',
    lastEventAt: at - 1_000,
    confirmedAt: at - 1_000,
    behind: null,
    lastSyncAt: at - 60_000,
    lastErrorAt: null,
    lastError: null,
    relists: 1,
    restarts: 0,
  }));
}

/** Templates of Running, Ready pods that are not crash-looping, and of Ready schedulable nodes. */
function healthyTemplates(templates: Templates): Templates {
  const podJson = templates.podJson.filter((json) => {
    const result = projectObject('Pod', JSON.parse(json));
    return (
      result.ok &&
      result.record.kind === 'Pod' &&
      result.record.phase === 'Running' &&
      result.record.ready &&
      !isCrashLooping(result.record)
    );
  });
  const nodeJson = templates.nodeJson.filter((json) => {
    const result = projectObject('Node', JSON.parse(json));
    return (
      result.ok &&
      result.record.kind === 'Node' &&
      result.record.ready === true &&
      !result.record.unschedulable
    );
  });
  return { podJson, nodeJson };
}

/** LIST pages of objects `from`..`to`-1 built by `make`, one page alive at a time. */
function* pages(
  kind: 'Pod' | 'Node',
  from: number,
  to: number,
  make: (i: number) => KubeObject,
): Generator<string> {
  for (let start = from; start < to; start += PAGE_SIZE) {
    const items: KubeObject[] = [];
    const end = Math.min(to, start + PAGE_SIZE);
    for (let i = start; i < end; i++) items.push(make(i));
    yield listPage(kind, items, end < to ? `page-${end}` : '');
  }
}

/**
 * A cluster of `pods` pods and pods/30 nodes. With `filler`, the first `base` pods (on the first
 * base/30 nodes) clone every template and the rest clone only healthy ones.
 */
function build(
  label: string,
  templates: Templates,
  pods: number,
  filler?: { templates: Templates; base: number },
): Subject {
  const nodes = nodeCountFor(pods);
  progress(`pod event: ${label}: ${pods} pods and ${nodes} nodes`);
  const fleet = new FleetState();
  const cluster = fleet.add(`bench-${label}`);
  for (const f of freshnessAt(now)) cluster.setFreshness(f);
  const baseNodes = filler ? nodeCountFor(filler.base) : nodes;
  const basePods = filler ? filler.base : pods;
  const nodePages = function* (): Generator<string> {
    yield* pages('Node', 0, baseNodes, (i) => buildNode(templates, i));
    if (filler) yield* pages('Node', baseNodes, nodes, (i) => buildNode(filler.templates, i));
  };
  const podPages = function* (): Generator<string> {
    yield* pages('Pod', 0, basePods, (i) => buildPod(templates, i, baseNodes));
    if (filler) yield* pages('Pod', basePods, pods, (i) => buildPod(filler.templates, i, nodes));
  };
  syncPages(cluster.objects, 'Node', nodePages());
  syncPages(cluster.objects, 'Pod', podPages());
  const snapshots = new FleetSnapshots(fleet, clock, {
    debounceMs: 250,
    maxDelayMs: 1_000,
    // The tick is driven by hand below; the timer must not fire during a run.
    intervalMs: 24 * 3_600_000,
    staleAfterMs: STALE_AFTER_MS,
  });
  snapshots.start();
  snapshots.recompute(true);
  const all = [...cluster.objects.pods()];
  const targets: PodRecord[] = [];
  for (let i = 0; i < 1_000; i++) {
    const pod = all[(i * 7_919) % all.length] as PodRecord;
    if (pod.phase === 'Running' && pod.ready) targets.push(pod);
  }
  if (targets.length === 0) throw new Error('no Running, Ready pod to change');
  const tally = cluster.tally.snapshot();
  progress(
    `pod event: ${label}: ${tally.crashLoopingPods.length} crash-looping pods, ${tally.unknownNodes.length} Unknown nodes`,
  );
  return { label, pods, cluster, snapshots, targets, next: 0, resourceVersion: 50_000_000 };
}

/**
 * One event: a Running pod turns not Ready (its readiness probe fails), or back. Pairs of events on
 * the same pod keep the offender lists at their size, so every run measures the same work.
 */
function podEvent(subject: Subject): void {
  const index = Math.floor(subject.next / 2) % subject.targets.length;
  const base = subject.targets[index] as PodRecord;
  const ready = subject.next % 2 === 1;
  subject.next += 1;
  subject.resourceVersion += 1;
  subject.cluster.objects.upsert({ ...base, ready, resourceVersion: String(subject.resourceVersion) });
  // What the debounce timer runs: the dirty cluster re-summarised, a new snapshot published.
  consume(subject.snapshots.recompute(false));
}

function events(subject: Subject): () => void {
  return () => {
    for (let i = 0; i < EVENTS_PER_RUN; i++) podEvent(subject);
  };
}

const templates = loadTemplates();
const small = build('small', templates, smallPods);
const same = build('large, same offenders', templates, largePods, {
  templates: healthyTemplates(templates),
  base: smallPods,
});
const grown = build('large, offenders grown with it', templates, largePods);

function measureEvents(large: Subject): { baselineMs: number[]; subjectMs: number[] } {
  progress(`pod event: ${large.label}: warm-up`);
  pairedRuns(3, events(small), events(large));
  progress(`pod event: ${large.label}: ${RUNS} paired runs of ${EVENTS_PER_RUN} events each`);
  const runs = pairedRuns(RUNS, events(small), events(large));
  progressRuns(`pod event (small, ${large.label})`, runs);
  const before = large.snapshots.current().version;
  events(large)();
  if (large.snapshots.current().version !== before + EVENTS_PER_RUN) {
    throw new Error('a pod event did not produce exactly one new snapshot: not the path meant');
  }
  return runs;
}
const sameRuns = measureEvents(same);
const grownRuns = measureEvents(grown);

// Before: every recompute re-tallied every pod (the record iterables walked, no kept tally).
const state = grown.cluster;
const retally = (): void => {
  const { tally: _, ...records } = summaryInput(state, now);
  consume(summarizeClusterHealth(records, { staleAfterMs: STALE_AFTER_MS }));
};
const retallyMs: number[] = [];
for (let i = 0; i < 5; i++) {
  collectGarbage();
  retallyMs.push(timeMs(retally));
}

// The tick over a steady fleet: time moves 5 s per tick (within stale-after), nothing else changes.
// Five rounds of TICKS ticks, the median round reported.
function ticks(subject: Subject): { ms: number; versions: number } {
  for (const f of freshnessAt(now)) subject.cluster.setFreshness(f);
  subject.snapshots.recompute(true);
  const before = subject.snapshots.current().version;
  const started = now;
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    collectGarbage();
    rounds.push(
      timeMs(() => {
        for (let t = 1; t <= TICKS; t++) {
          now = started + t * 5_000;
          subject.snapshots.recompute(true);
        }
      }) / TICKS,
    );
    now = started;
  }
  return { ms: median(rounds), versions: subject.snapshots.current().version - before };
}
const tickResults = [small, same, grown].map((subject) => ({ subject, ...ticks(subject) }));
for (const subject of [small, same, grown]) subject.snapshots.stop();

const perEvent = (ms: number): number => (ms / EVENTS_PER_RUN) * 1_000;
report({
  name: 'pod event',
  setup:
    `one pod Ready flip (upsert + listeners + the debounced recompute: summarizeClusterHealth from the kept tally, ` +
    `a new snapshot) at ${smallPods} and ${largePods} pods (N/30 nodes) in one process; ` +
    `median of ${RUNS} paired runs of ${EVENTS_PER_RUN} events; 5 rounds of ${TICKS} ticks of 5 s`,
  rows: [
    {
      metric: `(a) one pod event, ${smallPods} pods`,
      value: perEvent(median(sameRuns.baselineMs)),
      unit: 'µs',
    },
    {
      metric: `(b) one pod event, ${largePods} pods, same offenders`,
      value: perEvent(median(sameRuns.subjectMs)),
      unit: 'µs',
    },
    { metric: 'ratio (b)/(a)', value: pairedRatio(sameRuns), unit: '×', target: '≤ 2×' },
    {
      metric: `(c) one pod event, ${largePods} pods, offenders ×100`,
      value: perEvent(median(grownRuns.subjectMs)),
      unit: 'µs',
    },
    { metric: 'ratio (c)/(a)', value: pairedRatio(grownRuns), unit: '×' },
    { metric: `before: re-tallied summary, ${largePods} pods`, value: median(retallyMs), unit: 'ms' },
    ...tickResults.map((r) => ({
      metric: `steady tick, ${r.subject.label}`,
      value: r.ms * 1_000,
      unit: 'µs',
    })),
    {
      metric: `new versions over ${TICKS} steady ticks (each cluster)`,
      value: tickResults.reduce((sum, r) => sum + r.versions, 0),
      unit: 'versions',
      target: '0',
    },
  ],
});
