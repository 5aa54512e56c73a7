import { SUMMARY_RESOURCES, summarizeCluster } from '@fleetscope/diagnostics';
import type { ResourceFreshness } from '@fleetscope/types';
import { loadTemplates, nodeCountFor, nodeListPages, podListPages } from './fixtures.ts';
import { ObjectStore, syncPages } from './ingest.ts';
import { consume, median, pairedRatio, pairedRuns } from './measure.ts';
import { podCountFromArgs, progress, progressRuns, report } from './result.ts';

/**
 * Cluster summary cost: summarizeCluster (counts, GPU totals, data-plane and watch-freshness verdicts,
 * live mode as the API runs it) over a store of N pods and N/30 nodes, vs the baseline of one plain
 * iteration over the pods (the least any summary must do).
 */

const RUNS = 15;
const pods = podCountFromArgs();
const nodes = nodeCountFor(pods);
const templates = loadTemplates();

progress(`fleet summary: filling a store with ${pods} pods and ${nodes} nodes`);
const store = new ObjectStore();
syncPages(store, 'Node', nodeListPages(templates, nodes));
syncPages(store, 'Pod', podListPages(templates, pods, nodes));

const now = Date.now();
const freshness: ResourceFreshness[] = SUMMARY_RESOURCES.map((resource) => ({
  resource,
  state: 'SYNCED',
  lastEventAt: now - 1_000,
  confirmedAt: now - 1_000,
  behind: null,
  lastSyncAt: now - 60_000,
  lastErrorAt: null,
  lastError: null,
  relists: 1,
  restarts: 0,
}));

let summaryPods = 0;
const baseline = (): void => {
  let running = 0;
  for (const pod of store.pods()) if (pod.phase === 'Running') running += 1;
  consume(running);
};
const subject = (): void => {
  const summary = summarizeCluster({
    name: 'bench',
    nodes: store.nodes(),
    pods: store.pods(),
    deployments: store.deployments(),
    services: store.services(),
    endpointSlices: store.endpointSlices(),
    freshness,
    now,
    mode: 'live',
  });
  summaryPods = summary.pods.total;
  consume(summary);
};

progress('fleet summary: warm-up');
pairedRuns(3, baseline, subject);
if (summaryPods !== pods) throw new Error(`summary counted ${summaryPods} of ${pods} pods`);
progress(`fleet summary: ${RUNS} paired runs`);
const runs = pairedRuns(RUNS, baseline, subject);
progressRuns('fleet summary', runs);

report({
  name: 'cluster summary',
  setup: `${pods} pods, ${nodes} nodes in one ObjectStore, median of ${RUNS} paired runs`,
  rows: [
    { metric: '(a) baseline: one pass over the pods', value: median(runs.baselineMs), unit: 'ms' },
    { metric: '(b) summarizeCluster', value: median(runs.subjectMs), unit: 'ms' },
    { metric: 'ratio (b)/(a)', value: pairedRatio(runs), unit: '×' },
  ],
});
