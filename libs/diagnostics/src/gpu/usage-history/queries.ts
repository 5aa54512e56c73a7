/**
 * PromQL for GPU allocation vs use over a range. Pure text: the caller runs the queries and hands
 * the matrices to `foldUsageHistory`.
 *
 * Allocation comes from kube-state-metrics when it is there (GPU requests of bound Pending/Running
 * pods, node from `kube_pod_info`), else from Fleetscope's own `fleetscope_gpu_allocated` gauge.
 * Use is DCGM engine activity (`DCGM_FI_PROF_GR_ENGINE_ACTIVE`, else `DCGM_FI_DEV_GPU_UTIL` / 100 —
 * per device, so a MIG instance or an older GPU each use what they have) at or over the busy
 * threshold, counted once per device (with vGPU every sharing pod carries a copy of the device's
 * value), with every label variant the exporter and Prometheus relabelling produce folded into
 * `fs_node`, `fs_device` and `fs_namespace`.
 */

/** Where allocation history came from. NONE: neither kube-state-metrics nor Fleetscope's gauge answered. */
export type AllocationSource = 'KUBE_STATE_METRICS' | 'FLEETSCOPE' | 'NONE';

/** The finest split a query answers at: per node (for clusters and pools) or per node and namespace. */
export type HistoryGrain = 'node' | 'namespace';

export interface HistoryQueryContext {
  /** Label telling clusters apart on a shared Prometheus (e.g. "cluster"); null when it holds one cluster. */
  clusterLabel: string | null;
  cluster: string;
  /** Engine activity at or above this share is "used" (0..1). */
  busyThreshold: number;
  /** Namespace label naming the team (kube-state-metrics exposes it as `label_<name>`). */
  teamLabel: string;
}

/** Which result label carries each key a row can be grouped by. */
export interface RowLabels {
  node?: string;
  namespace?: string;
  pool?: string;
  team?: string;
}

export interface HistoryQuery {
  promql: string;
  labels: RowLabels;
}

export const KSM_GPU_REQUESTS = 'kube_pod_container_resource_requests';
export const KSM_GPU_RESOURCE = 'nvidia_com_gpu';
export const FLEETSCOPE_GPU_ALLOCATED = 'fleetscope_gpu_allocated';
export const DCGM_ENGINE_ACTIVE = 'DCGM_FI_PROF_GR_ENGINE_ACTIVE';
export const DCGM_GPU_UTIL = 'DCGM_FI_DEV_GPU_UTIL';

/** Matchers as PromQL text: the cluster matcher (when the Prometheus is shared) and the extra ones. */
export function historySelector(ctx: HistoryQueryContext, ...extra: string[]): string {
  const matchers = [
    ...(ctx.clusterLabel !== null ? [`${ctx.clusterLabel}="${escapePromLabelValue(ctx.cluster)}"`] : []),
    ...extra,
  ];
  return `{${matchers.join(', ')}}`;
}

/** A label value inside double quotes: backslash and quote escaped, newlines spelled out. */
export function escapePromLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** kube-state-metrics' name for a namespace label: `label_` + the name with every other character as `_`. */
export function ksmLabelName(label: string): string {
  return `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** GPUs requested by each bound, not yet finished pod, labelled namespace, pod and node. */
function ksmPodGpus(ctx: HistoryQueryContext): string {
  const requests = `sum by (namespace, pod) (${KSM_GPU_REQUESTS}${historySelector(ctx, `resource="${KSM_GPU_RESOURCE}"`)})`;
  const bound = `max by (namespace, pod, node) (kube_pod_info${historySelector(ctx, 'node!=""')})`;
  const live = `max by (namespace, pod) (kube_pod_status_phase${historySelector(ctx, 'phase=~"Pending|Running"')} == 1)`;
  return `(${requests} * on (namespace, pod) group_left (node) (${bound} * on (namespace, pod) group_left () ${live}))`;
}

/** Allocated GPUs per step at the grain asked for. */
export function allocationQuery(
  source: Exclude<AllocationSource, 'NONE'>,
  grain: HistoryGrain,
  ctx: HistoryQueryContext,
): HistoryQuery {
  if (source === 'KUBE_STATE_METRICS') {
    return grain === 'node'
      ? { promql: `sum by (node) ${ksmPodGpus(ctx)}`, labels: { node: 'node' } }
      : {
          promql: `sum by (node, namespace) ${ksmPodGpus(ctx)}`,
          labels: { node: 'node', namespace: 'namespace' },
        };
  }
  const series = fleetscopeAllocated(ctx);
  return grain === 'node'
    ? { promql: `sum by (pool) (${series})`, labels: { pool: 'pool' } }
    : {
        promql: `sum by (pool, namespace, team) (${series})`,
        labels: { pool: 'pool', namespace: 'namespace', team: 'team' },
      };
}

/**
 * One series whose points say when the allocation source was reporting at all: at those steps a
 * group without allocation has 0 GPUs; at the others its allocation is unknown.
 */
export function allocationCoverageQuery(
  source: Exclude<AllocationSource, 'NONE'>,
  ctx: HistoryQueryContext,
): string {
  return source === 'KUBE_STATE_METRICS'
    ? `count(kube_pod_info${historySelector(ctx)})`
    : `count(${fleetscopeAllocated(ctx)})`;
}

/**
 * Fleetscope's gauge names its cluster itself (`cluster`, the watched context): Fleetscope exports
 * every cluster it watches, so the gauge is filtered on it even when each cluster has its own
 * Prometheus (and on the shared Prometheus' own cluster label when that is another label).
 */
function fleetscopeAllocated(ctx: HistoryQueryContext): string {
  const own = ctx.clusterLabel === 'cluster' ? [] : [`cluster="${escapePromLabelValue(ctx.cluster)}"`];
  return `${FLEETSCOPE_GPU_ALLOCATED}${historySelector(ctx, ...own)}`;
}

/**
 * Engine activity 0..1 per whole GPU: the profiling counter, else the coarse utilization / 100. MIG
 * instances (`GPU_I_ID` set) are left out, as their `nvidia.com/mig-*` requests are left out of
 * allocation: both sides count whole GPUs (`nvidia.com/gpu`) only.
 */
export function engineActivity(ctx: HistoryQueryContext): string {
  const whole = historySelector(ctx, 'GPU_I_ID=""');
  return `(${DCGM_ENGINE_ACTIVE}${whole} or (${DCGM_GPU_UTIL}${whole} / 100))`;
}

/**
 * Every label variant folded into fs_node, fs_device and fs_namespace. label_replace only writes
 * when the source label is non-empty, so the later (preferred) variant wins: `hostname` (2026
 * releases) over `Hostname`; UUID over the index; `exported_namespace` (the workload's, after a
 * relabel clash) over `pod_namespace` (old naming) over `namespace`.
 */
export function normalizeDeviceLabels(expr: string): string {
  const steps: Array<[string, string]> = [
    ['fs_node', 'Hostname'],
    ['fs_node', 'hostname'],
    ['fs_device', 'gpu'],
    ['fs_device', 'uuid'],
    ['fs_device', 'UUID'],
    ['fs_namespace', 'namespace'],
    ['fs_namespace', 'pod_namespace'],
    ['fs_namespace', 'exported_namespace'],
  ];
  return steps.reduce(
    (inner, [target, source]) => `label_replace(${inner}, "${target}", "$1", "${source}", "(.+)")`,
    expr,
  );
}

/** Busy devices (activity ≥ threshold) per step, counted once per device (and per namespace at that grain). */
export function usageQuery(grain: HistoryGrain, ctx: HistoryQueryContext): HistoryQuery {
  const busy = `${engineActivity(ctx)} >= ${formatThreshold(ctx.busyThreshold)}`;
  const normalized = normalizeDeviceLabels(`(${busy})`);
  if (grain === 'node') {
    return {
      promql: `count by (fs_node) (max by (fs_node, fs_device, GPU_I_ID) (${normalized}))`,
      labels: { node: 'fs_node' },
    };
  }
  return {
    promql: `count by (fs_node, fs_namespace) (max by (fs_node, fs_device, GPU_I_ID, fs_namespace) (${normalized}))`,
    labels: { node: 'fs_node', namespace: 'fs_namespace' },
  };
}

/**
 * Devices reporting engine activity per step, per node and metric: says where and when use is known
 * at all (a node whose exporter is silent is unknown, not idle), and which counter it came from
 * (label_replace and `count by` keep `__name__`).
 */
export function usageCoverageQuery(ctx: HistoryQueryContext): string {
  const matchers = [
    `__name__=~"${DCGM_ENGINE_ACTIVE}|${DCGM_GPU_UTIL}"`,
    ...(ctx.clusterLabel !== null ? [`${ctx.clusterLabel}="${escapePromLabelValue(ctx.cluster)}"`] : []),
    'GPU_I_ID=""',
  ];
  return `count by (fs_node, __name__) (${normalizeDeviceLabels(`{${matchers.join(', ')}}`)})`;
}

/** Namespace → team as kube-state-metrics exposes namespace labels (instant query; needs the label allow-listed). */
export function namespaceTeamsQuery(ctx: HistoryQueryContext): HistoryQuery {
  const label = ksmLabelName(ctx.teamLabel);
  return {
    promql: `max by (namespace, ${label}) (kube_namespace_labels${historySelector(ctx, `${label}!=""`)})`,
    labels: { namespace: 'namespace', team: label },
  };
}

function formatThreshold(value: number): string {
  return Number.isFinite(value) ? String(value) : '0';
}
