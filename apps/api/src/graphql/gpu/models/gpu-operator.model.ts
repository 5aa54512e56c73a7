import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum GpuOperatorState {
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  UNKNOWN = 'UNKNOWN',
  NO_POLICY = 'NO_POLICY',
  READY = 'READY',
  NOT_READY = 'NOT_READY',
  IGNORED = 'IGNORED',
}

registerEnumType(GpuOperatorState, {
  name: 'GpuOperatorState',
  description:
    'From the NVIDIA GPU Operator ClusterPolicy (nvidia.com/v1) status.state. NOT_APPLICABLE: the ClusterPolicy CRD is not served (operator not installed); UNKNOWN: not listed yet, not allowed, or a state not known; NO_POLICY: the CRD exists but no ClusterPolicy; READY / NOT_READY: as the operator says; IGNORED: every ClusterPolicy is ignored (the operator reconciles one only).',
});

@ObjectType({ description: 'One status condition of the ClusterPolicy, as the operator wrote it.' })
export class GpuOperatorCondition {
  @Field() type!: string;
  @Field({ description: 'True, False or Unknown.' }) status!: string;
  @Field() reason!: string;
  @Field({ description: 'Cut at 300 characters.' }) message!: string;
}

@ObjectType({ description: 'The GPU Operator in one cluster, from its ClusterPolicy, watched live.' })
export class GpuOperatorStatus {
  @Field(() => GpuOperatorState) state!: GpuOperatorState;
  @Field(() => String, {
    nullable: true,
    description: 'The ClusterPolicy read (the one not ignored); null when none.',
  })
  policy!: string | null;
  @Field({ description: 'status.state as written ("" before the operator wrote one).' })
  policyState!: string;
  @Field(() => [GpuOperatorCondition]) conditions!: GpuOperatorCondition[];
  @Field(() => [String], { description: 'Other ClusterPolicies, which the operator ignores.' })
  ignored!: string[];
  @Field() summary!: string;
}
