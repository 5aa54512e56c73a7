/**
 * How a cluster's simulated dcgm-exporter behaves: which workloads hold their GPUs without using
 * them, which GPU throws an XID, and which label naming the exporter uses. Scenario data.
 */

/** Exporter label naming (reference/gpu.md): each is a real release's. */
export type DcgmLabelStyle =
  /** `Hostname`, `UUID`, `pod`/`namespace`/`container`. */
  | 'current'
  /** 2026 releases: `hostname` in lower case. */
  | 'lowercase-hostname'
  /** Old releases: `uuid`, `pod_name`/`pod_namespace`/`container_name`. */
  | 'legacy';

export interface DcgmXidFault {
  /** Pool name and index of the node within the pool (as node generation numbers them). */
  pool: string;
  nodeIndex: number;
  /** GPU index on the node. */
  gpu: number;
  /** The XID (79: GPU has fallen off the bus). */
  code: number;
  /** ms after the fleet was created that the XID happens (before: 0, the exporter's start value). */
  afterMs: number;
}

export interface DcgmClusterSpec {
  labelStyle?: DcgmLabelStyle;
  /** `namespace/workload` whose pods hold GPUs but leave them idle (notebooks). */
  idleWorkloads?: readonly string[];
  xid?: readonly DcgmXidFault[];
  /** Exporters without profiling counters (no DCGM_FI_PROF_*): only DCGM_FI_DEV_GPU_UTIL. */
  noProfilingCounters?: boolean;
}

/** Engine activity by workload role, before a small deterministic wobble. */
export const ROLE_ACTIVITY: Readonly<Record<string, number>> = {
  training: 0.92,
  batch: 0.75,
  inference: 0.45,
  service: 0.25,
  system: 0.1,
};

/** Activity of an idle-but-allocated GPU (a notebook kernel waiting for its user). */
export const IDLE_ACTIVITY = 0.0;
