import { Field, Int, ObjectType } from '@nestjs/graphql';
import { RolloutStageEnum, RolloutStateEnum } from './workload-enums.ts';

@ObjectType({ description: 'Replica counts of a rollout against what is desired.' })
export class RolloutProgress {
  @Field(() => Int, { description: 'spec.replicas.' })
  desired!: number;
  @Field(() => Int, { description: 'Replicas of the current template.' })
  updated!: number;
  @Field(() => Int)
  ready!: number;
  @Field(() => Int)
  available!: number;
  @Field(() => Int, { description: 'Replicas of older templates still running.' })
  old!: number;
}

@ObjectType({ description: 'A pod of the new revision that keeps the rollout from finishing.' })
export class BlockingPod {
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => String, {
    description: 'Its classification rule (pod.crashloop, pod.pending-unschedulable, …).',
  })
  rule!: string;
  @Field({
    description: 'One line: "container server CrashLoopBackOff (12 restarts, last OOMKilled (exit 137))".',
  })
  summary!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The narrower cause: OOMKilled, the scheduler plugin (TaintToleration, VolumeBinding, …), …',
  })
  cause!: string | null;
}

@ObjectType({ description: 'What to do about a rollout, and why.' })
export class RolloutRecommendation {
  @Field({
    description:
      'none, wait, resume, roll back, fix the template, fix capacity, free room (GPU fragmentation blocks the new pods: the reason names the pod moves of Cluster.gpuBlockedPods), fix quota, fix storage or fix admission (a webhook or admission policy refuses the new pods).',
  })
  action!: string;
  @Field()
  reason!: string;
}

@ObjectType({ description: 'One difference between the old and the new pod template.' })
export class TemplateChange {
  @Field({
    description:
      'image, env, readinessProbe, livenessProbe, startupProbe, resources, nodeSelector, affinity, tolerations, serviceAccount, runtimeClass or containers.',
  })
  field!: string;
  @Field(() => String, { nullable: true, description: 'The container; null for pod-level fields.' })
  container!: string | null;
  @Field()
  before!: string;
  @Field()
  after!: string;
}

@ObjectType({
  description:
    "StatefulSets and DaemonSets: the pods still on one old revision (their controller-revision-hash label) and what that revision's template differs in from the one rolled out.",
})
export class OldRevisionDiff {
  @Field({
    description: 'The ControllerRevision name (or the hash its pods carry when it is no longer known).',
  })
  revision!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Its revision number; null when the ControllerRevision is not known.',
  })
  revisionNumber!: number | null;
  @Field(() => Int, { description: 'Pods of the workload on this revision.' })
  pods!: number;
  @Field(() => [TemplateChange], {
    nullable: true,
    description:
      "This revision's template against the one rolled out; null when either template is not known.",
  })
  changes!: TemplateChange[] | null;
}

@ObjectType({ description: 'What applied a rollout, when a GitOps tool left its traces on the object.' })
export class RolloutTrigger {
  @Field({ description: '"Argo CD" or "Flux".' })
  tool!: string;
  @Field({ description: 'The Argo CD application, or the Flux Kustomization / HelmRelease.' })
  name!: string;
  @Field({ description: 'The label or annotation it was read from, with its value.' })
  evidence!: string;
}

@ObjectType({
  description:
    "A rollout `kubectl rollout status` would not call done: kubectl's stage and message word for word, and when it cannot finish, why and what to do.",
})
export class Rollout {
  @Field({ description: 'Deployment, StatefulSet or DaemonSet.' })
  kind!: string;
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => RolloutStateEnum)
  state!: keyof typeof RolloutStateEnum;
  @Field(() => RolloutStageEnum)
  stage!: keyof typeof RolloutStageEnum;
  @Field({ description: 'What `kubectl rollout status` prints at this stage, word for word.' })
  message!: string;
  @Field(() => RolloutProgress)
  progress!: RolloutProgress;
  @Field(() => String, { nullable: true, description: 'Why it cannot finish on its own; null when it can.' })
  stuckReason!: string | null;
  @Field(() => [BlockingPod], { description: 'Pods of the new revision that are not serving, classified.' })
  blockingPods!: BlockingPod[];
  @Field(() => RolloutRecommendation)
  recommendation!: RolloutRecommendation;
  @Field(() => String, {
    nullable: true,
    description:
      'The revision being rolled out: the new ReplicaSet revision, the StatefulSet updateRevision, the DaemonSet generation; null when unknown.',
  })
  revision!: string | null;
  @Field()
  paused!: boolean;
  @Field({ description: 'Progressing=False with reason ProgressDeadlineExceeded.' })
  progressDeadlineExceeded!: boolean;
  @Field(() => [TemplateChange], {
    nullable: true,
    description:
      'Old vs new pod template; null when either is unknown (no earlier revision, templates not known), empty when they are the same.',
  })
  templateDiff!: TemplateChange[] | null;
  @Field(() => [OldRevisionDiff], {
    nullable: true,
    description:
      'StatefulSets and DaemonSets: pods on old revisions grouped by the revision each runs, oldest first, each with its own diff against the revision rolled out (templateDiff is that of the revision most old pods run). Null for Deployments or when the revision rolled out is not known.',
  })
  oldRevisions!: OldRevisionDiff[] | null;
  @Field(() => RolloutTrigger, { nullable: true, description: 'null when no GitOps traces were found.' })
  trigger!: RolloutTrigger | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'StatefulSet: spec.updateStrategy.rollingUpdate.partition (ordinals below it keep the old revision on purpose); null otherwise.',
  })
  partition!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Id of the rollout.stuck finding that says the same; null when it is not stuck.',
  })
  findingId!: string | null;
}
