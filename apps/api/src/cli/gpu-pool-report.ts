import type {
  BlockedGpuPod,
  DefragProposal,
  DraInventory,
  GpuOperatorStatus,
  PoolInventory,
} from '@fleetscope/diagnostics';
import { printable } from './printable.ts';

/** A blocked pod as `analyze --format json` reports it: names, not whole records. */
export interface BlockedPodReport {
  pod: string;
  pool: string;
  pools: string[];
  resource: string;
  request: number;
  /** Free units over the nodes the pod may use. */
  free: number;
  perNodeFree: { node: string; free: number }[];
  suggestion: DefragProposal;
}

export function blockedPodReport(b: BlockedGpuPod): BlockedPodReport {
  return {
    pod: `${b.pod.namespace}/${b.pod.name}`,
    pool: b.pool,
    pools: b.pools,
    resource: b.resource,
    request: b.request,
    free: b.free,
    perNodeFree: b.perNodeFree,
    suggestion: b.suggestion,
  };
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/** Nodes shown per list in the text report (JSON has them all). */
const SHOWN = 6;

function list<T>(items: readonly T[], show: (item: T) => string): string {
  const head = items.slice(0, SHOWN).map(show).join(', ');
  return items.length > SHOWN ? `${head}, … +${items.length - SHOWN} more` : head;
}

/**
 * Text lines of the GPU pools section, below each pool's summary line: per resource F, largest
 * placeable, Frag_k and E; the nodes not usable yet with why; then the blocked pods with the moves
 * that would make room.
 */
export function poolDetailLines(pool: PoolInventory): string[] {
  const lines: string[] = [];
  for (const r of pool.resources) {
    const f = r.fragmentation;
    const frag =
      f.free === 0 ? 'no free units' : f.bySize.map((s) => `Frag${s.size} ${percent(s.share)}`).join(' ');
    const largest =
      f.largestPlaceable.node === null ? '0' : `${f.largestPlaceable.size} on ${f.largestPlaceable.node}`;
    lines.push(
      `${r.resource}: F ${f.free} over ${f.nodes} node${f.nodes === 1 ? '' : 's'}, largest placeable ${largest}, ${frag}, E ${percent(f.expected)} (mix from ${f.mixSource})`,
    );
  }
  if (pool.notUsableYet.length > 0) {
    lines.push(`not usable yet (${pool.notUsableYet.length}):`);
    for (const n of pool.notUsableYet) lines.push(`  ${n.node}: ${n.reason}`);
  }
  return lines.map(printable);
}

/** Text lines for the blocked pods, each with per-node free and the proposal. */
export function blockedPodLines(blocked: readonly BlockedPodReport[]): string[] {
  if (blocked.length === 0) return [];
  const lines = [`  GPU pods blocked by fragmentation (${blocked.length}, largest first):`];
  for (const b of blocked) {
    const s = b.suggestion;
    lines.push(
      `    ${b.pod} needs ${b.request} ${b.resource} on one node in ${b.pool}; ${b.free} free in total, per node: ${list(b.perNodeFree, (n) => `${n.node} ${n.free}`)}`,
    );
    const pdb =
      s.blockedByPdb.length === 0
        ? ''
        : ` (blocked by PodDisruptionBudget ${s.blockedByPdb.map((p) => `${p.pdb}: ${p.allowed ?? 'no status'} allowed, ${p.needed} needed`).join('; ')})`;
    if (s.outcome === 'moves') {
      lines.push(
        `      → ${s.drainNode === null ? 'move' : `drain ${s.drainNode}:`} ${list(s.moves, (m) => `${m.pod} ${m.fromNode} → ${m.toNode}`)}; ${s.podsDisrupted} pod${s.podsDisrupted === 1 ? '' : 's'} disrupted, frees ${b.request} on ${s.targetNode}${s.exact ? '' : ' (not proven minimal)'}${pdb}`,
      );
    } else {
      lines.push(`      → ${s.outcome === 'not-computed' ? '' : 'no moves: '}${s.summary}`);
    }
  }
  return lines.map(printable);
}

/** DRA devices: one line per resource pool when counted; one line saying why when not. */
export function draLines(dra: DraInventory): string[] {
  if (dra.state !== 'COUNTED') return [`  DRA devices: ${dra.state} — ${dra.reason}`];
  const lines = [
    `  DRA devices (resource.k8s.io/v1): ${dra.totals.devices} in complete slices, ${dra.totals.allocated} allocated, ${dra.totals.free} free; ${dra.reason}`,
  ];
  for (const p of dra.pools) {
    lines.push(
      p.complete
        ? `    ${p.driver} ${p.pool}: ${p.devices} devices, ${p.allocated} allocated, ${p.free} free${p.freeDevices.length === 0 ? '' : ` (${list(p.freeDevices, (d) => d)})`}`
        : `    ${p.driver} ${p.pool}: not counted — ${p.slices.listed} of ${p.slices.expected} slices of generation ${p.generation} listed`,
    );
  }
  return lines.map(printable);
}

/** The GPU Operator: its state, and the conditions that are not as they should be when not ready. */
export function gpuOperatorLines(status: GpuOperatorStatus): string[] {
  const lines = [`  GPU Operator: ${status.state} — ${status.summary}`];
  if (status.state === 'NOT_READY') {
    for (const c of status.conditions) {
      lines.push(
        `    ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
      );
    }
  }
  return lines.map(printable);
}
