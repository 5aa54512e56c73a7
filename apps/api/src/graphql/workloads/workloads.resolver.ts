import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Cluster } from '../fleet/models/cluster.model.ts';
import { PodsArgs, RolloutsArgs, TroubledPodArgs } from './dto/workloads.args.ts';
import { Pod, PodConnection } from './models/pod.model.ts';
import { Rollout } from './models/rollout.model.ts';
import { WorkloadsService } from './workloads.service.ts';

@Resolver(() => Cluster)
export class ClusterWorkloadsResolver {
  constructor(private readonly service: WorkloadsService) {}

  @ResolveField('rollouts', () => [Rollout], {
    nullable: true,
    description:
      'Rollouts `kubectl rollout status` would not call done, stuck ones first (then by namespace and name). Complete rollouts are not listed. Each stuck one is also a rollout.stuck finding (findingId). null while unknown (deployments or pods never listed, or forbidden), never empty.',
  })
  rollouts(@Parent() cluster: Cluster, @Args() args: RolloutsArgs): Rollout[] | null {
    return this.service.rollouts(cluster.source, args);
  }

  @ResolveField('troubledPods', () => PodConnection, {
    nullable: true,
    description:
      'Pods that are not serving (Pending, Running but not Ready, evicted), classified, a page at a time in a stable order (namespace, then name). Each is also a pod.* finding (findingId). null while unknown (pods never listed, or forbidden), never empty. (`Cluster.pods` is the pod counts.)',
  })
  troubledPods(@Parent() cluster: Cluster, @Args() args: PodsArgs): PodConnection | null {
    return this.service.pods(cluster.source, args);
  }

  @ResolveField('troubledPod', () => Pod, {
    nullable: true,
    description:
      'One pod by namespace and name, with its explanation, as Cluster.troubledPods gives it: for a pod drawer that fetches when it opens. null when the pod is not troubled (serving, finished or gone) and while pods are unknown (never listed, or forbidden: Cluster.pods is then null too).',
  })
  troubledPod(@Parent() cluster: Cluster, @Args() args: TroubledPodArgs): Pod | null {
    return this.service.pod(cluster.source, args);
  }
}
