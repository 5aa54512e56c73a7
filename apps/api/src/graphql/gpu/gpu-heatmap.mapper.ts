import { HEATMAP_CODES, type HeatmapNodeSummary, type PoolHeatmap } from '@fleetscope/diagnostics';
import type { GpuHeatmap, GpuNodeCells } from './models/gpu-heatmap.model.ts';

/** One line per cell state, as a legend shows it. */
const LABELS: Record<(typeof HEATMAP_CODES)[number], string> = {
  FREE: 'free',
  ALLOCATED_BUSY: 'allocated, busy',
  ALLOCATED_IDLE: 'allocated, idle',
  ALLOCATED_UNKNOWN: 'allocated, use unknown',
  UNHEALTHY: 'unhealthy (XID, row remap, withdrawn)',
  NOT_USABLE: 'not usable',
  EMPTY: 'no GPU',
};

/** The GraphQL shape of a pool heatmap. */
export function toGpuHeatmap(
  heatmap: PoolHeatmap,
  usageAsOf: number | null,
  busyThreshold: number,
): GpuHeatmap {
  let empty = 0;
  for (const code of heatmap.cells) if (HEATMAP_CODES[code] === 'EMPTY') empty += 1;
  return {
    nodes: heatmap.nodes,
    gpusPerNode: heatmap.gpusPerNode,
    cells: Array.from(heatmap.cells),
    legend: HEATMAP_CODES.map((state, code) => ({
      code,
      state,
      label: LABELS[state],
      cells: state === 'EMPTY' ? empty : heatmap.counts[state],
    })),
    truncatedNodes: heatmap.truncatedNodes,
    usageSource: heatmap.usageKnown ? 'DCGM' : 'NONE',
    usageAsOf: heatmap.usageKnown && usageAsOf !== null ? new Date(usageAsOf) : null,
    busyThreshold,
  };
}

export function toGpuNodeCells(row: HeatmapNodeSummary): GpuNodeCells {
  return {
    node: row.node,
    reason: row.reason,
    free: row.counts.FREE,
    busy: row.counts.ALLOCATED_BUSY,
    idle: row.counts.ALLOCATED_IDLE,
    allocatedUnknown: row.counts.ALLOCATED_UNKNOWN,
    unhealthy: row.counts.UNHEALTHY,
    notUsable: row.counts.NOT_USABLE,
  };
}
