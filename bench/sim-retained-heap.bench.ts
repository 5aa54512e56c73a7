import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { startPipeline } from './api-pipeline.ts';
import { consume, heapUsedAfterGc } from './measure.ts';
import { progress, report } from './result.ts';
import { envelopePodsFromArgs, shapesFromArgs } from './sim-args.ts';
import { startSimProcess } from './sim-process.ts';

/**
 * Retained heap per pod at Kubernetes' envelope, through the simulator's HTTP API: heapUsed after forced
 * GCs before and after a pod sync, each holder in its own fresh process (so neither inherits the other's
 * garbage or JIT state):
 *
 * - Fleetscope: the pods Reflector over ClientNodeKubeApi into a ClusterState (the ObjectStore of
 *   projections, its by-node and by-controller indexes, the incremental tally), the watch stopped after
 *   the sync;
 * - baseline: a plain @kubernetes/client-node informer (`makeInformer` + its ListWatch) on /api/v1/pods,
 *   holding every pod whole as client-node's typed V1Pod objects. Its list function pages (limit 500 with
 *   continue) and hands the informer the concatenated list: client-node's own list call would ask for all
 *   150 000 pods in one response (~650 MB of JSON, past V8's longest string).
 *
 *   node --expose-gc bench/sim-retained-heap.bench.ts [--pods 150000] [--shape demo|openb]
 */

const pods = envelopePodsFromArgs();
const args = process.argv.slice(2);
const childAt = args.indexOf('--child');

function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: url, skipTLSVerify: true }],
    users: [{ name: 'bench' }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'bench' }],
    currentContext: 'sim',
  });
  return kc;
}

/** Runs in a child: syncs one holder from `url` and prints the retained bytes and the pods held. */
async function child(holder: string, url: string): Promise<void> {
  const kc = kubeConfigFor(url);
  let before: number;
  let held: number;
  let keep: unknown;
  if (holder === 'fleetscope') {
    before = heapUsedAfterGc();
    const pipeline = startPipeline(kc, { resources: ['pods'] });
    await pipeline.synced;
    await pipeline.stop();
    held = pipeline.cluster.objects.count('Pod');
    keep = pipeline.cluster;
  } else {
    const api = kc.makeApiClient(CoreV1Api);
    before = heapUsedAfterGc();
    const listAll = async (): Promise<V1PodList> => {
      const items: V1Pod[] = [];
      let token: string | undefined;
      let last: V1PodList | undefined;
      do {
        last = await api.listPodForAllNamespaces({ limit: 500, ...(token ? { _continue: token } : {}) });
        items.push(...last.items);
        token = last.metadata?._continue;
      } while (token);
      return { ...last, metadata: { resourceVersion: last.metadata?.resourceVersion ?? '' }, items };
    };
    const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', listAll);
    // Counted from its add events: client-node's `list()` spreads a namespace's objects into one push()
    // call, which overflows the stack past ~100 000 objects in a namespace.
    let added = 0;
    informer.on('add', () => {
      added += 1;
    });
    await informer.start();
    held = added;
    await informer.stop();
    keep = informer;
  }
  const after = heapUsedAfterGc();
  consume(keep);
  process.stdout.write(`RETAINED ${JSON.stringify({ bytes: after - before, held })}\n`);
  process.exit(0);
}

function measureIn(holder: string, url: string): { bytes: number; held: number } {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=12288', fileURLToPath(import.meta.url), '--child', holder, url],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('RETAINED '));
  if (run.status !== 0 || line === undefined) throw new Error(`${holder} child failed (exit ${run.status})`);
  return JSON.parse(line.slice('RETAINED '.length)) as { bytes: number; held: number };
}

if (childAt >= 0) {
  await child(args[childAt + 1] ?? '', args[childAt + 2] ?? '');
} else {
  const rows = [];
  const setups: string[] = [];
  for (const shape of shapesFromArgs()) {
    progress(`sim retained heap: starting the simulator (${shape} shape, ${pods} pods)`);
    const sim = await startSimProcess(shape, pods);
    progress(`sim retained heap (${shape}): Fleetscope's reflector and ClusterState`);
    const ours = measureIn('fleetscope', sim.url);
    progress(`sim retained heap (${shape}): a client-node informer holding whole pods`);
    const theirs = measureIn('informer', sim.url);
    await sim.close();
    if (ours.held !== sim.pods || theirs.held !== sim.pods)
      throw new Error(`held ${ours.held} and ${theirs.held} of ${sim.pods} pods`);
    const perPod = ours.bytes / sim.pods;
    const informerPerPod = theirs.bytes / sim.pods;
    rows.push(
      { metric: `${shape}: Fleetscope ClusterState`, value: perPod, unit: 'B/pod', target: '≤ 1536 B/pod' },
      { metric: `${shape}: baseline client-node informer`, value: informerPerPod, unit: 'B/pod' },
      {
        metric: `${shape}: informer ÷ Fleetscope`,
        value: informerPerPod / perPod,
        unit: '×',
        target: '≥ 10×',
      },
    );
    setups.push(`${shape}: ${sim.pods} pods on ${sim.nodes} nodes`);
  }
  report({
    name: 'sim retained heap',
    setup: `${setups.join('; ')}; heapUsed after forced GCs before and after the sync, each holder in its own process, pods over HTTP from the simulator`,
    rows,
  });
  process.exit(0);
}
