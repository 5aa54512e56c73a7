import { fetch } from 'undici';
import { RESOURCE_ENDPOINTS } from '../apps/api/src/sources/kubernetes/resources.ts';
import { ALL_RESOURCES, startPipeline } from './api-pipeline.ts';
import { collectGarbage, consume, median, pairedRatio } from './measure.ts';
import { progress, progressRuns, report } from './result.ts';
import { envelopePodsFromArgs, pairedRunsAsync, shapesFromArgs } from './sim-args.ts';
import { startSimProcess } from './sim-process.ts';

/**
 * Initial sync at Kubernetes' envelope, through the simulator's HTTP API (its own process): from the
 * first LIST to every watched resource synced, on the API's real path — a Reflector per resource over
 * ClientNodeKubeApi (undici, `limit=500` pages with continue) projecting each item into the cluster's
 * ClusterState (ObjectStore and its listeners: the incremental tally, the event ring), all resources at
 * once as KubernetesSource starts them. Baseline, same run, same server: fetching the same pages of
 * every resource (undici, concurrently per resource) and JSON.parse of each. Paired runs after a warm-up
 * (which also lets the simulator serialize every object once; see server/list.ts).
 *
 *   node --expose-gc bench/sim-initial-sync.bench.ts [--pods 150000] [--shape demo|openb]
 */

const RUNS = 3;
const pods = envelopePodsFromArgs();

async function fetchAndParse(url: string): Promise<{ ms: number; items: number; bytes: number }> {
  const started = performance.now();
  let items = 0;
  let bytes = 0;
  await Promise.all(
    ALL_RESOURCES.map(async (resource) => {
      let token = '';
      do {
        const query = `limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
        const response = await fetch(`${url}${RESOURCE_ENDPOINTS[resource].path}?${query}`, {
          headers: { accept: 'application/json' },
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`LIST ${resource}: HTTP ${response.status}`);
        bytes += Buffer.byteLength(text);
        const body = JSON.parse(text) as { items: unknown[]; metadata: { continue?: string } };
        items += body.items.length;
        token = body.metadata.continue ?? '';
        consume(body);
      } while (token !== '');
    }),
  );
  return { ms: performance.now() - started, items, bytes };
}

const rows = [];
const setups: string[] = [];
for (const shape of shapesFromArgs()) {
  progress(`sim initial sync: starting the simulator (${shape} shape, ${pods} pods)`);
  const sim = await startSimProcess(shape, pods);
  const kubeConfig = sim.kubeConfig();
  let lastItems = 0;
  let lastBytes = 0;
  // This process's CPU time per run (every thread, GC included): on a shared machine the wall time also
  // counts waiting for the simulator's process, the CPU time only the client's own work.
  const cpu = { baselineMs: [] as number[], subjectMs: [] as number[] };
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const baseline = async (): Promise<number> => {
    const cpuBefore = process.cpuUsage();
    const result = await fetchAndParse(sim.url);
    cpu.baselineMs.push(cpuMs(cpuBefore));
    lastItems = result.items;
    lastBytes = result.bytes;
    return result.ms;
  };
  const subject = async (): Promise<number> => {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const pipeline = startPipeline(kubeConfig);
    await pipeline.synced;
    const ms = performance.now() - started;
    cpu.subjectMs.push(cpuMs(cpuBefore));
    const held = pipeline.cluster.objects.count('Pod');
    await pipeline.stop();
    if (held !== sim.pods) throw new Error(`synced ${held} of ${sim.pods} pods`);
    consume(pipeline);
    return ms;
  };
  progress(`sim initial sync (${shape}): warm-up`);
  await pairedRunsAsync(1, baseline, subject, collectGarbage);
  cpu.baselineMs.length = 0;
  cpu.subjectMs.length = 0;
  progress(`sim initial sync (${shape}): ${RUNS} paired runs`);
  const runs = await pairedRunsAsync(RUNS, baseline, subject, collectGarbage);
  progressRuns(`sim initial sync (${shape}) wall`, runs);
  progressRuns(`sim initial sync (${shape}) CPU`, cpu);
  await sim.close();
  const syncMs = median(runs.subjectMs);
  rows.push(
    { metric: `${shape}: LIST bytes per object`, value: lastBytes / lastItems, unit: 'B' },
    { metric: `${shape}: (a) baseline fetch + JSON.parse`, value: median(runs.baselineMs), unit: 'ms' },
    { metric: `${shape}: (b) reflectors → ClusterState, synced`, value: syncMs, unit: 'ms' },
    { metric: `${shape}: (b) pods per second`, value: (sim.pods / syncMs) * 1000, unit: 'pods/s' },
    { metric: `${shape}: ratio (b)/(a), wall clock`, value: pairedRatio(runs), unit: '×', target: '≤ 2×' },
    { metric: `${shape}: (a) baseline, CPU time`, value: median(cpu.baselineMs), unit: 'ms' },
    { metric: `${shape}: (b) sync, CPU time`, value: median(cpu.subjectMs), unit: 'ms' },
    { metric: `${shape}: ratio (b)/(a), CPU time`, value: pairedRatio(cpu), unit: '×', target: '≤ 2×' },
  );
  setups.push(
    `${shape}: ${sim.pods} pods on ${sim.nodes} nodes, ${lastItems} objects in all (${(lastBytes / 1e6).toFixed(0)} MB of LIST)`,
  );
}

report({
  name: 'sim initial sync',
  setup: `${setups.join('; ')}; every watched resource at once, pages of 500 over HTTP from the simulator in its own process; median of ${RUNS} paired runs after a warm-up`,
  rows,
});
process.exit(0);
