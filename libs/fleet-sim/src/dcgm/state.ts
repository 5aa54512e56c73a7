import { DEFAULT_GPU_BUSY_THRESHOLD } from '@fleetscope/types';
import type { SimCluster } from '../model/cluster.ts';
import { type SimGpuDevice, simulatedGpuDevices } from './devices.ts';
import { renderDcgmExposition } from './exposition.ts';
import type { DcgmClusterSpec } from './spec.ts';

interface DcgmState {
  spec: DcgmClusterSpec;
  /** When the fleet was created: scenario faults happen relative to it. */
  createdAt: number;
}

const states = new WeakMap<SimCluster, DcgmState>();

/** Gives a cluster its exporter behaviour (the fleet does this from the scenario). */
export function attachDcgm(cluster: SimCluster, spec: DcgmClusterSpec, createdAt: number): void {
  states.set(cluster, { spec, createdAt });
}

function stateOf(cluster: SimCluster): DcgmState {
  let state = states.get(cluster);
  if (state === undefined) {
    state = { spec: {}, createdAt: cluster.clock.now() };
    states.set(cluster, state);
  }
  return state;
}

/** The cluster's simulated GPU devices now (or at `now`). */
export function dcgmDevices(cluster: SimCluster, now: number = cluster.clock.now()): SimGpuDevice[] {
  const state = stateOf(cluster);
  return simulatedGpuDevices(cluster, state.spec, state.createdAt, now);
}

/**
 * What dcgm-exporter would serve: for one node (as a per-node exporter does), or for every GPU node
 * of the cluster in one exposition, told apart by the host label. Null when the node has no GPUs.
 */
export function dcgmExposition(cluster: SimCluster, node?: string, now?: number): string | null {
  const state = stateOf(cluster);
  const all = dcgmDevices(cluster, now);
  const devices = node === undefined ? all : all.filter((d) => d.node === node);
  if (node !== undefined && devices.length === 0) return null;
  return renderDcgmExposition(
    devices,
    state.spec.labelStyle ?? 'current',
    state.spec.noProfilingCounters !== true,
  );
}

/** What an analysis of the exporter's series must find per device. */
export type ExpectedGpuState = 'BUSY' | 'IDLE_ALLOCATED' | 'FREE' | 'XID' | 'MIG_PARENT';

export interface ExpectedGpuDevice {
  node: string;
  pool: string;
  gpu: string;
  uuid: string;
  migProfile: string | null;
  migInstance: string | null;
  state: ExpectedGpuState;
  /** The pod the exporter labels ("namespace/name"), if any. */
  labelledPod: string | null;
  /** Every pod sharing the device (time-slicing: more than the labelled one). */
  pods: string[];
  xid: number | null;
}

/** Ground truth per device, from the simulator's own model (not from its exposition). */
export function expectedGpuDevices(
  cluster: SimCluster,
  now?: number,
  busyThreshold: number = DEFAULT_GPU_BUSY_THRESHOLD,
): ExpectedGpuDevice[] {
  return dcgmDevices(cluster, now).map((d) => {
    const pods = d.pods.map((p) => `${p.namespace}/${p.name}`);
    let state: ExpectedGpuState;
    if (d.xid !== null && d.xid !== 0) state = 'XID';
    else if (d.activity === null) state = 'MIG_PARENT';
    else if (pods.length === 0) state = 'FREE';
    else state = d.activity >= busyThreshold ? 'BUSY' : 'IDLE_ALLOCATED';
    return {
      node: d.node,
      pool: d.pool,
      gpu: String(d.gpu),
      uuid: d.uuid,
      migProfile: d.migProfile,
      migInstance: d.migInstance === null ? null : String(d.migInstance),
      state,
      labelledPod: pods[0] ?? null,
      pods,
      xid: d.xid === null || d.xid === 0 ? null : d.xid,
    };
  });
}
