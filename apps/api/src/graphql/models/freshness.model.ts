import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { WatchStateEnum } from './enums.ts';

@ObjectType({ description: 'How current one watched resource of a cluster is.' })
export class SourceFreshness {
  @Field({ description: 'Kubernetes resource, e.g. "pods".' })
  resource!: string;
  @Field(() => WatchStateEnum)
  state!: keyof typeof WatchStateEnum;
  @Field(() => Date, { nullable: true, description: 'Last event, bookmark or (re)connection.' })
  lastEventAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Last complete list.' })
  lastSyncAt!: Date | null;
  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;
  @Field(() => String, { nullable: true })
  lastError!: string | null;
  @Field(() => Int) relists!: number;
  @Field(() => Int) restarts!: number;
  @Field({ description: 'Not synced, or silent for longer than the stale-after setting.' })
  stale!: boolean;
  @Field(() => Float, { nullable: true, description: 'Seconds since lastEventAt.' })
  lagSeconds!: number | null;
}
