import { Module } from '@nestjs/common';
import { ClusterFindingsResolver, FindingsResolver, FleetFindingsResolver } from './findings.resolver.ts';
import { FindingsService } from './findings.service.ts';

/** `Cluster.findings`, `Fleet.findings` and `Subscription.findingsChanged`. */
@Module({
  providers: [ClusterFindingsResolver, FleetFindingsResolver, FindingsResolver, FindingsService],
})
export class FindingsModule {}
