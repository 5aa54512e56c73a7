import { type DefragPod, measureFragmentation, type NodeFree, proposeDefrag } from '@fleetscope/diagnostics';
import { consume, median, pairedRatio, pairedRuns } from './measure.ts';
import { progress, progressRuns, report } from './result.ts';

/**
 * GPU fragmentation of one large pool: `measureFragmentation` (F, Stranded_k, Frag_k, slots_k for
 * k ∈ {1, 2, 4, 8}, E over a request mix, largest placeable) over 5 000 8-GPU nodes, against the
 * baseline of a plain loop summing the same nodes' free GPUs (the least any measure must do); and
 * the defragmentation proposal for a blocked 8-GPU pod over the same pool (its ~20 000 resident pods),
 * against the same baseline.
 *
 * The pool is filled like the openb trace's mix (GPUs per pod: 1 mostly, some 2, a few 4 and 8),
 * spread over nodes so that every node keeps 0–3 GPUs free: an 8-GPU pod is blocked by fragmentation
 * alone, the case where the proposal has the most to search.
 */

const NODES = 5_000;
const PER_NODE = 8;
const RUNS = 31;

// A small deterministic generator: the same pool every run.
let seed = 20_231;
const next = (n: number): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  // The high bits: the low bits of this generator cycle with a short period.
  return Math.floor(seed / 65_536) % n;
};

const nodes: NodeFree[] = [];
const pods: DefragPod[] = [];
const sizes = [1, 1, 1, 1, 1, 1, 1, 2, 2, 4];
for (let i = 0; i < NODES; i++) {
  const name = `gpu-${String(i).padStart(5, '0')}`;
  const keepFree = next(4);
  let used = 0;
  let j = 0;
  while (used < PER_NODE - keepFree) {
    const size = Math.min(sizes[next(sizes.length)] as number, PER_NODE - keepFree - used);
    pods.push({ key: `ml/${name}-${j}`, namespace: 'ml', node: name, request: size, labels: {} });
    used += size;
    j += 1;
  }
  nodes.push({ node: name, free: PER_NODE - used });
}
const mix = new Map<number, number>([
  [1, 6989],
  [2, 16],
  [4, 15],
  [8, 44],
]);

let total = 0;
const baseline = (): void => {
  let free = 0;
  for (const n of nodes) free += n.free;
  total = free;
  consume(free);
};
let measured = -1;
const fragmentation = (): void => {
  const m = measureFragmentation(nodes, mix, PER_NODE);
  measured = m.free;
  consume(m);
};
let outcome = '';
const defrag = (): void => {
  const p = proposeDefrag(PER_NODE, nodes, pods);
  outcome = `${p.outcome} (${p.podsDisrupted} pods, exact ${p.exact})`;
  consume(p);
};

progress(`gpu fragmentation: ${NODES} nodes, ${pods.length} resident pods; warm-up`);
pairedRuns(3, baseline, fragmentation);
pairedRuns(3, baseline, defrag);
if (measured !== total) throw new Error(`measure counted ${measured} free, the loop ${total}`);
progress(`gpu fragmentation: ${RUNS} paired runs each`);
const frag = pairedRuns(RUNS, baseline, fragmentation);
progressRuns('measureFragmentation', frag);
const move = pairedRuns(RUNS, baseline, defrag);
progressRuns('proposeDefrag', move);
progress(`proposal: ${outcome}`);

report({
  name: 'gpu fragmentation',
  setup: `one pool of ${NODES} ${PER_NODE}-GPU nodes (${total} free, 0–3 per node), ${pods.length} resident pods; blocked 8-GPU pod → ${outcome}; median of ${RUNS} paired runs`,
  rows: [
    { metric: '(a) baseline: loop summing free GPUs', value: median(frag.baselineMs), unit: 'ms' },
    {
      metric: '(b) measureFragmentation, 5 000 nodes',
      value: median(frag.subjectMs),
      unit: 'ms',
      target: '≤ 5 ms',
    },
    { metric: 'ratio (b)/(a)', value: pairedRatio(frag), unit: '×' },
    { metric: '(c) proposeDefrag, blocked 8-GPU pod', value: median(move.subjectMs), unit: 'ms' },
    { metric: 'ratio (c)/(a)', value: pairedRatio(move), unit: '×' },
  ],
});
