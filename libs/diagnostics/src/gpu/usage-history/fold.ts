import { type GpuPrices, priceForSku } from './prices.ts';
import type { AllocationSource, RowLabels } from './queries.ts';
import type { HistoryRange } from './range.ts';

/**
 * Folds the range queries of `queries.ts` into per-group series and GPU-hour totals.
 *
 * A step is known for allocation when the allocation source reported anything at it (its coverage
 * series has a point), and for use when any device reported engine activity. At a known step a
 * group with no row has 0 GPUs; at an unknown step its value is null — a gap is unknown, never
 * zero, and it adds nothing to GPU-hours (the totals say how much of the range they cover).
 * Idle-allocated GPUs are max(0, allocated − used) per group and pool at one step, so busy GPUs of
 * one pool never hide idle ones of another.
 */

export type GpuHistoryGroupBy = 'CLUSTER' | 'POOL' | 'NAMESPACE' | 'TEAM';

/** Which DCGM counter use was read from over the range. */
export type UsageSource = 'PROF_GR_ENGINE_ACTIVE' | 'DEV_GPU_UTIL' | 'MIXED' | 'NONE';

export interface HistoryRow {
  labels: Readonly<Record<string, string>>;
  points: ReadonlyArray<{ t: number; v: number }>;
}

export interface UsageHistoryInput {
  cluster: string;
  groupBy: GpuHistoryGroupBy;
  range: HistoryRange;
  allocation: {
    source: AllocationSource;
    rows: readonly HistoryRow[];
    labels: RowLabels;
    /** Series whose points say when the source reported at all. */
    coverage: readonly HistoryRow[];
  };
  usage: {
    rows: readonly HistoryRow[];
    labels: RowLabels;
    /** Devices reporting per step, one series per metric name (`__name__`). */
    coverage: readonly HistoryRow[];
  };
  /** Node → pool as Fleetscope sees the cluster now. */
  nodePools: ReadonlyMap<string, string>;
  /** Pool → GPU product (SKU), for prices. */
  poolSkus: ReadonlyMap<string, string>;
  /** Namespace → team; a namespace without one is its own team. */
  namespaceTeams: ReadonlyMap<string, string>;
  prices: GpuPrices;
  /** Groups beyond this many (by allocated GPU-hours) are merged into one "others" group. */
  maxGroups?: number;
}

export interface GpuHistoryPoint {
  t: number;
  allocated: number | null;
  used: number | null;
  idle: number | null;
}

export interface GpuHourTotals {
  allocatedGpuHours: number | null;
  usedGpuHours: number | null;
  /** Allocated but not busy, summed over known steps. */
  idleGpuHours: number | null;
  /** Idle GPU-hours × price of the pool's SKU; null with no prices configured or idle unknown. */
  idleCost: number | null;
  /** Idle GPU-hours whose SKU has no price (not in idleCost). Null when idle is unknown. */
  unpricedIdleGpuHours: number | null;
  /** Share of the range's steps where allocation / use were known, 0..1. */
  allocationCoverage: number;
  usageCoverage: number;
}

export type GpuHistoryGroupKind = 'GROUP' | 'NOT_ATTRIBUTED' | 'UNKNOWN_POOL' | 'OTHERS';

export interface GpuHistoryGroup {
  key: string;
  kind: GpuHistoryGroupKind;
  /** GPU products seen in this group's pools. */
  skus: string[];
  points: GpuHistoryPoint[];
  totals: GpuHourTotals;
}

export type GpuHistoryNoteCode =
  | 'NO_ALLOCATION_SOURCE'
  | 'NO_USAGE_SOURCE'
  | 'ALLOCATION_GAPS'
  | 'USAGE_GAPS'
  | 'USE_NOT_ATTRIBUTED'
  | 'SOME_USE_NOT_ATTRIBUTED'
  | 'UNKNOWN_POOL_NODES'
  | 'NO_PRICES'
  | 'UNPRICED_SKUS'
  | 'GROUPS_MERGED';

export interface GpuHistoryNote {
  code: GpuHistoryNoteCode;
  message: string;
}

export interface GpuUsageHistoryResult {
  cluster: string;
  groupBy: GpuHistoryGroupBy;
  range: HistoryRange;
  allocationSource: AllocationSource;
  usageSource: UsageSource;
  groups: GpuHistoryGroup[];
  /** The whole cluster per step (all pools), whatever the grouping. */
  points: GpuHistoryPoint[];
  totals: GpuHourTotals;
  /** True when use could be split by the grouping asked for (namespaces and teams need pod labels on DCGM series). */
  useByGroup: boolean;
  notes: GpuHistoryNote[];
}

export const DEFAULT_MAX_HISTORY_GROUPS = 20;
const NOT_ATTRIBUTED = '';
/** The node label of `usageCoverageQuery` rows. */
const USAGE_NODE_LABEL = 'fs_node';

interface Cell {
  group: string;
  pool: string;
  /** "" when allocation is not per node. */
  node: string;
  alloc: Float64Array;
  used: Float64Array;
}

/** Pure: the matrices of one range query set → series per group and totals. */
export function foldUsageHistory(input: UsageHistoryInput): GpuUsageHistoryResult {
  const { range, groupBy } = input;
  const n = range.points;
  const stepMs = range.stepSeconds * 1000;
  const hoursPerStep = range.stepSeconds / 3600;
  const index = (t: number): number => {
    const i = (t - range.startMs) / stepMs;
    return Number.isInteger(i) && i >= 0 && i < n ? i : -1;
  };
  const known = (rows: readonly HistoryRow[]): boolean[] => {
    const mask = new Array<boolean>(n).fill(false);
    for (const row of rows)
      for (const p of row.points) {
        const i = index(p.t);
        if (i >= 0 && Number.isFinite(p.v)) mask[i] = true;
      }
    return mask;
  };
  const allocKnown =
    input.allocation.source === 'NONE' ? new Array<boolean>(n).fill(false) : known(input.allocation.coverage);
  const usageSource = usageSourceOf(input.usage.coverage);

  // Idle is allocation minus use where both share a key: per node when allocation names nodes
  // (kube-state-metrics), else per pool (Fleetscope's gauge).
  const allocByNode = input.allocation.labels.node !== undefined;
  const cells = new Map<string, Cell>();
  const cell = (group: string, pool: string, node: string): Cell => {
    const key = `${group}\u0000${pool}\u0000${node}`;
    let c = cells.get(key);
    if (c === undefined) {
      c = { group, pool, node, alloc: new Float64Array(n), used: new Float64Array(n) };
      cells.set(key, c);
    }
    return c;
  };
  const unknownPoolNodes = new Set<string>();
  const poolOfNode = (node: string): string => {
    const pool = input.nodePools.get(node) ?? '';
    if (pool === '' && node !== '') unknownPoolNodes.add(node);
    return pool;
  };
  const keysOf = (
    labels: Readonly<Record<string, string>>,
    names: RowLabels,
  ): { group: string; pool: string; node: string } => {
    const node = names.node !== undefined ? (labels[names.node] ?? '') : '';
    const pool = names.pool !== undefined ? (labels[names.pool] ?? '') : poolOfNode(node);
    const namespace = names.namespace !== undefined ? (labels[names.namespace] ?? '') : '';
    const labelledTeam = names.team !== undefined ? (labels[names.team] ?? '') : '';
    const team = labelledTeam !== '' ? labelledTeam : (input.namespaceTeams.get(namespace) ?? namespace);
    const group =
      groupBy === 'CLUSTER'
        ? input.cluster
        : groupBy === 'POOL'
          ? pool
          : groupBy === 'NAMESPACE'
            ? namespace
            : team;
    return { group, pool, node: allocByNode ? node : '' };
  };
  const add = (rows: readonly HistoryRow[], names: RowLabels, into: 'alloc' | 'used'): void => {
    for (const row of rows) {
      const { group, pool, node } = keysOf(row.labels, names);
      const target = cell(group, pool, node)[into];
      for (const p of row.points) {
        const i = index(p.t);
        if (i >= 0 && Number.isFinite(p.v) && p.v > 0) target[i] = (target[i] ?? 0) + p.v;
      }
    }
  };
  if (input.allocation.source !== 'NONE') add(input.allocation.rows, input.allocation.labels, 'alloc');
  add(input.usage.rows, input.usage.labels, 'used');

  // When use is known: per node (a node whose exporter is silent is unknown, not idle), per pool
  // when allocation has no nodes; a coverage series without a node covers the whole cluster.
  const wholeCluster = known(input.usage.coverage.filter((r) => (r.labels[USAGE_NODE_LABEL] ?? '') === ''));
  const nodeKnown = new Map<string, boolean[]>();
  const poolKnown = new Map<string, boolean[]>();
  const mark = (map: Map<string, boolean[]>, key: string, i: number): void => {
    let mask = map.get(key);
    if (mask === undefined) {
      mask = new Array<boolean>(n).fill(false);
      map.set(key, mask);
    }
    mask[i] = true;
  };
  for (const row of input.usage.coverage) {
    const node = row.labels[USAGE_NODE_LABEL] ?? '';
    if (node === '') continue;
    const pool = input.nodePools.get(node) ?? '';
    for (const p of row.points) {
      const i = index(p.t);
      if (i < 0 || !Number.isFinite(p.v)) continue;
      mark(nodeKnown, node, i);
      mark(poolKnown, pool, i);
    }
  }
  const useKnownAt = (c: Cell, i: number): boolean =>
    wholeCluster[i] === true ||
    (c.node !== '' ? nodeKnown.get(c.node)?.[i] : poolKnown.get(c.pool)?.[i]) === true;
  const useKnown = wholeCluster.map((w, i) => w || [...nodeKnown.values()].some((mask) => mask[i]));

  const byNamespace = groupBy === 'NAMESPACE' || groupBy === 'TEAM';
  const attributedUse = [...cells.values()].some(
    (c) => c.group !== NOT_ATTRIBUTED && c.used.some((v) => v > 0),
  );
  const unattributedUse =
    byNamespace && [...cells.values()].some((c) => c.group === NOT_ATTRIBUTED && c.used.some((v) => v > 0));
  // Namespaces and teams get their use only when DCGM series carried pod labels at all.
  const useByGroup = !byNamespace || attributedUse || !unattributedUse;

  const prices = input.prices;
  const priceOfPool = (pool: string): number | null => priceForSku(input.poolSkus.get(pool) ?? '', prices);

  /** A group's series and totals; `parts` says which of allocation and use this group can know at all. */
  const summarize = (
    members: readonly Cell[],
    parts: { allocation: boolean; use: boolean },
  ): Omit<GpuHistoryGroup, 'key' | 'kind'> => {
    const points: GpuHistoryPoint[] = [];
    const acc = {
      alloc: 0,
      used: 0,
      idle: 0,
      cost: 0,
      unpriced: 0,
      allocSteps: 0,
      useSteps: 0,
      idleSteps: 0,
    };
    for (let i = 0; i < n; i++) {
      const a = allocKnown[i] && parts.allocation ? sum(members, (c) => c.alloc[i] ?? 0) : null;
      // Use is known when DCGM answered at this step for every member holding GPUs then.
      const u =
        useKnown[i] && parts.use && members.every((c) => !((c.alloc[i] ?? 0) > 0) || useKnownAt(c, i))
          ? sum(members, (c) => (useKnownAt(c, i) ? (c.used[i] ?? 0) : 0))
          : null;
      let idle: number | null = null;
      if (a !== null && u !== null) {
        idle = 0;
        for (const c of members) {
          const cellIdle = Math.max(0, (c.alloc[i] ?? 0) - (c.used[i] ?? 0));
          idle += cellIdle;
          const price = priceOfPool(c.pool);
          if (price === null) acc.unpriced += cellIdle * hoursPerStep;
          else acc.cost += cellIdle * price * hoursPerStep;
        }
        acc.idle += idle * hoursPerStep;
        acc.idleSteps++;
      }
      if (a !== null) {
        acc.alloc += a * hoursPerStep;
        acc.allocSteps++;
      }
      if (u !== null) {
        acc.used += u * hoursPerStep;
        acc.useSteps++;
      }
      points.push({ t: range.startMs + i * stepMs, allocated: a, used: u, idle });
    }
    const idleKnown = acc.idleSteps > 0;
    return {
      skus: [...new Set(members.map((c) => input.poolSkus.get(c.pool) ?? '').filter((s) => s !== ''))].sort(),
      points,
      totals: {
        allocatedGpuHours: acc.allocSteps > 0 ? round(acc.alloc) : null,
        usedGpuHours: acc.useSteps > 0 ? round(acc.used) : null,
        idleGpuHours: idleKnown ? round(acc.idle) : null,
        idleCost: idleKnown && prices.length > 0 ? round(acc.cost) : null,
        unpricedIdleGpuHours: idleKnown ? round(acc.unpriced) : null,
        allocationCoverage: n > 0 ? acc.allocSteps / n : 0,
        usageCoverage: n > 0 ? acc.useSteps / n : 0,
      },
    };
  };

  const byGroup = new Map<string, Cell[]>();
  const byPlace = new Map<string, Cell>();
  for (const c of cells.values()) {
    byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
    const key = `${c.pool}\u0000${c.node}`;
    const placed = byPlace.get(key) ?? {
      group: '',
      pool: c.pool,
      node: c.node,
      alloc: new Float64Array(n),
      used: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      placed.alloc[i] = (placed.alloc[i] ?? 0) + (c.alloc[i] ?? 0);
      placed.used[i] = (placed.used[i] ?? 0) + (c.used[i] ?? 0);
    }
    byPlace.set(key, placed);
  }
  // The whole cluster, per node (or pool) then summed, whatever the grouping: busy GPUs of one place
  // never offset idle ones of another, and use without pod labels still counts where it ran.
  const cluster = summarize([...byPlace.values()], { allocation: true, use: true });

  let groups: GpuHistoryGroup[] = [...byGroup.entries()].map(([key, members]) => {
    const kind: GpuHistoryGroupKind =
      key === NOT_ATTRIBUTED && byNamespace
        ? 'NOT_ATTRIBUTED'
        : key === '' && groupBy === 'POOL'
          ? 'UNKNOWN_POOL'
          : 'GROUP';
    return {
      key,
      kind,
      ...summarize(members, {
        allocation: kind !== 'NOT_ATTRIBUTED',
        use: kind === 'NOT_ATTRIBUTED' || useByGroup,
      }),
    };
  });
  if (groupBy === 'CLUSTER') groups = [{ key: input.cluster, kind: 'GROUP', ...cluster }];
  groups.sort(compareGroups);
  const notes: GpuHistoryNote[] = [];
  const maxGroups = input.maxGroups ?? DEFAULT_MAX_HISTORY_GROUPS;
  const named = groups.filter((g) => g.kind === 'GROUP');
  if (named.length > maxGroups) {
    const kept = new Set(named.slice(0, maxGroups));
    const rest = named.slice(maxGroups);
    const restCells = rest.flatMap((g) => byGroup.get(g.key) ?? []);
    const others: GpuHistoryGroup = {
      key: `${rest.length} more`,
      kind: 'OTHERS',
      ...summarize(restCells, { allocation: true, use: useByGroup }),
    };
    groups = [...groups.filter((g) => g.kind !== 'GROUP' || kept.has(g)), others];
    notes.push({
      code: 'GROUPS_MERGED',
      message: `${rest.length} smaller groups are merged into "${others.key}"`,
    });
  }

  notes.push(
    ...describeGaps(input, cluster.totals, usageSource, useByGroup, unattributedUse, unknownPoolNodes),
  );
  const unpricedSkus =
    prices.length === 0
      ? []
      : [...new Set([...byPlace.values()].map((c) => input.poolSkus.get(c.pool) ?? ''))].filter(
          (s) => s !== '' && priceForSku(s, prices) === null,
        );
  if (prices.length === 0)
    notes.push({
      code: 'NO_PRICES',
      message: 'no price per GPU-hour is configured (--gpu-price), so idle time has no cost',
    });
  else if (unpricedSkus.length > 0)
    notes.push({
      code: 'UNPRICED_SKUS',
      message: `no price for ${unpricedSkus.sort().join(', ')}: their idle GPU-hours are not in the cost`,
    });

  return {
    cluster: input.cluster,
    groupBy,
    range,
    allocationSource: input.allocation.source,
    usageSource,
    groups,
    points: cluster.points,
    totals: cluster.totals,
    useByGroup,
    notes,
  };
}

function describeGaps(
  input: UsageHistoryInput,
  totals: GpuHourTotals,
  usageSource: UsageSource,
  useByGroup: boolean,
  unattributedUse: boolean,
  unknownPoolNodes: ReadonlySet<string>,
): GpuHistoryNote[] {
  const notes: GpuHistoryNote[] = [];
  const pct = (share: number): string => `${Math.round((1 - share) * 100)}%`;
  if (input.allocation.source === 'NONE') {
    notes.push({
      code: 'NO_ALLOCATION_SOURCE',
      message:
        'no allocation history: Prometheus has neither kube-state-metrics (kube_pod_container_resource_requests) nor fleetscope_gpu_allocated for this cluster',
    });
  } else if (totals.allocationCoverage < 1) {
    notes.push({
      code: 'ALLOCATION_GAPS',
      message: `allocation is unknown for ${pct(totals.allocationCoverage)} of the range (no samples): not counted as zero`,
    });
  }
  if (usageSource === 'NONE') {
    notes.push({
      code: 'NO_USAGE_SOURCE',
      message:
        'no GPU use history: Prometheus has no DCGM-exporter engine activity (DCGM_FI_PROF_GR_ENGINE_ACTIVE or DCGM_FI_DEV_GPU_UTIL) for this cluster',
    });
  } else if (totals.usageCoverage < 1) {
    notes.push({
      code: 'USAGE_GAPS',
      message: `GPU use is unknown for ${pct(totals.usageCoverage)} of the range (no DCGM samples): not counted as idle`,
    });
  }
  if (!useByGroup) {
    notes.push({
      code: 'USE_NOT_ATTRIBUTED',
      message: `use by ${input.groupBy === 'TEAM' ? 'team' : 'namespace'} is not possible: DCGM series carry no pod labels (enable the exporter's Kubernetes pod mapping); the cluster's totals still hold`,
    });
  } else if (unattributedUse) {
    notes.push({
      code: 'SOME_USE_NOT_ATTRIBUTED',
      message:
        'some busy GPUs carry no pod labels (pods that do not request the GPU, time-slicing): shown as "not attributed"',
    });
  }
  if (unknownPoolNodes.size > 0) {
    const names = [...unknownPoolNodes].sort();
    notes.push({
      code: 'UNKNOWN_POOL_NODES',
      message: `${names.length} node(s) in the history are not watched now, so their pool is unknown (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`,
    });
  }
  return notes;
}

function usageSourceOf(coverage: readonly HistoryRow[]): UsageSource {
  const names = new Set(coverage.filter((r) => r.points.length > 0).map((r) => r.labels.__name__ ?? ''));
  const prof = names.has('DCGM_FI_PROF_GR_ENGINE_ACTIVE');
  const util = names.has('DCGM_FI_DEV_GPU_UTIL');
  if (prof && util) return 'MIXED';
  if (prof) return 'PROF_GR_ENGINE_ACTIVE';
  if (util) return 'DEV_GPU_UTIL';
  return names.size > 0 ? 'MIXED' : 'NONE';
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += f(item);
  return total;
}

/** GPU-hours to 1/1000: sums of step products, rounded so 0.1 + 0.2 reads 0.3. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const KIND_ORDER: Record<GpuHistoryGroupKind, number> = {
  GROUP: 0,
  UNKNOWN_POOL: 1,
  NOT_ATTRIBUTED: 2,
  OTHERS: 3,
};

function compareGroups(a: GpuHistoryGroup, b: GpuHistoryGroup): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (b.totals.allocatedGpuHours ?? -1) - (a.totals.allocatedGpuHours ?? -1) ||
    (b.totals.usedGpuHours ?? -1) - (a.totals.usedGpuHours ?? -1) ||
    a.key.localeCompare(b.key)
  );
}
