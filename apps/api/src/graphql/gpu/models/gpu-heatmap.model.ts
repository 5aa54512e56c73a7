import type { PendingFit } from '@fleetscope/diagnostics';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'What one cell code of a GPU heatmap means, and how many cells of the map have it.',
})
export class GpuHeatmapLegendEntry {
  @Field(() => Int, { description: 'The code as it appears in `GpuHeatmap.cells`.' })
  code!: number;
  @Field({
    description:
      'FREE, ALLOCATED_BUSY, ALLOCATED_IDLE, ALLOCATED_UNKNOWN (held, use not measured: never busy or idle), UNHEALTHY, NOT_USABLE, or EMPTY (no GPU at this column).',
  })
  state!: string;
  @Field({ description: 'One line for a legend.' })
  label!: string;
  @Field(() => Int, { description: 'Cells of this map in this state.' })
  cells!: number;
}

@ObjectType({
  description:
    'A pool as node × GPU cells, in a shape a canvas draws without reshaping: row r (node `nodes[r]`) is `cells[r × gpusPerNode … (r + 1) × gpusPerNode − 1]`. Rows are sorted by node name, so they never jump on refresh. At most 200,000 cells (rows beyond are counted in `truncatedNodes`). A MIG or time-sliced GPU is one cell: held when any of its instances is.',
})
export class GpuHeatmap {
  @Field(() => [String], { description: 'Row order: node names, by name.' })
  nodes!: string[];
  @Field(() => Int, { description: "Columns per row: the pool's widest node (at most 64)." })
  gpusPerNode!: number;
  @Field(() => [Int], {
    description: 'Row-major cell codes (see `legend`), nodes.length × gpusPerNode long.',
  })
  cells!: number[];
  @Field(() => [GpuHeatmapLegendEntry], { description: 'Every code, in code order, with its count.' })
  legend!: GpuHeatmapLegendEntry[];
  @Field(() => Int, { description: 'Nodes left out to stay within the cell cap (the last by name).' })
  truncatedNodes!: number;
  @Field({
    description:
      'DCGM when GPU usage (DCGM-exporter) was read for this pool; NONE when not, and every held GPU is ALLOCATED_UNKNOWN.',
  })
  usageSource!: string;
  @Field(() => Date, {
    nullable: true,
    description: 'When GPU usage was last read for the cluster; null when never.',
  })
  usageAsOf!: Date | null;
  @Field(() => Float, { description: 'Engine activity at or above this share draws a held GPU as busy.' })
  busyThreshold!: number;
}

@ObjectType({ description: "One node's row of the heatmap, in words: the text alternative of the canvas." })
export class GpuNodeCells {
  @Field()
  node!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Why the node cannot take GPU pods (not usable yet, not Ready, cordoned).',
  })
  reason!: string | null;
  @Field(() => Int) free!: number;
  @Field(() => Int) busy!: number;
  @Field(() => Int) idle!: number;
  @Field(() => Int, { description: 'Held, use not measured.' })
  allocatedUnknown!: number;
  @Field(() => Int) unhealthy!: number;
  @Field(() => Int) notUsable!: number;
}

@ObjectType({ description: 'How many usable nodes have exactly `free` units of a resource free.' })
export class FreeNodesCount {
  @Field(() => Int) free!: number;
  @Field(() => Int) nodes!: number;
}

@ObjectType('GpuPoolBlockedPod', {
  description:
    'A pending pod that fragmentation holds back: enough units are free in total, none on one node. Listed under the pool of the node with the most free. The moves that would make room: Cluster.gpuBlockedPods.',
})
export class GpuPoolBlockedPod {
  @Field() namespace!: string;
  @Field() name!: string;
  @Field() resource!: string;
  @Field(() => Int, { description: 'Units it asks for on one node.' })
  request!: number;
  @Field(() => Int, { description: 'The most any node it may run on has free.' })
  largestFree!: number;
  @Field(() => String, { nullable: true })
  largestNode!: string | null;
  @Field({ description: '"0/13 nodes: 6 lack 4 free nvidia.com/gpu (largest free: 3 on gpu-12), …"' })
  explanation!: string;
  /** The pod's fit as computed (moves, candidates): for resolvers of this type. Not exposed. */
  source!: PendingFit;
  /** The cluster it is pending in: for resolvers of this type. Not exposed. */
  cluster!: string;
}
