import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class NodeCounts {
  @Field(() => Int) total!: number;
  @Field(() => Int) ready!: number;
  @Field(() => Int) notReady!: number;
  @Field(() => Int, { description: 'Ready condition Unknown: the kubelet stopped posting status.' })
  unknown!: number;
  @Field(() => Int) cordoned!: number;
}

@ObjectType()
export class PodCounts {
  @Field(() => Int) total!: number;
  @Field(() => Int) running!: number;
  @Field(() => Int) ready!: number;
  @Field(() => Int) pending!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) succeeded!: number;
  @Field(() => Int, {
    description:
      'Non-terminal pods with a container in CrashLoopBackOff, init containers (Init:CrashLoopBackOff) included.',
  })
  crashLooping!: number;
}

/** The four GPU counts, shared by whole-GPU totals and each resource's totals (not a GraphQL type itself). */
@ObjectType({ isAbstract: true })
abstract class GpuCounts {
  @Field(() => Int, { description: 'Allocatable on Ready nodes.' })
  allocatable!: number;
  @Field(() => Int, { description: 'Requested by non-terminal pods bound to nodes.' })
  allocated!: number;
  @Field(() => Int, { description: 'Requested by pods not yet bound to a node.' })
  pending!: number;
  @Field(() => Int, { description: 'Allocatable on NotReady or cordoned nodes: capacity not usable now.' })
  unusable!: number;
}

@ObjectType({
  description:
    'One GPU-like extended resource counted on its own: nvidia.com/gpu, a MIG profile (nvidia.com/mig-1g.10gb, …) or time-sliced nvidia.com/gpu.shared. A MIG slice or a shared replica is not a GPU: these are never summed together.',
})
export class GpuResourceTotals extends GpuCounts {
  @Field({ description: 'Extended resource name, e.g. "nvidia.com/mig-3g.40gb".' })
  resource!: string;
}

@ObjectType({
  description:
    'Whole nvidia.com/gpu devices at the top level; every GPU-like resource (MIG profiles, shared GPUs) apart in byResource.',
})
export class GpuTotals extends GpuCounts {
  @Field(() => [GpuResourceTotals], {
    description:
      'Each GPU-like resource with any capacity or demand, nvidia.com/gpu first, then by name. A mixed-MIG pool shows here, not in the whole-GPU numbers.',
  })
  byResource!: GpuResourceTotals[];
}

@ObjectType()
export class WorkloadCounts {
  @Field(() => Int) deployments!: number;
  @Field(() => Int) deploymentsAvailable!: number;
  @Field(() => Int) services!: number;
  @Field(() => Int, { description: 'Services with a selector and no ready endpoint.' })
  servicesWithoutEndpoints!: number;
}
