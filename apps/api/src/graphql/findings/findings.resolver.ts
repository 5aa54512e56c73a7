import { Args, Int, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Cluster, Fleet } from '../fleet/models/cluster.model.ts';
import { sliceValue } from '../push/slice-event.ts';
import { FindingsArgs, FindingsChangedArgs } from './dto/findings.args.ts';
import { type FindingsEvent, FindingsService } from './findings.service.ts';
import { Finding, FindingsChange, ResolvedFinding } from './models/finding.model.ts';

@Resolver(() => Cluster)
export class ClusterFindingsResolver {
  constructor(private readonly service: FindingsService) {}

  @ResolveField('findings', () => [Finding], {
    description: "This cluster's findings that meet the filter, worst first (severity, then rule, then id).",
  })
  findings(@Parent() cluster: Cluster, @Args() args: FindingsArgs): Finding[] {
    return this.service.ofCluster(cluster.source, args, args.first);
  }
}

@Resolver(() => Fleet)
export class FleetFindingsResolver {
  constructor(private readonly service: FindingsService) {}

  @ResolveField('findings', () => [Finding], {
    description:
      'Findings of every watched cluster that meet the filter, worst first (severity, then clusters by name), at most `first`.',
  })
  findings(@Parent() fleet: Fleet, @Args() args: FindingsArgs): Finding[] {
    return this.service.ofFleet(fleet.sources, fleet.scopeSources, args, args.first);
  }

  @ResolveField('resolvedFindings', () => [ResolvedFinding], {
    description:
      'Findings that stopped firing at or after `since`, newest first, at most `first`. Kept in memory (bounded: 2,000, 24 h); nothing survives a restart.',
  })
  resolvedFindings(
    @Args('since', { type: () => Date }) since: Date,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): ResolvedFinding[] {
    return this.service.resolved(since, first);
  }
}

@Resolver(() => FindingsChange)
export class FindingsResolver {
  constructor(private readonly service: FindingsService) {}

  @Subscription(() => FindingsChange, {
    description:
      'Findings opened, changed and resolved, sent only when they change (at most once a second per subscriber; a slow subscriber gets the changes folded into one message). The first message holds the current findings as opened.',
    resolve: sliceValue,
  })
  findingsChanged(@Args() args: FindingsChangedArgs): AsyncIterableIterator<FindingsEvent> {
    return this.service.changes({ minSeverity: args.minSeverity, cluster: args.cluster });
  }
}
