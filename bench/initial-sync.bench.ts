import { loadTemplates, nodeCountFor, PAGE_SIZE, podListPages } from './fixtures.ts';
import { ObjectStore, syncPages } from './ingest.ts';
import { consume, median, pairedRatio, pairedRuns } from './measure.ts';
import { podCountFromArgs, progress, progressRuns, report } from './result.ts';

/**
 * Initial sync cost: the pod LIST of N pods (pages of 500), (a) baseline JSON.parse of every page vs
 * (b) JSON.parse + projectObject('Pod') per item + ObjectStore.replaceAll — the reflector's relist.
 */

const RUNS = 7;
const pods = podCountFromArgs();
const nodes = nodeCountFor(pods);

progress(`initial sync: generating the LIST of ${pods} pods`);
const pages = [...podListPages(loadTemplates(), pods, nodes)];
const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0);

const baseline = (): void => {
  for (const page of pages) consume(JSON.parse(page));
};
const subject = (): void => {
  const store = new ObjectStore();
  const synced = syncPages(store, 'Pod', pages);
  if (synced !== pods || store.count('Pod') !== pods) throw new Error(`synced ${synced} of ${pods} pods`);
  consume(store);
};

progress('initial sync: warm-up');
pairedRuns(1, baseline, subject);
progress(`initial sync: ${RUNS} paired runs`);
const runs = pairedRuns(RUNS, baseline, subject);
progressRuns('initial sync', runs);
const parseMs = median(runs.baselineMs);
const syncMs = median(runs.subjectMs);

report({
  name: 'initial sync',
  setup: `${pods} pods, ${(bytes / 1e6).toFixed(1)} MB LIST in ${pages.length} pages of ${PAGE_SIZE}, median of ${RUNS} paired runs`,
  rows: [
    { metric: 'LIST bytes per pod', value: bytes / pods, unit: 'B' },
    { metric: '(a) baseline JSON.parse', value: parseMs, unit: 'ms' },
    { metric: '(b) parse + project + store', value: syncMs, unit: 'ms' },
    { metric: '(b) pods per second', value: (pods / syncMs) * 1000, unit: 'pods/s' },
    { metric: 'ratio (b)/(a)', value: pairedRatio(runs), unit: '×', target: '≤ 2×' },
  ],
});
