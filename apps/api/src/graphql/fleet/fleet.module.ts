import { Module } from '@nestjs/common';
import { FleetResolver } from './fleet.resolver.ts';
import { FleetService } from './fleet.service.ts';

/** Query.fleet, Query.cluster and their subscriptions: the latest snapshot's views. */
@Module({
  providers: [FleetResolver, FleetService],
  exports: [FleetService],
})
export class FleetModule {}
