/**
 * Defragmentation proposals: the fewest pod moves (or one node to drain) that let a pending
 * single-node GPU request fit, each moved pod placed on another node with room for it, per node and
 * per resource, never against pool totals; PodDisruptionBudgets respected. Pure and deterministic.
 *
 * Algorithm (exact within a work budget, greedy past it):
 * - Only a node whose own allocatable reaches the request can become the target t; it needs
 *   D_t = R − f_t more free units, which only pods bound to t can give back.
 * - For k = 1, 2, … (cost = pods disrupted) and each target, the k-subsets of t's
 *   resident pods (largest first) whose requests sum to at least D_t are tried: a subset is kept
 *   when the PDBs covering its pods allow that many disruptions and its pods can be packed into
 *   the other nodes' free units. The first k with a kept subset is the minimum; among its subsets
 *   the fewest units moved wins, then the first target by name. k stops at the target's resident
 *   count (a move of every resident is a drain). Targets are visited by what they lack (D_t), so
 *   once D_t exceeds the units of the best proposal of the level the rest are skipped.
 * - Packing k pods into bins is bin packing, but k is small (a node holds at most its allocatable
 *   of whole-unit pods) and free counts are small integers, so nodes are grouped by free units into
 *   at most (max free + 1) classes: a depth-first search assigns pods, largest first, to the
 *   tightest class that takes them, backtracking over the classes — O(C^k) per subset, C ≤ 9 for
 *   8-GPU nodes, and far less in practice since the search stops at the first packing.
 * - Cost: Σ_t Σ_{j≤k*} C(m_t, j) subsets (m_t residents of t, k* the answer), each O(k·C^k) at
 *   worst. Every subset and packing step counts against `budget`; when it runs out, the result
 *   found so far at the current k is returned (still the minimum k), else a greedy pass per target
 *   (residents largest first, each to the tightest node that takes it — O(N·m·C)), and `exact` is
 *   false. Greedy bound: since it moves the largest residents first, it never disrupts more pods
 *   than the residents of its target, and on targets it solves it is optimal when every resident
 *   has the same size (then any k residents free the same units).
 *
 * Moves take pods off the target only: chains (first making room elsewhere for a moved pod) are
 * not searched, so the proposal is the minimum among direct moves.
 * Not modelled: a moved pod's own node selector, affinity or taints (the nodes given are taken as
 * the places it may go, i.e. its pool), and CPU or memory of the destinations.
 */

/** Free units of one resource on one node that can take pods now. */
export interface DefragNode {
  node: string;
  free: number;
}

/** A pod bound to a node, holding `request` units of the resource. */
export interface DefragPod {
  /** "namespace/name". */
  key: string;
  namespace: string;
  node: string;
  request: number;
  labels: Readonly<Record<string, string>>;
}

/** What a PodDisruptionBudget says, as far as moves are concerned. */
export interface DisruptionBudget {
  namespace: string;
  name: string;
  /** Pods the budget covers, in its namespace; null selects nothing (as the eviction API treats it). */
  covers: (pod: DefragPod) => boolean;
  /** status.disruptionsAllowed; null when the controller has not said yet (then no eviction is allowed). */
  disruptionsAllowed: number | null;
}

export interface DefragMove {
  pod: string;
  fromNode: string;
  toNode: string;
  request: number;
}

/** A cheaper proposal a PodDisruptionBudget forbade. */
export interface PdbBlock {
  /** "namespace/name" of the budget. */
  pdb: string;
  /** Disruptions the cheaper proposal needed under it, and what it allows. */
  needed: number;
  allowed: number | null;
  /** The pods of the proposal it covers. */
  pods: string[];
}

export type DefragOutcome =
  /** Some node already has room. */
  | 'fits'
  /** Not enough free in total: add capacity, moves cannot help. */
  | 'capacity'
  /** Moves (or a drain) make room. */
  | 'moves'
  /** Enough is free in total, but no set of moves makes room on one node. */
  | 'no-solution'
  /** Not searched: the caller's cap on proposals per call was reached (larger requests come first). */
  | 'not-computed';

export interface DefragProposal {
  outcome: DefragOutcome;
  request: number;
  /** The node the pending pod would go to after the moves. */
  targetNode: string | null;
  moves: DefragMove[];
  /** Set when the moves take every pod holding the resource off the target: drain that node. */
  drainNode: string | null;
  podsDisrupted: number;
  /** Units moved. */
  unitsMoved: number;
  /** Budgets that forbade a proposal at least as cheap as this one (every one met, when there is no solution). */
  blockedByPdb: PdbBlock[];
  /** True when the search finished within its budget: no proposal disrupts fewer pods. */
  exact: boolean;
  /** One sentence. */
  summary: string;
}

export interface DefragOptions {
  /** Work units (subsets tried + packing steps) before falling back to greedy. Default 200 000. */
  budget?: number;
}

interface Resident {
  pod: DefragPod;
  /** Budgets covering the pod. */
  budgets: DisruptionBudget[];
}

interface Candidate {
  target: string;
  subset: Resident[];
  units: number;
  placement: string[];
}

const DEFAULT_BUDGET = 200_000;
const NO_BUDGETS: DisruptionBudget[] = [];

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Destination bins grouped by free units: class c holds the names of nodes with exactly c free. */
class Bins {
  readonly classes: string[][];
  constructor(nodes: readonly DefragNode[]) {
    const max = nodes.reduce((m, n) => Math.max(m, n.free), 0);
    this.classes = Array.from({ length: max + 1 }, () => []);
    // Names sorted descending so the smallest name is popped first: deterministic destinations.
    for (const n of [...nodes].sort((a, b) => byText(b.node, a.node))) this.classes[n.free]?.push(n.node);
  }
}

/**
 * Packs `requests` (sorted largest first) into the bins, never using `exclude`; returns the node
 * of each request, or null. Mutates the bins during the search and restores them before returning.
 */
function pack(
  bins: Bins,
  requests: readonly number[],
  exclude: string,
  work: { left: number },
): string[] | null {
  const chosen: string[] = [];
  const classes = bins.classes;
  const place = (i: number): boolean => {
    if (i === requests.length) return true;
    const r = requests[i] ?? 0;
    for (let c = r; c < classes.length; c++) {
      const list = classes[c];
      if (list === undefined || list.length === 0) continue;
      work.left -= 1;
      if (work.left < 0) return false;
      // The last name is the smallest; skip the excluded target (at most one position).
      let at = list.length - 1;
      if (list[at] === exclude) at -= 1;
      if (at < 0) continue;
      const node = list[at] as string;
      list.splice(at, 1);
      const rest = classes[c - r] as string[];
      rest.push(node);
      chosen.push(node);
      if (place(i + 1)) {
        rest.pop();
        list.splice(at, 0, node);
        return true;
      }
      chosen.pop();
      rest.pop();
      list.splice(at, 0, node);
    }
    return false;
  };
  return place(0) ? chosen : null;
}

/** Budgets a subset would breach, with what it needs from each. */
function breaches(subset: readonly Resident[]): PdbBlock[] {
  const used = new Map<DisruptionBudget, string[]>();
  for (const r of subset) {
    for (const b of r.budgets) {
      const list = used.get(b) ?? [];
      list.push(r.pod.key);
      used.set(b, list);
    }
  }
  const out: PdbBlock[] = [];
  for (const [b, pods] of used) {
    // The eviction API refuses a pod covered by more than one budget, whatever they allow.
    const multiple = subset.some((r) => r.budgets.length > 1 && r.budgets.includes(b));
    const allowed = b.disruptionsAllowed;
    if (multiple || allowed === null || pods.length > allowed) {
      out.push({ pdb: `${b.namespace}/${b.name}`, needed: pods.length, allowed, pods });
    }
  }
  return out.sort((a, b) => byText(a.pdb, b.pdb));
}

/**
 * Calls `visit` with the indexes of each k-combination of n items (lexicographic order; the array is
 * reused between calls, copy it to keep it) until it returns false.
 */
function combinations(n: number, k: number, visit: (idx: readonly number[]) => boolean): void {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    if (!visit(idx)) return;
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i -= 1;
    if (i < 0) return;
    idx[i] = (idx[i] as number) + 1;
    for (let j = i + 1; j < k; j++) idx[j] = (idx[j - 1] as number) + 1;
  }
}

/**
 * The fewest pod moves that give one node `request` free units of a resource.
 * `nodes`: the nodes the pending pod (and the moved pods) may use, with their free units;
 * `pods`: pods bound to those nodes holding the resource; `budgets`: PodDisruptionBudgets, if known.
 */
export function proposeDefrag(
  request: number,
  nodes: readonly DefragNode[],
  pods: readonly DefragPod[],
  budgets: readonly DisruptionBudget[] = [],
  options: DefragOptions = {},
): DefragProposal {
  const clean = nodes
    .map((n) => ({ node: n.node, free: Math.max(0, Math.floor(n.free)) }))
    .sort((a, b) => byText(a.node, b.node));
  const total = clean.reduce((s, n) => s + n.free, 0);
  const base = {
    request,
    targetNode: null,
    moves: [],
    drainNode: null,
    podsDisrupted: 0,
    unitsMoved: 0,
    blockedByPdb: [],
    exact: true,
  };
  const fitting = clean.find((n) => n.free >= request);
  if (request <= 0 || fitting !== undefined) {
    return {
      ...base,
      outcome: 'fits',
      targetNode: fitting?.node ?? null,
      summary: `fits now${fitting === undefined ? '' : ` on ${fitting.node}`}`,
    };
  }
  if (total < request) {
    return {
      ...base,
      outcome: 'capacity',
      summary: `only ${total} free in total for a request of ${request}: add capacity; moves cannot help`,
    };
  }

  const freeOf = new Map(clean.map((n) => [n.node, n.free]));
  const residents = new Map<string, Resident[]>();
  for (const pod of pods) {
    if (pod.request <= 0 || !freeOf.has(pod.node)) continue;
    const list = residents.get(pod.node) ?? [];
    list.push({
      pod,
      budgets:
        budgets.length === 0
          ? NO_BUDGETS
          : budgets.filter((b) => b.namespace === pod.namespace && b.covers(pod)),
    });
    residents.set(pod.node, list);
  }
  for (const list of residents.values()) {
    list.sort((a, b) => b.pod.request - a.pod.request || byText(a.pod.key, b.pod.key));
  }
  const targets = clean.filter((n) => {
    const held = (residents.get(n.node) ?? []).reduce((s, r) => s + r.pod.request, 0);
    return n.free + held >= request;
  });
  const bins = new Bins(clean);
  const work = { left: options.budget ?? DEFAULT_BUDGET };
  const blocks: { k: number; units: number; breached: PdbBlock[] }[] = [];
  const packable = new Map<string, boolean>();
  let best: Candidate | null = null;
  let exhausted = false;
  const maxK = targets.reduce((m, t) => Math.max(m, residents.get(t.node)?.length ?? 0), 0);

  // Targets by what they lack, then name: once a target lacks more than the best proposal of this
  // level moves, no later one can move less.
  const ordered = targets
    .map((t) => ({ t, need: request - t.free }))
    .sort((a, b) => a.need - b.need || byText(a.t.node, b.t.node));
  for (let k = 1; k <= maxK && best === null && !exhausted; k++) {
    for (const { t, need } of ordered) {
      const current = best as Candidate | null;
      if (current !== null && need > current.units) break;
      const list = residents.get(t.node) ?? [];
      if (list.length < k) continue;
      // The k largest residents are the most a k-subset can give back.
      let most = 0;
      for (let i = 0; i < k; i++) most += list[i]?.pod.request ?? 0;
      if (most < need) continue;
      // Subsets with the same sizes and no budget involved are interchangeable on one target.
      const tried = new Set<string>();
      combinations(list.length, k, (idx) => {
        work.left -= 1;
        if (work.left < 0) {
          exhausted = true;
          return false;
        }
        let units = 0;
        let covered = false;
        for (const i of idx) {
          const r = list[i] as Resident;
          units += r.pod.request;
          if (r.budgets.length > 0) covered = true;
        }
        if (units < need) return true;
        const sofar: Candidate | null = best;
        if (
          sofar !== null &&
          (units > sofar.units || (units === sofar.units && !covered && t.node > sofar.target))
        )
          return true;
        const sizes = idx.map((i) => (list[i] as Resident).pod.request);
        const sizesKey = sizes.join(',');
        if (!covered && tried.has(sizesKey)) return true;
        if (!covered) tried.add(sizesKey);
        // Whether sizes pack depends only on them and on which class the target leaves: cached.
        const feasibleKey = `${t.free}|${sizesKey}`;
        let feasible = packable.get(feasibleKey);
        if (feasible === undefined) {
          feasible = pack(bins, sizes, t.node, work) !== null;
          if (work.left < 0) {
            exhausted = true;
            return false;
          }
          packable.set(feasibleKey, feasible);
        }
        if (!feasible) return true;
        const subset = idx.map((i) => list[i] as Resident);
        const breached = covered ? breaches(subset) : [];
        if (breached.length > 0) {
          blocks.push({ k, units, breached });
          return true;
        }
        if (sofar === null || units < sofar.units || (units === sofar.units && t.node < sofar.target)) {
          best = { target: t.node, subset, units, placement: [] };
        }
        return true;
      });
      if (exhausted) break;
    }
  }

  let exact = !exhausted;
  let chosen: Candidate | null = best;
  if (chosen !== null) {
    // The search kept only feasibility; the destinations of the chosen subset, packed once more.
    const c: Candidate = chosen;
    c.placement =
      pack(
        bins,
        c.subset.map((r) => r.pod.request),
        c.target,
        { left: Number.POSITIVE_INFINITY },
      ) ?? [];
  }
  if (chosen === null && exhausted) chosen = greedy(targets, residents, request, bins);
  if (chosen === null && exhausted) exact = false;
  if (chosen !== null && exhausted) exact = false;
  // Budgets that forbade a proposal at least as good: fewer pods, or as many and no more units.
  const disrupted = chosen?.subset.length ?? Number.POSITIVE_INFINITY;
  const unitsMoved = chosen?.units ?? Number.POSITIVE_INFINITY;
  const blockedByPdb = mergeBlocks(
    blocks
      .filter((b) => b.k < disrupted || (b.k === disrupted && b.units <= unitsMoved))
      .flatMap((b) => b.breached),
  );
  if (chosen === null) {
    const why =
      blockedByPdb.length > 0
        ? `every set of moves that would make room breaches a PodDisruptionBudget (${blockedByPdb.map((b) => b.pdb).join(', ')})`
        : 'no node can give its pods to the others: no set of moves makes room';
    return {
      ...base,
      outcome: 'no-solution',
      blockedByPdb,
      exact,
      summary: `${total} free in total but ${why}${exact ? '' : ' (search cut short)'}`,
    };
  }
  const c: Candidate = chosen;
  const moves = c.subset.map((r, i) => ({
    pod: r.pod.key,
    fromNode: c.target,
    toNode: c.placement[i] ?? '',
    request: r.pod.request,
  }));
  const drain = c.subset.length === (residents.get(c.target)?.length ?? -1);
  const pdbNote =
    blockedByPdb.length === 0
      ? ''
      : `; a cheaper set was blocked by ${blockedByPdb.map((b) => `PodDisruptionBudget ${b.pdb}`).join(', ')}`;
  return {
    ...base,
    outcome: 'moves',
    targetNode: c.target,
    moves,
    drainNode: drain ? c.target : null,
    podsDisrupted: moves.length,
    unitsMoved: c.units,
    blockedByPdb,
    exact,
    summary: `${drain ? `drain ${c.target}` : `move ${moves.length} pod${moves.length === 1 ? '' : 's'}`} (${moves.map((m) => `${m.pod} → ${m.toNode}`).join(', ')}) to free ${request} on ${c.target}${pdbNote}`,
  };
}

/** Blocks by budget: the largest need per budget, pods merged. */
function mergeBlocks(blocks: readonly PdbBlock[]): PdbBlock[] {
  const by = new Map<string, PdbBlock>();
  for (const b of blocks) {
    const prev = by.get(b.pdb);
    if (prev === undefined) by.set(b.pdb, { ...b, pods: [...b.pods] });
    else {
      prev.needed = Math.max(prev.needed, b.needed);
      for (const p of b.pods) if (!prev.pods.includes(p)) prev.pods.push(p);
    }
  }
  return [...by.values()].sort((a, b) => byText(a.pdb, b.pdb));
}

/** Past the budget: per target, residents largest first, each to the tightest node; the fewest moves wins. */
function greedy(
  targets: readonly DefragNode[],
  residents: ReadonlyMap<string, Resident[]>,
  request: number,
  bins: Bins,
): Candidate | null {
  let best: Candidate | null = null;
  for (const t of targets) {
    const taken: { from: number; to: number; node: string }[] = [];
    let free = t.free;
    const subset: Resident[] = [];
    const placement: string[] = [];
    for (const r of residents.get(t.node) ?? []) {
      if (free >= request) break;
      if (best !== null && subset.length + 1 >= best.subset.length) break;
      if (breaches([...subset, r]).length > 0) continue;
      const node = takeTightest(bins, r.pod.request, t.node, taken);
      if (node === null) continue;
      subset.push(r);
      placement.push(node);
      free += r.pod.request;
    }
    // Put the bins back as they were.
    for (const step of taken.reverse()) {
      const to = bins.classes[step.to] as string[];
      to.splice(to.lastIndexOf(step.node), 1);
      (bins.classes[step.from] as string[]).push(step.node);
    }
    if (free >= request && (best === null || subset.length < best.subset.length)) {
      best = { target: t.node, subset, units: subset.reduce((s, r) => s + r.pod.request, 0), placement };
    }
  }
  return best;
}

function takeTightest(
  bins: Bins,
  r: number,
  exclude: string,
  taken: { from: number; to: number; node: string }[],
): string | null {
  for (let c = r; c < bins.classes.length; c++) {
    const list = bins.classes[c] as string[];
    for (let at = list.length - 1; at >= 0; at--) {
      const node = list[at] as string;
      if (node === exclude) continue;
      list.splice(at, 1);
      (bins.classes[c - r] as string[]).push(node);
      taken.push({ from: c, to: c - r, node });
      return node;
    }
  }
  return null;
}
