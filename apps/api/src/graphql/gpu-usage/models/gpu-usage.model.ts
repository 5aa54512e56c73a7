import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'One GPU or MIG instance as DCGM-exporter reports it, joined to its node and pods. Absent measurements are null, never 0.',
})
export class GpuDevice {
  @Field() node!: string;
  @Field({ description: 'GPU index on the node (the exporter’s `gpu` label); "" when it gave only a UUID.' })
  gpu!: string;
  @Field({ description: '`UUID` (or `uuid`); "" when the exporter gave none.' })
  uuid!: string;
  @Field(() => String, { nullable: true }) modelName!: string | null;
  @Field(() => String, { nullable: true, description: 'MIG profile ("1g.10gb"); null for a whole GPU.' })
  migProfile!: string | null;
  @Field(() => String, { nullable: true, description: 'MIG GPU instance id; null for a whole GPU.' })
  migInstance!: string | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Engine activity 0..1 (DCGM_FI_PROF_GR_ENGINE_ACTIVE, else DCGM_FI_DEV_GPU_UTIL/100, never for MIG); null when unknown.',
  })
  engineActive!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'PROF_GR_ENGINE_ACTIVE or DEV_GPU_UTIL; null when unknown.',
  })
  engineSource!: string | null;
  @Field(() => Float, { nullable: true }) framebufferUsedBytes!: number | null;
  @Field(() => Float, { nullable: true }) framebufferFreeBytes!: number | null;
  @Field(() => Float, { nullable: true }) powerWatts!: number | null;
  @Field(() => Float, { nullable: true }) temperatureC!: number | null;
  @Field(() => Int, { nullable: true, description: 'Last XID the exporter reported; null when none.' })
  lastXid!: number | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the XID last changed (read by change, not value); null when not seen changing.',
  })
  xidChangedAt!: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'DCGM_FI_DEV_ROW_REMAP_FAILURE > 0; null when not scraped.',
  })
  rowRemapFailure!: boolean | null;
  @Field(() => [String], { description: 'Pods on the device, "namespace/name".' })
  pods!: string[];
  @Field({
    description:
      'EXPORTER_LABELS (the exporter’s pod mapping), NODE_PODS (no mapping: every GPU pod of the node), NONE.',
  })
  podSource!: string;
  @Field(() => Date) observedAt!: Date;
}

@ObjectType({
  description:
    'Allocation against real use, in units of the resource (a GPU, a MIG instance, a time-sliced replica): activelyUsed + idleAllocated + usageUnknown = allocated. Where the exporter does not say which pod holds which device, a node’s units are shared over its pods by request.',
})
export class GpuUsageCounts {
  @Field(() => Int, { description: 'Units requested by non-terminal pods bound to nodes.' })
  allocated!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Allocated units on devices with engine activity at or over the busy threshold; null when usage is unknown.',
  })
  activelyUsed!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Allocated units on idle devices; null when usage is unknown.',
  })
  idleAllocated!: number | null;
  @Field(() => Float, { description: 'Allocated units no engine reading covers.' })
  usageUnknown!: number;
}

@ObjectType()
export class GpuResourceUsage extends GpuUsageCounts {
  @Field({ description: 'nvidia.com/gpu, nvidia.com/mig-<profile>, nvidia.com/gpu.shared.' })
  resource!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Allocatable over usable nodes (the pool inventory); null when not known.',
  })
  allocatable!: number | null;
  @Field(() => Int, { nullable: true, description: 'Free over usable nodes; null when not known.' })
  free!: number | null;
}

@ObjectType()
export class GpuPoolUsage extends GpuUsageCounts {
  @Field() pool!: string;
  @Field() resource!: string;
}

@ObjectType()
export class GpuNamespaceUsage extends GpuUsageCounts {
  @Field() pool!: string;
  @Field() namespace!: string;
  @Field({ description: 'The namespace’s team (namespace label, configurable), else the namespace.' })
  team!: string;
  @Field() resource!: string;
}

@ObjectType({
  description:
    'Allocation against use of one team over the fleet: every namespace whose team label (--gpu-team-label, watched live) names it, else the namespace itself.',
})
export class GpuTeamUsage extends GpuUsageCounts {
  @Field() team!: string;
  @Field() resource!: string;
  @Field(() => [String], { description: 'The namespaces counted, "cluster/namespace", sorted.' })
  namespaces!: string[];
}

@ObjectType({ description: 'A device worth naming: allocated but idle, or unhealthy.' })
export class GpuDeviceRef {
  @Field() cluster!: string;
  @Field() node!: string;
  @Field() pool!: string;
  @Field() gpu!: string;
  @Field() uuid!: string;
  @Field(() => String, { nullable: true }) migProfile!: string | null;
  @Field(() => String, { nullable: true }) migInstance!: string | null;
  @Field(() => Float, { nullable: true }) engineActive!: number | null;
  @Field(() => [String], { description: 'Owning pods, "namespace/name".' })
  pods!: string[];
  @Field() podSource!: string;
}

@ObjectType()
export class UnhealthyGpuDevice extends GpuDeviceRef {
  @Field(() => [String], {
    description: '"XID 79" (a critical XID that changed recently), "row-remap failure".',
  })
  reasons!: string[];
  @Field(() => Int, { nullable: true }) lastXid!: number | null;
  @Field(() => Date, { nullable: true }) xidChangedAt!: Date | null;
}

@ObjectType({
  description: 'A cluster’s GPUs: allocation against real use (DCGM), idle-allocated and unhealthy devices.',
})
export class ClusterGpuUsage {
  @Field({ description: 'True when DCGM data covers the cluster; false: every use figure is null, never 0.' })
  usageKnown!: boolean;
  @Field({ description: 'DCGM (DCGM-exporter series) or NONE (no DCGM source configured or read yet).' })
  usageSource!: string;
  @Field(() => Date, { nullable: true, description: 'When DCGM was last read successfully.' })
  usageAsOf!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'The last DCGM read’s error (devices are then from usageAsOf).',
  })
  usageError!: string | null;
  @Field(() => Float, { description: 'Engine activity at or above this counts as actively used.' })
  busyThreshold!: number;
  @Field(() => Int, { description: 'Devices DCGM reported (GPUs and MIG instances).' })
  devices!: number;
  @Field(() => [GpuResourceUsage]) byResource!: GpuResourceUsage[];
  @Field(() => [GpuPoolUsage]) byPool!: GpuPoolUsage[];
  @Field(() => [GpuNamespaceUsage]) byNamespace!: GpuNamespaceUsage[];
  @Field(() => [GpuDeviceRef], {
    description: 'Allocated devices that are idle, idlest first (at most 100).',
  })
  idleAllocated!: GpuDeviceRef[];
  @Field(() => [UnhealthyGpuDevice], {
    description: 'Recent critical XID or row-remap failure (at most 100).',
  })
  unhealthy!: UnhealthyGpuDevice[];
  @Field(() => [String], {
    description: 'DCGM series the source could not place on a device (first 20), and why.',
  })
  problems!: string[];
  @Field(() => [String], {
    description: 'Label names on DCGM series that Fleetscope does not know (reported, not read).',
  })
  unknownLabels!: string[];
}

@ObjectType({ description: 'GPU allocation against real use over every watched cluster.' })
export class FleetGpu {
  @Field({ description: 'True when every cluster with GPU allocation has DCGM data.' })
  usageKnown!: boolean;
  @Field({ description: 'DCGM (every cluster), PARTIAL (some clusters), NONE.' })
  usageSource!: string;
  @Field(() => Float) busyThreshold!: number;
  @Field(() => [GpuResourceUsage], {
    description:
      'Totals per resource over the clusters; use figures summed over the clusters whose usage is known (null when none).',
  })
  byResource!: GpuResourceUsage[];
  @Field(() => [GpuTeamUsage], {
    description:
      'Per team and resource over the clusters, most allocated first; use figures summed over clusters whose usage is known (null when none).',
  })
  byTeam!: GpuTeamUsage[];
  @Field(() => [GpuDeviceRef], {
    description: 'Idle-allocated devices over the fleet, idlest first (at most 100).',
  })
  idleAllocated!: GpuDeviceRef[];
  @Field(() => [UnhealthyGpuDevice], {
    description: 'Devices with a recent critical XID or a row-remap failure (at most 100).',
  })
  unhealthy!: UnhealthyGpuDevice[];
}
