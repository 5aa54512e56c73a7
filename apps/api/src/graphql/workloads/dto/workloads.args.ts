import { ArgsType, Field, Int } from '@nestjs/graphql';
import { LIST_SIZES } from '../../guards/query-limits.ts';
import { PodTroubleStateEnum, RolloutStateEnum } from '../models/workload-enums.ts';

/** The largest page of `Cluster.troubledPods`; the query budget counts every page at this size. */
export const MAX_PODS_FIRST = LIST_SIZES['PodConnection.edges'] ?? 200;
export const DEFAULT_PODS_FIRST = 50;

@ArgsType()
export class RolloutsArgs {
  @Field(() => RolloutStateEnum, {
    nullable: true,
    description: 'Only stuck or only progressing; all when absent.',
  })
  state?: keyof typeof RolloutStateEnum | null;
}

@ArgsType()
export class PodsArgs {
  @Field(() => PodTroubleStateEnum, { nullable: true, description: 'One trouble state; all when absent.' })
  state?: keyof typeof PodTroubleStateEnum | null;
  @Field(() => Int, {
    defaultValue: DEFAULT_PODS_FIRST,
    description: `Page size (1–${MAX_PODS_FIRST}).`,
  })
  first!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The endCursor (or an edge cursor) of the previous page; from the start when absent.',
  })
  after?: string | null;
}

@ArgsType()
export class TroubledPodArgs {
  @Field({ description: "The pod's namespace." })
  namespace!: string;
  @Field({ description: "The pod's name." })
  name!: string;
}
