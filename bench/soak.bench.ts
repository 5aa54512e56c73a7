import { startPipeline } from './api-pipeline.ts';
import { collectGarbage, median } from './measure.ts';
import { podCountFromArgs, progress, report } from './result.ts';
import { shapeFromArgs } from './sim-envelope.ts';
import { startSimProcess } from './sim-process.ts';

/**
 * Soak (a benchmark, not a test): the envelope simulator (its own process) churns — 1% of its pods
 * change every second, each a kubelet-style status update — against the API's ingest pipeline in this
 * process (every watched resource's Reflector → ClusterState → FleetSnapshots, read every second as the
 * GraphQL layer would). After a warm-up, heapUsed (after a forced GC) and RSS are sampled every minute;
 * memory is flat when every sample after warm-up is within 10% of the first one.
 *
 *   node --expose-gc bench/soak.bench.ts [--minutes 3] [--pods N] [--shape demo|openb] [--churn-percent 1]
 */

const args = process.argv.slice(2);
const minutesAt = args.indexOf('--minutes');
const minutes = minutesAt >= 0 ? Number(args[minutesAt + 1]) : 3;
if (!(minutes >= 2)) throw new Error(`--minutes must be ≥ 2, got ${args[minutesAt + 1]}`);
const churnAt = args.indexOf('--churn-percent');
const churnPercent = churnAt >= 0 ? Number(args[churnAt + 1]) : 1;
const pods = podCountFromArgs(args);
const shape = shapeFromArgs(args);
/** Warm-up: a sixth of the run, at least one minute (caches, JIT, the event ring and history filling). */
const warmupMinutes = Math.max(1, Math.round(minutes / 6));
const SAMPLE_MS = 60_000;
const FLAT_WITHIN = 0.1;

progress(`soak: starting the simulator (${shape} shape, ${pods} pods)`);
const sim = await startSimProcess(shape, pods);
progress(`soak: simulator at ${sim.url} with ${sim.pods} pods on ${sim.nodes} nodes; syncing the pipeline`);
const syncStarted = performance.now();
const pipeline = startPipeline(sim.kubeConfig(), { snapshots: true });
await pipeline.synced;
const syncMs = performance.now() - syncStarted;
progress(`soak: synced in ${(syncMs / 1000).toFixed(1)} s`);

let podEvents = 0;
pipeline.cluster.objects.onChange((change) => {
  if (change.kind === 'Pod' && change.type === 'upsert') podEvents += change.deltas.length;
});
// What the GraphQL layer does: read the current snapshot (computed on demand when dirty and debounced).
const reader = setInterval(() => pipeline.snapshots?.current(), 1_000);
const perSecond = Math.round((pods * churnPercent) / 100);
await sim.command({ cmd: 'churn', perSecond });
progress(`soak: churning ${perSecond} pods/s for ${minutes} min (warm-up ${warmupMinutes} min)`);

interface Sample {
  minute: number;
  heapUsed: number;
  rss: number;
  events: number;
}
const samples: Sample[] = [];
const started = performance.now();
for (let minute = 1; minute <= minutes; minute++) {
  const due = started + minute * SAMPLE_MS;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  collectGarbage();
  const memory = process.memoryUsage();
  const sample = { minute, heapUsed: memory.heapUsed, rss: memory.rss, events: podEvents };
  samples.push(sample);
  const pods = pipeline.cluster.freshness().find((f) => f.resource === 'pods');
  progress(
    `soak: minute ${minute}: heapUsed ${(sample.heapUsed / 1e6).toFixed(1)} MB, rss ${(sample.rss / 1e6).toFixed(1)} MB, ` +
      `${podEvents} pod events so far, pods watch ${pods?.state} (relists ${pods?.relists}, restarts ${pods?.restarts})${minute <= warmupMinutes ? ' [warm-up]' : ''}`,
  );
}
clearInterval(reader);
await sim.command({ cmd: 'churn', perSecond: 0 });
const simStats = await sim.command({ cmd: 'stats' });
const podsFreshness = pipeline.cluster.freshness().find((f) => f.resource === 'pods');
const version = pipeline.snapshots?.current().version ?? 0;
await pipeline.stop();
await sim.close();

// The reference is the last warm-up sample; every later one is compared with it.
const measured = samples.slice(warmupMinutes - 1);
const first = measured[0] as Sample;
const last = measured[measured.length - 1] as Sample;
const spread = (values: number[], reference: number): number =>
  Math.max(...values.map((v) => Math.abs(v - reference))) / reference;
const heapSpread = spread(
  measured.map((s) => s.heapUsed),
  first.heapUsed,
);
const rssSpread = spread(
  measured.map((s) => s.rss),
  first.rss,
);
const eventsPerSecond = (last.events - first.events) / (((last.minute - first.minute) * SAMPLE_MS) / 1000);
const flat = heapSpread <= FLAT_WITHIN && rssSpread <= FLAT_WITHIN;
progress(
  `soak: heapUsed samples MB [${samples.map((s) => (s.heapUsed / 1e6).toFixed(1)).join(', ')}], rss MB [${samples.map((s) => (s.rss / 1e6).toFixed(1)).join(', ')}]`,
);

report({
  name: 'soak',
  setup: `${minutes} min, ${shape} shape, ${pods} pods on ${sim.nodes} nodes, ${perSecond} pod changes/s (${churnPercent}%), warm-up ${warmupMinutes} min, samples every minute after a forced GC; simulator made ${String(simStats.changes)} changes; pods watch relists ${podsFreshness?.relists}, restarts ${podsFreshness?.restarts}; ${version} snapshot versions`,
  rows: [
    { metric: 'initial sync (all resources)', value: syncMs / 1000, unit: 's' },
    { metric: 'pod events applied after warm-up', value: eventsPerSecond, unit: 'events/s' },
    { metric: 'heapUsed after warm-up', value: first.heapUsed / 1e6, unit: 'MB' },
    { metric: 'heapUsed at the end', value: last.heapUsed / 1e6, unit: 'MB' },
    {
      metric: 'heapUsed median after warm-up',
      value: median(measured.map((s) => s.heapUsed)) / 1e6,
      unit: 'MB',
    },
    { metric: 'heapUsed largest deviation', value: heapSpread * 100, unit: '%', target: '≤ 10%' },
    { metric: 'RSS after warm-up', value: first.rss / 1e6, unit: 'MB' },
    { metric: 'RSS at the end', value: last.rss / 1e6, unit: 'MB' },
    { metric: 'RSS largest deviation', value: rssSpread * 100, unit: '%', target: '≤ 10%' },
    { metric: 'flat within 10% (1 = yes)', value: flat ? 1 : 0, unit: '' },
  ],
});
process.exit(0);
