import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

const asEnum = <T extends string>(values: readonly T[]): Record<T, T> =>
  Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const GpuHistoryGroupByEnum = asEnum(['CLUSTER', 'POOL', 'NAMESPACE', 'TEAM'] as const);
registerEnumType(GpuHistoryGroupByEnum, {
  name: 'GpuHistoryGroupBy',
  description: 'How GPU usage history is split into groups.',
  valuesMap: {
    CLUSTER: { description: 'One group per cluster.' },
    POOL: { description: 'Per node pool (the pool of each node as Fleetscope sees it now).' },
    NAMESPACE: { description: 'Per namespace; use needs pod labels on DCGM series.' },
    TEAM: {
      description:
        'Per team (namespace label, default `team`; else the namespace); use needs pod labels on DCGM series.',
    },
  },
});

export const GpuAllocationSourceEnum = asEnum(['KUBE_STATE_METRICS', 'FLEETSCOPE', 'NONE'] as const);
registerEnumType(GpuAllocationSourceEnum, {
  name: 'GpuAllocationSource',
  description: 'Where allocation history came from.',
  valuesMap: {
    KUBE_STATE_METRICS: {
      description:
        'kube_pod_container_resource_requests{resource="nvidia_com_gpu"} of bound Pending/Running pods.',
    },
    FLEETSCOPE: {
      description: "Fleetscope's own fleetscope_gpu_allocated gauge (kube-state-metrics absent).",
    },
    NONE: { description: 'Neither is in Prometheus: allocation is unknown.' },
  },
});

export const GpuUsageSourceEnum = asEnum(['PROF_GR_ENGINE_ACTIVE', 'DEV_GPU_UTIL', 'MIXED', 'NONE'] as const);
registerEnumType(GpuUsageSourceEnum, {
  name: 'GpuUsageSource',
  description: 'Which DCGM-exporter counter use was read from.',
  valuesMap: {
    PROF_GR_ENGINE_ACTIVE: { description: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE (works for MIG).' },
    DEV_GPU_UTIL: { description: 'DCGM_FI_DEV_GPU_UTIL / 100 (coarse; not for MIG).' },
    MIXED: { description: 'Some devices the one, some the other.' },
    NONE: { description: 'No DCGM engine activity in Prometheus: use is unknown.' },
  },
});

export const GpuHistoryGroupKindEnum = asEnum(['GROUP', 'NOT_ATTRIBUTED', 'UNKNOWN_POOL', 'OTHERS'] as const);
registerEnumType(GpuHistoryGroupKindEnum, {
  name: 'GpuHistoryGroupKind',
  valuesMap: {
    GROUP: { description: 'A pool, namespace, team or cluster.' },
    NOT_ATTRIBUTED: { description: 'Busy GPUs whose DCGM series carry no pod labels (allocation unknown).' },
    UNKNOWN_POOL: { description: 'Nodes in the history that Fleetscope does not watch now.' },
    OTHERS: { description: 'The smaller groups beyond `maxGroups`, merged.' },
  },
});

export const GpuHistoryUnavailableEnum = asEnum(['NO_PROMETHEUS', 'PROMETHEUS_ERROR'] as const);
registerEnumType(GpuHistoryUnavailableEnum, {
  name: 'GpuHistoryUnavailable',
  description: 'Why a cluster has no GPU usage history at all (its numbers are null, never zero).',
  valuesMap: {
    NO_PROMETHEUS: { description: 'No --prometheus-url serves this cluster (the demo fleet has none).' },
    PROMETHEUS_ERROR: {
      description: 'Prometheus failed (down, slow, refused the query); the message says how.',
    },
  },
});

@ObjectType({ description: 'GPU-hours over the range. Null: unknown (no samples), never zero.' })
export class GpuHourTotals {
  @Field(() => Float, { nullable: true }) allocatedGpuHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'GPU-hours with engine activity over the busy threshold.',
  })
  usedGpuHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Allocated but not busy, over the steps where both are known.',
  })
  idleGpuHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Idle GPU-hours × the price of their SKU (--gpu-price); null when no price is configured.',
  })
  idleCost!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Idle GPU-hours of SKUs without a price (not in idleCost).',
  })
  unpricedIdleGpuHours!: number | null;
  @Field(() => Float, { description: 'Share (0..1) of the range where allocation was known.' })
  allocationCoverage!: number;
  @Field(() => Float, { description: 'Share (0..1) of the range where use was known.' })
  usageCoverage!: number;
}

@ObjectType({
  description:
    'GPUs per step, as columns aligned with GpuUsageHistory.times (one value per step; null = unknown at that step).',
})
export class GpuHistorySeries {
  @Field(() => [Float], { nullable: 'items' }) allocated!: Array<number | null>;
  @Field(() => [Float], { nullable: 'items' }) used!: Array<number | null>;
  @Field(() => [Float], { nullable: 'items' }) idle!: Array<number | null>;
}

@ObjectType()
export class GpuHistoryNote {
  @Field({ description: 'Stable code, e.g. USE_NOT_ATTRIBUTED, ALLOCATION_GAPS, NO_PRICES.' }) code!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'One pool, namespace, team or cluster over the range.' })
export class GpuHistoryGroup {
  @Field({
    description: 'Pool, namespace, team or cluster name ("" for the not-attributed or unknown-pool group).',
  })
  key!: string;
  @Field(() => GpuHistoryGroupKindEnum) kind!: keyof typeof GpuHistoryGroupKindEnum;
  @Field(() => [String], { description: 'GPU products (SKUs) in the pools this group used.' })
  skus!: string[];
  @Field(() => GpuHistorySeries) series!: GpuHistorySeries;
  @Field(() => GpuHourTotals) totals!: GpuHourTotals;
}

@ObjectType({ description: "One cluster's GPU allocation vs use over the range." })
export class ClusterGpuUsageHistory {
  @Field() cluster!: string;
  @Field(() => GpuHistoryUnavailableEnum, {
    nullable: true,
    description: 'Set when the cluster has no history at all; then every number is null.',
  })
  unavailable!: keyof typeof GpuHistoryUnavailableEnum | null;
  @Field(() => String, { nullable: true }) unavailableReason!: string | null;
  @Field(() => String, { nullable: true, description: 'The Prometheus read (credentials redacted).' })
  prometheus!: string | null;
  @Field(() => GpuAllocationSourceEnum) allocationSource!: keyof typeof GpuAllocationSourceEnum;
  @Field(() => GpuUsageSourceEnum) usageSource!: keyof typeof GpuUsageSourceEnum;
  @Field({
    description: 'False when use cannot be split by the grouping asked for (DCGM series without pod labels).',
  })
  useByGroup!: boolean;
  @Field(() => [GpuHistoryGroup], {
    description: 'Biggest allocation first; at most maxGroups, the rest merged.',
  })
  groups!: GpuHistoryGroup[];
  @Field(() => GpuHistorySeries, { description: 'The whole cluster.' }) series!: GpuHistorySeries;
  @Field(() => GpuHourTotals) totals!: GpuHourTotals;
  @Field(() => [GpuHistoryNote], { description: 'What is missing or approximated, in plain words.' })
  notes!: GpuHistoryNote[];
}

@ObjectType({ description: 'GPU allocation vs use over a range, per cluster and for the fleet.' })
export class GpuUsageHistory {
  @Field(() => Date, { description: 'First step (aligned to the step).' }) from!: Date;
  @Field(() => Date, { description: 'End of the last step (exclusive).' }) to!: Date;
  @Field(() => Int) stepSeconds!: number;
  @Field(() => [Date], { description: 'Start of each step; every series has one value per entry.' })
  times!: Date[];
  @Field(() => GpuHistoryGroupByEnum) groupBy!: keyof typeof GpuHistoryGroupByEnum;
  @Field(() => Float, { description: 'Engine activity (0..1) from which a GPU counts as used.' })
  busyThreshold!: number;
  @Field({ description: 'True when a price per GPU-hour is configured for at least one SKU.' })
  priced!: boolean;
  @Field(() => [ClusterGpuUsageHistory]) clusters!: ClusterGpuUsageHistory[];
  @Field(() => GpuHistorySeries, {
    nullable: true,
    description:
      'The fleet: clusters with history summed (a step is null when one of them is unknown there); null when none has history.',
  })
  series!: GpuHistorySeries | null;
  @Field(() => GpuHourTotals, {
    nullable: true,
    description: 'The fleet, over clusters with history; null when none has.',
  })
  totals!: GpuHourTotals | null;
}
