import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One request size of the fragmentation measure (shared/reference/gpu.md).' })
export class FragmentBySize {
  @Field(() => Int, { description: 'k: GPUs a single-node request asks for.' })
  size!: number;
  @Field(() => Int, { description: 'Stranded_k: free units on nodes with fewer than k free.' })
  stranded!: number;
  @Field(() => Float, { description: 'Frag_k = Stranded_k / free (0..1; 0 when nothing is free).' })
  share!: number;
  @Field(() => Int, { description: 'slots_k: how many k-sized requests fit now, node by node.' })
  slots!: number;
}

@ObjectType({
  description:
    'One GPU-like resource of a pool (nvidia.com/gpu, each MIG profile, gpu.shared), never summed with another.',
})
export class GpuPoolResource {
  @Field()
  resource!: string;
  @Field(() => Int, { description: 'Allocatable over the usable nodes of the pool.' })
  allocatable!: number;
  @Field(() => Int, { description: 'Requests of non-terminal pods bound to usable nodes.' })
  requested!: number;
  @Field(() => Int)
  free!: number;
  @Field(() => Int, { description: 'The largest request one node can take now.' })
  largestPlaceable!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Where the largest request fits; null when nothing is free.',
  })
  largestPlaceableNode!: string | null;
  @Field(() => Float, { description: 'Expected fragmentation E over the request mix (0..1).' })
  expectedFragmentation!: number;
  @Field({ description: 'Where the request mix of E came from: "observed requests" or "GPUs per node".' })
  mixSource!: string;
  @Field(() => [FragmentBySize])
  bySize!: FragmentBySize[];
  /** Where this resource was counted (for per-node fields). Not exposed. */
  cluster!: string;
  pool!: string;
}

@ObjectType()
export class DriverVersionCount {
  @Field()
  version!: string;
  @Field(() => Int)
  nodes!: number;
}

@ObjectType({
  description:
    'A GPU node that exists but cannot take GPU pods yet — capacity on its way, never zero capacity.',
})
export class NotUsableNode {
  @Field()
  node!: string;
  @Field()
  reason!: string;
}

@ObjectType()
export class GpuPoolNodes {
  @Field(() => Int)
  total!: number;
  @Field(() => Int)
  ready!: number;
  @Field(() => Int, { description: 'Ready, schedulable and GPU-ready.' })
  usable!: number;
  @Field(() => Int)
  cordoned!: number;
}

@ObjectType({
  description:
    'A GPU pool: nodes grouped by the pool rule (Karpenter NodePool, GKE node pool, EKS node group, AKS agent pool, else GPU product).',
})
export class GpuPool {
  @Field()
  pool!: string;
  @Field({ description: 'The GPU product most of its nodes report ("" when none does).' })
  sku!: string;
  @Field(() => [String])
  instanceTypes!: string[];
  @Field(() => Int)
  gpusPerNode!: number;
  @Field({ description: 'none, mig-single, mig-mixed, time-slicing or mps.' })
  sharingMode!: string;
  @Field(() => [String], { description: 'MIG profiles offered (mixed strategy), e.g. "1g.10gb".' })
  migProfiles!: string[];
  @Field(() => Int, { nullable: true, description: 'Time-slicing replicas per GPU, when shared.' })
  replicas!: number | null;
  @Field(() => [DriverVersionCount], { description: 'More than one is a finding (pool.mixed-drivers).' })
  driverVersions!: DriverVersionCount[];
  @Field(() => GpuPoolNodes)
  nodes!: GpuPoolNodes;
  @Field(() => [NotUsableNode])
  notUsableYet!: NotUsableNode[];
  @Field(() => [GpuPoolResource])
  resources!: GpuPoolResource[];
  /** The cluster the pool belongs to (heatmap, worst nodes and blocked pods are resolved from it). Not exposed. */
  cluster!: string;
}
