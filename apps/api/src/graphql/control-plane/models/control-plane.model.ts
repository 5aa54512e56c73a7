import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { HealthStatusEnum } from '../../common/models/enums.ts';
import { Evidence } from '../../common/models/plane-health.model.ts';

@ObjectType({ description: 'Which traffic an impairment hurts.' })
export class Impact {
  @Field({
    description: 'Changes (deploys, scaling, leader-election renewals, status updates) are impaired.',
  })
  operationsPath!: boolean;
  @Field({ description: "Workloads' own traffic is impaired." })
  userPath!: boolean;
  @Field({ description: 'One sentence: what is impaired, the evidence, and what keeps working.' })
  statement!: string;
}

@InputType({ description: 'A time range ending now.' })
export class TimeRangeInput {
  @Field(() => Int, { defaultValue: 60, description: 'Minutes back from now (1–1440).' })
  lastMinutes!: number;
}

@ObjectType()
export class Point {
  @Field(() => Date) t!: Date;
  @Field(() => Float) v!: number;
}

@ObjectType()
export class Label {
  @Field() name!: string;
  @Field() value!: string;
}

@ObjectType({
  description: 'One line of a chart: a signal over time for one label set, downsampled to ≤ 300 points.',
})
export class Series {
  @Field({ description: 'Signal name, e.g. write_p99_seconds.' })
  signal!: string;
  @Field({ description: 'Unit of v: seconds, ratio, per_second, bytes, count.' })
  unit!: string;
  @Field(() => [Label]) labels!: Label[];
  @Field(() => [Point]) points!: Point[];
  @Field(() => String, {
    nullable: true,
    description: 'Why there are no points (source down, …); null when fine.',
  })
  error!: string | null;
  @Field({
    description:
      "True for the lines of the signal the part's card charts as its main line (the first of the part's chosen signals that has points, else the first served); false for the others. Decided by the API: clients draw it, they do not choose.",
  })
  primary!: boolean;
}

@ObjectType({ description: 'A verdict on one part of the control plane, with its evidence and history.' })
export class ComponentHealth {
  /** Which part this is; used to pick the signals for `series`. Not exposed. */
  component!: string;
  /** The cluster it belongs to. Not exposed. */
  cluster!: string;
  @Field(() => HealthStatusEnum)
  status!: keyof typeof HealthStatusEnum;
  @Field()
  summary!: string;
  @Field(() => [Evidence])
  evidence!: Evidence[];
}

@ObjectType({ description: 'The four API server paths, judged apart.' })
export class ControlPlanePaths {
  @Field(() => ComponentHealth, { description: 'GET and LIST (non-streaming), APF, terminations.' })
  read!: ComponentHealth;
  @Field(() => ComponentHealth, { description: 'POST, PUT, PATCH, DELETE, APPLY; etcd quota.' })
  write!: ComponentHealth;
  @Field(() => ComponentHealth, { description: 'Admission webhooks and controllers.' })
  admission!: ComponentHealth;
  @Field(() => ComponentHealth, { description: 'Watch streams and the watch cache.' })
  watch!: ComponentHealth;
}

@ObjectType({
  description: 'Control-plane health path by path, with what it means for operations and users.',
})
export class ControlPlaneHealth {
  @Field(() => HealthStatusEnum)
  status!: keyof typeof HealthStatusEnum;
  @Field()
  summary!: string;
  @Field(() => [Evidence])
  evidence!: Evidence[];
  @Field(() => Impact)
  impact!: Impact;
  @Field(() => ControlPlanePaths)
  paths!: ControlPlanePaths;
  @Field(() => ComponentHealth)
  etcd!: ComponentHealth;
  @Field(() => ComponentHealth)
  scheduler!: ComponentHealth;
  @Field(() => ComponentHealth)
  controllers!: ComponentHealth;
}
