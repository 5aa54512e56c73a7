import type { ClusterHealth } from '@fleetscope/diagnostics';
import type { Finding as FindingData } from '@fleetscope/types';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PlaneHealth } from '../../common/models/plane-health.model.ts';
import { ControlPlaneHealth } from '../../control-plane/models/control-plane.model.ts';
import { GpuTotals, NodeCounts, PodCounts, WorkloadCounts } from './counts.model.ts';
import { SourceFreshness } from './freshness.model.ts';

@ObjectType({ description: 'A cluster: control plane and data plane judged apart.' })
export class Cluster {
  @Field() name!: string;
  @Field(() => ControlPlaneHealth, {
    description:
      'Can changes be made and observed: API server paths, etcd, scheduler, controllers, our watches.',
  })
  controlPlane!: ControlPlaneHealth;
  @Field(() => PlaneHealth, { description: 'Are workloads serving (nodes, pods, deployments, endpoints).' })
  dataPlane!: PlaneHealth;
  @Field(() => NodeCounts, {
    nullable: true,
    description: 'null while unknown (nodes never listed), never 0.',
  })
  nodes!: NodeCounts | null;
  @Field(() => PodCounts, { nullable: true, description: 'null while unknown (pods never listed), never 0.' })
  pods!: PodCounts | null;
  @Field(() => GpuTotals, { nullable: true, description: 'null while unknown (nodes or pods never listed).' })
  gpus!: GpuTotals | null;
  @Field(() => WorkloadCounts) workloads!: WorkloadCounts;
  @Field(() => [SourceFreshness]) freshness!: SourceFreshness[];
  @Field(() => Date, {
    nullable: true,
    description: 'Newest input this view reflects; null when nothing has arrived.',
  })
  dataAsOf!: Date | null;
  @Field({
    description: 'True when any input is stale or never synced (the one staleness rule, decided here).',
  })
  stale!: boolean;
  @Field(() => Date, {
    description:
      "When the API computed this view, on the API's clock. Age a view as (generatedAt − dataAsOf) + time since you received it: only same-clock differences, so a client whose clock is off neither fakes nor hides staleness.",
  })
  generatedAt!: Date;
  @Field(() => Int, {
    description:
      "The API's --stale-after in seconds: a client that has received no newer answer for this long must show the view as stale.",
  })
  staleAfterSeconds!: number;
  /** The summary this view was mapped from (findings are resolved from it). Not exposed. */
  source!: ClusterHealth;
}

@ObjectType({ description: 'Every watched cluster, in a stable order, with fleet roll-ups.' })
export class Fleet {
  @Field(() => [Cluster]) clusters!: Cluster[];
  @Field(() => PlaneHealth, { description: 'Worst control-plane verdict over clusters.' })
  controlPlane!: PlaneHealth;
  @Field(() => PlaneHealth, { description: 'Worst data-plane verdict over clusters.' })
  dataPlane!: PlaneHealth;
  @Field(() => GpuTotals, { description: 'Summed over the clusters whose GPU totals are known.' })
  gpus!: GpuTotals;
  @Field(() => Date, { description: "When the API computed this view, on the API's clock." })
  generatedAt!: Date;
  @Field(() => Int, { description: "The API's --stale-after in seconds (see Cluster.staleAfterSeconds)." })
  staleAfterSeconds!: number;
  @Field(() => Int, { description: 'Snapshot version; increases whenever the content changes.' })
  version!: number;
  /** The cluster summaries of the snapshot this view was mapped from. Not exposed. */
  sources!: readonly ClusterHealth[];
  /** The snapshot's scope-triage findings. Not exposed (served by Fleet.findings). */
  scopeSources!: readonly FindingData[];
}
