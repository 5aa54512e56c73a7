import { Field, ObjectType } from '@nestjs/graphql';
import { HealthStatusEnum } from './enums.ts';

@ObjectType({ description: 'One fact a verdict rests on.' })
export class Evidence {
  @Field({ description: 'The signal measured, e.g. "nodes Ready" or "watch pods".' })
  signal!: string;
  @Field({ description: 'Its value, human-readable.' })
  value!: string;
  @Field(() => String, { nullable: true })
  threshold!: string | null;
  @Field(() => String, { nullable: true })
  window!: string | null;
  @Field({ description: 'Where the value came from (watch, metric, probe).' })
  source!: string;
  @Field(() => Date, { nullable: true })
  observedAt!: Date | null;
}

@ObjectType({ description: 'A verdict on one plane: status, one readable sentence, and its evidence.' })
export class PlaneHealth {
  @Field(() => HealthStatusEnum)
  status!: keyof typeof HealthStatusEnum;
  @Field({ description: 'What is wrong and what keeps working, naming the worst offenders.' })
  summary!: string;
  @Field(() => [Evidence])
  evidence!: Evidence[];
}
