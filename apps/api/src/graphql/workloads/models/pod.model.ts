import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Evidence } from '../../common/models/plane-health.model.ts';
import { Finding } from '../../findings/models/finding.model.ts';
import { PodTroubleStateEnum } from './workload-enums.ts';

@ObjectType({ description: 'One reason of the scheduler message, with the plugin behind it.' })
export class SchedulingReason {
  @Field({ description: 'filter, prefilter or postfilter.' })
  section!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Nodes that gave it; null where the scheduler gives none.',
  })
  count!: number | null;
  @Field({ description: 'As the scheduler wrote it.' })
  reason!: string;
  @Field(() => String, {
    nullable: true,
    description: 'NodeResourcesFit, TaintToleration, …; null when unknown.',
  })
  plugin!: string | null;
  @Field(() => String, { nullable: true, description: 'For Insufficient … and Too many pods.' })
  resource!: string | null;
}

@ObjectType({ description: "kube-scheduler's unschedulable message, parsed and explained." })
export class SchedulingExplanation {
  @Field(() => Int, { nullable: true, description: 'N in "0/N nodes are available"; null when not said.' })
  nodesTotal!: number | null;
  @Field(() => [SchedulingReason])
  reasons!: SchedulingReason[];
  @Field({
    description: 'The same, explained for a person (as `fleetscope explain-scheduling --format text`).',
  })
  text!: string;
}

@ObjectType({ description: 'Why a pod is not serving: its classification, with the evidence.' })
export class PodExplanation {
  @Field({ description: 'The classification rule, e.g. pod.crashloop.' })
  rule!: string;
  @Field({ description: '"Pending: unschedulable", "CrashLoopBackOff: OOMKilled", "Running, not Ready" …' })
  state!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The narrower cause: image pull, volume mount, OOMKilled, a scheduler plugin, …',
  })
  cause!: string | null;
  @Field(() => String, { nullable: true, description: 'The container at fault (init containers included).' })
  container!: string | null;
  @Field({ description: 'One line for a list.' })
  summary!: string;
  @Field(() => [Evidence], { description: 'Container statuses, conditions and kubelet/scheduler events.' })
  evidence!: Evidence[];
  @Field(() => [String])
  nextSteps!: string[];
  @Field(() => SchedulingExplanation, {
    nullable: true,
    description: "The scheduler's message parsed (unschedulable pods only).",
  })
  scheduling!: SchedulingExplanation | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Our own per-node fit of a pending GPU pod, when it says something the scheduler's message does not (fragmentation, a disagreement).",
  })
  fit!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Fleetscope\'s own fit check of a pending pod over every node, in the scheduler\'s histogram shape with richer reasons ("0/40 nodes: 36 lack 4 free nvidia.com/gpu (largest free: 3 on gpu-node-12), 4 have an untolerated taint …"), and the checks it could not make ("not checked: volumes (PersistentVolumeClaims not watched)"). Null for pods that are not pending and unbound.',
  })
  fitCheck!: string | null;
  @Field(() => String, { nullable: true, description: 'The image that cannot be pulled (image-pull only).' })
  image!: string | null;
}

@ObjectType({ description: 'The controller of a pod.' })
export class PodOwner {
  @Field()
  kind!: string;
  @Field()
  name!: string;
}

@ObjectType({ description: 'A pod that is not serving, and why.' })
export class Pod {
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => String, { nullable: true, description: 'null while unscheduled.' })
  node!: string | null;
  @Field(() => String, { nullable: true, description: "Its node's pool; null when the node is not known." })
  pool!: string | null;
  @Field({ description: 'Pending, Running, Failed, …' })
  phase!: string;
  @Field(() => PodOwner, { nullable: true })
  owner!: PodOwner | null;
  @Field(() => Date)
  createdAt!: Date;
  @Field(() => Int, { description: 'nvidia.com/gpu requested.' })
  gpuRequest!: number;
  @Field(() => PodTroubleStateEnum)
  state!: keyof typeof PodTroubleStateEnum;
  @Field(() => PodExplanation)
  explanation!: PodExplanation;
  @Field({ description: 'Id of the finding that says the same (Cluster.findings).' })
  findingId!: string;
  @Field(() => [Finding], {
    description:
      'Every finding of the cluster about this pod: its classification, and any GPU fit finding (fragmentation, a disagreement with the scheduler).',
  })
  findings!: Finding[];
}

@ObjectType({ description: 'One pod of a page, with the cursor to continue after it.' })
export class PodEdge {
  @Field({ description: 'Opaque; pass as `after` to continue after this pod.' })
  cursor!: string;
  @Field(() => Pod)
  node!: Pod;
}

@ObjectType()
export class PodPageInfo {
  @Field()
  hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of troubled pods, ordered by namespace then name (a stable order).' })
export class PodConnection {
  @Field(() => [PodEdge])
  edges!: PodEdge[];
  @Field(() => PodPageInfo)
  pageInfo!: PodPageInfo;
  @Field(() => Int, { description: 'Troubled pods that meet the filter, over every page.' })
  totalCount!: number;
}
