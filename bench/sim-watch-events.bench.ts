import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fetch } from 'undici';
import type { KubeApi } from '../apps/api/src/sources/kubernetes/kube-api.ts';
import { startPipeline } from './api-pipeline.ts';
import { collectGarbage, consume, median, pairedRatio } from './measure.ts';
import { progress, progressRuns, report } from './result.ts';
import { envelopePodsFromArgs, pairedRunsAsync, shapesFromArgs } from './sim-args.ts';
import { startSimProcess } from './sim-process.ts';

/**
 * Steady-state watch events through the API's real path, served by the simulator's watch: the simulator
 * (its own process) changes EVENTS pods at once (kubelet-style status updates: a container restarted),
 * so a watch from the resourceVersion before them replays exactly those MODIFIED events, as many times
 * as needed.
 *
 * - Subject: the pods Reflector over ClientNodeKubeApi into a ClusterState (upsert, its listeners: the
 *   incremental tally, the fleet's dirty mark) with FleetSnapshots started (debounced recompute, 250 ms,
 *   at most 1 s), its LIST pinned to that resourceVersion (untimed); timed from the watch request to the
 *   last event applied and one final recompute (the snapshot that includes the last event).
 * - Baseline: the same watch from the same server, each line JSON.parse'd, nothing else.
 *
 * The figure is the process's CPU time (process.cpuUsage: every thread, GC included), not wall time: the
 * simulator serializes events in its own process, and on a shared machine wall time would also count
 * waiting for it. Events per CPU second = events per second on one core.
 *
 *   node --expose-gc bench/sim-watch-events.bench.ts [--pods 150000] [--shape demo|openb]
 */

const RUNS = 3;
/** Events per run (`BENCH_EVENTS` to change; the simulator keeps 50 000 changes of history). */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const pods = envelopePodsFromArgs();

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Pins a LIST without continue token to `rv` (Exact), so the sync holds the state before the burst. */
function pinnedTo(rv: string, api: KubeApi, onWatch: () => void): KubeApi {
  return {
    list: (path, params, signal) =>
      api.list(
        path,
        params.continue || params.limit === '1'
          ? params
          : { ...params, resourceVersion: rv, resourceVersionMatch: 'Exact' },
        signal,
      ),
    watch: (path, params, onEvent) => {
      onWatch();
      return api.watch(path, params, onEvent);
    },
  };
}

const rows = [];
const setups: string[] = [];
for (const shape of shapesFromArgs()) {
  progress(`sim watch events: starting the simulator (${shape} shape, ${pods} pods)`);
  const sim = await startSimProcess(shape, pods);
  const kubeConfig = sim.kubeConfig();
  const burst = await sim.command({ cmd: 'burst', count: EVENTS });
  const rvBefore = String(burst.rvBefore);
  progress(`sim watch events (${shape}): ${EVENTS} changes after resourceVersion ${rvBefore}`);
  let wallBaseline: number[] = [];
  let wallSubject: number[] = [];

  const baseline = async (): Promise<number> => {
    const controller = new AbortController();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const response = await fetch(
      `${sim.url}/api/v1/pods?watch=true&resourceVersion=${rvBefore}&allowWatchBookmarks=true&timeoutSeconds=600`,
      { headers: { accept: 'application/json' }, signal: controller.signal },
    );
    const body = Readable.fromWeb(response.body as never);
    const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
    let seen = 0;
    for await (const line of lines) {
      if (line === '') continue;
      const event = JSON.parse(line) as { type: string };
      consume(event);
      if (event.type === 'MODIFIED') seen += 1;
      if (seen === EVENTS) break;
    }
    const ms = cpuMs(cpu);
    wallBaseline.push(performance.now() - started);
    controller.abort();
    body.destroy();
    return ms;
  };

  const subject = async (): Promise<number> => {
    let cpu: NodeJS.CpuUsage | null = null;
    let started = 0;
    const pipeline = startPipeline(kubeConfig, {
      resources: ['pods'],
      snapshots: true,
      wrapApi: (api) =>
        pinnedTo(rvBefore, api, () => {
          started = performance.now();
          cpu = process.cpuUsage();
        }),
    });
    let applied = 0;
    const done = new Promise<void>((resolve) => {
      pipeline.cluster.objects.onChange((change) => {
        if (change.kind !== 'Pod' || change.type !== 'upsert' || cpu === null) return;
        applied += change.deltas.length;
        if (applied >= EVENTS) resolve();
      });
    });
    await pipeline.synced;
    if (pipeline.cluster.objects.count('Pod') !== sim.pods) throw new Error('sync did not hold every pod');
    await done;
    pipeline.snapshots?.recompute();
    const ms = cpuMs(cpu as unknown as NodeJS.CpuUsage);
    wallSubject.push(performance.now() - started);
    await pipeline.stop();
    consume(pipeline);
    return ms;
  };

  progress(`sim watch events (${shape}): warm-up`);
  await pairedRunsAsync(1, baseline, subject, collectGarbage);
  wallBaseline = [];
  wallSubject = [];
  progress(`sim watch events (${shape}): ${RUNS} paired runs`);
  const runs = await pairedRunsAsync(RUNS, baseline, subject, collectGarbage);
  progressRuns(`sim watch events (${shape}) CPU`, runs);
  progressRuns(`sim watch events (${shape}) wall`, { baselineMs: wallBaseline, subjectMs: wallSubject });
  await sim.close();
  rows.push(
    {
      metric: `${shape}: (a) baseline JSON.parse of the lines`,
      value: (EVENTS / median(runs.baselineMs)) * 1000,
      unit: 'events/CPU s',
    },
    {
      metric: `${shape}: (b) reflector → ClusterState → snapshots`,
      value: (EVENTS / median(runs.subjectMs)) * 1000,
      unit: 'events/CPU s',
      target: '≥ 50 000 events/s',
    },
    { metric: `${shape}: ratio CPU time (b)/(a)`, value: pairedRatio(runs), unit: '×' },
    {
      metric: `${shape}: (b) wall clock, for reference`,
      value: (EVENTS / median(wallSubject)) * 1000,
      unit: 'events/s',
    },
  );
  setups.push(`${shape}: ${EVENTS} MODIFIED events into ${sim.pods} pods on ${sim.nodes} nodes`);
}

report({
  name: 'sim watch events',
  setup: `${setups.join('; ')}; watch replayed by the simulator in its own process; process CPU time; median of ${RUNS} paired runs after a warm-up`,
  rows,
});
process.exit(0);
