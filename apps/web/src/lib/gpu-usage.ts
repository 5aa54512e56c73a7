import type { GpuHistoryGroupBy, ManagerViewQuery } from '../graphql/generated/graphql.ts';
import { formatCount } from './format.ts';

/**
 * Pure helpers of the Manager view: what the API's GPU usage history means in plain words. Unknown stays
 * unknown (null → "unknown"), never 0.
 */

export type UsageHistory = ManagerViewQuery['gpuUsageHistory'];
export type ClusterUsageHistory = UsageHistory['clusters'][number];
export type GpuHourTotals = ClusterUsageHistory['totals'];
export type HistorySeries = ClusterUsageHistory['series'];

/** The ranges the view offers, newest last. */
export const MANAGER_RANGES = [
  { key: '1d', label: 'Last 24 hours', hours: 24 },
  { key: '7d', label: 'Last 7 days', hours: 168 },
  { key: '30d', label: 'Last 30 days', hours: 720 },
] as const;
export type ManagerRangeKey = (typeof MANAGER_RANGES)[number]['key'];

export const MANAGER_GROUPINGS: ReadonlyArray<{ key: GpuHistoryGroupBy; label: string; noun: string }> = [
  { key: 'POOL', label: 'Machine pool', noun: 'Machine pool' },
  { key: 'TEAM', label: 'Team', noun: 'Team' },
  { key: 'NAMESPACE', label: 'Project', noun: 'Project (namespace)' },
];

/** [from, to) for a range ending now, `to` floored to 5 minutes so re-renders ask the same question. */
export function rangeEndingAt(nowMs: number, hours: number): { from: string; to: string } {
  const to = Math.floor(nowMs / 300_000) * 300_000;
  return { from: new Date(to - hours * 3_600_000).toISOString(), to: new Date(to).toISOString() };
}

/** Busy share of allocated GPU-hours (0..1), or null when either is unknown or nothing was allocated. */
export function utilization(
  totals: Pick<GpuHourTotals, 'allocatedGpuHours' | 'usedGpuHours'>,
): number | null {
  const { allocatedGpuHours: allocated, usedGpuHours: used } = totals;
  if (allocated === null || used === null || !(allocated > 0)) return null;
  return Math.min(1, used / allocated);
}

export interface Trend {
  /** Utilization over the first and the second half of the range (steps where both are known). */
  before: number | null;
  after: number | null;
  direction: 'UP' | 'DOWN' | 'FLAT' | 'UNKNOWN';
}

/** Changes under 2 points of utilization read as flat. */
const FLAT_BAND = 0.02;

/** Is use catching up with allocation? First half vs second half of the range. */
export function utilizationTrend(series: HistorySeries | null): Trend {
  if (series === null) return { before: null, after: null, direction: 'UNKNOWN' };
  const n = series.allocated.length;
  const half = (from: number, to: number): number | null => {
    let allocated = 0;
    let used = 0;
    for (let i = from; i < to; i++) {
      const a = series.allocated[i];
      const u = series.used[i];
      if (a === null || a === undefined || u === null || u === undefined) continue;
      allocated += a;
      used += u;
    }
    return allocated > 0 ? Math.min(1, used / allocated) : null;
  };
  const before = half(0, Math.floor(n / 2));
  const after = half(Math.floor(n / 2), n);
  if (before === null || after === null) return { before, after, direction: 'UNKNOWN' };
  const delta = after - before;
  return { before, after, direction: Math.abs(delta) < FLAT_BAND ? 'FLAT' : delta > 0 ? 'UP' : 'DOWN' };
}

/** Rows for a Recharts chart: one per step, null where unknown (drawn as a gap). */
export function chartRows(
  times: readonly string[],
  series: HistorySeries,
): Array<{ t: number; allocated: number | null; used: number | null; idle: number | null }> {
  return times.map((time, i) => ({
    t: Date.parse(time),
    allocated: series.allocated[i] ?? null,
    used: series.used[i] ?? null,
    idle: series.idle[i] ?? null,
  }));
}

/** "1,234 GPU-hours", or "unknown". */
export function gpuHours(value: number | null): string {
  if (value === null) return 'unknown';
  return `${value < 10 && value !== 0 ? value.toFixed(1) : formatCount(value)} GPU-hours`;
}

/** "57%", or "unknown". */
export function percent(share: number | null): string {
  return share === null ? 'unknown' : `${Math.round(share * 100)}%`;
}

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });

/** Prices carry no currency (they are the operator's): "13,250", or "unknown". */
export function cost(value: number | null): string {
  return value === null ? 'unknown' : money.format(value);
}

/** Does any cluster have history? NONE: every cluster is unavailable (no Prometheus, or it failed). */
export function historyState(history: UsageHistory): 'NONE' | 'PARTIAL' | 'FULL' {
  const available = history.clusters.filter((c) => c.unavailable === null).length;
  if (available === 0) return 'NONE';
  return available === history.clusters.length ? 'FULL' : 'PARTIAL';
}

/** The headline, in words someone who does not run Kubernetes can read. */
export function headline(totals: GpuHourTotals | null, rangeLabel: string, priced: boolean): string {
  if (totals === null || totals.allocatedGpuHours === null) {
    return `${rangeLabel}: how much of the GPU fleet was reserved and used is unknown.`;
  }
  const reserved = `${rangeLabel}, workloads reserved ${gpuHours(totals.allocatedGpuHours)}`;
  if (totals.usedGpuHours === null) return `${reserved}; how much of that was really used is unknown.`;
  const share = percent(utilization(totals));
  const idle =
    totals.idleGpuHours === null
      ? ''
      : ` ${gpuHours(totals.idleGpuHours)} were reserved but sat idle${priced && totals.idleCost !== null ? `, costing about ${cost(totals.idleCost)}` : ''}.`;
  return `${reserved}; the GPUs were actually busy for ${gpuHours(totals.usedGpuHours)} of them (${share}).${idle}`;
}

/** The trend in words. */
export function trendSentence(trend: Trend): string {
  switch (trend.direction) {
    case 'UNKNOWN':
      return 'Not enough known history to tell a trend.';
    case 'FLAT':
      return `Use of reserved GPUs held steady at about ${percent(trend.after)}.`;
    case 'UP':
      return `Use of reserved GPUs rose from ${percent(trend.before)} to ${percent(trend.after)} (first half vs second half of the range).`;
    case 'DOWN':
      return `Use of reserved GPUs fell from ${percent(trend.before)} to ${percent(trend.after)} (first half vs second half of the range).`;
  }
}

/** What a group's key means when it is not a name. */
export function groupName(group: ClusterUsageHistory['groups'][number]): string {
  switch (group.groupKind) {
    case 'NOT_ATTRIBUTED':
      return 'Busy GPUs not linked to a project';
    case 'UNKNOWN_POOL':
      return 'Machines no longer in the cluster';
    case 'OTHERS':
      return `Others (${group.key})`;
    default:
      return group.key === '' ? '(unnamed)' : group.key;
  }
}

export interface GroupRow {
  id: string;
  cluster: string;
  name: string;
  skus: string[];
  totals: GpuHourTotals;
  utilization: number | null;
}

/** Every cluster's groups in one table, the most idle first (unknown idle last), then by name. */
export function groupRows(history: UsageHistory): GroupRow[] {
  const rows = history.clusters.flatMap((c) =>
    c.groups.map((g) => ({
      id: `${c.cluster}/${g.groupKind}/${g.key}`,
      cluster: c.cluster,
      name: groupName(g),
      skus: g.skus,
      totals: g.totals,
      utilization: utilization(g.totals),
    })),
  );
  return rows.sort(
    (a, b) =>
      (b.totals.idleGpuHours ?? -1) - (a.totals.idleGpuHours ?? -1) ||
      a.cluster.localeCompare(b.cluster) ||
      a.name.localeCompare(b.name),
  );
}

/** Why a cluster has no history, in words. */
export function unavailableSentence(cluster: ClusterUsageHistory): string {
  if (cluster.unavailable === 'NO_PROMETHEUS') {
    return `${cluster.cluster}: history needs Prometheus, and none is configured for this cluster.`;
  }
  return `${cluster.cluster}: Prometheus did not answer (${cluster.unavailableReason ?? 'no reason given'}).`;
}
