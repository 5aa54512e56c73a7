import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { projectObject } from '@fleetscope/diagnostics';
import type { ObjectRecord, RecordKind } from '@fleetscope/types';
import { ObjectStore } from '../apps/api/src/stores/object-store.ts';
import {
  loadTemplates,
  modifiedEventLines,
  nodeCountFor,
  podListPages,
  restampEventLines,
} from './fixtures.ts';
import { projectPages } from './ingest.ts';
import { collectGarbage, median } from './measure.ts';
import { podCountFromArgs, progress } from './result.ts';

/**
 * Before/after of a store change: the watch-events subject (20 000 MODIFIED lines → parse → project →
 * upsert into a fresh store of N pods) with another `ObjectStore` implementation and this one, alternating
 * in one process (old, new, old, …, a forced GC before each), CPU time of the process. Not run by run.ts.
 *
 *   git show <commit>:apps/api/src/stores/object-store.ts > /tmp/old-object-store.ts
 *   node --expose-gc bench/store-ab.ts /tmp/old-object-store.ts [--pods 50000] [--pairs 10]
 *
 * The old file must import only types (the store did until now), so it runs from anywhere.
 */

interface Store {
  replaceAll(kind: RecordKind, records: Iterable<ObjectRecord>): unknown;
  upsert(record: ObjectRecord): boolean;
}

const oldPath = process.argv[2];
if (oldPath === undefined || oldPath.startsWith('--'))
  throw new Error('usage: store-ab.ts <old object-store.ts>');
const OldStore = ((await import(resolve(oldPath))) as { ObjectStore: new () => Store }).ObjectStore;
const pairsAt = process.argv.indexOf('--pairs');
const PAIRS = pairsAt > 0 ? Number(process.argv[pairsAt + 1]) : 10;
const EVENTS = 20_000;
const pods = podCountFromArgs();
const nodes = nodeCountFor(pods);
const templates = loadTemplates();
progress(`store a/b: projecting ${pods} pods, generating ${EVENTS} event lines`);
const initial = projectPages('Pod', podListPages(templates, pods, nodes));
const first = modifiedEventLines(templates, pods, nodes, EVENTS, 0);
let round = 0;

function run(Store: new () => Store): number {
  const store = new Store();
  store.replaceAll('Pod', initial);
  const lines = round === 0 ? first : restampEventLines(first, round);
  round += 1;
  collectGarbage();
  const started = process.cpuUsage();
  let changed = 0;
  for (const line of lines) {
    const result = projectObject('Pod', (JSON.parse(line) as { object?: unknown }).object);
    if (!result.ok) throw new Error(`fixture rejected: ${result.error}`);
    if (store.upsert(result.record)) changed += 1;
  }
  const used = process.cpuUsage(started);
  if (changed !== EVENTS) throw new Error(`only ${changed} of ${EVENTS} events changed the store`);
  return (used.user + used.system) / 1000;
}

run(OldStore);
run(ObjectStore);
const oldMs: number[] = [];
const newMs: number[] = [];
for (let i = 0; i < PAIRS; i++) {
  oldMs.push(run(OldStore));
  newMs.push(run(ObjectStore));
  progress(`pair ${i + 1}: old ${oldMs[i]?.toFixed(0)} ms CPU, new ${newMs[i]?.toFixed(0)} ms CPU`);
}
const ratio = median(newMs.map((ms, i) => ms / (oldMs[i] as number)));
console.log(
  `store a/b: ${pods} pods, ${EVENTS} events, ${PAIRS} pairs, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}: ` +
    `old ${((EVENTS / median(oldMs)) * 1000).toFixed(0)} events/CPU s, new ${((EVENTS / median(newMs)) * 1000).toFixed(0)}; ` +
    `CPU time new/old ${ratio.toFixed(2)}×`,
);
