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
  @Field(() => Int) crashLooping!: number;
}

@ObjectType({ description: 'Whole nvidia.com/gpu devices.' })
export class GpuTotals {
  @Field(() => Int, { description: 'Allocatable on Ready nodes.' })
  allocatable!: number;
  @Field(() => Int, { description: 'Requested by non-terminal pods bound to nodes.' })
  allocated!: number;
  @Field(() => Int, { description: 'Requested by pods not yet bound to a node.' })
  pending!: number;
  @Field(() => Int, { description: 'Allocatable on NotReady or cordoned nodes: capacity not usable now.' })
  unusable!: number;
}

@ObjectType()
export class WorkloadCounts {
  @Field(() => Int) deployments!: number;
  @Field(() => Int) deploymentsAvailable!: number;
  @Field(() => Int) services!: number;
  @Field(() => Int, { description: 'Services with a selector and no ready endpoint.' })
  servicesWithoutEndpoints!: number;
}
