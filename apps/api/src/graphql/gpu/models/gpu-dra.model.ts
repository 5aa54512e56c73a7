import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum GpuDraState {
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  UNKNOWN = 'UNKNOWN',
  COUNTED = 'COUNTED',
}

registerEnumType(GpuDraState, {
  name: 'GpuDraState',
  description:
    'NOT_APPLICABLE: the cluster does not serve resource.k8s.io/v1 (no DRA); UNKNOWN: not known yet (ResourceSlices or ResourceClaims not listed, or not allowed); COUNTED: devices counted from complete ResourceSlices minus ResourceClaim allocations.',
});

@ObjectType({
  description: 'One DRA resource pool (driver + pool name; the NVIDIA driver names pools after nodes).',
})
export class GpuDraPool {
  @Field() driver!: string;
  @Field() pool!: string;
  @Field(() => String, { nullable: true, description: 'The node of its slices, when they name one.' })
  node!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The Fleetscope pool (node pool) of that node; null when the slices name no node or it is not listed.',
  })
  nodePool!: string | null;
  @Field(() => Int, { description: 'The highest generation seen: only its slices count.' })
  generation!: number;
  @Field({ description: 'False while fewer slices of that generation are listed than the pool says it has.' })
  complete!: boolean;
  @Field(() => Int) slicesListed!: number;
  @Field(() => Int) slicesExpected!: number;
  @Field(() => Int, { nullable: true, description: 'null while the pool is incomplete (never 0).' })
  devices!: number | null;
  @Field(() => Int, { nullable: true }) allocated!: number | null;
  @Field(() => Int, { nullable: true }) free!: number | null;
}

@ObjectType({
  description:
    'Dynamic Resource Allocation devices of a cluster, watched live: complete ResourceSlices minus the devices ResourceClaims hold.',
})
export class GpuDraInventory {
  @Field(() => GpuDraState) state!: GpuDraState;
  @Field() reason!: string;
  @Field(() => Int, { nullable: true, description: 'Over complete pools; null unless COUNTED.' })
  devices!: number | null;
  @Field(() => Int, { nullable: true }) allocated!: number | null;
  @Field(() => Int, { nullable: true }) free!: number | null;
  @Field(() => Int, { description: 'Pools left out because not all their slices are listed.' })
  incomplete!: number;
  @Field(() => [GpuDraPool]) pools!: GpuDraPool[];
}
