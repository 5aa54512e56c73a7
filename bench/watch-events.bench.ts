import {
  loadTemplates,
  modifiedEventLines,
  nodeCountFor,
  podListPages,
  restampEventLines,
} from './fixtures.ts';
import { applyEventLines, ObjectStore, projectPages } from './ingest.ts';
import { consume, median, pairedRatio, pairedRuns } from './measure.ts';
import { podCountFromArgs, progress, progressRuns, report } from './result.ts';

/**
 * Watch events per second: M MODIFIED event lines (each a real change: new resourceVersion, a
 * container restart) applied to a store filled with N pods — parse + project + upsert, as the
 * reflector does per event — vs the baseline of JSON.parse of the same lines. Single-threaded.
 */

const RUNS = 5;
const EVENTS = 20_000;
const pods = podCountFromArgs();
const nodes = nodeCountFor(pods);
const templates = loadTemplates();

progress(`watch events: projecting ${pods} pods for the initial store`);
const initial = projectPages('Pod', podListPages(templates, pods, nodes));
progress(`watch events: generating ${EVENTS} MODIFIED event lines per run`);
// Distinct resourceVersions per run: replaying a line the store already holds would be a no-op upsert.
const first = modifiedEventLines(templates, pods, nodes, EVENTS, 0);
const rounds = Array.from({ length: RUNS + 1 }, (_, round) =>
  round === 0 ? first : restampEventLines(first, round),
);

let store = new ObjectStore();
let round = 0;
const prepare = (): void => {
  store = new ObjectStore();
  store.replaceAll('Pod', initial);
};
const baseline = (): void => {
  for (const line of rounds[round] as string[]) consume(JSON.parse(line));
};
const subject = (): void => {
  const changed = applyEventLines(store, 'Pod', rounds[round] as string[]);
  if (changed !== EVENTS) throw new Error(`only ${changed} of ${EVENTS} events changed the store`);
  round += 1;
};

progress('watch events: warm-up');
pairedRuns(1, baseline, subject, prepare);
progress(`watch events: ${RUNS} paired runs`);
const runs = pairedRuns(RUNS, baseline, subject, prepare);
progressRuns('watch events', runs);
const parseMs = median(runs.baselineMs);
const applyMs = median(runs.subjectMs);

report({
  name: 'watch events',
  setup: `${EVENTS} MODIFIED events into a store of ${pods} pods, median of ${RUNS} paired runs, one thread`,
  rows: [
    { metric: '(a) baseline JSON.parse', value: (EVENTS / parseMs) * 1000, unit: 'events/s' },
    {
      metric: '(b) parse + project + upsert',
      value: (EVENTS / applyMs) * 1000,
      unit: 'events/s',
      target: '≥ 50 000 events/s',
    },
    { metric: 'ratio time (b)/(a)', value: pairedRatio(runs), unit: '×' },
  ],
});
