import { Field, Int, ObjectType } from '@nestjs/graphql';
import { HealthStatusEnum, PlaneEnum, ScopeEnum, SeverityEnum } from '../../common/models/enums.ts';
import { Evidence } from '../../common/models/plane-health.model.ts';

@ObjectType({ description: 'An object a finding is about.' })
export class FindingSubject {
  @Field({
    description:
      'A Kubernetes kind (Node, Pod, Deployment, …) or a control-plane part (ControlPlanePath, Etcd, Scheduler, ControllerQueue, Watch).',
  })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'null for cluster-scoped objects and non-objects.' })
  namespace!: string | null;
  @Field()
  name!: string;
}

@ObjectType({ description: 'One attribute grouping needs (node, pool, zone, namespace, owner, webhook, …).' })
export class FindingAttribute {
  @Field()
  key!: string;
  @Field()
  value!: string;
}

@ObjectType({
  description:
    'One structured diagnosis: the currency every rule emits. Plane and part verdicts are composed from findings; grouping and history follow them by id.',
})
export class Finding {
  @Field({
    description:
      'Stable across snapshots while the same rule fires for the same subjects in the same cluster: <cluster>/<rule>/<subject keys>.',
  })
  id!: string;
  @Field({ description: 'Machine name of the rule, e.g. controlplane.write.latency, node.not-ready.' })
  rule!: string;
  @Field(() => ScopeEnum)
  scope!: keyof typeof ScopeEnum;
  @Field(() => PlaneEnum)
  plane!: keyof typeof PlaneEnum;
  @Field(() => SeverityEnum)
  severity!: keyof typeof SeverityEnum;
  @Field(() => HealthStatusEnum, {
    nullable: true,
    description:
      'The status it implies for its part or plane (DEGRADED, DOWN or UNKNOWN); null when informational.',
  })
  status!: keyof typeof HealthStatusEnum | null;
  @Field()
  cluster!: string;
  @Field(() => [FindingSubject])
  subjects!: FindingSubject[];
  @Field(() => [FindingAttribute], { description: 'Only keys with a known value, sorted by key.' })
  attributes!: FindingAttribute[];
  @Field({ description: 'Short phrase naming the problem, readable on a wall.' })
  title!: string;
  @Field({ description: 'Why it matters and what it blocks.' })
  detail!: string;
  @Field(() => [Evidence])
  evidence!: Evidence[];
  @Field(() => [String], { description: 'What a person does next, in order.' })
  nextSteps!: string[];
  @Field(() => Date, { nullable: true, description: 'Newest input behind the finding; null when unknown.' })
  observedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When this API process first saw the finding open (kept in memory: a restart starts over); null for a resolved finding.',
  })
  firstSeenAt!: Date | null;
}

@ObjectType({ description: 'A finding that stopped firing, as it last read.' })
export class ResolvedFinding {
  @Field(() => Finding)
  finding!: Finding;
  @Field(() => Date)
  firstSeenAt!: Date;
  @Field(() => Date)
  resolvedAt!: Date;
}

@ObjectType({
  description:
    'Findings opened, changed and resolved since the last message to this subscriber. The first message holds every current finding as opened.',
})
export class FindingsChange {
  @Field(() => Int, {
    description: 'Version of the slice (fleet, or one cluster) this message brings you to.',
  })
  version!: number;
  @Field(() => Date, { description: "When the API computed that version, on the API's clock." })
  generatedAt!: Date;
  @Field(() => [Finding])
  opened!: Finding[];
  @Field(() => [Finding], {
    description: 'Same id, different status, severity, title, detail or evidence; as they are now.',
  })
  changed!: Finding[];
  @Field(() => [Finding], { description: 'Gone since the last message; as they last were.' })
  resolved!: Finding[];
}
