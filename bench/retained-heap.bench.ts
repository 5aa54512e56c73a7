import { loadTemplates, nodeCountFor, podListPages } from './fixtures.ts';
import { ObjectStore, syncPages } from './ingest.ts';
import { consume, heapUsedAfterGc } from './measure.ts';
import { podCountFromArgs, progress, report } from './result.ts';

/**
 * Retained heap per pod: V8 heap after a full GC, before and after filling an ObjectStore with N
 * projected pods, the LIST bytes and parsed objects released (pages are generated lazily, so nothing
 * but the store can keep them, or slices of them, alive). Baseline: the same pods kept as the raw
 * objects JSON.parse returns (what a cache of whole objects would hold).
 */

const pods = podCountFromArgs();
const nodes = nodeCountFor(pods);
const templates = loadTemplates();

function retainedPerPod(fill: () => unknown): { perPod: number; keep: unknown } {
  const before = heapUsedAfterGc();
  const keep = fill();
  const after = heapUsedAfterGc();
  consume(keep);
  return { perPod: (after - before) / pods, keep };
}

progress(`retained heap: filling an ObjectStore with ${pods} projected pods`);
let projected: { perPod: number; keep: unknown } | null = retainedPerPod(() => {
  const store = new ObjectStore();
  syncPages(store, 'Pod', podListPages(templates, pods, nodes));
  return store;
});
const projectedPerPod = projected.perPod;
projected = null; // release the store before measuring the baseline
consume(null);

progress(`retained heap: keeping ${pods} raw parsed pods`);
const raw = retainedPerPod(() => {
  const items: unknown[] = [];
  for (const page of podListPages(templates, pods, nodes)) {
    const list = JSON.parse(page) as { items: unknown[] };
    for (const item of list.items) items.push(item);
  }
  return items;
});

report({
  name: 'retained heap',
  setup: `${pods} pods, heapUsed after forced GC (node --expose-gc), lazily generated LIST pages`,
  rows: [
    {
      metric: 'projected pods in ObjectStore',
      value: projectedPerPod,
      unit: 'B/pod',
      target: '≤ 1536 B/pod',
    },
    { metric: 'baseline: raw parsed pods', value: raw.perPod, unit: 'B/pod' },
    { metric: 'ratio projected/raw', value: projectedPerPod / raw.perPod, unit: '×' },
  ],
});
