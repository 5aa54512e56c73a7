import { loadOpenbTrace, OPENB_CREDIT } from '@fleetscope/fleet-sim';
import type { NodeRecord, PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { blockedGpuPods, fitPendingGpuPods, inventoryPools, nodeView } from '../../src/index.ts';
import { node, pod } from '../factories.ts';

/**
 * The real trace (Alibaba cluster-trace-gpu-v2023, "openb": 1,213 GPU nodes, 8,152 tasks) placed
 * here, then the fragmentation measure of every pool and the fit of every pending GPU request
 * checked against a brute-force oracle written in this file, unit by unit and request by request,
 * sharing no code with the implementation.
 */
const credit = OPENB_CREDIT;

// ---- the oracle -------------------------------------------------------------------------------

interface OracleMeasure {
  free: number;
  stranded: Record<number, number>;
  slots: Record<number, number>;
  largest: number;
  expected: number;
}

/** Each free GPU as a unit tagged with its node's free count; each measure counted from the units. */
function oracleMeasure(
  freePerNode: readonly number[],
  mix: ReadonlyMap<number, number>,
  perNode: number,
): OracleMeasure {
  const units: number[] = [];
  for (const f of freePerNode) for (let u = 0; u < f; u++) units.push(f);
  const free = units.length;
  const stranded: Record<number, number> = {};
  const slots: Record<number, number> = {};
  for (const k of [1, 2, 4, 8]) {
    stranded[k] = units.filter((nodeFree) => nodeFree < k).length;
    // Place k-sized requests one at a time while any node still has k free.
    const left = [...freePerNode];
    let placed = 0;
    for (;;) {
      const at = left.findIndex((f) => f >= k);
      if (at < 0) break;
      left[at] = (left[at] as number) - k;
      placed += 1;
    }
    slots[k] = placed;
  }
  let largest = 0;
  for (let size = free; size > 0; size--) {
    if (freePerNode.some((f) => f >= size)) {
      largest = size;
      break;
    }
  }
  let count = 0;
  for (const [size, n] of mix) if (size > 0) count += n;
  const shares: [number, number][] =
    count === 0
      ? [[Math.max(1, perNode), 1]]
      : [...mix].filter(([s]) => s > 0).map(([s, n]) => [s, n / count]);
  let weighted = 0;
  for (const [size, share] of shares) weighted += share * units.filter((nodeFree) => nodeFree < size).length;
  return { free, stranded, slots, largest, expected: free === 0 ? 0 : weighted / free };
}

describe('the oracle reproduces the reference worked examples (shared/reference/gpu.md)', () => {
  it('four 8-GPU nodes with f = (1, 2, 5, 0), mix {1: .5, 2: .2, 4: .2, 8: .1}', () => {
    const m = oracleMeasure(
      [1, 2, 5, 0],
      new Map([
        [1, 5],
        [2, 2],
        [4, 2],
        [8, 1],
      ]),
      8,
    );
    // "F = 8, Stranded = {1: 0, 2: 1, 4: 3, 8: 8}, Frag_4 = 37.5%, slots_4 = 1, E = 20%, largest placeable 5"
    expect(m.free).toBe(8);
    expect(m.stranded).toEqual({ 1: 0, 2: 1, 4: 3, 8: 8 });
    expect((m.stranded[4] as number) / m.free).toBe(0.375);
    expect(m.slots[4]).toBe(1);
    expect(m.expected).toBeCloseTo(0.2, 12);
    expect(m.largest).toBe(5);
  });

  it('three 8-GPU nodes with f = (1, 2, 1): a 4-GPU job cannot run although 4 GPUs are free', () => {
    const m = oracleMeasure([1, 2, 1], new Map(), 8);
    expect(m.free).toBe(4);
    expect((m.stranded[4] as number) / m.free).toBe(1);
    expect(m.slots[4]).toBe(0);
  });
});

// ---- the trace, placed --------------------------------------------------------------------------

interface Placed {
  nodes: NodeRecord[];
  bound: PodRecord[];
  pending: PodRecord[];
  /** Per node: its model and free GPUs, by the test's own bookkeeping. */
  free: Map<string, { model: string; gpus: number; free: number }>;
}

const PRODUCT = 'nvidia.com/gpu.product';
/** The test's own product name per trace model (only equality matters here). */
const productOf = (model: string): string => `Trace-${model}`;

/**
 * Places the trace's Running GPU tasks, in trace order, each on the allowed node with the most free
 * GPUs (the default scheduler's spread), ties to the first node; what fits nowhere and the trace's
 * Pending GPU tasks are the pending requests. Fractional tasks take one whole GPU, as the device
 * plugin hands them out.
 */
function placeTrace(): Placed {
  const trace = loadOpenbTrace();
  const free = new Map(trace.nodes.map((n) => [n.name, { model: n.model, gpus: n.gpus, free: n.gpus }]));
  const nodes = trace.nodes.map((n) =>
    node(n.name, {
      pool: `openb-${n.model.toLowerCase()}`,
      gpuProduct: productOf(n.model),
      gpuAllocatable: n.gpus,
      gpuCapacity: n.gpus,
      labels: { [PRODUCT]: productOf(n.model) },
    }),
  );
  const bound: PodRecord[] = [];
  const pending: PodRecord[] = [];
  const asPending = (name: string, gpus: number, models: string[]): PodRecord =>
    pod(name, {
      namespace: 'openb',
      nodeName: '',
      phase: 'Pending',
      ready: false,
      gpuRequest: gpus,
      placement: {
        nodeSelector: {},
        requiredTerms:
          models.length === 0 ? [] : [[{ key: PRODUCT, operator: 'In', values: models.map(productOf) }]],
        tolerations: [],
      },
    });
  for (const task of trace.pods) {
    if (task.numGpu === 0) continue;
    if (task.phase === 'Pending') {
      pending.push(asPending(task.name, task.numGpu, task.gpuSpec));
      continue;
    }
    if (task.phase !== 'Running') continue;
    let best: string | null = null;
    let bestFree = -1;
    for (const [name, n] of free) {
      if (task.gpuSpec.length > 0 && !task.gpuSpec.includes(n.model)) continue;
      if (n.free >= task.numGpu && n.free > bestFree) {
        best = name;
        bestFree = n.free;
      }
    }
    if (best === null) {
      pending.push(asPending(task.name, task.numGpu, task.gpuSpec));
      continue;
    }
    const n = free.get(best) as { free: number };
    n.free -= task.numGpu;
    bound.push(
      pod(task.name, {
        namespace: 'openb',
        nodeName: best,
        gpuRequest: task.numGpu,
        labels: { 'openb.fleetscope.dev/qos': task.qos },
      }),
    );
  }
  return { nodes, bound, pending, free };
}

describe(`openb placed: the measure per pool and every pending fit against brute force (${credit})`, () => {
  const placed = placeTrace();
  const pods = [...placed.bound, ...placed.pending];

  it('places the whole trace', () => {
    expect(placed.nodes).toHaveLength(1213);
    expect(placed.bound.length + placed.pending.length).toBe(
      loadOpenbTrace().pods.filter((p) => p.numGpu > 0 && (p.phase === 'Running' || p.phase === 'Pending'))
        .length,
    );
    expect(placed.pending.length).toBeGreaterThan(0);
  });

  it('measureFragmentation of every pool equals the oracle', { timeout: 60_000 }, () => {
    const pools = inventoryPools({ nodes: placed.nodes, pods });
    const models = [...new Set([...placed.free.values()].map((n) => n.model))].sort();
    expect(pools.map((p) => p.pool).sort()).toEqual(models.map((m) => `openb-${m.toLowerCase()}`).sort());
    for (const model of models) {
      const members = [...placed.free].filter(([, n]) => n.model === model);
      const names = new Set(members.map(([name]) => name));
      const mix = new Map<number, number>();
      for (const p of placed.bound)
        if (names.has(p.nodeName)) mix.set(p.gpuRequest, (mix.get(p.gpuRequest) ?? 0) + 1);
      const perNodeCounts = new Map<number, number>();
      for (const [, n] of members) perNodeCounts.set(n.gpus, (perNodeCounts.get(n.gpus) ?? 0) + 1);
      const perNode = [...perNodeCounts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
      const oracle = oracleMeasure(
        members.map(([, n]) => n.free),
        mix,
        perNode,
      );
      const pool = pools.find((p) => p.pool === `openb-${model.toLowerCase()}`);
      const measure = pool?.resources.find((r) => r.resource === 'nvidia.com/gpu')?.fragmentation;
      expect(measure, model).toBeDefined();
      if (measure === undefined) continue;
      expect(measure.free, model).toBe(oracle.free);
      expect(measure.nodes, model).toBe(members.length);
      for (const s of measure.bySize) {
        expect(s.stranded, `${model} stranded_${s.size}`).toBe(oracle.stranded[s.size]);
        expect(s.slots, `${model} slots_${s.size}`).toBe(oracle.slots[s.size]);
        expect(s.share, `${model} Frag_${s.size}`).toBeCloseTo(
          oracle.free === 0 ? 0 : (oracle.stranded[s.size] as number) / oracle.free,
          12,
        );
      }
      expect(measure.largestPlaceable.size, model).toBe(oracle.largest);
      expect(measure.expected, model).toBeCloseTo(oracle.expected, 12);
    }
  });

  it('the fit of every pending request equals the oracle, node by node', () => {
    const fits = fitPendingGpuPods({ nodes: placed.nodes, pods });
    expect(fits).toHaveLength(placed.pending.length);
    const products = new Map([...placed.free].map(([name, n]) => [name, productOf(n.model)]));
    let blocked = 0;
    for (const fit of fits) {
      const allowed = fit.pod.placement?.requiredTerms[0]?.[0]?.values ?? null;
      const usable = [...placed.free].filter(
        ([name]) => allowed === null || allowed.includes(products.get(name) ?? ''),
      );
      const fitting = usable
        .filter(([, n]) => n.free >= fit.request)
        .map(([name]) => name)
        .sort();
      const total = usable.reduce((s, [, n]) => s + n.free, 0);
      expect([...fit.verdict.fittingNodes].sort(), fit.pod.name).toEqual(fitting);
      expect(fit.verdict.fits, fit.pod.name).toBe(fitting.length > 0);
      const oracleBlocked = fitting.length === 0 && total >= fit.request;
      expect(fit.verdict.blockedByFragmentation, fit.pod.name).toBe(oracleBlocked);
      if (oracleBlocked) blocked += 1;
      expect(fit.largest.free, fit.pod.name).toBe(Math.max(0, ...usable.map(([, n]) => n.free)));
    }
    // The same pods are the blocked ones with a proposal, and every proposal holds when replayed.
    const views = placed.nodes.map((n) =>
      nodeView(
        n,
        placed.bound.filter((p) => p.nodeName === n.name),
      ),
    );
    const proposals = blockedGpuPods(views, placed.pending);
    expect(proposals).toHaveLength(blocked);
    // The spread placement leaves some 4- and 8-GPU tasks blocked by fragmentation alone.
    expect(blocked).toBeGreaterThan(0);
    expect(proposals.some((b) => b.suggestion.outcome === 'moves')).toBe(true);
    for (const b of proposals) {
      const s = b.suggestion;
      if (s.outcome !== 'moves') continue;
      const left = new Map([...placed.free].map(([name, n]) => [name, n.free]));
      for (const m of s.moves) {
        expect(m.fromNode).toBe(s.targetNode);
        left.set(m.toNode, (left.get(m.toNode) ?? 0) - m.request);
        left.set(m.fromNode, (left.get(m.fromNode) ?? 0) + m.request);
      }
      for (const [name, f] of left) expect(f, name).toBeGreaterThanOrEqual(0);
      expect(left.get(s.targetNode ?? '') ?? 0).toBeGreaterThanOrEqual(b.request);
    }
  }, 120_000);
});
