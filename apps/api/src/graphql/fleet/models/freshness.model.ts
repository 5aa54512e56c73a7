import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { WatchStateEnum } from '../../common/models/enums.ts';

@ObjectType({ description: 'How current one watched resource of a cluster is.' })
export class SourceFreshness {
  @Field({ description: 'Kubernetes resource, e.g. "pods".' })
  resource!: string;
  @Field(() => WatchStateEnum)
  state!: keyof typeof WatchStateEnum;
  @Field(() => Date, {
    nullable: true,
    description:
      'Last change (object event) seen. Information only: a quiet resource is not stale while the server keeps confirming it.',
  })
  lastEventAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'Last time the API server proved this copy current: a list, an event or bookmark, or a watch stream the server ended itself.',
  })
  confirmedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Why the watch is known to be behind although connected (a census found objects it did not deliver); null otherwise.',
  })
  behind!: string | null;
  @Field(() => Date, { nullable: true, description: 'Last complete list.' })
  lastSyncAt!: Date | null;
  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;
  @Field(() => String, { nullable: true })
  lastError!: string | null;
  @Field(() => Int) relists!: number;
  @Field(() => Int) restarts!: number;
  @Field({
    description:
      'Not synced, known to be behind, or not confirmed by the API server for longer than the stale-after setting.',
  })
  stale!: boolean;
  @Field(() => Float, {
    nullable: true,
    description: 'Seconds since the API server last confirmed this copy.',
  })
  lagSeconds!: number | null;
}
